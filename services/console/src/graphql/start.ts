import { useCallback, useState } from 'react';
import type { AnyVariables, TypedDocumentNode } from 'urql';
import { useMutation } from 'urql';

/**
 * A start mutation with one idempotency key per click: a request resent for the same click
 * (a reconnect) replays the gate's first decision; the next click gets a new key.
 */
export function useStart<Data, Variables extends AnyVariables & { idempotencyKey?: string | null }>(
  document: TypedDocumentNode<Data, Variables>,
) {
  const [state, execute] = useMutation(document);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const start = useCallback(
    async (variables: Omit<Variables, 'idempotencyKey'>) => {
      const result = await execute({ ...variables, idempotencyKey: key } as unknown as Variables);
      setKey(crypto.randomUUID());
      return result;
    },
    [execute, key],
  );
  return [state, start] as const;
}
