/**
 * Tells the operations replicas that a user's access to a tenant may have ended, so that their
 * live subscriptions end at once (the gate's `accessChangedChannel`). Best effort by design: the
 * change it reports has already committed, so a failed or slow publish is logged and never fails
 * the mutation; the operations subgraph's periodic re-check still ends those subscriptions.
 */
import { type AccessChangedEvent, type Publisher, publishAccessChanged } from '@msp/gate';
import { withTimeout } from '@msp/process';
import type { Logger } from 'pino';

export interface AccessEvents {
  /** Publishes the change; never throws, and waits at most the publish timeout. */
  accessChanged(event: AccessChangedEvent): Promise<void>;
}

export interface AccessEventsOptions {
  /** Redis publisher (the one the gate publishes run events with). Without it nothing is published. */
  publisher?: Publisher;
  logger: Logger;
  /**
   * The longest a mutation waits for Redis before answering (ioredis queues commands while it
   * reconnects, so an unbounded publish would hold the mutation for as long as Redis is down).
   * @defaultValue 1000
   */
  timeoutMs?: number;
}

export function createAccessEvents(options: AccessEventsOptions): AccessEvents {
  const { publisher, logger } = options;
  const timeoutMs = options.timeoutMs ?? 1000;
  return {
    async accessChanged(event) {
      if (!publisher) return;
      try {
        await withTimeout(publishAccessChanged(publisher, event), timeoutMs);
      } catch (error) {
        logger.warn(
          { ...event, err: error },
          'access-changed publish failed: live subscriptions end at their next periodic re-check',
        );
      }
    },
  };
}
