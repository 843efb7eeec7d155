/**
 * The services' dependencies, apart from the caller: a module of its own, so that the services
 * and the context (which creates loaders from the services) do not import each other.
 */
import type { Database, SecretBox } from '@msp/db';
import type { Gate, Links } from '@msp/gate';

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
