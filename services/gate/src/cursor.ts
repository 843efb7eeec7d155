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
