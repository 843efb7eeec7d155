/**
 * RESTORE_EXECUTION is built by a later issue (restore runs: preview, confirmation, per-item
 * writes). Until then this placeholder ends any such run FAILED with INTERNAL_ERROR at once, so
 * an admitted restore never sits QUEUED or RUNNING, and writes nothing to the tenant.
 */
import { defineProcessor } from '../kit';

export const restoreExecutionProcessor = defineProcessor({
  operationType: 'RESTORE_EXECUTION',
  async handle({ logger }) {
    logger.warn('restore execution is not implemented yet; failing the run');
    return {
      outcome: 'FAILED',
      reasonCode: 'INTERNAL_ERROR',
      reasonDetail: 'Restore execution is not available yet; nothing was changed in the tenant.',
    };
  },
});
