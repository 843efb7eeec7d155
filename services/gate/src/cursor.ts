/**
 * Keyset cursors for lists ordered by (a timestamp, id), newest first: opaque to clients,
 * base64url of [the timestamp with microseconds, the id]. Microseconds matter: PostgreSQL keeps
 * them and a JS Date does not, so a millisecond cursor would skip or repeat rows created within
 * the same millisecond. Select the timestamp as text with `to_char(<column> at time zone 'UTC',
 * 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` and compare `(<column>, id) < ($1::timestamptz, $2::uuid)`.
 */
import { z } from 'zod';
import { uuid } from './validation';

const cursorSchema = z.tuple([z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/), uuid]);

export function encodeCursor(micros: string, id: string): string {
  return Buffer.from(JSON.stringify([micros, id])).toString('base64url');
}

/** [timestamp with microseconds, id], or null for anything that is not such a cursor. */
export function decodeCursor(cursor: string): [string, string] | null {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Relay's page info of a keyset page (`keysetPage`). */
export interface KeysetPageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/**
 * A page of a list ordered by (a timestamp, id), built from the rows its keyset query read: at most
 * `size + 1` of them, in the query's order (the one past `size` only tells that more follow).
 * `backward` (`last`/`before`): the query read towards the start of the list, so the rows are put
 * back in the list's order. `from`: the cursor the query started from (`after`, or `before` when
 * backward); the row it names lies on the other side, so that side has more, known without a
 * query (Relay allows it). `toEdge` gives a row's node and its timestamp with microseconds (the
 * cursor is that and the node's id).
 */
export function keysetPage<R, N extends { id: string }>(
  rows: readonly R[],
  options: { size: number; from?: string | null; backward?: boolean },
  toEdge: (row: R) => { micros: string; node: N },
): { edges: Array<{ cursor: string; node: N }>; pageInfo: KeysetPageInfo } {
  const { size, backward = false } = options;
  const more = rows.length > size;
  const slice = rows.slice(0, size);
  if (backward) slice.reverse();
  const edges = slice.map((row) => {
    const { micros, node } = toEdge(row);
    return { cursor: encodeCursor(micros, node.id), node };
  });
  const fromCursor = options.from != null;
  return {
    edges,
    pageInfo: {
      hasNextPage: backward ? fromCursor : more,
      hasPreviousPage: backward ? more : fromCursor,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
