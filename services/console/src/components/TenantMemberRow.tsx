import { useEffect, useId, useState } from 'react';
import { useMutation } from 'urql';
import { humanize } from '../format';
import { type FragmentType, graphql, useFragment } from '../gql';
import { TenantRole } from '../gql/graphql';
import { ApiError } from './ApiError';
import { ConfirmButton } from './ConfirmButton';

export const TenantMemberRow_TenantMemberFragment = graphql(`
  fragment TenantMemberRow_TenantMemberFragment on TenantMember {
    role
    user {
      id
      displayName
      email
      isApiClient
    }
  }
`);

const ChangeTenantMemberRole = graphql(`
  mutation ChangeTenantMemberRole($tenantId: ID!, $userId: ID!, $role: TenantRole!) {
    changeTenantMemberRole(tenantId: $tenantId, userId: $userId, role: $role) {
      id
      members {
        user {
          id
        }
        ...TenantMemberRow_TenantMemberFragment
      }
    }
  }
`);

const RemoveTenantMember = graphql(`
  mutation RemoveTenantMember($tenantId: ID!, $userId: ID!) {
    removeTenantMember(tenantId: $tenantId, userId: $userId) {
      id
      members {
        user {
          id
        }
        ...TenantMemberRow_TenantMemberFragment
      }
    }
  }
`);

export type Role = (typeof TenantRole)[keyof typeof TenantRole];
/** The roles as the API's enum lists them (OWNER first): the console keeps no list of its own. */
export const ROLES = Object.values(TenantRole) as Role[];

/**
 * One member of a tenant: who (an API client marked as such), their role; for a viewer who
 * manages members (`manage`, from `Tenant.viewerCapabilities`), the role to change and Remove
 * (confirmed; the confirmation takes the focus). Whether a change is allowed is the API's to say
 * (the last OWNER, an owner's own role): its refusal is shown as it words it.
 */
export function TenantMemberRow(props: {
  tenantId: string;
  member: FragmentType<typeof TenantMemberRow_TenantMemberFragment>;
  manage: boolean;
  isViewer: boolean;
  onRemoved: (userId: string) => void;
}) {
  const member = useFragment(TenantMemberRow_TenantMemberFragment, props.member);
  const [changing, change] = useMutation(ChangeTenantMemberRole);
  const [removing, remove] = useMutation(RemoveTenantMember);
  const [role, setRole] = useState<Role>(member.role);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [lastAction, setLastAction] = useState<'change' | 'remove' | null>(null);
  const roleId = useId();
  // The stored role wins after a change (or a re-read): the picker follows it.
  useEffect(() => setRole(member.role), [member.role]);
  const name = member.user.displayName ?? member.user.email ?? member.user.id;
  const busy = changing.fetching || removing.fetching;
  const error = lastAction === 'change' ? changing.error : lastAction === 'remove' ? removing.error : undefined;
  return (
    <tr aria-label={name} data-user-id={member.user.id}>
      <th scope="row">
        {name}
        {props.isViewer ? <span className="muted"> (you)</span> : null}
        {member.user.isApiClient ? <span className="badge badge-paused">API client</span> : null}
      </th>
      <td>{member.user.email ?? '—'}</td>
      <td data-role={member.role}>{humanize(member.role)}</td>
      {props.manage ? (
        <td>
          <div className="member-controls">
            <label htmlFor={roleId} className="visually-hidden">
              New role for {name}
            </label>
            <select id={roleId} value={role} disabled={busy} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {humanize(r)}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button"
              disabled={busy || role === member.role}
              onClick={() => {
                setLastAction('change');
                void change({ tenantId: props.tenantId, userId: member.user.id, role });
              }}
            >
              Change role<span className="visually-hidden"> of {name}</span>
            </button>
            <ConfirmButton
              label={
                <>
                  Remove<span className="visually-hidden"> {name}</span>
                </>
              }
              confirmLabel={
                <>
                  Confirm remove<span className="visually-hidden"> of {name}</span>
                </>
              }
              keepLabel={`Keep ${name}`}
              disabled={busy}
              asking={confirmRemove}
              onAskingChange={setConfirmRemove}
              onConfirm={(close) => {
                setLastAction('remove');
                void remove({ tenantId: props.tenantId, userId: member.user.id }).then((r) => {
                  close();
                  if (!r.error) props.onRemoved(member.user.id);
                });
              }}
            />
          </div>
          {confirmRemove ? (
            <p className="muted">
              {name} loses access to this tenant at once{props.isViewer ? ', you included' : ''}.
            </p>
          ) : null}
          {error ? <ApiError error={error} /> : null}
        </td>
      ) : null}
    </tr>
  );
}
