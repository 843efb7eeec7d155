/**
 * Outbound webhook endpoints of a workspace, managed by its OWNERs (capability
 * `workspace.webhooks.manage` in the registry): create (the signing secret is answered once),
 * list, update (URL, description, subscribed event types), enable / disable, rotate the secret,
 * delete; the delivery log and manual redelivery. Each change is its own registry action
 * (`webhooks.create`, `.update`, …, checked by `endpointFor` / `deliveryFor`: a non-member gets the
 * NOT_FOUND of a missing id, a member without the capability FORBIDDEN); reading is
 * `webhooks.manage`. Every change writes one audit record in its
 * transaction (target `webhook_endpoint`; the URL's host only, never its path or query, which
 * often carry a token; never the secret).
 *
 * A URL is checked against the SSRF policy (`checkWebhookUrl`, then the addresses its host
 * resolves to, `resolveWebhookTarget`) before anything is written; the worker checks again at
 * every attempt. Deliveries are made by the worker (services/worker/src/webhooks.ts).
 */
import { type Database, type SecretBox, schema } from '@msp/db';
import {
  type Actor,
  authorizeWorkspace,
  checkWebhookUrl,
  decideWorkspaceAccess,
  decodeCursor,
  fail,
  keysetPage,
  type Lookup,
  MAX_WEBHOOK_URL_LENGTH,
  newWebhookSecret,
  ok,
  parseInput,
  type Result,
  recordChange,
  resolveWebhookTarget,
  uuid,
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_EVENT_TYPES,
  type WebhookDeliveryStatus,
  type WebhookErrorClass,
  type WebhookEventType,
  type WebhookTargetPolicy,
  type WorkspaceAction,
  webhookMessageId,
} from '@msp/gate';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';

const e = schema.webhookEndpoints;
const d = schema.webhookDeliveries;
const ev = schema.webhookEvents;
const at = schema.webhookDeliveryAttempts;
const wm = schema.workspaceMembers;

export const WEBHOOK_ENDPOINT_NOT_FOUND = 'Webhook endpoint not found.';
export const WEBHOOK_DELIVERY_NOT_FOUND = 'Webhook delivery not found.';

/**
 * Endpoints per workspace at most: each event is signed and sent once per subscribed endpoint,
 * so this bounds what one event costs (and what one workspace can make the worker send).
 */
export const MAX_WEBHOOK_ENDPOINTS = 20;

/** After a rotation the previous secret keeps signing (a second signature) this long. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 3600 * 1000;

export interface WebhookDeps {
  db: Database;
  /** Seals the signing secrets (SECRET_ENCRYPTION_KEY). */
  secretBox: SecretBox;
  policy: WebhookTargetPolicy;
  /** Name resolution for the URL check; the system resolver unless given. */
  lookup?: Lookup;
}

export interface WebhookEndpointModel {
  id: string;
  workspaceId: string;
  url: string;
  description: string | null;
  eventTypes: WebhookEventType[];
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: Date | null;
  lastSuccessAt: Date | null;
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An endpoint and its signing secret, answered once (creation, rotation). */
export interface WebhookEndpointSecretModel {
  endpoint: WebhookEndpointModel;
  secret: string;
}

export interface WebhookDeliveryModel {
  id: string;
  endpointId: string;
  workspaceId: string;
  eventId: string;
  messageId: string;
  eventType: WebhookEventType;
  tenantId: string | null;
  runId: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  manual: boolean;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  lastResponseStatus: number | null;
  lastErrorClass: WebhookErrorClass | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

export interface WebhookDeliveryAttemptModel {
  attempt: number;
  manual: boolean;
  startedAt: Date;
  durationMs: number;
  succeeded: boolean;
  responseStatus: number | null;
  errorClass: WebhookErrorClass | null;
  responseExcerpt: string | null;
}

export interface WebhookDeliveryPage {
  edges: Array<{ cursor: string; node: WebhookDeliveryModel }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const endpointColumns = {
  id: e.id,
  workspaceId: e.workspaceId,
  url: e.url,
  description: e.description,
  eventTypes: e.eventTypes,
  enabled: e.enabled,
  disabledReason: e.disabledReason,
  disabledAt: e.disabledAt,
  lastSuccessAt: e.lastSuccessAt,
  previousSecretExpiresAt: e.previousSecretExpiresAt,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
};

const deliveryColumns = {
  id: d.id,
  endpointId: d.endpointId,
  workspaceId: d.workspaceId,
  eventId: d.eventId,
  eventType: ev.type,
  tenantId: ev.tenantId,
  runId: ev.runId,
  status: d.status,
  attempts: d.attempts,
  manual: d.manual,
  nextAttemptAt: d.nextAttemptAt,
  lastAttemptAt: d.lastAttemptAt,
  lastResponseStatus: d.lastResponseStatus,
  lastErrorClass: d.lastErrorClass,
  deliveredAt: d.deliveredAt,
  createdAt: d.createdAt,
};

const toDelivery = (row: Omit<WebhookDeliveryModel, 'messageId'>): WebhookDeliveryModel => ({
  ...row,
  messageId: webhookMessageId(row.eventId),
  nextAttemptAt: row.status === 'PENDING' ? row.nextAttemptAt : null,
});

const noNul = (value: string) => !value.includes('\u0000');

const url = z.string().max(MAX_WEBHOOK_URL_LENGTH, { message: `must be at most ${MAX_WEBHOOK_URL_LENGTH} characters` });
const description = z
  .string()
  .trim()
  .max(200, { message: 'must be at most 200 characters' })
  .refine(noNul, { message: 'must not contain NUL' });
const eventTypes = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1, { message: 'must name at least one event type' })
  .max(WEBHOOK_EVENT_TYPES.length, {
    message: `must name at most ${WEBHOOK_EVENT_TYPES.length} event types (each once)`,
  })
  .refine((list) => new Set(list).size === list.length, { message: 'must name each event type once' });

const createSchema = z.object({
  workspaceId: uuid,
  url,
  eventTypes,
  description: description.nullish(),
});

const updateSchema = z.object({
  id: uuid,
  url: url.nullish(),
  eventTypes: eventTypes.nullish(),
  description: description.nullish(),
});

/** The URL, checked against the policy and resolved: BAD_USER_INPUT naming `url` otherwise. */
async function checkedUrl(deps: WebhookDeps, raw: string): Promise<Result<string>> {
  const checked = checkWebhookUrl(raw, deps.policy);
  if (!checked.ok) return fail('BAD_USER_INPUT', `url ${checked.message}.`, 'url');
  const target = await resolveWebhookTarget(checked.url, deps.policy, deps.lookup);
  if (!target.ok) return fail('BAD_USER_INPUT', `url: ${target.message}.`, 'url');
  return ok(checked.url.toString());
}

/** The host of a URL, what audit records and messages name (its path and query may carry a token). */
export function hostOf(value: string): string {
  return URL.canParse(value) ? new URL(value).host : '';
}

/**
 * `webhooks.manage`: endpoints by id, in one query, each decided by the registry on the caller's
 * workspace role (`decideWorkspaceAccess`): a non-member gets the NOT_FOUND of a missing id, a
 * member without the capability FORBIDDEN.
 */
export async function managedWebhookEndpoints(
  db: Database,
  actor: Actor,
  ids: readonly string[],
): Promise<Result<WebhookEndpointModel>[]> {
  const valid = [...new Set(ids.filter((id) => uuid.safeParse(id).success))];
  const rows =
    valid.length === 0
      ? []
      : await db
          .select({ ...endpointColumns, role: wm.role })
          .from(e)
          .innerJoin(wm, and(eq(wm.workspaceId, e.workspaceId), eq(wm.userId, actor.userId)))
          .where(inArray(e.id, valid));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => {
    const found = byId.get(id);
    const decided = decideWorkspaceAccess(found?.role ?? null, 'webhooks.manage', WEBHOOK_ENDPOINT_NOT_FOUND);
    if (!decided.ok) return decided;
    const { role: _role, ...endpoint } = found!;
    return ok(endpoint);
  });
}

/**
 * The endpoint `id`, for a change authorized as `action` by the registry on the caller's
 * workspace role: a non-member gets the NOT_FOUND of a missing id, a member without the action's
 * capability FORBIDDEN.
 */
async function endpointFor(
  db: Database,
  actor: Actor,
  id: string,
  action: WorkspaceAction,
): Promise<Result<WebhookEndpointModel>> {
  if (!uuid.safeParse(id).success) return fail('BAD_USER_INPUT', 'id must be a UUID.', 'id');
  const [found] = await db
    .select({ ...endpointColumns, role: wm.role })
    .from(e)
    .innerJoin(wm, and(eq(wm.workspaceId, e.workspaceId), eq(wm.userId, actor.userId)))
    .where(eq(e.id, id));
  const decided = decideWorkspaceAccess(found?.role ?? null, action, WEBHOOK_ENDPOINT_NOT_FOUND);
  if (!decided.ok) return decided;
  const { role: _role, ...endpoint } = found!;
  return ok(endpoint);
}

/** The delivery `id`, for a change authorized as `action`: NOT_FOUND or FORBIDDEN as `endpointFor`. */
async function deliveryFor(
  db: Database,
  actor: Actor,
  id: string,
  action: WorkspaceAction,
): Promise<Result<WebhookDeliveryModel>> {
  if (!uuid.safeParse(id).success) return fail('BAD_USER_INPUT', 'id must be a UUID.', 'id');
  const [found] = await db
    .select({ ...deliveryColumns, role: wm.role })
    .from(d)
    .innerJoin(ev, eq(ev.id, d.eventId))
    .innerJoin(wm, and(eq(wm.workspaceId, d.workspaceId), eq(wm.userId, actor.userId)))
    .where(eq(d.id, id));
  const decided = decideWorkspaceAccess(found?.role ?? null, action, WEBHOOK_DELIVERY_NOT_FOUND);
  if (!decided.ok) return decided;
  const { role: _role, ...delivery } = found!;
  return ok(toDelivery(delivery));
}

/** `webhooks.manage`: the workspace's endpoints, oldest first. */
export async function listWebhookEndpoints(
  db: Database,
  actor: Actor,
  workspaceId: string,
): Promise<Result<WebhookEndpointModel[]>> {
  const access = await authorizeWorkspace(db, actor, workspaceId, 'webhooks.manage');
  if (!access.ok) return access;
  return ok(
    await db.select(endpointColumns).from(e).where(eq(e.workspaceId, workspaceId)).orderBy(asc(e.createdAt), asc(e.id)),
  );
}

/**
 * `webhooks.create`: a new endpoint, enabled, with a new signing secret answered here only. At
 * most MAX_WEBHOOK_ENDPOINTS per workspace (CONFLICT beyond), counted under the workspace's row
 * lock so that concurrent creations cannot pass it together.
 */
export async function createWebhookEndpoint(
  deps: WebhookDeps,
  actor: Actor,
  input: { workspaceId: string; url: string; eventTypes: readonly string[]; description?: string | null },
): Promise<Result<WebhookEndpointSecretModel>> {
  const { db } = deps;
  const access = await authorizeWorkspace(db, actor, input.workspaceId, 'webhooks.create');
  if (!access.ok) return access;
  const parsed = parseInput(createSchema, input);
  if (!parsed.ok) return parsed;
  const target = await checkedUrl(deps, parsed.value.url);
  if (!target.ok) return target;
  const { workspaceId } = parsed.value;
  const secret = newWebhookSecret();
  const created = await db.transaction(async (tx) => {
    await tx
      .select({ id: schema.workspaces.id })
      .from(schema.workspaces)
      .where(eq(schema.workspaces.id, workspaceId))
      .for('no key update');
    const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(e).where(eq(e.workspaceId, workspaceId));
    if ((count?.n ?? 0) >= MAX_WEBHOOK_ENDPOINTS) return null;
    const [row] = await tx
      .insert(e)
      .values({
        workspaceId,
        url: target.value,
        description: parsed.value.description || null,
        eventTypes: parsed.value.eventTypes,
        secretEncrypted: deps.secretBox.encrypt(secret),
        createdBy: actor.userId,
      })
      .returning(endpointColumns);
    await recordChange(tx, actor, {
      action: 'webhooks.create',
      scope: { workspaceId },
      target: { type: 'webhook_endpoint', id: row!.id },
      detail: { host: hostOf(row!.url), eventTypes: row!.eventTypes },
    });
    return row!;
  });
  if (!created) {
    return fail(
      'CONFLICT',
      `This workspace has ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints, the most it may have: delete one first.`,
      'workspaceId',
    );
  }
  return ok({ endpoint: created, secret });
}

/** `webhooks.update`: a new URL (checked as at creation), description or set of event types. */
export async function updateWebhookEndpoint(
  deps: WebhookDeps,
  actor: Actor,
  input: { id: string; url?: string | null; eventTypes?: readonly string[] | null; description?: string | null },
): Promise<Result<WebhookEndpointModel>> {
  const { db } = deps;
  const found = await endpointFor(db, actor, input.id, 'webhooks.update');
  if (!found.ok) return found;
  const parsed = parseInput(updateSchema, input);
  if (!parsed.ok) return parsed;
  const changes: Partial<typeof e.$inferInsert> = {};
  if (parsed.value.url != null) {
    const target = await checkedUrl(deps, parsed.value.url);
    if (!target.ok) return target;
    changes.url = target.value;
  }
  if (parsed.value.eventTypes != null) changes.eventTypes = parsed.value.eventTypes;
  if (parsed.value.description != null) changes.description = parsed.value.description || null;
  if (Object.keys(changes).length === 0) return found;
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(e)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(e.id, found.value.id))
      .returning(endpointColumns);
    if (!updated) return null;
    await recordChange(tx, actor, {
      action: 'webhooks.update',
      scope: { workspaceId: updated.workspaceId },
      target: { type: 'webhook_endpoint', id: updated.id },
      detail: { changed: Object.keys(changes), host: hostOf(updated.url), eventTypes: updated.eventTypes },
    });
    return updated;
  });
  return row ? ok(row) : fail('NOT_FOUND', WEBHOOK_ENDPOINT_NOT_FOUND);
}

/**
 * `webhooks.enable` / `webhooks.disable`. Disabling stops deliveries: a pending one is skipped
 * when its attempt comes (redeliver it after enabling again). Enabling clears the reason (a
 * failing endpoint's too). An endpoint already so is answered unchanged, with no record.
 */
export async function setWebhookEndpointEnabled(
  db: Database,
  actor: Actor,
  id: string,
  enabled: boolean,
): Promise<Result<WebhookEndpointModel>> {
  const action = enabled ? 'webhooks.enable' : 'webhooks.disable';
  const found = await endpointFor(db, actor, id, action);
  if (!found.ok) return found;
  if (found.value.enabled === enabled) return found;
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(e)
      .set(
        enabled
          ? { enabled, disabledReason: null, disabledAt: null, updatedAt: new Date() }
          : { enabled, disabledReason: 'MANUAL', disabledAt: new Date(), updatedAt: new Date() },
      )
      .where(and(eq(e.id, id), eq(e.enabled, !enabled)))
      .returning(endpointColumns);
    if (!updated) return null;
    await recordChange(tx, actor, {
      action,
      scope: { workspaceId: updated.workspaceId },
      target: { type: 'webhook_endpoint', id },
      detail: { host: hostOf(updated.url), ...(enabled ? { previousReason: found.value.disabledReason } : {}) },
    });
    return updated;
  });
  if (row) return ok(row);
  // A concurrent change got there first: answer it as it is now.
  return endpointFor(db, actor, id, action);
}

/**
 * `webhooks.rotate_secret`: a new signing secret, answered here only. The previous one keeps
 * signing, as a second `webhook-signature` entry, for PREVIOUS_SECRET_GRACE_MS, so that a receiver
 * switches to the new one without rejecting a delivery.
 */
export async function rotateWebhookEndpointSecret(
  deps: WebhookDeps,
  actor: Actor,
  id: string,
): Promise<Result<WebhookEndpointSecretModel>> {
  const { db } = deps;
  const found = await endpointFor(db, actor, id, 'webhooks.rotate_secret');
  if (!found.ok) return found;
  const secret = newWebhookSecret();
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(e)
      .set({
        previousSecretEncrypted: sql`${e.secretEncrypted}`,
        previousSecretExpiresAt: new Date(Date.now() + PREVIOUS_SECRET_GRACE_MS),
        secretEncrypted: deps.secretBox.encrypt(secret),
        updatedAt: new Date(),
      })
      .where(eq(e.id, id))
      .returning(endpointColumns);
    if (!updated) return null;
    await recordChange(tx, actor, {
      action: 'webhooks.rotate_secret',
      scope: { workspaceId: updated.workspaceId },
      target: { type: 'webhook_endpoint', id },
      detail: { host: hostOf(updated.url) },
    });
    return updated;
  });
  return row ? ok({ endpoint: row, secret }) : fail('NOT_FOUND', WEBHOOK_ENDPOINT_NOT_FOUND);
}

/** `webhooks.delete`: the endpoint, its deliveries and their log. Answers the id. */
export async function deleteWebhookEndpoint(db: Database, actor: Actor, id: string): Promise<Result<string>> {
  const found = await endpointFor(db, actor, id, 'webhooks.delete');
  if (!found.ok) return found;
  const deleted = await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(e)
      .where(eq(e.id, id))
      .returning({ id: e.id, url: e.url, workspaceId: e.workspaceId });
    if (!row) return null;
    await recordChange(tx, actor, {
      action: 'webhooks.delete',
      scope: { workspaceId: row.workspaceId },
      target: { type: 'webhook_endpoint', id },
      detail: { host: hostOf(row.url) },
    });
    return row.id;
  });
  return deleted ? ok(deleted) : fail('NOT_FOUND', WEBHOOK_ENDPOINT_NOT_FOUND);
}

const pageSchema = z.object({
  first: z
    .number()
    .int({ message: 'must be a whole number' })
    .min(1, { message: 'must be at least 1' })
    .max(100, { message: 'must be at most 100' }),
  after: z.string().max(200, { message: 'is not a cursor of this list' }).nullish(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).nullish(),
});

/** A delivery's creation time as text with its microseconds, for its cursor (`encodeCursor`). */
const micros = sql<string>`to_char(${d.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** `webhooks.manage`: an endpoint's deliveries, newest first, `first` at a time (1-100). */
export async function pageWebhookDeliveries(
  db: Database,
  actor: Actor,
  endpointId: string,
  args: { first: number; after?: string | null; status?: string | null },
): Promise<Result<WebhookDeliveryPage>> {
  const found = await endpointFor(db, actor, endpointId, 'webhooks.manage');
  if (!found.ok) return found;
  const parsed = parseInput(pageSchema, args);
  if (!parsed.ok) return parsed;
  const after = parsed.value.after ? decodeCursor(parsed.value.after) : null;
  if (parsed.value.after && !after) return fail('BAD_USER_INPUT', 'after is not a cursor of this list.', 'after');
  const rows = await db
    .select({ ...deliveryColumns, createdAtMicros: micros })
    .from(d)
    .innerJoin(ev, eq(ev.id, d.eventId))
    .where(
      and(
        eq(d.endpointId, endpointId),
        parsed.value.status ? eq(d.status, parsed.value.status) : undefined,
        after ? sql`(${d.createdAt}, ${d.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(d.createdAt), desc(d.id))
    .limit(parsed.value.first + 1);
  const { edges, pageInfo } = keysetPage(
    rows,
    { size: parsed.value.first, from: parsed.value.after },
    ({ createdAtMicros, ...row }) => ({
      micros: createdAtMicros,
      node: toDelivery(row),
    }),
  );
  return ok({ edges, pageInfo: { hasNextPage: pageInfo.hasNextPage, endCursor: pageInfo.endCursor } });
}

/** `webhooks.manage`: deliveries by id, in one query, decided as `managedWebhookEndpoints` decides. */
export async function managedWebhookDeliveries(
  db: Database,
  actor: Actor,
  ids: readonly string[],
): Promise<Result<WebhookDeliveryModel>[]> {
  const valid = [...new Set(ids.filter((id) => uuid.safeParse(id).success))];
  const rows =
    valid.length === 0
      ? []
      : await db
          .select({ ...deliveryColumns, role: wm.role })
          .from(d)
          .innerJoin(ev, eq(ev.id, d.eventId))
          .innerJoin(wm, and(eq(wm.workspaceId, d.workspaceId), eq(wm.userId, actor.userId)))
          .where(inArray(d.id, valid));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => {
    const found = byId.get(id);
    const decided = decideWorkspaceAccess(found?.role ?? null, 'webhooks.manage', WEBHOOK_DELIVERY_NOT_FOUND);
    if (!decided.ok) return decided;
    const { role: _role, ...delivery } = found!;
    return ok(toDelivery(delivery));
  });
}

/**
 * The newest delivery of each endpoint (already authorized), in the order of `endpointIds`, null
 * for one without any: one query for the batch (`distinct on` over the (endpoint, created) index),
 * so a list of endpoints costs one.
 */
export async function lastDeliveriesOf(
  db: Database,
  endpointIds: readonly string[],
): Promise<Array<WebhookDeliveryModel | null>> {
  if (endpointIds.length === 0) return [];
  const rows = await db
    .selectDistinctOn([d.endpointId], deliveryColumns)
    .from(d)
    .innerJoin(ev, eq(ev.id, d.eventId))
    .where(inArray(d.endpointId, [...endpointIds]))
    .orderBy(d.endpointId, desc(d.createdAt), desc(d.id));
  const byEndpoint = new Map(rows.map((row) => [row.endpointId, toDelivery(row)]));
  return endpointIds.map((id) => byEndpoint.get(id) ?? null);
}

/**
 * The attempts of deliveries (already authorized), oldest first: one query for the batch, grouped
 * in one pass over its rows (in the order of `deliveryIds`).
 */
export async function attemptsOfDeliveries(
  db: Database,
  deliveryIds: readonly string[],
): Promise<WebhookDeliveryAttemptModel[][]> {
  const rows =
    deliveryIds.length === 0
      ? []
      : await db
          .select({
            deliveryId: at.deliveryId,
            attempt: at.attempt,
            manual: at.manual,
            startedAt: at.startedAt,
            durationMs: at.durationMs,
            succeeded: at.succeeded,
            responseStatus: at.responseStatus,
            errorClass: at.errorClass,
            responseExcerpt: at.responseExcerpt,
          })
          .from(at)
          .where(inArray(at.deliveryId, [...deliveryIds]))
          .orderBy(asc(at.attempt));
  const byDelivery = new Map<string, WebhookDeliveryAttemptModel[]>();
  for (const { deliveryId, ...attempt } of rows) {
    const list = byDelivery.get(deliveryId);
    if (list) list.push(attempt);
    else byDelivery.set(deliveryId, [attempt]);
  }
  return deliveryIds.map((id) => byDelivery.get(id) ?? []);
}

/**
 * `webhooks.redeliver`: one more attempt of the same message (the same `webhook-id`), now. A
 * delivered, failed or skipped delivery gets one manual attempt (a failure does not start a new
 * series, nor disable the endpoint); a pending one waiting for its next automatic attempt has it
 * brought forward. CONFLICT while an attempt is on the wire or the endpoint is disabled (enable it
 * first). Another workspace's delivery is NOT_FOUND.
 */
export async function redeliverWebhookDelivery(
  db: Database,
  actor: Actor,
  id: string,
): Promise<Result<WebhookDeliveryModel>> {
  const found = await deliveryFor(db, actor, id, 'webhooks.redeliver');
  if (!found.ok) return found;
  const delivery = found.value;
  const outcome = await db.transaction(async (tx) => {
    const [current] = await tx
      .select({ status: d.status, attempts: d.attempts, claimedAt: d.claimedAt, enabled: e.enabled })
      .from(d)
      .innerJoin(e, eq(e.id, d.endpointId))
      .where(eq(d.id, id))
      .for('update', { of: d });
    if (!current) return 'gone' as const;
    if (!current.enabled) return 'disabled' as const;
    if (current.claimedAt) return 'in_flight' as const;
    const now = new Date();
    await tx
      .update(d)
      .set(
        current.status === 'PENDING'
          ? { nextAttemptAt: now, enqueuedAt: null, updatedAt: now }
          : {
              status: 'PENDING',
              manual: true,
              attemptLimit: current.attempts + 1,
              nextAttemptAt: now,
              enqueuedAt: null,
              updatedAt: now,
            },
      )
      .where(eq(d.id, id));
    await recordChange(tx, actor, {
      action: 'webhooks.redeliver',
      scope: { workspaceId: delivery.workspaceId },
      target: { type: 'webhook_delivery', id },
      runId: delivery.runId,
      detail: {
        endpointId: delivery.endpointId,
        messageId: delivery.messageId,
        previousStatus: current.status,
        attempt: current.attempts + 1,
      },
    });
    return 'redelivered' as const;
  });
  if (outcome === 'gone') return fail('NOT_FOUND', WEBHOOK_DELIVERY_NOT_FOUND);
  if (outcome === 'disabled') {
    return fail('CONFLICT', 'The endpoint is disabled: enable it before redelivering.', 'id');
  }
  if (outcome === 'in_flight') {
    return fail('CONFLICT', 'An attempt of this delivery is under way; wait for its outcome.', 'id');
  }
  const [after] = await managedWebhookDeliveries(db, actor, [id]);
  return after!;
}

/** Deliveries one `redeliverFailedWebhookDeliveries` call sends again at most (the oldest first). */
export const MAX_BULK_REDELIVERIES = 1000;

/**
 * `webhooks.redeliver_failed`, what an endpoint missed: every FAILED or SKIPPED delivery of the
 * endpoint created at or after `since` gets one manual attempt of the same message, now (at most
 * MAX_BULK_REDELIVERIES, oldest first: call again for more). CONFLICT while the endpoint is
 * disabled. Answers how many were queued; one audit record for the batch.
 */
export async function redeliverFailedWebhookDeliveries(
  db: Database,
  actor: Actor,
  input: { endpointId: string; since: Date },
): Promise<Result<number>> {
  const found = await endpointFor(db, actor, input.endpointId, 'webhooks.redeliver_failed');
  if (!found.ok) return found;
  if (Number.isNaN(input.since.getTime())) return fail('BAD_USER_INPUT', 'since must be a date.', 'since');
  if (!found.value.enabled) {
    return fail('CONFLICT', 'The endpoint is disabled: enable it before redelivering.', 'endpointId');
  }
  const count = await db.transaction(async (tx) => {
    const rows = (await tx.execute(sql`
      update webhook_deliveries d
      set status = 'PENDING', manual = true, attempt_limit = d.attempts + 1, next_attempt_at = now(),
        enqueued_at = null, updated_at = now()
      where d.id in (
        select id from webhook_deliveries
        where endpoint_id = ${input.endpointId}::uuid and status in ('FAILED', 'SKIPPED')
          and created_at >= ${input.since.toISOString()}::timestamptz
        order by created_at, id
        limit ${MAX_BULK_REDELIVERIES}
        for update skip locked
      )
      returning d.id`)) as unknown as Array<{ id: string }>;
    if (rows.length > 0) {
      await recordChange(tx, actor, {
        action: 'webhooks.redeliver_failed',
        scope: { workspaceId: found.value.workspaceId },
        target: { type: 'webhook_endpoint', id: input.endpointId },
        detail: { since: input.since.toISOString(), deliveries: rows.length, host: hostOf(found.value.url) },
      });
    }
    return rows.length;
  });
  return ok(count);
}
