import { type FragmentType, graphql, useFragment } from '../gql';

export const ConnectionIdentity_ProviderConnectionIdentityFragment = graphql(`
  fragment ConnectionIdentity_ProviderConnectionIdentityFragment on ProviderConnectionIdentity {
    id
    displayName
    clientId
    entraTenantId
  }
`);

/** The provider connection a run used, as chosen at click time (later renames do not show). */
export function ConnectionIdentity(props: {
  identity: FragmentType<typeof ConnectionIdentity_ProviderConnectionIdentityFragment>;
}) {
  const identity = useFragment(ConnectionIdentity_ProviderConnectionIdentityFragment, props.identity);
  return (
    <dl className="identity" aria-label="Provider connection">
      <dt>Name</dt>
      <dd>{identity.displayName}</dd>
      <dt>Client ID</dt>
      <dd className="mono">{identity.clientId}</dd>
      <dt>Entra tenant</dt>
      <dd className="mono">{identity.entraTenantId}</dd>
    </dl>
  );
}
