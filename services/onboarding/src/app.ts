/**
 * Wires the onboarding subgraph from options (never from `process.env`): used by `server.ts` and
 * by the tests (real server on port 0).
 */
import { createSecretBox } from '@msp/db';
import {
  type ActionHostOptions,
  gateFor,
  hostServerOptions,
  type SubgraphServer,
  startSubgraphServer,
} from '@msp/subgraph-kit';
import { createOnboardingContext } from './context';
import type { OnboardingDeps } from './deps';
import { schema } from './schema/index';

export interface OnboardingSubgraphOptions extends ActionHostOptions {
  /** Encrypts the client secret of the connection the wizard creates (SECRET_ENCRYPTION_KEY). */
  secretEncryptionKey: string;
}

export async function startOnboardingSubgraph(options: OnboardingSubgraphOptions): Promise<SubgraphServer> {
  const { db, links } = options;
  const deps: OnboardingDeps = {
    db: db.db,
    gate: gateFor(options),
    secretBox: createSecretBox(options.secretEncryptionKey),
    links,
  };
  return startSubgraphServer({
    name: 'onboarding',
    schema,
    ...hostServerOptions(options),
    contextFactory: ({ actor, authorization }) => createOnboardingContext({ actor, authorization, deps }),
  });
}
