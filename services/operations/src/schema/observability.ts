/** `OperationRun.traceId` (contract-round2 section "observability"): the run's trace, for support. */
import { builder } from '../builder';
import { OperationRunRef } from './operation-run';

builder.objectField(OperationRunRef, 'traceId', (t) =>
  t.exposeString('traceId', {
    nullable: true,
    description:
      'The OpenTelemetry trace id of the start that created this run (gateway, gate decision, job, processor and every Microsoft Graph call are spans of that one trace); null when tracing was off.',
  }),
);
