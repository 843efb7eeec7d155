import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { CAPABILITY } from '../../capabilities';
import { NotFound } from '../../components/NotFound';
import { CapabilityButton } from '../../components/StartButton';
import { formatDateTime, humanize } from '../../format';
import { graphql } from '../../gql';
import type { RestoreRunsPageQuery } from '../../gql/graphql';
import { errorText, isNotFound } from '../../graphql/errors';
import { TenantNav } from './TenantNav';

const RestoreRunsQuery = graphql(`
  query RestoreRunsPage($tenantId: ID!) {
    tenant(id: $tenantId) {
      id
      name
      viewerCapabilities
      policyBackups {
        id
        createdAt
        completedAt
        itemCount
        items {
          id
          displayName
          policyType
        }
      }
      restoreRuns(first: 50) {
        id
        status
        createdAt
        previewedAt
        backup {
          id
          createdAt
        }
        rerunOf {
          id
        }
      }
    }
  }
`);

const CreateRestoreRun = graphql(`
  mutation CreateRestoreRun($tenantId: ID!, $backupId: ID!, $itemIds: [ID!]) {
    createRestoreRun(tenantId: $tenantId, backupId: $backupId, itemIds: $itemIds) {
      id
    }
  }
`);

/** Choose a backup (and optionally some of its items) and prepare a restore as a DRAFT. */
function NewRestore(props: {
  tenantId: string;
  capabilities: readonly string[];
  backups: NonNullable<RestoreRunsPageQuery['tenant']>['policyBackups'];
}) {
  const navigate = useNavigate();
  const [created, create] = useMutation(CreateRestoreRun);
  const [backupId, setBackupId] = useState(props.backups[0]?.id ?? '');
  const [selected, setSelected] = useState<string[] | null>(null);
  const backupSelect = useId();
  const backup = props.backups.find((b) => b.id === backupId);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({ tenantId: props.tenantId, backupId, itemIds: selected });
    if (result.data) {
      navigate(`/tenants/${encodeURIComponent(props.tenantId)}/restore-runs/${result.data.createRestoreRun.id}`);
    }
  };
  if (props.backups.length === 0) {
    return <p className="muted">No policy backup yet: back up the tenant’s policies from its overview first.</p>;
  }
  return (
    <form className="form" onSubmit={(e) => void submit(e)} aria-labelledby="restore-new">
      <h2 id="restore-new">Restore from a backup</h2>
      <label htmlFor={backupSelect}>Backup</label>
      <select
        id={backupSelect}
        value={backupId}
        onChange={(e) => {
          setBackupId(e.target.value);
          setSelected(null);
        }}
      >
        {props.backups.map((b) => (
          <option key={b.id} value={b.id}>
            {formatDateTime(b.completedAt ?? b.createdAt)} · {b.itemCount} items
          </option>
        ))}
      </select>
      {backup ? (
        <fieldset>
          <legend>Items (none ticked: every item)</legend>
          {backup.items.map((item) => (
            <label key={item.id} className="check">
              <input
                type="checkbox"
                checked={selected?.includes(item.id) ?? false}
                onChange={(e) =>
                  setSelected((prev) => {
                    const next = (prev ?? []).filter((id) => id !== item.id);
                    if (e.target.checked) next.push(item.id);
                    return next.length ? next : null;
                  })
                }
              />{' '}
              {item.displayName} <span className="muted">({item.policyType})</span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <div>
        <CapabilityButton
          type="submit"
          label="Prepare restore"
          capability={CAPABILITY.prepareRestore}
          capabilities={props.capabilities}
          busy={created.fetching}
          disabled={!backupId}
        />
      </div>
      {created.error ? (
        <p role="alert" className="error">
          {errorText(created.error)}
        </p>
      ) : null}
    </form>
  );
}

/** `/tenants/<id>/restore-runs`: the tenant's restores, and a new one from a backup. */
export function RestoreRunsPage() {
  const { tenantId = '' } = useParams();
  const [{ data, error, fetching }] = useQuery({
    query: RestoreRunsQuery,
    variables: { tenantId },
    requestPolicy: 'cache-and-network',
  });
  const tenant = data?.tenant;
  useEffect(() => {
    if (tenant) document.title = `Restore runs · ${tenant.name} · MSP console`;
  }, [tenant]);
  if (fetching && !data) return <p className="muted">Loading the restore runs…</p>;
  if (!tenant && error && !isNotFound(error)) {
    return (
      <p role="alert" className="error">
        {errorText(error)}
      </p>
    );
  }
  if (!tenant) return <NotFound what="This tenant" />;
  return (
    <article>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={`/tenants/${encodeURIComponent(tenant.id)}`}>{tenant.name}</Link>
      </nav>
      <h1>Restore runs</h1>
      <TenantNav tenantId={tenant.id} />
      <section className="panel wide">
        <NewRestore tenantId={tenant.id} capabilities={tenant.viewerCapabilities} backups={tenant.policyBackups} />
      </section>
      <section className="panel wide" aria-labelledby="restore-list">
        <h2 id="restore-list">Restores</h2>
        {tenant.restoreRuns.length === 0 ? <p className="muted">No restore yet.</p> : null}
        <ul className="plain-list">
          {tenant.restoreRuns.map((r) => (
            <li key={r.id}>
              <Link to={`/tenants/${encodeURIComponent(tenant.id)}/restore-runs/${r.id}`}>
                Restore of the backup of {formatDateTime(r.backup.createdAt)}
              </Link>{' '}
              <span className="muted">
                {humanize(r.status)} · prepared {formatDateTime(r.createdAt)}
                {r.rerunOf ? ' · a rerun' : ''}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}
