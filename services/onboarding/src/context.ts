import type { Database, SecretBox } from '@msp/db';
import { fail, type Gate, type Links, type Result } from '@msp/gate';
import type { Actor, BaseContext } from '@msp/subgraph-kit';
import DataLoader from 'dataloader';
import type { OnboardingSessionModel } from './model';
import { loadSessions } from './service/sessions';

/** What the onboarding services need besides the caller: injected, never read from `process.env`. */
export interface OnboardingDeps {
  db: Database;
  /** The central start gate: verification and bootstrap starts go through it, nothing else queues. */
  gate: Gate;
  /** Encrypts the client secret of the connection the wizard creates. */
  secretBox: SecretBox;
  /** Where the links of step messages point. */
  links: Links;
}

export interface OnboardingLoaders {
  /** Sessions by id for the caller, authorized (`onboarding.manage`), in a few queries per tick. */
  session: DataLoader<string, Result<OnboardingSessionModel>>;
}

export interface OnboardingContext extends BaseContext {
  deps: OnboardingDeps;
  loaders: OnboardingLoaders;
}

export interface OnboardingContextOptions {
  actor: Actor | null;
  authorization?: string | null;
  deps: OnboardingDeps;
}

export function createOnboardingContext(options: OnboardingContextOptions): OnboardingContext {
  const { actor, deps } = options;
  return {
    actor,
    authorization: options.authorization ?? null,
    db: deps.db,
    deps,
    loaders: {
      session: new DataLoader(
        async (ids) =>
          actor
            ? loadSessions(deps, actor, ids)
            : ids.map(() => fail('UNAUTHENTICATED', 'A valid bearer token is required.')),
        { maxBatchSize: 500 },
      ),
    },
  };
}
