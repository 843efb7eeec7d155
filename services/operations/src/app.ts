/**
 * Wires the operations subgraph from options (never from `process.env`): used by `server.ts`,
 * by the tests (several replicas in one process) and by the benchmark.
 */

import type { Publisher } from '@msp/gate';
import { createLifecycle } from '@msp/run-lifecycle';
import {
  type ActionHostOptions,
  checkRedis,
  createFanout,
  gateFor,
  hostServerOptions,
  type SubgraphServer,
  startSubgraphServer,
} from '@msp/subgraph-kit';
import { Redis } from 'ioredis';
import { type AccessWatch, createAccessWatch } from './access';
import { createOperationsContext } from './context';
import { createLiveEvents, type LiveEvents } from './events';
import { schema } from './schema/index';
import { createRunControl } from './service/control';
import { DEFAULT_MIN_INTERVAL_SECONDS } from './service/schedules';

export interface OperationsSubgraphOptions extends ActionHostOptions {
  /** Redis for this replica's one subscriber connection (run events, access changes). */
  redisUrl: string;
  /** Redis publisher: cancellation requests, and the run events of cancels and retries. */
  publisher: Publisher;
  /**
   * How long `cancelOperationRun` waits for the worker holding a running run to stop it.
   * @defaultValue 3000
   */
  cancelWaitMs?: number;
  /**
   * How often live run subscriptions re-check their callers: the safety net behind the
   * access-changed events, which end a removed member's subscriptions at once (so this is the
   * longest a removed member keeps receiving when such an event is lost).
   * @defaultValue 5000
   */
  subscriptionRecheckMs?: number;
  /**
   * The shortest interval a schedule may have (and the shortest gap between two firings of its
   * cron expression), in seconds.
   * @defaultValue 300
   */
  scheduleMinIntervalSeconds?: number;
}

export interface OperationsSubgraph extends SubgraphServer {
  /** This replica's live event streams (its one Redis subscriber connection). */
  events: LiveEvents;
  /** This replica's re-checks of live subscriptions. */
  access: AccessWatch;
}

export async function startOperationsSubgraph(options: OperationsSubgraphOptions): Promise<OperationsSubgraph> {
  const { db, links, logger } = options;
  // The one subscriber connection of this process. ioredis re-subscribes after a reconnect.
  const subscriber = new Redis(options.redisUrl, { maxRetriesPerRequest: null, connectionName: 'msp-operations-sub' });
  subscriber.on('error', (error) => logger.warn({ err: error }, 'redis subscriber error'));
  const fanout = createFanout({ subscriber, logger });
  const events = createLiveEvents(fanout);
  // Listens for access changes on the same fan-out (in the background: a replica that starts
  // while Redis is down still serves, and the periodic re-check covers the gap).
  const access = createAccessWatch({ db: db.db, logger, intervalMs: options.subscriptionRecheckMs, fanout });
  // Cancel moves runs through the run lifecycle (the one writer of run transitions and
  // notifications); a retry is a start through the gate like any other.
  const control = createRunControl({
    db: db.db,
    queue: options.queue,
    publisher: options.publisher,
    lifecycle: createLifecycle({ db: db.db, publisher: options.publisher, links, logger }),
    gate: gateFor(options),
    logger,
    cancelWaitMs: options.cancelWaitMs,
  });

  let server: SubgraphServer;
  try {
    server = await startSubgraphServer({
      name: 'operations',
      schema,
      // Readiness: Postgres and this replica's subscriber connection (what its streams need).
      ...hostServerOptions({ ...options, readiness: [...(options.readiness ?? []), () => checkRedis(subscriber)] }),
      subscriptions: true,
      // Run updates resolve from the event snapshot alone (membership is checked at subscribe
      // time and re-checked by `access`, which ends a stream with its own marker event; no field
      // below reads the caller), so one execution per event serves every subscriber with the
      // same query. notificationReceived is per user: not shared.
      sharedSubscriptionFields: ['operationRunUpdated'],
      // These read the caller: a subscription selecting them is executed per subscriber.
      viewerFields: ['viewerCanCancel', 'viewerCanRetry'],
      contextFactory: ({ actor, authorization, transport }) =>
        createOperationsContext({
          actor,
          authorization,
          db: db.db,
          links,
          events,
          access,
          control,
          scheduleSettings: { minIntervalSeconds: options.scheduleMinIntervalSeconds ?? DEFAULT_MIN_INTERVAL_SECONDS },
          cache: transport === 'http',
        }),
    });
  } catch (error) {
    access.close();
    await fanout.close();
    subscriber.disconnect();
    throw error;
  }

  return {
    ...server,
    events,
    access,
    async close() {
      await server.close();
      access.close();
      await fanout.close();
      await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}
