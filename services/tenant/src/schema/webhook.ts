/**
 * Outbound webhooks: a workspace's endpoints (managed by its OWNERs, `webhooks.*`), their signing
 * secrets (answered once), the delivery log and manual redelivery. Deliveries are signed as
 * Standard Webhooks specifies and made by the worker.
 */
import {
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_ERROR_CLASSES,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_WIRE_NAMES,
  type WebhookDeliveryStatus,
  type WebhookErrorClass,
  type WebhookEventType,
} from '@msp/gate';
import { unwrap } from '@msp/subgraph-kit';
import { builder } from '../builder';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookEndpoints,
  MAX_BULK_REDELIVERIES,
  MAX_WEBHOOK_ENDPOINTS,
  PREVIOUS_SECRET_GRACE_MS,
  pageWebhookDeliveries,
  redeliverFailedWebhookDeliveries,
  redeliverWebhookDelivery,
  rotateWebhookEndpointSecret,
  setWebhookEndpointEnabled,
  updateWebhookEndpoint,
  type WebhookDeliveryAttemptModel,
  type WebhookDeliveryModel,
  type WebhookDeliveryPage,
  type WebhookEndpointModel,
  type WebhookEndpointSecretModel,
} from '../service/webhooks';
import { OperationRunRef } from './shared';
import { TenantRef } from './tenant';
import { WorkspaceRef } from './workspace';

type DeliveryEdgeShape = WebhookDeliveryPage['edges'][number];

export const WebhookEndpointRef = builder.objectRef<WebhookEndpointModel>('WebhookEndpoint');
export const WebhookEndpointSecretRef = builder.objectRef<WebhookEndpointSecretModel>('WebhookEndpointSecret');
export const WebhookDeliveryAttemptRef = builder.objectRef<WebhookDeliveryAttemptModel>('WebhookDeliveryAttempt');
export const WebhookDeliveryRef = builder.objectRef<WebhookDeliveryModel>('WebhookDelivery');
export const WebhookDeliveryEdge = builder.objectRef<DeliveryEdgeShape>('WebhookDeliveryEdge');
export const WebhookDeliveryPageInfo = builder.objectRef<WebhookDeliveryPage['pageInfo']>('WebhookDeliveryPageInfo');
export const WebhookDeliveryConnection = builder.objectRef<WebhookDeliveryPage>('WebhookDeliveryConnection');

const EVENT_DESCRIPTIONS: Record<WebhookEventType, string> = {
  RUN_COMPLETED: 'A run ended SUCCEEDED, PARTIALLY_SUCCEEDED or CANCELLED (`data.outcome` says which).',
  RUN_FAILED: 'A run ended FAILED (`data.reasonCode`, `data.problemClass`).',
  RUN_BLOCKED: 'A start was BLOCKED: the blocked attempt’s run, its reason code and problem class.',
  CREDENTIALS_EXPIRING: 'A provider connection’s client secret expires within the health check’s window.',
  CONNECTION_HEALTH_CHANGED:
    'The daily health check found a connection’s consent or granted permissions differ from what was recorded.',
};

export const WebhookEventTypeEnum = builder.enumType('WebhookEventType', {
  description:
    'What a webhook endpoint subscribes to. The delivered body’s `type` is the wire name given with each value.',
  values: Object.fromEntries(
    WEBHOOK_EVENT_TYPES.map((type) => [
      type,
      { value: type, description: `\`${WEBHOOK_WIRE_NAMES[type]}\`: ${EVENT_DESCRIPTIONS[type]}` },
    ]),
  ) as Record<WebhookEventType, { value: WebhookEventType; description: string }>,
});

const STATUS_DESCRIPTIONS: Record<WebhookDeliveryStatus, string> = {
  PENDING: 'An attempt is due (see `nextAttemptAt`) or under way.',
  DELIVERED: 'The endpoint answered 2xx. Nothing is sent again unless redelivered by hand.',
  FAILED: 'Every attempt failed (about 24 hours of retries, or the one attempt of a redelivery).',
  SKIPPED: 'The endpoint was disabled, or stopped subscribing to the event’s type, before it could be sent.',
};

export const WebhookDeliveryStatusEnum = builder.enumType('WebhookDeliveryStatus', {
  description: 'Where a delivery of one event to one endpoint stands.',
  values: Object.fromEntries(
    WEBHOOK_DELIVERY_STATUSES.map((s) => [s, { value: s, description: STATUS_DESCRIPTIONS[s] }]),
  ) as Record<WebhookDeliveryStatus, { value: WebhookDeliveryStatus; description: string }>,
});

const ERROR_DESCRIPTIONS: Record<WebhookErrorClass, string> = {
  HTTP_STATUS: 'The endpoint answered, with a status other than 2xx (redirects are not followed).',
  TIMEOUT: 'No complete answer within the attempt’s deadline.',
  CONNECTION: 'The connection was refused, reset or could not be made.',
  DNS: 'The host name did not resolve.',
  TLS: 'The TLS handshake or the certificate check failed.',
  TARGET_REFUSED:
    'The URL, or an address its host resolved to, is one webhooks may not reach (private, loopback, link-local, metadata).',
  INTERRUPTED: 'The worker making the attempt stopped before it finished; the next attempt followed.',
  INTERNAL: 'The attempt could not be made for a reason of ours.',
};

export const WebhookErrorClassEnum = builder.enumType('WebhookErrorClass', {
  description: 'Why a delivery attempt failed, by class (the receiver’s own words are not kept).',
  values: Object.fromEntries(
    WEBHOOK_ERROR_CLASSES.map((c) => [c, { value: c, description: ERROR_DESCRIPTIONS[c] }]),
  ) as Record<WebhookErrorClass, { value: WebhookErrorClass; description: string }>,
});

WebhookEndpointRef.implement({
  description:
    'A receiver of a workspace’s events: an https URL outside private address ranges, the event types it subscribes to, and a signing secret (Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature` headers). Managed by the workspace’s OWNERs.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The endpoint id.' }),
    workspace: t.field({
      type: WorkspaceRef,
      description: 'The workspace whose events it receives.',
      resolve: async (endpoint, _args, ctx) => unwrap(await ctx.loaders.workspace.load(endpoint.workspaceId)),
    }),
    url: t.exposeString('url', { description: 'Where deliveries are POSTed.' }),
    description: t.exposeString('description', { nullable: true, description: 'What it is for, as its owner put it.' }),
    eventTypes: t.field({
      type: [WebhookEventTypeEnum],
      description: 'The event types it receives.',
      resolve: (endpoint) => endpoint.eventTypes,
    }),
    enabled: t.exposeBoolean('enabled', {
      description: 'Whether events are delivered to it. A disabled endpoint gets no new deliveries.',
    }),
    disabledReason: t.string({
      nullable: true,
      description:
        '`MANUAL` (an owner disabled it) or `FAILING` (a delivery failed every attempt with nothing getting through meanwhile; its owners were notified); null while enabled.',
      resolve: (endpoint) => endpoint.disabledReason,
    }),
    disabledAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it was disabled; null while enabled.',
      resolve: (endpoint) => endpoint.disabledAt,
    }),
    lastSuccessAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it last answered a delivery with 2xx.',
      resolve: (endpoint) => endpoint.lastSuccessAt,
    }),
    previousSecretExpiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: `After a rotation: until when deliveries also carry a signature with the previous secret (${PREVIOUS_SECRET_GRACE_MS / 3600_000} hours after the rotation).`,
      resolve: (endpoint) =>
        endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > new Date()
          ? endpoint.previousSecretExpiresAt
          : null,
    }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was created.', resolve: (e) => e.createdAt }),
    updatedAt: t.field({ type: 'DateTime', description: 'When it last changed.', resolve: (e) => e.updatedAt }),
    lastDelivery: t.field({
      type: WebhookDeliveryRef,
      nullable: true,
      description:
        'Its newest delivery (the first entry of `deliveries`) with where it stands (`status`) and what the endpoint answered last; null before its first. Loaded for a whole list of endpoints in one query.',
      resolve: (endpoint, _args, ctx) => ctx.loaders.webhookLastDelivery.load(endpoint.id),
    }),
    deliveries: t.field({
      type: WebhookDeliveryConnection,
      description: 'Its delivery log, newest first: `first` (1-100, default 20) after the cursor `after`.',
      args: {
        first: t.arg.int({ defaultValue: 20, description: 'How many, 1 to 100.' }),
        after: t.arg.string({ description: 'The `endCursor` of the previous page.' }),
        status: t.arg({ type: WebhookDeliveryStatusEnum, description: 'Only deliveries with this status.' }),
      },
      resolve: async (endpoint, args, ctx) =>
        unwrap(
          await pageWebhookDeliveries(ctx.db, ctx.actor, endpoint.id, {
            first: args.first ?? 20,
            after: args.after ?? null,
            status: args.status ?? null,
          }),
        ),
    }),
  }),
});

WebhookEndpointSecretRef.implement({
  description:
    'An endpoint and its signing secret, returned once, at creation or rotation: store the secret now, it is never answered again.',
  fields: (t) => ({
    endpoint: t.field({ type: WebhookEndpointRef, description: 'The endpoint.', resolve: (s) => s.endpoint }),
    secret: t.exposeString('secret', {
      description:
        'The signing secret, `whsec_` + base64 of its key bytes (Standard Webhooks): verify `webhook-signature` as `v1,` + base64 HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<body>` keyed with the decoded bytes. Shown once.',
    }),
  }),
});

WebhookDeliveryAttemptRef.implement({
  description: 'One attempt of a delivery, as the delivery log keeps it.',
  fields: (t) => ({
    attempt: t.exposeInt('attempt', { description: 'Its number, 1 for the first.' }),
    manual: t.exposeBoolean('manual', { description: 'Whether a redelivery asked for it.' }),
    startedAt: t.field({ type: 'DateTime', description: 'When it began.', resolve: (a) => a.startedAt }),
    durationMs: t.exposeInt('durationMs', { description: 'How long it took, in milliseconds.' }),
    succeeded: t.exposeBoolean('succeeded', { description: 'Whether the endpoint answered 2xx.' }),
    responseStatus: t.exposeInt('responseStatus', {
      nullable: true,
      description: 'The HTTP status the endpoint answered; null when it did not answer.',
    }),
    errorClass: t.field({
      type: WebhookErrorClassEnum,
      nullable: true,
      description: 'Why it failed; null when it succeeded.',
      resolve: (a) => a.errorClass,
    }),
    responseExcerpt: t.exposeString('responseExcerpt', {
      nullable: true,
      description: 'The first characters of the answer (at most 256); no more of it is kept.',
    }),
  }),
});

WebhookDeliveryRef.implement({
  description: 'One event for one endpoint: its attempts, where it stands, and what the endpoint answered last.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The delivery id (`redeliverWebhookDelivery` takes it).' }),
    messageId: t.exposeString('messageId', {
      description:
        'The `webhook-id` header: the same for every attempt and redelivery of the event (receivers deduplicate by it).',
    }),
    eventType: t.field({ type: WebhookEventTypeEnum, description: 'The event’s type.', resolve: (x) => x.eventType }),
    endpoint: t.field({
      type: WebhookEndpointRef,
      description: 'The endpoint it goes to.',
      resolve: async (x, _args, ctx) => unwrap(await ctx.loaders.webhookEndpoint.load(x.endpointId)),
    }),
    run: t.field({
      type: OperationRunRef,
      description: 'The run the event reports.',
      resolve: (x) => ({ id: x.runId }),
    }),
    tenant: t.field({
      type: TenantRef,
      nullable: true,
      description: 'The tenant the event concerns, when the caller is a member of it.',
      resolve: async (x, _args, ctx) => {
        if (!x.tenantId) return null;
        const tenant = await ctx.loaders.tenant.load(x.tenantId);
        return tenant.ok ? tenant.value : null;
      },
    }),
    status: t.field({ type: WebhookDeliveryStatusEnum, description: 'Where it stands.', resolve: (x) => x.status }),
    attempts: t.exposeInt('attempts', { description: 'Attempts made so far.' }),
    nextAttemptAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the next attempt is due; null unless PENDING.',
      resolve: (x) => x.nextAttemptAt,
    }),
    lastAttemptAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the last attempt began.',
      resolve: (x) => x.lastAttemptAt,
    }),
    lastResponseStatus: t.exposeInt('lastResponseStatus', {
      nullable: true,
      description: 'The HTTP status of the last answer; null when there was none.',
    }),
    lastErrorClass: t.field({
      type: WebhookErrorClassEnum,
      nullable: true,
      description: 'Why the last attempt failed; null when it succeeded or none was made.',
      resolve: (x) => x.lastErrorClass,
    }),
    deliveredAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the endpoint acknowledged it (2xx).',
      resolve: (x) => x.deliveredAt,
    }),
    createdAt: t.field({ type: 'DateTime', description: 'When the event happened.', resolve: (x) => x.createdAt }),
    attemptLog: t.field({
      type: [WebhookDeliveryAttemptRef],
      description: 'Every attempt, oldest first.',
      resolve: (x, _args, ctx) => ctx.loaders.webhookAttempts.load(x.id),
    }),
  }),
});

WebhookDeliveryEdge.implement({
  description: 'A delivery in a page of the log.',
  fields: (t) => ({
    cursor: t.exposeString('cursor', { description: 'Where the next page starts after this one.' }),
    node: t.field({ type: WebhookDeliveryRef, description: 'The delivery.', resolve: (edge) => edge.node }),
  }),
});

WebhookDeliveryPageInfo.implement({
  description: 'Whether the log goes on after this page.',
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage', { description: 'Whether more deliveries follow.' }),
    endCursor: t.exposeString('endCursor', { nullable: true, description: 'The last edge’s cursor.' }),
  }),
});

WebhookDeliveryConnection.implement({
  description: 'A page of an endpoint’s delivery log, newest first.',
  fields: (t) => ({
    edges: t.field({ type: [WebhookDeliveryEdge], description: 'The deliveries.', resolve: (p) => p.edges }),
    pageInfo: t.field({ type: WebhookDeliveryPageInfo, description: 'Paging.', resolve: (p) => p.pageInfo }),
  }),
});

const CreateWebhookEndpointInput = builder.inputType('CreateWebhookEndpointInput', {
  description: 'A new webhook endpoint.',
  fields: (t) => ({
    workspaceId: t.id({ required: true, description: 'The workspace whose events it receives.' }),
    url: t.string({
      required: true,
      description:
        'Where to POST (at most 2048 characters): https, no credentials or fragment, a host that resolves to public addresses only (http and private addresses only where the deployment allows them, never in production).',
    }),
    eventTypes: t.field({
      type: [WebhookEventTypeEnum],
      required: true,
      description: 'The event types it receives: at least one, each once.',
    }),
    description: t.string({ description: 'What it is for (at most 200 characters).' }),
  }),
});

const UpdateWebhookEndpointInput = builder.inputType('UpdateWebhookEndpointInput', {
  description: 'Changes to a webhook endpoint; what is left out stays as it is.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The endpoint.' }),
    url: t.string({ description: 'A new URL, checked as at creation.' }),
    eventTypes: t.field({
      type: [WebhookEventTypeEnum],
      description: 'The new set of event types (replaces the old one): at least one, each once.',
    }),
    description: t.string({ description: 'A new description (at most 200 characters; empty clears it).' }),
  }),
});

builder.queryFields((t) => ({
  webhookEndpoints: t.field({
    type: [WebhookEndpointRef],
    description: `The workspace’s webhook endpoints, oldest first (workspace OWNER; at most ${MAX_WEBHOOK_ENDPOINTS}).`,
    args: { workspaceId: t.arg.id({ required: true, description: 'The workspace.' }) },
    resolve: async (_root, args, ctx) =>
      unwrap(await listWebhookEndpoints(ctx.db, ctx.actor, String(args.workspaceId))),
  }),
  webhookEndpoint: t.field({
    type: WebhookEndpointRef,
    description:
      'One webhook endpoint (workspace OWNER): a workspace MEMBER is FORBIDDEN; anyone else gets NOT_FOUND, as for a missing id.',
    args: { id: t.arg.id({ required: true, description: 'The endpoint.' }) },
    resolve: async (_root, args, ctx) => unwrap(await ctx.loaders.webhookEndpoint.load(String(args.id))),
  }),
}));

builder.mutationFields((t) => ({
  createWebhookEndpoint: t.field({
    type: WebhookEndpointSecretRef,
    description: `Creates an enabled webhook endpoint (workspace OWNER) and answers its signing secret, once. A URL the SSRF policy refuses is BAD_USER_INPUT naming \`url\`, and nothing is written; a workspace with ${MAX_WEBHOOK_ENDPOINTS} endpoints is CONFLICT.`,
    args: { input: t.arg({ type: CreateWebhookEndpointInput, required: true, description: 'The endpoint.' }) },
    resolve: async (_root, { input }, ctx) =>
      unwrap(
        await createWebhookEndpoint(ctx.webhooks, ctx.actor, {
          workspaceId: String(input.workspaceId),
          url: input.url,
          eventTypes: input.eventTypes,
          description: input.description ?? null,
        }),
      ),
  }),
  updateWebhookEndpoint: t.field({
    type: WebhookEndpointRef,
    description: 'Changes an endpoint’s URL, description or event types (workspace OWNER).',
    args: { input: t.arg({ type: UpdateWebhookEndpointInput, required: true, description: 'The changes.' }) },
    resolve: async (_root, { input }, ctx) =>
      unwrap(
        await updateWebhookEndpoint(ctx.webhooks, ctx.actor, {
          id: String(input.id),
          url: input.url ?? null,
          eventTypes: input.eventTypes ?? null,
          description: input.description ?? null,
        }),
      ),
  }),
  enableWebhookEndpoint: t.field({
    type: WebhookEndpointRef,
    description:
      'Enables an endpoint again (workspace OWNER); deliveries skipped or failed meanwhile can be redelivered. An enabled one is answered unchanged.',
    args: { id: t.arg.id({ required: true, description: 'The endpoint.' }) },
    resolve: async (_root, args, ctx) =>
      unwrap(await setWebhookEndpointEnabled(ctx.db, ctx.actor, String(args.id), true)),
  }),
  disableWebhookEndpoint: t.field({
    type: WebhookEndpointRef,
    description:
      'Disables an endpoint (workspace OWNER): nothing more is sent to it; pending deliveries are skipped. A disabled one is answered unchanged.',
    args: { id: t.arg.id({ required: true, description: 'The endpoint.' }) },
    resolve: async (_root, args, ctx) =>
      unwrap(await setWebhookEndpointEnabled(ctx.db, ctx.actor, String(args.id), false)),
  }),
  rotateWebhookEndpointSecret: t.field({
    type: WebhookEndpointSecretRef,
    description: `A new signing secret for the endpoint (workspace OWNER), answered once. Deliveries carry a second signature with the previous secret for ${PREVIOUS_SECRET_GRACE_MS / 3600_000} hours, so the receiver can switch without a gap.`,
    args: { id: t.arg.id({ required: true, description: 'The endpoint.' }) },
    resolve: async (_root, args, ctx) =>
      unwrap(await rotateWebhookEndpointSecret(ctx.webhooks, ctx.actor, String(args.id))),
  }),
  deleteWebhookEndpoint: t.id({
    description: 'Deletes an endpoint with its delivery log (workspace OWNER); answers its id.',
    args: { id: t.arg.id({ required: true, description: 'The endpoint.' }) },
    resolve: async (_root, args, ctx) => unwrap(await deleteWebhookEndpoint(ctx.db, ctx.actor, String(args.id))),
  }),
  redeliverWebhookDelivery: t.field({
    type: WebhookDeliveryRef,
    description:
      'One more attempt of a delivery, now, with the same `webhook-id` (workspace OWNER). A pending delivery has its next attempt brought forward. CONFLICT while an attempt is under way or the endpoint is disabled; another workspace’s delivery is NOT_FOUND.',
    args: { id: t.arg.id({ required: true, description: 'The delivery.' }) },
    resolve: async (_root, args, ctx) => unwrap(await redeliverWebhookDelivery(ctx.db, ctx.actor, String(args.id))),
  }),
  redeliverFailedWebhookDeliveries: t.int({
    description: `What an endpoint missed, again (workspace OWNER): every FAILED or SKIPPED delivery of the endpoint since \`since\` gets one more attempt of its message, now (at most ${MAX_BULK_REDELIVERIES}, the oldest first: call again for more). Answers how many. CONFLICT while the endpoint is disabled (enable it first).`,
    args: {
      endpointId: t.arg.id({ required: true, description: 'The endpoint.' }),
      since: t.arg({ type: 'DateTime', required: true, description: 'Deliveries of events from then on.' }),
    },
    resolve: async (_root, args, ctx) =>
      unwrap(
        await redeliverFailedWebhookDeliveries(ctx.db, ctx.actor, {
          endpointId: String(args.endpointId),
          since: args.since,
        }),
      ),
  }),
}));
