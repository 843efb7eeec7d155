import type { CodegenConfig } from '@graphql-codegen/cli';

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
      presetConfig: { fragmentMasking: { unmaskFunctionName: 'useFragment' } },
      config: {
        scalars: { DateTime: 'string', JSON: 'unknown' },
        enumsAsTypes: true,
        useTypeImports: true,
        dedupeFragments: true,
      },
    },
  },
};

export default config;
