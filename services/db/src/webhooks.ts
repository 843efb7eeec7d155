/**
 * The outbound webhook outbox: `recordWebhookEvent` writes an event and its deliveries (one per
 * enabled endpoint of the workspace subscribed to the type, at that moment) in one statement,
 * inside the transaction of what it reports. The worker's webhook dispatcher enqueues the
 * deliveries (services/worker/src/webhooks.ts); a delivery committed while Redis is down is sent
 * once it is back.
 *
 * An event no endpoint subscribes to is not kept (nothing would ever read it): workspaces without
 * webhooks pay one index probe per event, no write. The gate writes its blocked attempts' events
 * in the statement that records the attempt, with the same two steps (`webhookFanoutSql`).
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from './client';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './vocabulary';

export interface WebhookEventInput {
  /** The workspace whose endpoints receive it. */
  workspaceId: string;
  /** The tenant it concerns, when one does. */
  tenantId?: string | null;
  type: WebhookEventType;
  /**
   * The run it reports: the completed or failed run, the blocked attempt, the health check that
   * found it. Receivers open `${PUBLIC_APP_URL}/monitoring/operations/<runId>` from it.
   */
  runId: string;
  /**
   * What the body's `data` carries besides the ids (workspaceId, tenantId, runId are added): a
   * snapshot of what happened (outcome, reason code, expiry date, …). At most 16 KiB as JSON.
   * Never a secret.
   */
  data?: Record<string, unknown>;
}

/** What was recorded: the event (the message id) and the endpoints it goes to; null when nobody subscribes. */
export interface RecordedWebhookEvent {
  eventId: string;
  endpointIds: string[];
}

/** The largest `data` an event may carry, as JSON. */
export const MAX_WEBHOOK_EVENT_DATA_BYTES = 16 * 1024;

function checked(event: WebhookEventInput): string {
  if (!WEBHOOK_EVENT_TYPES.includes(event.type)) throw new Error(`unknown webhook event type ${String(event.type)}`);
  const data = JSON.stringify(event.data ?? {});
  if (Buffer.byteLength(data) > MAX_WEBHOOK_EVENT_DATA_BYTES) {
    throw new Error(`webhook event data is larger than ${MAX_WEBHOOK_EVENT_DATA_BYTES} bytes`);
  }
  return data;
}

/**
 * Records an event for the workspace's subscribed, enabled endpoints, in `db` (pass the
 * transaction of what it reports, so both commit or neither does). Returns the event and its
 * endpoints, or null when no endpoint wants it (nothing written).
 */
export async function recordWebhookEvent(db: DbOrTx, event: WebhookEventInput): Promise<RecordedWebhookEvent | null> {
  const data = checked(event);
  const rows = (await db.execute(sql`
    with webhook_event as (
      insert into webhook_events (workspace_id, tenant_id, type, run_id, data)
      select ${event.workspaceId}::uuid, ${event.tenantId ?? null}::uuid, ${event.type}::text, ${event.runId}::uuid, ${data}::jsonb
      where exists (
        select 1 from webhook_endpoints e
        where e.workspace_id = ${event.workspaceId}::uuid and e.enabled and ${event.type}::text = any(e.event_types)
      )
      returning id, workspace_id, type
    )
    insert into webhook_deliveries (event_id, endpoint_id, workspace_id)
    select ev.id, e.id, ev.workspace_id
    from webhook_event ev
    join webhook_endpoints e on e.workspace_id = ev.workspace_id and e.enabled and ev.type = any(e.event_types)
    returning event_id as "eventId", endpoint_id as "endpointId"`)) as unknown as Array<{
    eventId: string;
    endpointId: string;
  }>;
  const [first] = rows;
  if (!first) return null;
  return { eventId: first.eventId, endpointIds: rows.map((r) => r.endpointId) };
}

/**
 * The same two steps as common table expressions, for a caller that records its event in a raw
 * statement of its own (the gate's blocked attempt): each argument is a SQL expression (a
 * parameter such as `$15::uuid`, or a column of an earlier CTE named in `from`). Yields the CTEs
 * `webhook_event` and `webhook_delivery`, to put after the caller's own (`with run as (…), …`).
 */
export function webhookFanoutSql(e: {
  from: string;
  workspaceId: string;
  tenantId: string;
  type: string;
  runId: string;
  data: string;
}): string {
  return `webhook_event as (
    insert into webhook_events (workspace_id, tenant_id, type, run_id, data)
    select ${e.workspaceId}, ${e.tenantId}, ${e.type}, ${e.runId}, ${e.data}
    from ${e.from}
    where exists (
      select 1 from webhook_endpoints we
      where we.workspace_id = ${e.workspaceId} and we.enabled and ${e.type} = any(we.event_types)
    )
    returning id, workspace_id, type
  ), webhook_delivery as (
    insert into webhook_deliveries (event_id, endpoint_id, workspace_id)
    select ev.id, we.id, ev.workspace_id
    from webhook_event ev
    join webhook_endpoints we on we.workspace_id = ev.workspace_id and we.enabled and ev.type = any(we.event_types)
  )`;
}
