/**
 * @msp/run-lifecycle: the only code that moves a run after the gate admitted it (begin, progress,
 * complete, cancel), with its audit trail, live events and the initiator's notification. The
 * worker drives it for every job; the operations subgraph cancels through it.
 */
export {
  type BeginResult,
  type CancelRequest,
  type CancelResult,
  type CompleteResult,
  type Completion,
  createLifecycle,
  type Fence,
  type Lifecycle,
  type LifecycleOptions,
  type NotificationRow,
  type Progress,
  TERMINAL_OUTCOMES,
  type TerminalOutcome,
} from './lifecycle';
