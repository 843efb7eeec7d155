import { useEffect, useRef, useState } from 'react';
import { useMutation } from 'urql';
import { formatDateTime, humanize } from '../format';
import { type FragmentType, graphql, useFragment } from '../gql';
import { ApiClientCredentials } from './ApiClientCredentials';
import { ApiError } from './ApiError';

export const ApiClientItem_ApiClientFragment = graphql(`
  fragment ApiClientItem_ApiClientFragment on ApiClient {
    id
    name
    roleCeiling
    tenants {
      id
      name
    }
    trustedDocumentsOnly
    createdAt
    lastUsedAt
    revokedAt
  }
`);

const RotateApiClientSecret = graphql(`
  mutation RotateApiClientSecret($id: ID!) {
    rotateApiClientSecret(id: $id) {
      clientId
      clientSecret
      client {
        id
        ...ApiClientItem_ApiClientFragment
      }
    }
  }
`);

const RevokeApiClient = graphql(`
  mutation RevokeApiClient($id: ID!) {
    revokeApiClient(id: $id) {
      id
      ...ApiClientItem_ApiClientFragment
    }
  }
`);

/** Which tenants the client may act on, as the API answers `tenants` (null: all of them). */
function tenantsText(client: { tenants?: ReadonlyArray<{ name: string }> | null; revokedAt?: unknown }): string {
  if (client.tenants == null) return 'Every tenant of the workspace its creator could grant, and ones added later';
  if (client.tenants.length === 0) return client.revokedAt ? 'None (revoked)' : 'None you are a member of';
  return client.tenants.map((t) => t.name).join(', ');
}

/**
 * One API client: its name, role ceiling, tenants, when it was created and last used, active or
 * revoked; Rotate secret (confirmed; the new secret shown once) and Revoke (confirmed; the
 * confirmation takes the focus), for a viewer who manages the workspace's API clients.
 */
export function ApiClientItem(props: { client: FragmentType<typeof ApiClientItem_ApiClientFragment> }) {
  const client = useFragment(ApiClientItem_ApiClientFragment, props.client);
  const [rotating, rotate] = useMutation(RotateApiClientSecret);
  const [revoking, revoke] = useMutation(RevokeApiClient);
  const [secret, setSecret] = useState<{ clientId: string; clientSecret: string } | null>(null);
  const [confirm, setConfirm] = useState<'rotate' | 'revoke' | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const rotateRef = useRef<HTMLButtonElement>(null);
  const revokeRef = useRef<HTMLButtonElement>(null);
  const asked = useRef<'rotate' | 'revoke' | null>(null);
  const statusRef = useRef<HTMLSpanElement>(null);
  const [revokedHere, setRevokedHere] = useState(false);
  // After a revoke the controls are gone: the focus goes to the client's new state, not the body.
  useEffect(() => {
    if (revokedHere && client.revokedAt) statusRef.current?.focus();
  }, [revokedHere, client.revokedAt]);
  // Keyboard users land on the confirmation, and back on the button they came from when they keep it.
  useEffect(() => {
    if (confirm) {
      asked.current = confirm;
      confirmRef.current?.focus();
    } else if (asked.current === 'rotate') rotateRef.current?.focus();
    else if (asked.current === 'revoke') revokeRef.current?.focus();
  }, [confirm]);
  const headingId = `api-client-${client.id}`;
  const busy = rotating.fetching || revoking.fetching;
  const error = [rotating, revoking].find((s) => s.error)?.error;
  const revoked = Boolean(client.revokedAt);
  return (
    <li className="step" aria-labelledby={headingId} data-api-client-revoked={String(revoked)}>
      <h3 id={headingId}>
        {client.name}{' '}
        <span
          ref={statusRef}
          tabIndex={-1}
          className={`badge badge-${revoked ? 'stopped' : 'active'}`}
          data-api-client-status={revoked ? 'REVOKED' : 'ACTIVE'}
        >
          {revoked ? 'Revoked' : 'Active'}
        </span>
      </h3>
      <dl className="facts">
        <dt>Client ID</dt>
        <dd className="mono">{client.id}</dd>
        <dt>Role ceiling</dt>
        <dd data-role-ceiling={client.roleCeiling}>{humanize(client.roleCeiling)}</dd>
        <dt>Tenants</dt>
        <dd data-api-client-tenants="">{tenantsText(client)}</dd>
        {client.trustedDocumentsOnly ? (
          <>
            <dt>Documents</dt>
            <dd>Registered (persisted) documents only</dd>
          </>
        ) : null}
        <dt>Created</dt>
        <dd>{formatDateTime(client.createdAt)}</dd>
        <dt>Last used</dt>
        <dd data-last-used="">{client.lastUsedAt ? formatDateTime(client.lastUsedAt) : 'Never'}</dd>
        {revoked ? (
          <>
            <dt>Revoked</dt>
            <dd>{formatDateTime(client.revokedAt)}. The token endpoint refuses it and its tokens no longer work.</dd>
          </>
        ) : null}
      </dl>
      {secret ? (
        <ApiClientCredentials
          name={client.name}
          clientId={secret.clientId}
          clientSecret={secret.clientSecret}
          rotated
          onDismiss={() => setSecret(null)}
        />
      ) : null}
      {revoked ? null : (
        <div className="button-row">
          {confirm === 'rotate' ? (
            <>
              <span>The current secret, and every token issued under it, stops working at once.</span>
              <button
                ref={confirmRef}
                type="button"
                className="button button-danger"
                disabled={busy}
                onClick={() =>
                  void rotate({ id: client.id }).then((r) => {
                    asked.current = null;
                    setConfirm(null);
                    const answer = r.data?.rotateApiClientSecret;
                    if (answer) setSecret({ clientId: answer.clientId, clientSecret: answer.clientSecret });
                  })
                }
              >
                Confirm rotation
              </button>
              <button type="button" className="button" onClick={() => setConfirm(null)}>
                Keep the secret
              </button>
            </>
          ) : confirm === 'revoke' ? (
            <>
              <span>Revoked for good: the tool can no longer get a token, and its tokens stop working.</span>
              <button
                ref={confirmRef}
                type="button"
                className="button button-danger"
                disabled={busy}
                onClick={() =>
                  void revoke({ id: client.id }).then((r) => {
                    asked.current = null;
                    setConfirm(null);
                    setSecret(null);
                    if (r.data) setRevokedHere(true);
                  })
                }
              >
                Confirm revoke
              </button>
              <button type="button" className="button" onClick={() => setConfirm(null)}>
                Keep it
              </button>
            </>
          ) : (
            <>
              <button
                ref={rotateRef}
                type="button"
                className="button"
                disabled={busy}
                onClick={() => setConfirm('rotate')}
              >
                Rotate secret
              </button>
              <button
                ref={revokeRef}
                type="button"
                className="button button-danger"
                disabled={busy}
                onClick={() => setConfirm('revoke')}
              >
                Revoke
              </button>
            </>
          )}
        </div>
      )}
      {error ? <ApiError error={error} /> : null}
    </li>
  );
}
