/**
 * The graphql runtime values the kit uses, from graphql's CommonJS build.
 *
 * graphql 16 ships a CJS build (`index.js`, what Node resolves for `graphql`) and an ESM build
 * (`index.mjs`, what Vite/Vitest resolve for `graphql` in sources they transform). Pothos,
 * Apollo Server, @apollo/subgraph and graphql-ws always get the CJS build, and they check errors
 * and schemas with `instanceof`; a GraphQLError made from the ESM build fails those checks (Apollo
 * re-wraps it, graphql-ws does not recognise errors returned from `onSubscribe`). Importing
 * `graphql/index.js` gives the CJS build under Node and under Vitest alike.
 */
export {
  BREAK,
  createSourceEventStream,
  execute,
  GraphQLError,
  getOperationAST,
  Kind,
  subscribe,
  valueFromASTUntyped,
  visit,
} from 'graphql/index.js';
