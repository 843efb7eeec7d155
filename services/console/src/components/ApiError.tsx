import type { CombinedError } from 'urql';
import { errorText } from '../graphql/errors';

/** The API's refusal as it words it, its code kept in `data-code` (what tests and people read). */
export function ApiError(props: { error: CombinedError }) {
  return (
    <p role="alert" className="error" data-code={String(props.error.graphQLErrors[0]?.extensions?.code ?? '')}>
      {errorText(props.error)}
    </p>
  );
}
