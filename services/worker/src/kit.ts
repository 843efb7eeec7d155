/**
 * The job kit: what a processor is, what it gets, and how failures are told apart. A processor
 * is `{ operationType, handle({ input, context, logger }) }`; it reads Graph and writes its own
 * tables, reports progress through `context.progress`, and returns how the run ended. It never
 * moves the run itself: the runtime hands the result (or the error) to the lifecycle.
 */
import type { Database, NotificationRow, RunRow, schema } from '@msp/db';
import type { OperationJob, OperationType, ReasonCode } from '@msp/gate';
import { type GraphTenantClient, isGraphError } from '@msp/microsoft-graph';
import type { Completion, Progress } from '@msp/run-lifecycle';
import type { Logger } from 'pino';

/** The database or a transaction in it: what helpers that write take. */
export type DbExecutor = Pick<Database, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;

/** A provider connection as processors see it: the encrypted secret is left out on purpose. */
export type ConnectionRow = Omit<typeof schema.providerConnections.$inferSelect, 'clientSecretEncrypted'>;

/** Settings processors share; the runtime fills them from its options. */
export interface ProcessorSettings {
  /**
   * `$top` of a groups page.
   * @defaultValue 999, the Graph maximum
   */
  groupsPageSize: number;
  /**
   * Policies read at once during a backup (each is one Graph request with its settings).
   * @defaultValue 4
   */
  backupConcurrency: number;
  /**
   * A client secret expiring within this raises a CREDENTIALS_EXPIRING warning (health checks).
   * @defaultValue 30 days
   */
  credentialExpiryWarningMs: number;
}

export interface ProcessorContext {
  db: Database;
  /** The run, as `begin` left it (RUNNING). */
  run: RunRow;
  connection: ConnectionRow;
  /** Graph for this run's tenant, signed in with the connection's decrypted credentials. */
  graph: GraphTenantClient;
  /** 1 for the first delivery; higher after a crash or a retry. */
  attempt: number;
  settings: ProcessorSettings;
  /**
   * Aborted when the run's cancellation is requested. The Graph client observes it (no request
   * or page after it; a read in flight ends, a write in flight finishes). A processor that can
   * keep what it did checks `cancelled(context)` at its steps and returns `{ outcome: 'CANCELLED'
   * }` with its result and counts so far; one that does not simply fails its next Graph call,
   * and the run ends CANCELLED with the counts it last reported.
   */
  signal: AbortSignal;
  /** Records progress (absolute counts) on the run and publishes it. */
  progress(progress: Progress): Promise<void>;
  /** Publishes notifications the processor wrote, to their recipients' live streams (after commit). */
  publishNotifications(rows: NotificationRow[]): Promise<void>;
}

/** Whether the run's cancellation has reached this processor. */
export function cancelled(context: ProcessorContext): boolean {
  return context.signal.aborted;
}

export interface HandlerArgs {
  /** The job payload, parsed again in the worker with `operationJobSchema`. */
  input: OperationJob;
  context: ProcessorContext;
  /** Carries the job id, attempt, run id and operation type. */
  logger: Logger;
}

/** How the run ended, as the processor saw it. Errors are thrown instead (see `RunFailure`). */
export type ProcessorResult = Completion;

export interface Processor<T extends OperationType = OperationType> {
  operationType: T;
  handle(args: HandlerArgs): Promise<ProcessorResult>;
}

export function defineProcessor<T extends OperationType>(processor: Processor<T>): Processor<T> {
  return processor;
}

/** A failure with a known reason code, thrown by the runtime or a processor. */
export class RunFailure extends Error {
  override readonly name = 'RunFailure';
  constructor(
    readonly reasonCode: ReasonCode,
    message: string,
    /** Whether a later attempt may succeed. @defaultValue false */
    readonly retryable = false,
  ) {
    super(message);
  }
}

export interface ClassifiedFailure {
  reasonCode: ReasonCode;
  /** What the operator reads after the reason; never internals or secrets. */
  detail: string;
  retryable: boolean;
  /** The wait the provider asked for, when it did. */
  retryAfterMs?: number;
  /** True when the provider answered (the connection's stored state may need updating). */
  fromProvider: boolean;
}

/**
 * Turns anything thrown by a processor into a reason. GraphError messages are built by the
 * adapter from codes with the secret redacted, so they are shown; other errors are internal
 * and only logged.
 */
export function classifyFailure(err: unknown): ClassifiedFailure {
  if (isGraphError(err)) {
    return {
      reasonCode: err.reasonCode,
      detail: err.message,
      retryable: err.retryable,
      ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}),
      fromProvider: true,
    };
  }
  if (err instanceof RunFailure) {
    return { reasonCode: err.reasonCode, detail: err.message, retryable: err.retryable, fromProvider: false };
  }
  return { reasonCode: 'INTERNAL_ERROR', detail: '', retryable: true, fromProvider: false };
}
