/**
 * Trusted (persisted) documents: the GraphQL documents registered with the gateway, by id, from
 * manifest files (`{ "<id>": "<document>" }`, the format GraphQL Code Generator's client preset
 * writes as `persisted-documents.json`; the console's is registered by default).
 *
 * - Any caller may send a registered document by its id instead of its text, over HTTP:
 *   `{ "documentId": "<id>" }` or Apollo's `{ "extensions": { "persistedQuery": { "version": 1,
 *   "sha256Hash": "<id>" } } }` (the Hive Gateway runtime's `persistedDocuments` support resolves
 *   it). An unknown id is PERSISTED_DOCUMENT_NOT_FOUND.
 * - An API client created with `trustedDocumentsOnly` (its access token's `tdo` claim, fixed for
 *   the client's life) may send nothing else: any other document is PERSISTED_DOCUMENT_REQUIRED,
 *   before it is parsed over HTTP (the runtime's `allowArbitraryDocuments`), and, on every
 *   transport (graphql-ws, SSE included), before it executes: the document must then be one of
 *   the registered ones, compared on its printed form (`useTrustedDocumentsOnly`).
 * - Everyone else may still send arbitrary documents.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { Authenticator } from '@msp/auth';
import { type DocumentNode, GraphQLError, parse, print } from 'graphql';

/** The console's manifest (services/console, written by `npm run console:codegen`). */
export const CONSOLE_DOCUMENTS_PATH = fileURLToPath(
  new URL('../../services/console/src/gql/persisted-documents.json', import.meta.url),
);

export const PERSISTED_DOCUMENT_REQUIRED = 'PERSISTED_DOCUMENT_REQUIRED';
export const PERSISTED_DOCUMENT_NOT_FOUND = 'PERSISTED_DOCUMENT_NOT_FOUND';

const requiredMessage =
  'This API client may send registered documents only: send the document id (documentId, or extensions.persistedQuery.sha256Hash) of a document registered with the gateway.';

export const persistedDocumentRequired = () =>
  new GraphQLError(requiredMessage, { extensions: { code: PERSISTED_DOCUMENT_REQUIRED } });

/** Reads manifests (`{ id: document }`); a later file's id replaces an earlier one's. */
export function readDocumentManifests(paths: readonly string[]): Record<string, string> {
  const documents: Record<string, string> = {};
  for (const path of paths) {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) {
      throw new Error(`${path}: a persisted documents manifest is an object of id → document`);
    }
    for (const [id, document] of Object.entries(manifest)) {
      if (typeof document !== 'string') throw new Error(`${path}: the document of ${id} is not a string`);
      documents[id] = document;
    }
  }
  return documents;
}

export interface TrustedDocuments {
  /** The runtime's `persistedDocuments` option. */
  runtimeOptions: {
    getPersistedOperation(key: string): string | null;
    allowArbitraryDocuments(request: Request): Promise<boolean>;
    customErrors: Record<
      'notFound' | 'persistedQueryOnly' | 'keyNotFound',
      { message: string; extensions: { code: string } }
    >;
  };
  /** Refuses an unregistered document of a restricted client on every transport. */
  plugin: GatewayPlugin;
  /** How many documents are registered. */
  size: number;
}

/**
 * `authenticator` verifies the caller's token (the gateway's, remembering verified tokens): a
 * token that does not verify is no restricted client here, and the subgraphs refuse it anyway.
 */
export function createTrustedDocuments(
  documents: Record<string, string>,
  authenticator: Authenticator,
): TrustedDocuments {
  const byId = new Map(Object.entries(documents));
  // Each registered document's printed form: how an arbitrary document is recognised as one.
  const printed = new Set<string>();
  for (const [id, text] of byId) {
    try {
      printed.add(print(parse(text)));
    } catch (error) {
      throw new Error(`persisted document ${id} does not parse: ${(error as Error).message}`);
    }
  }
  const restricted = async (authorization: string | null | undefined): Promise<boolean> => {
    if (!authorization) return false;
    const verified = await authenticator.authenticate(authorization);
    return verified.ok && verified.identity.apiClient?.trustedDocumentsOnly === true;
  };
  const registered = (document: DocumentNode) => printed.has(print(document));
  const check = async ({
    args,
    setResultAndStopExecution,
  }: {
    args: { document: DocumentNode; contextValue: unknown };
    setResultAndStopExecution: (result: { errors: GraphQLError[] }) => void;
  }) => {
    const authorization = (args.contextValue as { authorization?: unknown }).authorization;
    if (typeof authorization !== 'string' || !(await restricted(authorization))) return;
    if (!registered(args.document)) setResultAndStopExecution({ errors: [persistedDocumentRequired()] });
  };
  return {
    size: byId.size,
    runtimeOptions: {
      getPersistedOperation: (key) => byId.get(key) ?? null,
      allowArbitraryDocuments: async (request) => !(await restricted(request.headers.get('authorization'))),
      customErrors: {
        persistedQueryOnly: { message: requiredMessage, extensions: { code: PERSISTED_DOCUMENT_REQUIRED } },
        notFound: {
          message: 'No document is registered under this id.',
          extensions: { code: PERSISTED_DOCUMENT_NOT_FOUND },
        },
        keyNotFound: {
          message: 'Send a query, or the id of a registered document (documentId).',
          extensions: { code: 'BAD_REQUEST' },
        },
      },
    },
    plugin: {
      onExecute: check,
      onSubscribe: check,
    } as GatewayPlugin,
  };
}
