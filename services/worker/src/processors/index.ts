/** One processor per operation type: the registry the runtime dispatches on. */
import type { OperationType } from '@msp/gate';
import type { Processor } from '../kit';
import { directoryGroupsProcessor } from './directory-groups';
import { healthCheckProcessor } from './health-check';
import { policyBackupProcessor } from './policy-backup';
import { restoreExecutionProcessor } from './restore-execution';
import { roleDefinitionsProcessor } from './role-definitions';
import { verificationProcessor } from './verification';

export const PROCESSORS: { [T in OperationType]: Processor<T> } = {
  PROVIDER_VERIFICATION: verificationProcessor,
  PROVIDER_CONNECTION_HEALTH_CHECK: healthCheckProcessor,
  DIRECTORY_GROUPS_SYNC: directoryGroupsProcessor,
  ROLE_DEFINITIONS_SYNC: roleDefinitionsProcessor,
  POLICY_BACKUP: policyBackupProcessor,
  RESTORE_EXECUTION: restoreExecutionProcessor,
};
