/**
 * The one translation from outcomes and reason codes to what an operator reads. Start results,
 * run detail and notifications all come through here, so a start BLOCKED for bad credentials
 * and a run that FAILED on bad credentials show the same problem class and the same next step.
 */
import { adminConsentUrl, type GraphCloud } from '@msp/microsoft-graph';
import {
  type NextStepAction,
  OPERATION_LABELS,
  type OperationType,
  type ProblemClass,
  type ReasonCode,
  type RunOutcome,
  type RunStatus,
} from './vocabulary';

export interface OperatorMessage {
  headline: string;
  reason: string | null;
  nextStep: string;
  action: NextStepAction;
  actionUrl: string | null;
}

interface ReasonEntry {
  problemClass: ProblemClass;
  reason: string;
  nextStep: string;
  action: NextStepAction;
}

export const REASONS: Record<ReasonCode, ReasonEntry> = {
  PROVIDER_CONNECTION_MISSING: {
    problemClass: 'PROVIDER_CONNECTION',
    reason: 'This tenant has no default provider connection.',
    nextStep: 'Create a provider connection for the tenant, or mark an existing one as the default.',
    action: 'CREATE_PROVIDER_CONNECTION',
  },
  PROVIDER_CONNECTION_DISABLED: {
    problemClass: 'PROVIDER_CONNECTION',
    reason: 'The provider connection is disabled.',
    nextStep: 'Enable the provider connection, or choose another one.',
    action: 'ENABLE_PROVIDER_CONNECTION',
  },
  PROVIDER_CONSENT_MISSING: {
    problemClass: 'PROVIDER_CONSENT',
    reason: 'Admin consent has not been granted for the provider connection.',
    nextStep:
      "Have a Global Administrator grant admin consent to the app in the customer's tenant, then record the consent on the provider connection.",
    action: 'GRANT_PROVIDER_CONSENT',
  },
  PROVIDER_CONSENT_REVOKED: {
    problemClass: 'PROVIDER_CONSENT',
    reason: 'Admin consent for the provider connection was revoked.',
    nextStep:
      "Have a Global Administrator grant admin consent to the app again in the customer's tenant, then record the consent on the provider connection.",
    action: 'GRANT_PROVIDER_CONSENT',
  },
  PROVIDER_CREDENTIALS_MISSING: {
    problemClass: 'PROVIDER_CREDENTIALS',
    reason: 'The provider connection has no client secret.',
    nextStep: 'Add a client secret to the provider connection.',
    action: 'ROTATE_PROVIDER_CREDENTIALS',
  },
  PROVIDER_CREDENTIALS_EXPIRED: {
    problemClass: 'PROVIDER_CREDENTIALS',
    reason: "The provider connection's client secret has expired.",
    nextStep: 'Create a new client secret in Entra and rotate it on the provider connection.',
    action: 'ROTATE_PROVIDER_CREDENTIALS',
  },
  PROVIDER_CREDENTIALS_INVALID: {
    problemClass: 'PROVIDER_CREDENTIALS',
    reason: "Microsoft rejected the provider connection's client secret.",
    nextStep: 'Create a new client secret in Entra and rotate it on the provider connection.',
    action: 'ROTATE_PROVIDER_CREDENTIALS',
  },
  PROVIDER_PERMISSIONS_MISSING: {
    problemClass: 'PROVIDER_PERMISSIONS',
    reason: 'The app lacks a Microsoft Graph permission this operation needs.',
    nextStep: 'Add the missing application permission to the app registration and grant admin consent.',
    action: 'GRANT_PROVIDER_PERMISSIONS',
  },
  PROVIDER_THROTTLED: {
    problemClass: 'PROVIDER_AVAILABILITY',
    reason: 'Microsoft Graph throttled the requests.',
    nextStep: 'Try again in a few minutes.',
    action: 'RETRY_LATER',
  },
  PROVIDER_UNAVAILABLE: {
    problemClass: 'PROVIDER_AVAILABILITY',
    reason: 'Microsoft Graph could not be reached or did not answer in time.',
    nextStep: 'Try again in a few minutes.',
    action: 'RETRY_LATER',
  },
  TENANT_NOT_ACTIVE: {
    problemClass: 'TENANT_STATE',
    reason: 'The tenant is not active.',
    nextStep: 'Reactivate the tenant before starting provider operations.',
    action: 'ACTIVATE_TENANT',
  },
  RESTORE_NOT_READY: {
    problemClass: 'OPERATION_PRECONDITION',
    reason: 'The restore run has not been previewed.',
    nextStep: 'Preview the restore run, review its changes and warnings, then execute it.',
    action: 'PREPARE_RESTORE',
  },
  TARGET_NOT_FOUND: {
    problemClass: 'OPERATION_PRECONDITION',
    reason: 'The object this operation acts on no longer exists.',
    nextStep: "Check the provider connection's directory (tenant) ID and the selected items, then start again.",
    action: 'CONTACT_SUPPORT',
  },
  RUN_INTERRUPTED: {
    problemClass: 'INTERNAL',
    reason: 'The run was interrupted before it finished.',
    nextStep: 'Start the operation again; nothing else is needed.',
    action: 'RETRY_LATER',
  },
  INTERNAL_ERROR: {
    problemClass: 'INTERNAL',
    reason: 'Something went wrong on our side.',
    nextStep: 'Try again; if it keeps failing, contact support with the run link.',
    action: 'CONTACT_SUPPORT',
  },
};

export function problemClassOf(reasonCode: ReasonCode): ProblemClass {
  return REASONS[reasonCode].problemClass;
}

/** Where the links in messages point. Every URL the API emits is built here. */
export interface Links {
  publicAppUrl: string;
  /**
   * The national cloud of the platform's provider connections (GRAPH_CLOUD): the admin-consent
   * next step links to Entra's admin-consent page in that cloud.
   * @defaultValue 'global'
   */
  graphCloud?: GraphCloud;
}

export function runUrl(links: Links, runId: string): string {
  return `${links.publicAppUrl}/monitoring/operations/${runId}`;
}

export interface MessageContext {
  tenantId: string;
  providerConnectionId?: string | null;
  /**
   * The connection's app in the customer's directory (a run's connection snapshot): with it, the
   * admin-consent next step links to Entra's admin-consent page for that app and directory;
   * without it, to the connection's page in the console.
   */
  connection?: { entraTenantId: string; clientId: string } | null;
  /** The restore run, for PREPARE_RESTORE. */
  restoreRunId?: string | null;
}

function actionUrl(links: Links, action: NextStepAction, ctx: MessageContext, runId: string | null): string | null {
  const tenant = `${links.publicAppUrl}/tenants/${ctx.tenantId}`;
  const connections = `${tenant}/provider-connections`;
  switch (action) {
    case 'OPEN_RUN':
    case 'WAIT_FOR_RUN':
    case 'RETRY_LATER':
      return runId ? runUrl(links, runId) : null;
    case 'CREATE_PROVIDER_CONNECTION':
    case 'SET_DEFAULT_PROVIDER_CONNECTION':
      return connections;
    case 'GRANT_PROVIDER_CONSENT':
      // Consent is given by a Global Administrator of the customer's directory on Microsoft's own
      // page, in the cloud the connection lives in (never a console route: there is nothing to
      // click in the console until the consent exists; recording it there is the step after).
      if (ctx.connection) {
        return adminConsentUrl(links.graphCloud ?? 'global', ctx.connection.entraTenantId, ctx.connection.clientId);
      }
      return ctx.providerConnectionId ? `${connections}/${ctx.providerConnectionId}` : connections;
    case 'ENABLE_PROVIDER_CONNECTION':
    case 'ROTATE_PROVIDER_CREDENTIALS':
    case 'GRANT_PROVIDER_PERMISSIONS':
      return ctx.providerConnectionId ? `${connections}/${ctx.providerConnectionId}` : connections;
    case 'ACTIVATE_TENANT':
      return tenant;
    case 'PREPARE_RESTORE':
      return ctx.restoreRunId ? `${tenant}/restore-runs/${ctx.restoreRunId}` : `${tenant}/restore-runs`;
    case 'CONTACT_SUPPORT':
      return `${links.publicAppUrl}/support${runId ? `?run=${runId}` : ''}`;
  }
}

/**
 * The message for a reason code, for a start that was blocked or a run that failed. A blocker's
 * detail is an operator-facing sentence (blockers.ts) and replaces the generic reason; a
 * failure's detail (what Graph answered, which items failed) is appended to it.
 */
export function reasonMessage(
  links: Links,
  headline: string,
  reasonCode: ReasonCode,
  ctx: MessageContext,
  runId: string | null,
  detail?: string | null,
  detailMode: 'replace' | 'append' = 'append',
): OperatorMessage {
  const entry = REASONS[reasonCode];
  // No default but other connections exist: the fix is choosing a default, not creating one.
  const action =
    reasonCode === 'PROVIDER_CONNECTION_MISSING' && detail === NO_DEFAULT_DETAIL
      ? 'SET_DEFAULT_PROVIDER_CONNECTION'
      : entry.action;
  return {
    headline,
    reason: !detail ? entry.reason : detailMode === 'replace' ? detail : `${entry.reason} ${detail}`,
    nextStep: entry.nextStep,
    action,
    actionUrl: actionUrl(links, action, ctx, runId),
  };
}

export const NO_DEFAULT_DETAIL = 'The tenant has provider connections, but none is the default.';

export type StartMessageInput =
  | { outcome: 'ACCEPTED'; operationType: OperationType; runId: string; connectionName: string }
  | { outcome: 'DEDUPED'; operationType: OperationType; runId: string; runStatus: RunStatus }
  | {
      outcome: 'SCOPE_BUSY';
      operationType: OperationType;
      runId: string;
      activeOperationType: OperationType;
      connectionName: string;
    }
  | {
      outcome: 'BLOCKED';
      operationType: OperationType;
      runId: string | null;
      reasonCode: ReasonCode;
      detail?: string | null;
    };

/** The ten-second scan of a start result: accepted? if not, why not? what next? */
export function startMessage(links: Links, input: StartMessageInput, ctx: MessageContext): OperatorMessage {
  const label = OPERATION_LABELS[input.operationType];
  switch (input.outcome) {
    case 'ACCEPTED':
      return {
        headline: `${label} started`,
        reason: null,
        nextStep: `The run is queued on ${input.connectionName}. Follow its progress in Monitoring → Operations.`,
        action: 'OPEN_RUN',
        actionUrl: runUrl(links, input.runId),
      };
    case 'DEDUPED':
      return {
        headline: `${label} is already ${input.runStatus === 'RUNNING' ? 'running' : 'queued'}`,
        reason: 'An equivalent run is already active, so no new run was started.',
        nextStep: 'Open the existing run to follow its progress.',
        action: 'OPEN_RUN',
        actionUrl: runUrl(links, input.runId),
      };
    case 'SCOPE_BUSY':
      return {
        headline: `${label} was not started: the provider connection is busy`,
        reason: `${OPERATION_LABELS[input.activeOperationType]} is already queued or running on ${input.connectionName}, and only one operation may use a provider connection at a time.`,
        nextStep: 'Wait for the active run to finish, then start again.',
        action: 'WAIT_FOR_RUN',
        actionUrl: runUrl(links, input.runId),
      };
    case 'BLOCKED':
      return reasonMessage(
        links,
        `${label} was not started`,
        input.reasonCode,
        ctx,
        input.runId,
        input.detail,
        'replace',
      );
  }
}

export interface RunMessageInput {
  id: string;
  operationType: OperationType;
  status: RunStatus;
  outcome: RunOutcome;
  reasonCode: ReasonCode | null;
  reasonDetail: string | null;
}

/** Run detail and notifications: the same table as the start surfaces. */
export function runMessage(links: Links, run: RunMessageInput, ctx: MessageContext): OperatorMessage {
  const label = OPERATION_LABELS[run.operationType];
  const open = (headline: string, nextStep: string, reason: string | null = null): OperatorMessage => ({
    headline,
    reason,
    nextStep,
    action: 'OPEN_RUN',
    actionUrl: runUrl(links, run.id),
  });
  if (run.status === 'QUEUED') return open(`${label} is queued`, 'It starts as soon as a worker is free.');
  if (run.status === 'RUNNING') return open(`${label} is running`, 'Progress updates live on this page.');
  const reasonCode = run.reasonCode ?? 'INTERNAL_ERROR';
  switch (run.outcome) {
    case 'SUCCEEDED':
    case 'PENDING':
      return open(`${label} succeeded`, 'Nothing to do.');
    case 'CANCELLED':
      // The detail says who cancelled it and why ("Cancelled by Olivia Owner: wrong tenant").
      return open(`${label} was cancelled`, 'Retry it from Monitoring when needed.', run.reasonDetail);
    case 'BLOCKED':
      return reasonMessage(
        links,
        `${label} was blocked and never started`,
        reasonCode,
        ctx,
        run.id,
        run.reasonDetail,
        'replace',
      );
    case 'FAILED':
      return reasonMessage(links, `${label} failed`, reasonCode, ctx, run.id, run.reasonDetail);
    case 'PARTIALLY_SUCCEEDED': {
      const m = reasonMessage(links, `${label} partially succeeded`, reasonCode, ctx, run.id, run.reasonDetail);
      return { ...m, nextStep: `Review the failed items in the run. ${m.nextStep}` };
    }
  }
}
