/** The depth, cost and alias limits as validation rules, on a small schema (no servers). */
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, test } from 'vitest';
import { operationLimitsRule } from '../src/limits';
import { subgraphsOf, withSubgraphUrls } from '../src/supergraph';

const schema = buildSchema(`
  type Query { node: Node, nodes(first: Int): [Node!]! }
  type Node { id: ID!, child: Node, children(first: Int): [Node!]! }
`);

const errorsOf = (query: string, limits = {}) =>
  validate(schema, parse(query), [operationLimitsRule(limits)]).map((e) => e.extensions.code);

describe('operation limits', () => {
  test('accepts an operation at the depth limit and refuses one past it, through fragments too', () => {
    const nested = (n: number) => `{ ${'node { '.repeat(n - 1)}id${' }'.repeat(n - 1)} }`;
    expect(errorsOf(nested(12))).toEqual([]);
    expect(errorsOf(nested(13))).toEqual(['OPERATION_TOO_COMPLEX']);
    const viaFragments = `{ node { ...A } } fragment A on Node { child { child { ...B } } } fragment B on Node { child { id } }`;
    expect(errorsOf(viaFragments, { maxDepth: 5 })).toEqual([]);
    expect(errorsOf(viaFragments, { maxDepth: 4 })).toEqual(['OPERATION_TOO_COMPLEX']);
  });

  test('cost multiplies nested lists by first (or the assumed size)', () => {
    expect(errorsOf('{ nodes(first: 10) { children(first: 10) { id } } }', { maxCost: 300 })).toEqual([]);
    expect(errorsOf('{ nodes(first: 100) { children(first: 100) { id } } }', { maxCost: 300 })).toEqual([
      'OPERATION_TOO_COMPLEX',
    ]);
    expect(errorsOf('{ nodes { children { id } } }', { maxCost: 300, assumedListSize: 20 })).toEqual([
      'OPERATION_TOO_COMPLEX',
    ]);
  });

  test('too many aliases are refused; introspection is exempt', () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: node { id }`).join(' ');
    expect(errorsOf(`{ ${aliases} }`)).toEqual(['OPERATION_TOO_COMPLEX']);
    expect(
      errorsOf('{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }', { maxDepth: 2 }),
    ).toEqual([]);
  });
});

describe('supergraph URLs', () => {
  const sdl = `enum join__Graph {
  OPERATIONS @join__graph(name: "operations", url: "http://localhost:4005/graphql")
  TENANT @join__graph(name: "tenant", url: "http://localhost:4001/graphql")
}`;
  test('reads and overrides subgraph URLs by name; unknown names are an error', () => {
    expect(subgraphsOf(sdl)).toEqual({
      operations: 'http://localhost:4005/graphql',
      tenant: 'http://localhost:4001/graphql',
    });
    const moved = withSubgraphUrls(sdl, { tenant: 'http://127.0.0.1:5555/graphql' });
    expect(subgraphsOf(moved).tenant).toBe('http://127.0.0.1:5555/graphql');
    expect(subgraphsOf(moved).operations).toBe('http://localhost:4005/graphql');
    expect(() => withSubgraphUrls(sdl, { nope: 'http://x/graphql' })).toThrow(/No subgraph named nope/);
  });
});
