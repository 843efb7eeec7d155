import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { CAPABILITY, missingCapabilityText } from '../../capabilities';
import { ApiError } from '../../components/ApiError';
import { NotFound } from '../../components/NotFound';
import { TenantInvitationRow } from '../../components/TenantInvitationRow';
import { ROLES, type Role, TenantMemberRow } from '../../components/TenantMemberRow';
import { formatDateTime, humanize } from '../../format';
import { graphql } from '../../gql';
import { TenantInvitationStatus } from '../../gql/graphql';
import { errorText, isNotFound } from '../../graphql/errors';
import { TenantNav } from './TenantNav';

const PeopleQuery = graphql(`
  query PeoplePage($tenantId: ID!) {
    me {
      id
    }
    tenant(id: $tenantId) {
      id
      name
      viewerCapabilities
      members {
        user {
          id
        }
        ...TenantMemberRow_TenantMemberFragment
      }
    }
  }
`);

/**
 * Its own query, asked only of a viewer holding tenant.members.manage: the API answers
 * `Tenant.invitations` FORBIDDEN to everyone else, and the member list is every member's.
 */
const InvitationsQuery = graphql(`
  query TenantInvitations($tenantId: ID!, $status: TenantInvitationStatus) {
    tenant(id: $tenantId) {
      id
      invitations(status: $status) {
        id
        ...TenantInvitationRow_TenantInvitationFragment
      }
    }
  }
`);

const InviteTenantMember = graphql(`
  mutation InviteTenantMember($tenantId: ID!, $email: String!, $role: TenantRole!) {
    inviteTenantMember(tenantId: $tenantId, email: $email, role: $role) {
      id
      email
      role
      expiresAt
    }
  }
`);

type Status = (typeof TenantInvitationStatus)[keyof typeof TenantInvitationStatus];
const STATUSES = Object.values(TenantInvitationStatus) as Status[];

/** Invite by email with a role; the answer (address, role, expiry) in a status line. */
function InviteForm(props: { tenantId: string; onInvited: () => void }) {
  const [invited, invite] = useMutation(InviteTenantMember);
  const [email, setEmail] = useState('');
  // The least role the API's enum lists (its last): granting more is a choice made on purpose.
  const [role, setRole] = useState<Role>(ROLES[ROLES.length - 1] as Role);
  const [sent, setSent] = useState<string | null>(null);
  const ids = { email: useId(), emailHelp: useId(), role: useId() };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSent(null);
    const result = await invite({ tenantId: props.tenantId, email: email.trim(), role });
    if (result.data) {
      const i = result.data.inviteTenantMember;
      setSent(`${i.email} is invited as ${humanize(i.role)} until ${formatDateTime(i.expiresAt)}.`);
      setEmail('');
      props.onInvited();
    }
  };
  return (
    <form className="form invite-form" onSubmit={(e) => void submit(e)} aria-labelledby="people-invite">
      <h2 id="people-invite">Invite someone</h2>
      <label htmlFor={ids.email}>Email address</label>
      <input
        id={ids.email}
        type="email"
        required
        maxLength={254}
        autoComplete="off"
        aria-describedby={ids.emailHelp}
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <span id={ids.emailHelp} className="muted">
        They become a member at their first sign-in with this address verified, before the invitation expires. Inviting
        the same address again renews it.
      </span>
      <label htmlFor={ids.role}>Role</label>
      <select id={ids.role} value={role} onChange={(e) => setRole(e.target.value as Role)}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {humanize(r)}
          </option>
        ))}
      </select>
      <div>
        <button type="submit" className="button button-primary" disabled={invited.fetching}>
          Send invitation
        </button>
      </div>
      {invited.error ? <ApiError error={invited.error} /> : null}
      <div role="status">{sent ? <p className="success">{sent}</p> : null}</div>
    </form>
  );
}

/** The tenant's invitations (newest first, as the API lists them), all or those of one status. */
function Invitations(props: { tenantId: string; reread: number }) {
  const [status, setStatus] = useState<Status | ''>('');
  const filterId = useId();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: InvitationsQuery,
    variables: { tenantId: props.tenantId, status: status || null },
    requestPolicy: 'cache-and-network',
  });
  // A new invitation is not in the cached list: read it again after each one.
  useEffect(() => {
    if (props.reread > 0) refetch({ requestPolicy: 'network-only' });
  }, [props.reread, refetch]);
  const invitations = data?.tenant?.invitations;
  return (
    <section className="panel wide" aria-labelledby="people-invitations">
      <h2 id="people-invitations">Invitations</h2>
      <div className="picker people-filter">
        <label htmlFor={filterId}>Show</label>
        <select id={filterId} value={status} onChange={(e) => setStatus(e.target.value as Status | '')}>
          <option value="">All invitations</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {humanize(s)} only
            </option>
          ))}
        </select>
      </div>
      {error && !invitations ? <ApiError error={error} /> : null}
      {fetching && !invitations ? <p className="muted">Loading the invitations…</p> : null}
      {invitations && invitations.length === 0 ? (
        <p className="muted">{status ? `No ${humanize(status).toLowerCase()} invitation.` : 'No invitation yet.'}</p>
      ) : null}
      {invitations && invitations.length > 0 ? (
        <table className="runs people">
          <caption className="visually-hidden">Invitations, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Sent</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {invitations.map((invitation) => (
              <TenantInvitationRow key={invitation.id} invitation={invitation} />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/**
 * `/tenants/<id>/people`: the tenant's members and their roles (every member reads them); for a
 * viewer holding tenant.members.manage (`Tenant.viewerCapabilities`), changing a role, removing a
 * member (confirmed), inviting by email and the invitations with Revoke. What the API refuses
 * (the last OWNER, an owner's own role) is shown as it words it, with its code.
 */
export function PeoplePage() {
  const { tenantId = '' } = useParams();
  const navigate = useNavigate();
  const [invitedCount, setInvitedCount] = useState(0);
  const [{ data, error, fetching }] = useQuery({
    query: PeopleQuery,
    variables: { tenantId },
    requestPolicy: 'cache-and-network',
  });
  const tenant = data?.tenant;
  useEffect(() => {
    if (tenant) document.title = `People · ${tenant.name} · MSP console`;
  }, [tenant]);
  if (fetching && !data) return <p className="muted">Loading the people…</p>;
  if (!tenant && error && !isNotFound(error)) {
    return (
      <p role="alert" className="error">
        {errorText(error)}
      </p>
    );
  }
  if (!tenant) return <NotFound what="This tenant" />;
  const manage = tenant.viewerCapabilities.includes(CAPABILITY.manageMembers);
  const viewerId = data?.me.id;
  return (
    <article>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={`/tenants/${encodeURIComponent(tenant.id)}`}>{tenant.name}</Link>
      </nav>
      <h1>People</h1>
      <TenantNav tenantId={tenant.id} />
      <section className="panel wide" aria-labelledby="people-members">
        <h2 id="people-members">{tenant.members.length === 1 ? '1 member' : `${tenant.members.length} members`}</h2>
        <table className="runs people">
          <caption className="visually-hidden">Members and their roles, owners first</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              {manage ? <th scope="col">Change</th> : null}
            </tr>
          </thead>
          <tbody>
            {tenant.members.map((member) => (
              <TenantMemberRow
                key={member.user.id}
                tenantId={tenant.id}
                member={member}
                manage={manage}
                isViewer={member.user.id === viewerId}
                onRemoved={(userId) => {
                  // Who removes themselves no longer sees the tenant.
                  if (userId === viewerId) navigate('/tenants');
                }}
              />
            ))}
          </tbody>
        </table>
        {manage ? null : (
          <p className="disabled-reason">
            {missingCapabilityText(CAPABILITY.manageMembers)} It is needed to change roles, remove members and invite
            people.
          </p>
        )}
      </section>
      {manage ? (
        <>
          <section className="panel wide">
            <InviteForm tenantId={tenant.id} onInvited={() => setInvitedCount((n) => n + 1)} />
          </section>
          <Invitations tenantId={tenant.id} reread={invitedCount} />
        </>
      ) : null}
    </article>
  );
}
