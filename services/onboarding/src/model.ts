/** Shapes behind the GraphQL types. */
import type { schema } from '@msp/db';
import type { OperationType, OperatorMessage, StartOutcome } from '@msp/gate';

export type OnboardingStepKey = (typeof schema.onboardingStepKey.enumValues)[number];
export type OnboardingSessionStatus = (typeof schema.onboardingSessionStatus.enumValues)[number];
export type OnboardingStepStatus = 'PENDING' | 'IN_PROGRESS' | 'NEEDS_ATTENTION' | 'DONE' | 'SKIPPED';

export interface OnboardingStepModel {
  key: OnboardingStepKey;
  status: OnboardingStepStatus;
  /** The run the step is waiting on (or last waited on); null when it waits on none. */
  runId: string | null;
  lastStartOutcome: StartOutcome | null;
  message: OperatorMessage | null;
  pendingOperations: OperationType[];
  completedOperations: OperationType[];
}

export interface OnboardingSessionModel {
  id: string;
  workspaceId: string;
  tenantId: string | null;
  providerConnectionId: string | null;
  status: OnboardingSessionStatus;
  currentStep: OnboardingStepKey;
  steps: OnboardingStepModel[];
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
  cancelledAt: Date | null;
}
