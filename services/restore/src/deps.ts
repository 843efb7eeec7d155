/**
 * The services' dependencies, apart from the caller: a module of its own, so that the services
 * and the context (which creates loaders from the services) do not import each other.
 */
import type { Database, SecretBox } from '@msp/db';
import type { Gate } from '@msp/gate';
import type { GraphClient } from '@msp/microsoft-graph';

/** What the restore services need besides the caller: injected, never read from `process.env`. */
export interface RestoreDeps {
  db: Database;
  gate: Gate;
  /** The Graph adapter, for the preview's read of the tenant's current policies. */
  graph: GraphClient;
  /** Decrypts the connection's client secret for that read. */
  secrets: SecretBox;
  /**
   * How long a preview may wait for Graph before answering with an error.
   * @defaultValue 20000
   */
  previewTimeoutMs: number;
}
