import { useId } from 'react';
import { type FragmentType, graphql, useFragment } from '../gql';

export const ConnectionPicker_ProviderConnectionFragment = graphql(`
  fragment ConnectionPicker_ProviderConnectionFragment on ProviderConnection {
    id
    displayName
    clientId
    isDefault
    enabled
  }
`);

/**
 * Which provider connection a start uses: the tenant's default (the empty value: the API picks
 * it at click time) or one chosen explicitly.
 */
export function ConnectionPicker(props: {
  connections: readonly FragmentType<typeof ConnectionPicker_ProviderConnectionFragment>[];
  value: string;
  onChange: (id: string) => void;
}) {
  const connections = useFragment(ConnectionPicker_ProviderConnectionFragment, props.connections);
  const id = useId();
  const fallback = connections.find((c) => c.isDefault);
  return (
    <div className="picker">
      <label htmlFor={id}>Provider connection</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">Tenant default{fallback ? ` (${fallback.displayName})` : ' (none set)'}</option>
        {connections.map((c) => (
          <option key={c.id} value={c.id}>
            {c.displayName} · {c.clientId}
            {c.enabled ? '' : ' (disabled)'}
          </option>
        ))}
      </select>
    </div>
  );
}
