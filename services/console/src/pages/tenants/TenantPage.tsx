import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery, useSubscription } from 'urql';
import { useRefetchOnReconnect } from '../../app/context';
import { CAPABILITY } from '../../capabilities';
import { ConnectionPicker } from '../../components/ConnectionPicker';
import { CursorPager } from '../../components/CursorPager';
import { NotFound } from '../../components/NotFound';
import { OperationRow } from '../../components/OperationRow';
import { CapabilityButton } from '../../components/StartButton';
import { StartResultBanner } from '../../components/StartResultBanner';
import { formatDateTime, humanize } from '../../format';
import { graphql } from '../../gql';
import { errorText, isNotFound } from '../../graphql/errors';
import { useStart } from '../../graphql/start';
import { TenantNav } from './TenantNav';

const TenantQuery = graphql(`
  query TenantPage($id: ID!) {
    tenant(id: $id) {
      id
      name
      entraTenantId
      primaryDomain
      status
      viewerCapabilities
      workspace {
        id
        name
      }
      providerConnections {
        id
        ...ConnectionPicker_ProviderConnectionFragment
      }
      verificationReport {
        id
        status
        checkedAt
        organizationName
        verifiedDomains
        grantedPermissions
        missingPermissions
        reasonCode
        operationRun {
          id
        }
      }
      roleDefinitions {
        id
        displayName
        description
        isBuiltIn
      }
      policyBackups {
        id
        createdAt
        completedAt
        itemCount
        operationRun {
          id
        }
      }
    }
  }
`);

const TenantRunsQuery = graphql(`
  query TenantRuns($tenantId: ID!) {
    operationRuns(tenantId: $tenantId, first: 10) {
      edges {
        node {
          id
          ...OperationRow_OperationRunFragment
        }
      }
    }
  }
`);

const TenantRunsLive = graphql(`
  subscription TenantRunsLive($tenantId: ID!) {
    operationRunUpdated(tenantId: $tenantId) {
      previousStatus
      run {
        id
        status
        ...OperationRow_OperationRunFragment
      }
    }
  }
`);

const DirectoryGroupsQuery = graphql(`
  query TenantDirectoryGroups($id: ID!, $search: String, $after: String) {
    tenant(id: $id) {
      id
      directoryGroups(first: 10, search: $search, after: $after) {
        edges {
          node {
            id
            displayName
            mail
            securityEnabled
            mailEnabled
            syncedAt
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

const StartTenantVerification = graphql(`
  mutation StartTenantVerification($tenantId: ID!, $providerConnectionId: ID, $idempotencyKey: String) {
    startTenantVerification(
      tenantId: $tenantId
      providerConnectionId: $providerConnectionId
      idempotencyKey: $idempotencyKey
    ) {
      ...StartResultBanner_ProviderOperationStartResultFragment
    }
  }
`);

const StartDirectoryGroupsSync = graphql(`
  mutation StartDirectoryGroupsSync($tenantId: ID!, $providerConnectionId: ID, $idempotencyKey: String) {
    startDirectoryGroupsSync(
      tenantId: $tenantId
      providerConnectionId: $providerConnectionId
      idempotencyKey: $idempotencyKey
    ) {
      ...StartResultBanner_ProviderOperationStartResultFragment
    }
  }
`);

const StartRoleDefinitionsSync = graphql(`
  mutation StartRoleDefinitionsSync($tenantId: ID!, $providerConnectionId: ID, $idempotencyKey: String) {
    startRoleDefinitionsSync(
      tenantId: $tenantId
      providerConnectionId: $providerConnectionId
      idempotencyKey: $idempotencyKey
    ) {
      ...StartResultBanner_ProviderOperationStartResultFragment
    }
  }
`);

const StartPolicyBackup = graphql(`
  mutation StartPolicyBackup($tenantId: ID!, $providerConnectionId: ID, $idempotencyKey: String) {
    startPolicyBackup(tenantId: $tenantId, providerConnectionId: $providerConnectionId, idempotencyKey: $idempotencyKey) {
      ...StartResultBanner_ProviderOperationStartResultFragment
    }
  }
`);

/** The four tenant starts, with the connection picker and the last answer in the banner. */
function TenantStarts(props: {
  tenantId: string;
  capabilities: readonly string[];
  connections: Parameters<typeof ConnectionPicker>[0]['connections'];
}) {
  const [connectionId, setConnectionId] = useState('');
  const [verification, startVerification] = useStart(StartTenantVerification);
  const [groups, startGroups] = useStart(StartDirectoryGroupsSync);
  const [roles, startRoles] = useStart(StartRoleDefinitionsSync);
  const [backup, startBackup] = useStart(StartPolicyBackup);
  const [last, setLast] = useState<'verification' | 'groups' | 'roles' | 'backup' | null>(null);
  const variables = { tenantId: props.tenantId, providerConnectionId: connectionId || null };
  const result =
    last === 'verification'
      ? verification.data?.startTenantVerification
      : last === 'groups'
        ? groups.data?.startDirectoryGroupsSync
        : last === 'roles'
          ? roles.data?.startRoleDefinitionsSync
          : last === 'backup'
            ? backup.data?.startPolicyBackup
            : undefined;
  const error = [verification, groups, roles, backup].find((s) => s.error)?.error;
  const busy = verification.fetching || groups.fetching || roles.fetching || backup.fetching;
  return (
    <section className="panel starts" aria-labelledby="tenant-starts">
      <h2 id="tenant-starts">Start an operation</h2>
      <ConnectionPicker connections={props.connections} value={connectionId} onChange={setConnectionId} />
      <div className="button-row">
        <CapabilityButton
          label="Verify provider"
          capability={CAPABILITY.start.PROVIDER_VERIFICATION}
          capabilities={props.capabilities}
          busy={busy}
          onClick={() => {
            setLast('verification');
            void startVerification(variables);
          }}
        />
        <CapabilityButton
          label="Sync directory groups"
          capability={CAPABILITY.start.DIRECTORY_GROUPS_SYNC}
          capabilities={props.capabilities}
          busy={busy}
          onClick={() => {
            setLast('groups');
            void startGroups(variables);
          }}
        />
        <CapabilityButton
          label="Sync role definitions"
          capability={CAPABILITY.start.ROLE_DEFINITIONS_SYNC}
          capabilities={props.capabilities}
          busy={busy}
          onClick={() => {
            setLast('roles');
            void startRoles(variables);
          }}
        />
        <CapabilityButton
          label="Back up policies"
          capability={CAPABILITY.start.POLICY_BACKUP}
          capabilities={props.capabilities}
          busy={busy}
          onClick={() => {
            setLast('backup');
            void startBackup(variables);
          }}
        />
      </div>
      {error && !busy ? (
        <p role="alert" className="error">
          {errorText(error)}
        </p>
      ) : null}
      {result && !busy ? <StartResultBanner result={result} /> : null}
    </section>
  );
}

/** Directory groups: searchable, a page at a time. */
function DirectoryGroups(props: { tenantId: string }) {
  const [search, setSearch] = useState('');
  const [applied, setApplied] = useState<string | null>(null);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const [{ data, error, fetching }] = useQuery({
    query: DirectoryGroupsQuery,
    variables: { id: props.tenantId, search: applied, after },
  });
  const searchId = useId();
  const page = data?.tenant?.directoryGroups;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setApplied(search.trim() || null);
    setCursors([null]);
  };
  return (
    <section className="panel wide" aria-labelledby="tenant-groups">
      <h2 id="tenant-groups">Directory groups</h2>
      <form className="inline-form" onSubmit={submit}>
        <label htmlFor={searchId}>Search groups</label>
        <input id={searchId} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        <button type="submit" className="button">
          Search
        </button>
      </form>
      {error ? (
        <p role="alert" className="error">
          {errorText(error)}
        </p>
      ) : null}
      {page && page.edges.length === 0 ? (
        <p className="muted">{applied ? 'No group matches.' : 'No groups synced yet.'}</p>
      ) : null}
      {page && page.edges.length > 0 ? (
        <table className="runs">
          <caption className="visually-hidden">Directory groups, page {cursors.length}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Mail</th>
              <th scope="col">Kind</th>
              <th scope="col">Synced</th>
            </tr>
          </thead>
          <tbody>
            {page.edges.map(({ node }) => (
              <tr key={node.id}>
                <td>{node.displayName ?? '—'}</td>
                <td>{node.mail ?? '—'}</td>
                <td>
                  {[node.securityEnabled ? 'Security' : null, node.mailEnabled ? 'Mail' : null]
                    .filter(Boolean)
                    .join(', ') || '—'}
                </td>
                <td>{formatDateTime(node.syncedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <CursorPager cursors={cursors} setCursors={setCursors} pageInfo={page?.pageInfo} busy={fetching} />
    </section>
  );
}

/** The tenant's latest runs, live; the full list is Monitoring's. */
function TenantRuns(props: { tenantId: string; onFinished: () => void }) {
  const [{ data }, refetch] = useQuery({ query: TenantRunsQuery, variables: { tenantId: props.tenantId } });
  const [live] = useSubscription({ query: TenantRunsLive, variables: { tenantId: props.tenantId } });
  useRefetchOnReconnect(() => refetch({ requestPolicy: 'network-only' }));
  const update = live.data?.operationRunUpdated;
  const onFinished = useRef(props.onFinished);
  onFinished.current = props.onFinished;
  useEffect(() => {
    if (!update) return;
    if (update.previousStatus === null) refetch({ requestPolicy: 'network-only' });
    if (update.run.status === 'COMPLETED') onFinished.current();
  }, [update, refetch]);
  const runs = data?.operationRuns.edges.map((e) => e.node) ?? [];
  return (
    <section className="panel wide" aria-labelledby="tenant-runs">
      <h2 id="tenant-runs">Runs</h2>
      {runs.length === 0 ? <p className="muted">No runs yet.</p> : null}
      {runs.length > 0 ? (
        <table className="runs">
          <caption className="visually-hidden">The tenant’s latest runs, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Operation</th>
              <th scope="col">Tenant</th>
              <th scope="col">Connection</th>
              <th scope="col">Started by</th>
              <th scope="col">Admitted</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <OperationRow key={run.id} run={run} />
            ))}
          </tbody>
        </table>
      ) : null}
      <p>
        <Link to={`/monitoring/operations?tenant=${encodeURIComponent(props.tenantId)}`}>
          Every run of this tenant in Monitoring → Operations
        </Link>
      </p>
    </section>
  );
}

/** `/tenants/<id>`: the tenant's starts, what they produced, and its runs. */
export function TenantPage() {
  const { tenantId = '' } = useParams();
  const [{ data, error, fetching }, refetch] = useQuery({ query: TenantQuery, variables: { id: tenantId } });
  const tenant = data?.tenant;
  useEffect(() => {
    if (tenant) document.title = `${tenant.name} · MSP console`;
  }, [tenant]);
  const [reloadAt, setReloadAt] = useState(0);
  useEffect(() => {
    if (reloadAt) refetch({ requestPolicy: 'network-only' });
  }, [reloadAt, refetch]);

  if (fetching && !data) return <p className="muted">Loading the tenant…</p>;
  if (!tenant && error && !isNotFound(error)) {
    return (
      <p role="alert" className="error">
        {errorText(error)}
      </p>
    );
  }
  if (!tenant) return <NotFound what="This tenant" />;
  const report = tenant.verificationReport;
  return (
    <article>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/tenants">Tenants</Link> <span aria-hidden="true">/</span> <span>{tenant.workspace.name}</span>
      </nav>
      <h1>{tenant.name}</h1>
      <p className="muted">
        {tenant.primaryDomain ?? '—'} · <span className="mono">{tenant.entraTenantId}</span> · {humanize(tenant.status)}
      </p>
      <TenantNav tenantId={tenant.id} current="overview" />
      <TenantStarts
        tenantId={tenant.id}
        capabilities={tenant.viewerCapabilities}
        connections={tenant.providerConnections}
      />
      <div className="panels">
        <section className="panel" aria-labelledby="tenant-verification">
          <h2 id="tenant-verification">Verification report</h2>
          {report ? (
            <dl className="facts">
              <dt>Result</dt>
              <dd>{humanize(report.status)}</dd>
              <dt>Checked</dt>
              <dd>
                <Link to={`/monitoring/operations/${encodeURIComponent(report.operationRun.id)}`}>
                  {formatDateTime(report.checkedAt)}
                </Link>
              </dd>
              <dt>Organization</dt>
              <dd>{report.organizationName ?? '—'}</dd>
              <dt>Verified domains</dt>
              <dd>{report.verifiedDomains.join(', ') || '—'}</dd>
              <dt>Granted permissions</dt>
              <dd>{report.grantedPermissions.join(', ') || '—'}</dd>
              <dt>Missing permissions</dt>
              <dd>{report.missingPermissions.join(', ') || 'None'}</dd>
              {report.reasonCode ? (
                <>
                  <dt>Problem</dt>
                  <dd className="mono">{report.reasonCode}</dd>
                </>
              ) : null}
            </dl>
          ) : (
            <p className="muted">Not verified yet.</p>
          )}
        </section>
        <section className="panel" aria-labelledby="tenant-backups">
          <h2 id="tenant-backups">Policy backups</h2>
          {tenant.policyBackups.length === 0 ? <p className="muted">No backups yet.</p> : null}
          <ul className="plain-list">
            {tenant.policyBackups.map((b) => (
              <li key={b.id}>
                {formatDateTime(b.completedAt ?? b.createdAt)} · {b.itemCount} items
                {b.operationRun ? (
                  <>
                    {' '}
                    · <Link to={`/monitoring/operations/${encodeURIComponent(b.operationRun.id)}`}>run</Link>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
          <p>
            <Link to={`/tenants/${encodeURIComponent(tenant.id)}/restore-runs`}>Restore from a backup</Link>
          </p>
        </section>
        <section className="panel" aria-labelledby="tenant-roles">
          <h2 id="tenant-roles">Role definitions</h2>
          {tenant.roleDefinitions.length === 0 ? <p className="muted">No role definitions synced yet.</p> : null}
          <ul className="plain-list">
            {tenant.roleDefinitions.map((r) => (
              <li key={r.id}>
                {r.displayName ?? r.id} {r.isBuiltIn ? <span className="muted">(built in)</span> : null}
              </li>
            ))}
          </ul>
        </section>
      </div>
      <DirectoryGroups tenantId={tenant.id} />
      <TenantRuns tenantId={tenant.id} onFinished={() => setReloadAt(Date.now())} />
    </article>
  );
}
