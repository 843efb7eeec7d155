/** The shapes behind the GraphQL types. */
import type { ReasonCode } from '@msp/gate';
import type { RestoreItemAction } from '@msp/restore-plan';

export type RestoreRunStatus = 'DRAFT' | 'PREVIEWED' | 'EXECUTING' | 'COMPLETED' | 'FAILED';

export interface RestorePreviewItemModel {
  itemId: string;
  displayName: string;
  action: RestoreItemAction;
  diffSummary: string | null;
  /** The current policy the item matched (null for CREATE). */
  targetPolicyId: string | null;
}

export interface RestorePreviewModel {
  items: RestorePreviewItemModel[];
  creates: number;
  updates: number;
  unchanged: number;
}

export interface RestoreItemResultModel {
  itemId: string;
  displayName: string;
  action: RestoreItemAction;
  targetPolicyId: string | null;
  ok: boolean;
  reasonCode: ReasonCode | null;
  detail: string | null;
}

export interface RestoreRunModel {
  id: string;
  tenantId: string;
  tenantName: string;
  backupId: string;
  selectedItemIds: string[] | null;
  /** Effective status: an EXECUTING run whose operation run ended reads COMPLETED or FAILED. */
  status: RestoreRunStatus;
  preview: RestorePreviewModel | null;
  warnings: string[];
  previewedAt: Date | null;
  operationRunId: string | null;
  itemResults: RestoreItemResultModel[];
  rerunOf: string | null;
  createdAt: Date;
}
