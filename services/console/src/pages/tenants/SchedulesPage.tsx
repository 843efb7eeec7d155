import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { CAPABILITY } from '../../capabilities';
import { ConnectionPicker } from '../../components/ConnectionPicker';
import { CursorPager } from '../../components/CursorPager';
import { NotFound } from '../../components/NotFound';
import { ScheduleItem } from '../../components/ScheduleItem';
import { humanize } from '../../format';
import { graphql } from '../../gql';
import { ProviderOperationType } from '../../gql/graphql';
import { errorText, isNotFound } from '../../graphql/errors';
import { describeTiming } from './schedule-timing';
import { TenantNav } from './TenantNav';

/** Schedules per page (the API allows 1 to 100). */
export const SCHEDULES_PAGE_SIZE = 20;

const SchedulesQuery = graphql(`
  query SchedulesPage($tenantId: ID!, $first: Int!, $after: String) {
    tenant(id: $tenantId) {
      id
      name
      viewerCapabilities
      providerConnections {
        id
        ...ConnectionPicker_ProviderConnectionFragment
      }
    }
    schedules(tenantId: $tenantId, first: $first, after: $after) {
      totalCount
      edges {
        node {
          id
          ...ScheduleItem_ScheduleFragment
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const CreateSchedule = graphql(`
  mutation CreateSchedule($input: CreateScheduleInput!) {
    createSchedule(input: $input) {
      id
      name
      operationType
      cron
      timeZone
      intervalSeconds
    }
  }
`);

type Operation = (typeof ProviderOperationType)[keyof typeof ProviderOperationType];

/**
 * The operations a schedule can start, as the API's enum lists them: a restore is never scheduled
 * (it needs a confirmed restore run each time; the API answers BAD_USER_INPUT).
 */
const SCHEDULABLE = Object.values(ProviderOperationType).filter((op) => op !== ProviderOperationType.RestoreExecution);

const INTERVAL_UNITS = [
  { value: 60, label: 'minutes' },
  { value: 3600, label: 'hours' },
  { value: 86_400, label: 'days' },
] as const;

/** A new schedule: what CreateScheduleInput takes, the connection chosen as the tenant starts choose it. */
function NewSchedule(props: {
  tenantId: string;
  operations: readonly Operation[];
  connections: Parameters<typeof ConnectionPicker>[0]['connections'];
  onCreated: () => void;
}) {
  const [created, create] = useMutation(CreateSchedule);
  const [name, setName] = useState('');
  const [operation, setOperation] = useState<Operation | ''>(props.operations[0] ?? '');
  const [connectionId, setConnectionId] = useState('');
  const [timing, setTiming] = useState<'interval' | 'cron'>('interval');
  const [every, setEvery] = useState('6');
  const [unit, setUnit] = useState<number>(3600);
  const [cron, setCron] = useState('0 3 * * *');
  const [timeZone, setTimeZone] = useState('UTC');
  const [stored, setStored] = useState<string | null>(null);
  const ids = {
    name: useId(),
    operation: useId(),
    every: useId(),
    unit: useId(),
    cron: useId(),
    cronHelp: useId(),
    zone: useId(),
    zoneHelp: useId(),
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setStored(null);
    if (!operation) return;
    const result = await create({
      input: {
        tenantId: props.tenantId,
        operationType: operation,
        name: name.trim() || null,
        providerConnectionId: connectionId || null,
        ...(timing === 'interval'
          ? { intervalSeconds: Math.round(Number(every) * unit) }
          : { cron: cron.trim(), timeZone: timeZone.trim() || null }),
      },
    });
    if (result.data) {
      const s = result.data.createSchedule;
      const when = describeTiming(s);
      setStored(
        `${s.name || humanize(s.operationType)} is scheduled: ${when.charAt(0).toLowerCase()}${when.slice(1)}.`,
      );
      setName('');
      props.onCreated();
    }
  };
  return (
    <form className="form schedule-form" onSubmit={(e) => void submit(e)} aria-labelledby="schedule-new">
      <h2 id="schedule-new">New schedule</h2>
      <label htmlFor={ids.name}>Name (optional)</label>
      <input id={ids.name} maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      <label htmlFor={ids.operation}>Operation</label>
      <select id={ids.operation} value={operation} onChange={(e) => setOperation(e.target.value as Operation)}>
        {props.operations.map((op) => (
          <option key={op} value={op}>
            {humanize(op)}
          </option>
        ))}
      </select>
      <ConnectionPicker connections={props.connections} value={connectionId} onChange={setConnectionId} />
      <fieldset>
        <legend>When it fires</legend>
        <label className="check">
          <input
            type="radio"
            name="schedule-timing"
            value="interval"
            checked={timing === 'interval'}
            onChange={() => setTiming('interval')}
          />{' '}
          At an interval
        </label>
        <label className="check">
          <input
            type="radio"
            name="schedule-timing"
            value="cron"
            checked={timing === 'cron'}
            onChange={() => setTiming('cron')}
          />{' '}
          On a cron expression
        </label>
        {timing === 'interval' ? (
          <div className="inline-fields">
            <label htmlFor={ids.every}>Every</label>
            <input
              id={ids.every}
              type="number"
              min={1}
              step={1}
              required
              value={every}
              onChange={(e) => setEvery(e.target.value)}
            />
            <label htmlFor={ids.unit} className="visually-hidden">
              Unit
            </label>
            <select id={ids.unit} value={unit} onChange={(e) => setUnit(Number(e.target.value))}>
              {INTERVAL_UNITS.map((u) => (
                <option key={u.value} value={u.value}>
                  {u.label}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <div className="form">
            <label htmlFor={ids.cron}>Cron expression</label>
            <input
              id={ids.cron}
              className="mono"
              required
              aria-describedby={ids.cronHelp}
              value={cron}
              onChange={(e) => setCron(e.target.value)}
            />
            <span id={ids.cronHelp} className="muted">
              Five fields (minute hour day month weekday), or six with seconds first.
            </span>
            <label htmlFor={ids.zone}>Time zone</label>
            <input
              id={ids.zone}
              aria-describedby={ids.zoneHelp}
              value={timeZone}
              onChange={(e) => setTimeZone(e.target.value)}
            />
            <span id={ids.zoneHelp} className="muted">
              An IANA name such as Europe/Berlin; UTC when left empty.
            </span>
          </div>
        )}
      </fieldset>
      <div>
        <button type="submit" className="button button-primary" disabled={created.fetching || !operation}>
          Create schedule
        </button>
      </div>
      {created.error ? (
        <p role="alert" className="error" data-code={String(created.error.graphQLErrors[0]?.extensions?.code ?? '')}>
          {errorText(created.error)}
        </p>
      ) : null}
      <div role="status">{stored ? <p className="success">{stored}</p> : null}</div>
    </form>
  );
}

/**
 * `/tenants/<id>/schedules`: the tenant's schedules a page at a time (oldest first, as the API
 * pages them), each with its state and, where the API says the viewer may, pause / resume /
 * delete; a new one for a viewer holding the start capability of an operation.
 */
export function SchedulesPage() {
  const { tenantId = '' } = useParams();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const [{ data, error, fetching }, refetch] = useQuery({
    query: SchedulesQuery,
    variables: { tenantId, first: SCHEDULES_PAGE_SIZE, after },
    requestPolicy: 'cache-and-network',
  });
  const tenant = data?.tenant;
  useEffect(() => {
    if (tenant) document.title = `Schedules · ${tenant.name} · MSP console`;
  }, [tenant]);
  if (fetching && !data) return <p className="muted">Loading the schedules…</p>;
  if ((!tenant || !data?.schedules) && error && !isNotFound(error)) {
    return (
      <p role="alert" className="error">
        {errorText(error)}
      </p>
    );
  }
  if (!tenant || !data?.schedules) return <NotFound what="This tenant" />;
  const page = data.schedules;
  const reread = () => refetch({ requestPolicy: 'network-only' });
  const operations = SCHEDULABLE.filter((op) => tenant.viewerCapabilities.includes(CAPABILITY.start[op]));
  const first = (cursors.length - 1) * SCHEDULES_PAGE_SIZE + 1;
  return (
    <article>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={`/tenants/${encodeURIComponent(tenant.id)}`}>{tenant.name}</Link>
      </nav>
      <h1>Schedules</h1>
      <TenantNav tenantId={tenant.id} />
      <p className="muted">
        Each firing starts the operation through the same checks as a click, as the schedule’s owner; what it decided is
        in the schedule’s firings and in Monitoring → Operations.
      </p>
      <section className="panel wide" aria-labelledby="schedule-list">
        <h2 id="schedule-list">
          {page.totalCount === 0
            ? 'No schedules'
            : `Schedules ${first}–${first + page.edges.length - 1} of ${page.totalCount}`}
        </h2>
        {page.totalCount === 0 ? <p className="muted">This tenant has no schedule yet.</p> : null}
        <ul className="steps">
          {page.edges.map(({ node }) => (
            <ScheduleItem key={node.id} schedule={node} onDeleted={reread} />
          ))}
        </ul>
        {cursors.length > 1 || page.pageInfo.hasNextPage ? (
          <CursorPager cursors={cursors} setCursors={setCursors} pageInfo={page.pageInfo} busy={fetching} />
        ) : null}
      </section>
      <section className="panel wide">
        {operations.length > 0 ? (
          <NewSchedule
            tenantId={tenant.id}
            operations={operations}
            connections={tenant.providerConnections}
            onCreated={reread}
          />
        ) : (
          <>
            <h2>New schedule</h2>
            <p className="disabled-reason">
              You hold no operation’s start capability on this tenant (
              {SCHEDULABLE.map((op) => CAPABILITY.start[op]).join(', ')}
              ), which a schedule needs.
            </p>
          </>
        )}
      </section>
    </article>
  );
}
