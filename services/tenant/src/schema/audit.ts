/**
 * AuditEvent: the append-only record of who did what (services/db `audit_events`), and the
 * `auditEvents` query over a workspace's log.
 */
import { listSize, unwrap } from '@msp/subgraph-kit';
import { builder } from '../builder';
import { type AuditEventModel, type AuditEventPage, auditEventPage, MAX_AUDIT_PAGE } from '../service/audit';
import { ApiClientRef } from './api-client';
import { OperationRunRef, shared } from './shared';
import { TenantRef } from './tenant';
import { UserRef } from './user';

export const AuditEventRef = builder.objectRef<AuditEventModel>('AuditEvent').implement({
  description:
    'One record of the audit log: a start decision (every outcome, DEDUPED and SCOPE_BUSY included) or an administrative change. Append-only; never holds a secret.',
  fields: (t) => ({
    id: t.id({ description: 'The record id.', resolve: (e) => String(e.id) }),
    at: t.field({ type: 'DateTime', description: 'When it happened.', resolve: (e) => e.at }),
    action: t.exposeString('action', {
      description:
        'The registry’s action name: `start.DIRECTORY_GROUPS_SYNC`, `provider_connection.rotate_credentials`, `tenant.members.remove`, …',
    }),
    actor: t.field({
      type: UserRef,
      nullable: true,
      description: 'Who acted; null for the system’s own steps.',
      resolve: (e) => e.actor,
    }),
    apiClient: t.field({
      type: ApiClientRef,
      nullable: true,
      description:
        'The API client the actor acted through, when one did and the caller manages the workspace’s clients (otherwise null: `apiClientId` still names it).',
      resolve: async (e, _args, ctx) => {
        if (!e.apiClientId) return null;
        const client = await ctx.loaders.managedApiClient.load(e.apiClientId);
        return client.ok ? client.value : null;
      },
    }),
    apiClientId: t.id({
      nullable: true,
      description: 'The API client the actor acted through, when one did.',
      resolve: (e) => e.apiClientId,
    }),
    tenant: t.field({
      type: TenantRef,
      nullable: true,
      description: 'The tenant it concerns; null for a record of the workspace itself.',
      resolve: async (e, _args, ctx) => {
        if (!e.tenantId) return null;
        const tenant = await ctx.loaders.tenant.load(e.tenantId);
        return tenant.ok ? tenant.value : null;
      },
    }),
    surface: t.field({
      type: shared.StartSurface,
      nullable: true,
      description: 'For start decisions: where the start came from.',
      resolve: (e) => e.surface,
    }),
    outcome: t.field({
      type: shared.StartOutcome,
      nullable: true,
      description: 'For start decisions: the gate’s answer.',
      resolve: (e) => e.outcome,
    }),
    run: t.field({
      type: OperationRunRef,
      nullable: true,
      description:
        'The run it pointed at: the admitted, existing, active or blocked-attempt run of a decision; the cancelled or retried run.',
      resolve: (e) => (e.runId ? { id: e.runId } : null),
    }),
    targetType: t.exposeString('targetType', {
      nullable: true,
      description: 'What the change was made to: `provider_connection`, `user`, `tenant`, `restore_run`, …',
    }),
    targetId: t.exposeString('targetId', { nullable: true, description: 'The id of what the change was made to.' }),
    detail: t.field({
      type: 'JSON',
      nullable: true,
      description: 'What else matters to a reader (a new role, a reason code). Never a secret.',
      resolve: (e) => e.detail,
    }),
  }),
});

const AuditEventEdge = builder.objectRef<AuditEventPage['edges'][number]>('AuditEventEdge').implement({
  description: 'One record of a page of the audit log.',
  fields: (t) => ({
    cursor: t.exposeString('cursor', { description: 'Pass as `after` to continue after this record.' }),
    node: t.field({ type: AuditEventRef, description: 'The record.', resolve: (e) => e.node }),
  }),
});

const AuditEventConnection = builder.objectRef<AuditEventPage>('AuditEventConnection').implement({
  description: 'A page of the audit log, newest first.',
  fields: (t) => ({
    edges: t.field({ type: [AuditEventEdge], description: 'The records of this page.', resolve: (p) => p.edges }),
    pageInfo: t.field({ type: shared.PageInfo, description: 'Where this page ends.', resolve: (p) => p.pageInfo }),
  }),
});

builder.queryFields((t) => ({
  auditEvents: t.field({
    type: AuditEventConnection,
    description: `The audit log of a workspace, newest first: every start decision and every administrative change. A tenant’s records are read by its OWNERs and MANAGERs (capability audit.view), the workspace’s own records by workspace OWNERs (workspace.audit.view); FORBIDDEN for other members, NOT_FOUND for strangers (as for a missing id). \`first\` 1 to ${MAX_AUDIT_PAGE}; export it all as NDJSON with \`npm run audit:export\`.`,
    args: {
      workspaceId: t.arg.id({ required: true, description: 'The workspace.' }),
      tenantId: t.arg.id({ description: 'Only this tenant’s records.' }),
      actorId: t.arg.id({ description: 'Only what this user did.' }),
      action: t.arg.string({ description: 'Only this action (the registry’s name, e.g. `tenant.members.remove`).' }),
      first: t.arg.int({ description: `How many, 1 to ${MAX_AUDIT_PAGE} (default 50).` }),
      after: t.arg.string({ description: 'The `endCursor` of the previous page.' }),
    },
    resolve: async (_root, args, ctx) => {
      const first = listSize(args.first, 50, MAX_AUDIT_PAGE);
      return unwrap(
        await auditEventPage(ctx.db, ctx.actor, {
          workspaceId: String(args.workspaceId),
          tenantId: args.tenantId == null ? null : String(args.tenantId),
          actorId: args.actorId == null ? null : String(args.actorId),
          action: args.action,
          first,
          after: args.after,
        }),
      );
    },
  }),
}));
