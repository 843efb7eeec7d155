/**
 * Wires the tenant subgraph from options (never from `process.env`): used by `server.ts` and by
 * the tests (real server on port 0).
 */
import type { SecretBox } from '@msp/db';
import { type Lookup, type Publisher, STRICT_TARGET_POLICY, type WebhookTargetPolicy } from '@msp/gate';
import {
  type ActionHostOptions,
  gateFor,
  hostServerOptions,
  type SubgraphServer,
  startSubgraphServer,
} from '@msp/subgraph-kit';
import { createTenantContext } from './context';
import { schema } from './schema/index';
import { createAccessEvents } from './service/access-events';
import { DEFAULT_INVITATION_TTL_SECONDS } from './service/people';

export interface TenantSubgraphOptions extends ActionHostOptions {
  /**
   * Redis publisher for live events: QUEUED events of admitted runs, and access changes (a removed
   * member's live subscriptions end at once). Optional: without it the operations subgraph sees
   * runs later, and ends a removed member's subscriptions at its next periodic re-check.
   */
  publisher?: Publisher;
  /** Seals webhook endpoints' signing secrets (`createSecretBox(SECRET_ENCRYPTION_KEY)`). */
  secretBox: SecretBox;
  /**
   * Where webhook endpoints may point (WEBHOOK_ALLOW_INSECURE_TARGETS).
   * @defaultValue STRICT_TARGET_POLICY: https to public addresses only
   */
  webhookTargets?: WebhookTargetPolicy;
  /** Name resolution for webhook URL checks. @defaultValue the system resolver */
  webhookLookup?: Lookup;
  /**
   * How long an invitation stays open, in seconds (TENANT_INVITATION_TTL): each invitation, and
   * each re-invitation, expires this long after it is sent.
   * @defaultValue DEFAULT_INVITATION_TTL_SECONDS (14 days)
   */
  invitationTtlSeconds?: number;
}

export async function startTenantSubgraph(options: TenantSubgraphOptions): Promise<SubgraphServer> {
  const { db, links, logger } = options;
  const gate = gateFor(options);
  const accessEvents = createAccessEvents({ publisher: options.publisher, logger });
  const webhooks = {
    secretBox: options.secretBox,
    policy: options.webhookTargets ?? STRICT_TARGET_POLICY,
    lookup: options.webhookLookup,
  };
  return startSubgraphServer({
    name: 'tenant',
    schema,
    ...hostServerOptions(options),
    contextFactory: ({ actor, authorization }) =>
      createTenantContext({
        actor,
        authorization,
        db: db.db,
        links,
        gate,
        accessEvents,
        webhooks,
        invitationTtlSeconds: options.invitationTtlSeconds ?? DEFAULT_INVITATION_TTL_SECONDS,
      }),
  });
}
