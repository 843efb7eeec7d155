/** OnboardingSession: the entity this subgraph owns, its steps, and the wizard's mutations. */

import { defineCreateProviderConnectionInput } from '@msp/provider-connection';
import { unwrap } from '@msp/subgraph-kit';
import { builder } from '../builder';
import type {
  OnboardingSessionModel,
  OnboardingSessionStatus,
  OnboardingStepKey,
  OnboardingStepModel,
  OnboardingStepStatus,
} from '../model';
import {
  cancelOnboarding,
  completeOnboarding,
  connectOnboardingProvider,
  createOnboardingSession,
} from '../service/sessions';
import { startOnboardingBootstrap, startOnboardingVerification } from '../service/starts';
import { OperationRunRef, ProviderConnectionRef, StartResultRef, shared, TenantRef, WorkspaceRef } from './shared';

function enumValues<K extends string>(descriptions: Record<K, string>) {
  return Object.fromEntries(Object.entries(descriptions).map(([k, description]) => [k, { value: k, description }])) as {
    [P in K]: { value: P; description: string };
  };
}

const STEP_KEY_DESCRIPTIONS: Record<OnboardingStepKey, string> = {
  TENANT_DETAILS: 'The tenant’s name, Entra directory ID and domain; done when the session is created.',
  PROVIDER_CONNECTION: 'The Entra app registration (client ID and secret) the platform uses to reach Graph.',
  VERIFICATION: 'A PROVIDER_VERIFICATION run proving consent, credentials and permissions.',
  BOOTSTRAP: 'The first syncs and backup (groups, role definitions, policies), admitted one at a time.',
  COMPLETE: 'The tenant is activated.',
};

const STEP_STATUS_DESCRIPTIONS: Record<OnboardingStepStatus, string> = {
  PENDING: 'Not started yet, or (bootstrap) waiting for the next start of the remaining work.',
  IN_PROGRESS: 'Its run is queued or running.',
  NEEDS_ATTENTION:
    'The last start was refused (blocked, or the connection was busy) or its run failed: see the message, then start again.',
  DONE: 'Finished successfully.',
  SKIPPED: 'Left unfinished because the session was completed or cancelled without it.',
};

const SESSION_STATUS_DESCRIPTIONS: Record<OnboardingSessionStatus, string> = {
  ACTIVE: 'In progress: its steps can be started and retried.',
  COMPLETED: 'Completed: the tenant was activated.',
  CANCELLED: 'Cancelled: the tenant it created was archived (if it was still onboarding).',
};

const OnboardingStepKeyEnum = builder.enumType('OnboardingStepKey', {
  description: 'The steps of the onboarding wizard, in order.',
  values: enumValues(STEP_KEY_DESCRIPTIONS),
});

const OnboardingStepStatusEnum = builder.enumType('OnboardingStepStatus', {
  description: 'Where one step of the wizard is.',
  values: enumValues(STEP_STATUS_DESCRIPTIONS),
});

const OnboardingSessionStatusEnum = builder.enumType('OnboardingSessionStatus', {
  description: 'Whether an onboarding session is still going, completed or cancelled.',
  values: enumValues(SESSION_STATUS_DESCRIPTIONS),
});

const OnboardingStep = builder.objectRef<OnboardingStepModel>('OnboardingStep').implement({
  description: 'One step of the wizard: its status, the run it waits on and the last start’s answer.',
  fields: (t) => ({
    key: t.expose('key', { type: OnboardingStepKeyEnum, description: 'Which step.' }),
    status: t.expose('status', { type: OnboardingStepStatusEnum, description: 'Where the step is.' }),
    run: t.field({
      type: OperationRunRef,
      nullable: true,
      description:
        'The run this step is waiting on (admitted, joined, or the active run that made the connection busy), or the run it last waited on; null when it waits on none (never started, or blocked).',
      resolve: (s) => (s.runId ? { id: s.runId } : null),
    }),
    lastStartOutcome: t.expose('lastStartOutcome', {
      type: shared.StartOutcome,
      nullable: true,
      description: 'What the gate answered the step’s last start; null when it was never started.',
    }),
    message: t.field({
      type: shared.OperatorMessage,
      nullable: true,
      description:
        'The ten-second scan of the step: the last start’s message, or how its run ended once it did; null before the first start.',
      resolve: (s) => s.message,
    }),
    pendingOperations: t.field({
      type: [shared.ProviderOperationType],
      description:
        'Bootstrap work selected but not yet admitted: the visible follow-up state. Start bootstrap again to admit the next one (a failed one is retried from here).',
      resolve: (s) => s.pendingOperations,
    }),
    completedOperations: t.field({
      type: [shared.ProviderOperationType],
      description: 'Bootstrap operations whose run succeeded (or partially succeeded).',
      resolve: (s) => s.completedOperations,
    }),
  }),
});

export const OnboardingSessionRef = builder.objectRef<OnboardingSessionModel>('OnboardingSession');

OnboardingSessionRef.implement({
  description:
    'One run of the onboarding wizard for a new tenant: details, provider connection, verification, bootstrap, completion. Visible to owners of its workspace.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The onboarding session id.' }),
    workspace: t.field({
      type: WorkspaceRef,
      description: 'The workspace the tenant is onboarded into.',
      resolve: (s) => ({ id: s.workspaceId }),
    }),
    tenant: t.field({
      type: TenantRef,
      nullable: true,
      description: 'The tenant being onboarded (status ONBOARDING until completed).',
      resolve: (s) => (s.tenantId ? { id: s.tenantId } : null),
    }),
    providerConnection: t.field({
      type: ProviderConnectionRef,
      nullable: true,
      description: 'The connection the wizard created (the tenant’s default); null until connected.',
      resolve: (s) => (s.providerConnectionId ? { id: s.providerConnectionId } : null),
    }),
    status: t.expose('status', {
      type: OnboardingSessionStatusEnum,
      description: 'Whether the session is still going, completed or cancelled.',
    }),
    currentStep: t.expose('currentStep', {
      type: OnboardingStepKeyEnum,
      description: 'Where the wizard is: the first step not done yet (COMPLETE once completed).',
    }),
    steps: t.field({
      type: [OnboardingStep],
      description: 'Every step, in wizard order.',
      resolve: (s) => s.steps,
    }),
    createdAt: t.field({ type: 'DateTime', description: 'When the session was created.', resolve: (s) => s.createdAt }),
    completedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When onboarding was completed.',
      resolve: (s) => s.completedAt,
    }),
    cancelledAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the session was cancelled.',
      resolve: (s) => s.cancelledAt,
    }),
  }),
});

builder.asEntity(OnboardingSessionRef, {
  key: builder.selection<{ id: string }>('id'),
  // Authorized like `onboardingSession`: a reference the caller may not see is NOT_FOUND.
  resolveReference: async (reference, ctx) => {
    return unwrap(await ctx.loaders.session.load(reference.id));
  },
});

const CreateProviderConnectionInput = defineCreateProviderConnectionInput(builder);

builder.queryFields((t) => ({
  onboardingSession: t.field({
    type: OnboardingSessionRef,
    nullable: true,
    description:
      'One onboarding session. Needs onboarding.manage (workspace OWNER): NOT_FOUND when it does not exist or the caller is not a member of its workspace, FORBIDDEN for a member who is not an owner.',
    args: { id: t.arg.id({ required: true, description: 'The onboarding session id.' }) },
    resolve: async (_root, args, ctx) => {
      return unwrap(await ctx.loaders.session.load(String(args.id)));
    },
  }),
}));

builder.mutationFields((t) => ({
  createOnboardingSession: t.field({
    type: OnboardingSessionRef,
    description:
      'Starts onboarding a tenant: creates it in status ONBOARDING (the caller becomes its OWNER) and the session. Needs onboarding.manage (workspace OWNER).',
    args: {
      workspaceId: t.arg.id({ required: true, description: 'The workspace the tenant joins.' }),
      tenantName: t.arg.string({ required: true, description: 'The tenant’s name (1-200 characters).' }),
      entraTenantId: t.arg.string({
        required: true,
        description: 'The customer’s Entra directory (tenant) ID, a UUID.',
      }),
      primaryDomain: t.arg.string({ required: false, description: 'The customer’s primary domain, e.g. contoso.com.' }),
    },
    resolve: async (_root, args, ctx) =>
      unwrap(
        await createOnboardingSession(ctx.deps, ctx.actor, {
          workspaceId: String(args.workspaceId),
          tenantName: args.tenantName,
          entraTenantId: args.entraTenantId,
          primaryDomain: args.primaryDomain ?? null,
        }),
      ),
  }),
  connectOnboardingProvider: t.field({
    type: OnboardingSessionRef,
    description:
      'Creates the tenant’s provider connection (validated and encrypted by the provider-connection service) and makes it the default; `input.tenantId` must be the session’s tenant. Connecting again replaces the session’s connection. Needs onboarding.manage.',
    args: {
      sessionId: t.arg.id({ required: true, description: 'The onboarding session id.' }),
      input: t.arg({ type: CreateProviderConnectionInput, required: true, description: 'The connection.' }),
    },
    resolve: async (_root, args, ctx) =>
      unwrap(
        await connectOnboardingProvider(ctx.deps, ctx.actor, String(args.sessionId), {
          ...args.input,
          tenantId: String(args.input.tenantId),
        }),
      ),
  }),
  startOnboardingVerification: t.field({
    type: StartResultRef,
    description:
      'Starts PROVIDER_VERIFICATION through the start gate (surface ONBOARDING): the same outcomes and messages as the tenant page, and it dedupes against a verification started there. Start it again to retry. Needs onboarding.manage.',
    args: {
      sessionId: t.arg.id({ required: true, description: 'The onboarding session id.' }),
      idempotencyKey: t.arg.string({
        description:
          'The same key from the same user replays the first decision; reused for another operation: BAD_USER_INPUT.',
      }),
    },
    resolve: async (_root, args, ctx) =>
      unwrap(await startOnboardingVerification(ctx.deps, ctx.actor, String(args.sessionId), args.idempotencyKey)),
  }),
  startOnboardingBootstrap: t.field({
    type: StartResultRef,
    description:
      'Admits at most one provider-backed run at a time for the connection; the rest stays pending on the step. Records the selection (omitted: the earlier one, or all three), then starts the first operation not done yet through the gate; call it again after the active run ends to admit the next. A blocked, deduped or scope-busy attempt queues nothing. Needs onboarding.manage.',
    args: {
      sessionId: t.arg.id({ required: true, description: 'The onboarding session id.' }),
      operations: t.arg({
        type: [shared.ProviderOperationType],
        required: false,
        description:
          'What to bootstrap: any of DIRECTORY_GROUPS_SYNC, ROLE_DEFINITIONS_SYNC, POLICY_BACKUP (admitted in that order).',
      }),
      idempotencyKey: t.arg.string({
        description:
          'The same key from the same user replays the first decision (whichever operation it admitted), even after the bootstrap moved on; reused elsewhere: BAD_USER_INPUT.',
      }),
    },
    resolve: async (_root, args, ctx) =>
      unwrap(
        await startOnboardingBootstrap(
          ctx.deps,
          ctx.actor,
          String(args.sessionId),
          args.operations ?? null,
          args.idempotencyKey,
        ),
      ),
  }),
  completeOnboarding: t.field({
    type: OnboardingSessionRef,
    description:
      'Activates the tenant (ACTIVE) and completes the session. CONFLICT until a verification of the session’s connection has succeeded; bootstrap is optional. Needs onboarding.manage.',
    args: { sessionId: t.arg.id({ required: true, description: 'The onboarding session id.' }) },
    resolve: async (_root, args, ctx) => unwrap(await completeOnboarding(ctx.deps, ctx.actor, String(args.sessionId))),
  }),
  cancelOnboarding: t.field({
    type: OnboardingSessionRef,
    description:
      'Cancels a session that will not finish; the tenant it created is archived if it is still ONBOARDING. Active runs finish normally. Needs onboarding.manage.',
    args: { sessionId: t.arg.id({ required: true, description: 'The onboarding session id.' }) },
    resolve: async (_root, args, ctx) => unwrap(await cancelOnboarding(ctx.deps, ctx.actor, String(args.sessionId))),
  }),
}));
