import { useRef, useState } from 'react';
import { useMutation } from 'urql';
import { formatDateTime, humanize } from '../format';
import { type FragmentType, graphql, useFragment } from '../gql';
import { TenantInvitationStatus } from '../gql/graphql';
import { ApiError } from './ApiError';
import { ConfirmButton } from './ConfirmButton';

export const TenantInvitationRow_TenantInvitationFragment = graphql(`
  fragment TenantInvitationRow_TenantInvitationFragment on TenantInvitation {
    id
    email
    role
    status
    invitedAt
    expiresAt
    acceptedAt
    revokedAt
  }
`);

const RevokeTenantInvitation = graphql(`
  mutation RevokeTenantInvitation($id: ID!) {
    revokeTenantInvitation(id: $id) {
      id
      ...TenantInvitationRow_TenantInvitationFragment
    }
  }
`);

/**
 * Revoking is offered while an invitation could still bind (PENDING) or be re-opened by inviting
 * the same email again (EXPIRED); the API answers a revoked one unchanged and an accepted one
 * CONFLICT (its invitee is a member: remove them instead).
 */
const REVOCABLE: readonly string[] = [TenantInvitationStatus.Pending, TenantInvitationStatus.Expired];

function When(props: { iso: string | null | undefined }) {
  return props.iso ? <time dateTime={props.iso}>{formatDateTime(props.iso)}</time> : <>—</>;
}

/**
 * One invitation of a tenant: the address, the role it gives, its status as of this read
 * (`TenantInvitationStatus`), when it was sent, when it expires (or was accepted / revoked);
 * Revoke (confirmed; the confirmation takes the focus) while it is pending or expired.
 */
export function TenantInvitationRow(props: {
  invitation: FragmentType<typeof TenantInvitationRow_TenantInvitationFragment>;
}) {
  const invitation = useFragment(TenantInvitationRow_TenantInvitationFragment, props.invitation);
  const [revoking, revoke] = useMutation(RevokeTenantInvitation);
  const [confirm, setConfirm] = useState(false);
  const statusRef = useRef<HTMLSpanElement>(null);
  const revocable = REVOCABLE.includes(invitation.status);
  return (
    <tr aria-label={invitation.email} data-invitation-id={invitation.id}>
      <th scope="row" className="mono">
        {invitation.email}
      </th>
      <td>{humanize(invitation.role)}</td>
      <td>
        <span
          ref={statusRef}
          tabIndex={-1}
          className={`badge badge-invitation-${invitation.status.toLowerCase()}`}
          data-status={invitation.status}
        >
          {humanize(invitation.status)}
        </span>
        {invitation.acceptedAt ? (
          <span className="muted">
            {' '}
            on <When iso={invitation.acceptedAt} />
          </span>
        ) : null}
        {invitation.revokedAt ? (
          <span className="muted">
            {' '}
            on <When iso={invitation.revokedAt} />
          </span>
        ) : null}
      </td>
      <td>
        <When iso={invitation.invitedAt} />
      </td>
      <td data-expires>
        <When iso={invitation.expiresAt} />
      </td>
      <td>
        {revocable ? (
          <div className="member-controls">
            <ConfirmButton
              label={
                <>
                  Revoke<span className="visually-hidden"> {invitation.email}</span>
                </>
              }
              confirmLabel={
                <>
                  Confirm revoke<span className="visually-hidden"> of {invitation.email}</span>
                </>
              }
              keepLabel="Keep it"
              disabled={revoking.fetching}
              asking={confirm}
              onAskingChange={setConfirm}
              onConfirm={(close) =>
                void revoke({ id: invitation.id }).then((r) => {
                  close();
                  // Revoke is gone once it is revoked: the focus goes to the new status.
                  if (!r.error) statusRef.current?.focus();
                })
              }
            />
          </div>
        ) : null}
        {confirm ? <p className="muted">It will never bind, even if its address signs in.</p> : null}
        {revoking.error ? <ApiError error={revoking.error} /> : null}
      </td>
    </tr>
  );
}
