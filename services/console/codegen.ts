import type { CodegenConfig } from '@graphql-codegen/cli';
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';

/**
 * Operations are typed from the public API (schema/api.graphql, what the gateway serves).
 * `npm run console:codegen` writes src/gql/; `npm run schema:check` fails when it is stale.
 */
const here = new URL('.', import.meta.url).pathname;

const config: CodegenConfig = {
  schema: `${here}../../schema/api.graphql`,
  documents: [`${here}src/**/*.{ts,tsx}`, `!${here}src/gql/**`],
  ignoreNoDocuments: false,
  generates: {
    [`${here}src/gql/`]: {
      preset: 'client',
      // __typename in every selection set, as the normalized cache (graphcache) adds it: the
      // registered text of a persisted document is then what the cache expects the answer to be.
      documentTransforms: [addTypenameSelectionDocumentTransform],
      presetConfig: {
        fragmentMasking: { unmaskFunctionName: 'useFragment' },
        // src/gql/persisted-documents.json (id → document), registered with the gateway as trusted
        // documents; each generated document carries its id (`__meta__.hash`, SHA-256 of its
        // text), which the production build sends instead of the text (src/graphql/client.ts).
        persistedDocuments: { mode: 'embedHashInDocument', hashPropertyName: 'hash', hashAlgorithm: 'sha256' },
      },
      config: {
        scalars: { DateTime: 'string', JSON: 'unknown' },
        // Enums as constant objects: the filters list the API's values without a copy of their own.
        enumType: 'const',
        useTypeImports: true,
        dedupeFragments: true,
      },
    },
    // The schema's shape for the normalized cache (graphcache): which types implement an
    // interface or belong to a union, so fragments on them match without a round trip.
    [`${here}src/gql/schema.ts`]: {
      plugins: ['urql-introspection'],
      config: {
        module: 'es2015',
        useTypeImports: true,
        includeScalars: false,
        includeEnums: false,
        includeInputs: false,
        includeDirectives: false,
      },
    },
  },
};

export default config;
