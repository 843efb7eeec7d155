/**
 * Row shapes derived from the tables, for code that reads rows outside the query builder (the
 * gate's prepared statements). The table is the one definition: a column added to it is in the
 * select list and the decoded row without a change here.
 */
import { type Column, getTableColumns, type Table } from 'drizzle-orm';
import type { notifications, operationRuns } from './schema';

/** A run as stored: what every service's run shape is (the worker, the gate, the subgraphs). */
export type RunRow = typeof operationRuns.$inferSelect;

/** A notification as stored: what the run lifecycle writes and the operations subgraph serves. */
export type NotificationRow = typeof notifications.$inferSelect;

const columnsOf = new WeakMap<Table, Array<[key: string, column: Column]>>();

function entries(table: Table): Array<[string, Column]> {
  let list = columnsOf.get(table);
  if (!list) {
    list = Object.entries(getTableColumns(table));
    columnsOf.set(table, list);
  }
  return list;
}

/**
 * Every column of `table` for a raw `select`: `alias.column_name as "<prefix>key"`, keyed like
 * the table's TypeScript keys so that `rowFromDriver` can decode the row.
 */
export function selectList(table: Table, alias: string, prefix = ''): string {
  return entries(table)
    .map(([key, column]) => `${alias}.${column.name} as "${prefix}${key}"`)
    .join(', ');
}

/**
 * Decodes a raw row selected with `selectList` (same `prefix`) into the table's row type, the
 * way the query builder would: Drizzle's postgres.js driver leaves timestamps as text and each
 * column maps its own driver value (timestamps to Dates, json text to values).
 */
export function rowFromDriver<T extends Table>(table: T, raw: object, prefix = ''): T['$inferSelect'] {
  const row: Record<string, unknown> = {};
  for (const [key, column] of entries(table)) {
    const value = (raw as Record<string, unknown>)[prefix + key];
    row[key] = value == null ? null : column.mapFromDriverValue(value);
  }
  return row as T['$inferSelect'];
}
