/**
 * Issue 10, items 2-4: the limits every server applies (`@msp/edge`), on a small schema and on the
 * composed API schema (no servers): the parse-time token and nesting bounds, depth and aliases
 * (introspection counted like any field), and the cost estimate with variables and page sizes.
 */
import { readFileSync } from 'node:fs';
import { buildSchema, getIntrospectionQuery, parse, validate } from 'graphql';
import { describe, expect, test } from 'vitest';
import { costErrors, limitedParse, operationCost, operationLimitsRule } from '../src/index';

const schema = buildSchema(`
  type Query {
    node: Node
    nodes(first: Int): [Node!]!
    page(first: Int = 50, after: String): NodeConnection!
  }
  type Node { id: ID!, child: Node, children(first: Int): [Node!]!, tags: [String!]! }
  type NodeConnection { edges: [NodeEdge!]!, pageInfo: PageInfo! }
  type NodeEdge { node: Node! }
  type PageInfo { hasNextPage: Boolean! }
`);

const api = buildSchema(readFileSync(new URL('../../../schema/api.graphql', import.meta.url), 'utf8'));

const shapeCodes = (query: string, limits = {}, on = schema) =>
  validate(on, parse(query), [operationLimitsRule(limits)]).map((e) => e.extensions.code);
const costCodes = (query: string, variables: Record<string, unknown> = {}, limits = {}, on = schema) =>
  costErrors(on, parse(query), undefined, variables, limits).map((e) => e.extensions.code);

describe('parse-time limits', () => {
  test('a literal nested 2,000 levels deep is refused before the parser recurses (no RangeError)', () => {
    for (const [open, close] of [
      ['[', ']'],
      ['{a:', '}'],
    ] as const) {
      const query = `{ node(x: ${open.repeat(2000)}1${close.repeat(2000)}) { id } }`;
      expect(() => parse(query)).toThrow(RangeError);
      expect(() => limitedParse(query)).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'OPERATION_TOO_COMPLEX' }) }),
      );
    }
  });

  test('too many tokens are refused; an ordinary document and the introspection query parse', () => {
    const wide = `{ ${'a '.repeat(6000)} }`;
    expect(() => limitedParse(wide)).toThrow(/more than 5000 tokens/);
    expect(() => limitedParse(wide, {}, { maxTokens: 10_000 })).not.toThrow();
    expect(limitedParse(getIntrospectionQuery()).kind).toBe('Document');
    expect(() => limitedParse('{ a(x: [[[1]]]) }', {}, { maxNesting: 4 })).toThrow(/deeper than 4/);
    // Syntax errors stay syntax errors.
    expect(() => limitedParse('{ a(')).toThrow(/Syntax Error/);
  });
});

describe('depth and aliases', () => {
  test('accepts an operation at the depth limit and refuses one past it, through fragments too', () => {
    const nested = (n: number) => `{ ${'node { '.repeat(n - 1)}id${' }'.repeat(n - 1)} }`;
    expect(shapeCodes(nested(16))).toEqual([]);
    expect(shapeCodes(nested(17))).toEqual(['OPERATION_TOO_COMPLEX']);
    const viaFragments = `{ node { ...A } } fragment A on Node { child { child { ...B } } } fragment B on Node { child { id } }`;
    expect(shapeCodes(viaFragments, { maxDepth: 5 })).toEqual([]);
    expect(shapeCodes(viaFragments, { maxDepth: 4 })).toEqual(['OPERATION_TOO_COMPLEX']);
  });

  test('too many aliases are refused', () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: node { id }`).join(' ');
    expect(shapeCodes(`{ ${aliases} }`)).toEqual(['OPERATION_TOO_COMPLEX']);
  });

  test('introspection counts like any field: aliases of __schema and a deep ofType chain are refused', () => {
    const aliases = Array.from({ length: 1000 }, (_, i) => `s${i}: __schema { types { name } }`).join(' ');
    expect(shapeCodes(`{ ${aliases} }`)).toContain('OPERATION_TOO_COMPLEX');
    expect(
      shapeCodes('{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }', {
        maxDepth: 2,
      }),
    ).toEqual(['OPERATION_TOO_COMPLEX']);
    // 29 aliases (under the alias limit) of every type's fields and arguments: about 58,000.
    const costly = `{ ${Array.from({ length: 29 }, (_, i) => `s${i}: __schema { types { name fields { name description args { name description } } } }`).join(' ')} }`;
    expect(costCodes(costly, {}, {}, api)).toEqual(['OPERATION_TOO_COMPLEX']);
  });

  test("GraphiQL's introspection query stays within every limit on the API schema", () => {
    const query = getIntrospectionQuery();
    expect(shapeCodes(query, {}, api)).toEqual([]);
    expect(costCodes(query, {}, {}, api)).toEqual([]);
  });

  test('the introspection estimate grows with the schema, smoothly: one more enum moves it by a few percent', () => {
    const query = parse(getIntrospectionQuery());
    const sdl = readFileSync(new URL('../../../schema/api.graphql', import.meta.url), 'utf8');
    const grown = buildSchema(`${sdl}\nenum ExtraKind { A B C D E }\nextend type Query { extraKind: ExtraKind }`);
    const before = operationCost(api, query, undefined, {}, { maxCost: 10_000_000 });
    const after = operationCost(grown, query, undefined, {}, { maxCost: 10_000_000 });
    expect(after).toBeGreaterThan(before);
    // Rounded up, the averages made the estimate jump (39,626 to 50,951 with one session's types).
    expect(after / before).toBeLessThan(1.05);
  });
});

describe('cost', () => {
  test('nested lists multiply by first (literal or variable) or the assumed size', () => {
    expect(costCodes('{ nodes(first: 10) { children(first: 10) { id } } }', {}, { maxCost: 300 })).toEqual([]);
    expect(costCodes('{ nodes(first: 100) { children(first: 100) { id } } }', {}, { maxCost: 300 })).toEqual([
      'OPERATION_TOO_COMPLEX',
    ]);
    const withVariables = 'query($n: Int, $m: Int) { nodes(first: $n) { children(first: $m) { id } } }';
    expect(costCodes(withVariables, { n: 10, m: 10 }, { maxCost: 300 })).toEqual([]);
    expect(costCodes(withVariables, { n: 100, m: 100 }, { maxCost: 300 })).toEqual(['OPERATION_TOO_COMPLEX']);
    // A list without a page size is assumed to hold 20: 20 × 20 × 2 > 300.
    expect(costCodes('{ nodes { children { id } } }', {}, { maxCost: 300 })).toEqual(['OPERATION_TOO_COMPLEX']);
    expect(costCodes('{ node { tags } }', {}, { maxCost: 300 })).toEqual([]);
  });

  test("a connection's page size (or its schema default) sizes the edges inside it", () => {
    // 200 edges × (1 + node 1 + children 200 × 2)
    expect(costCodes('{ page(first: 200) { edges { node { children(first: 200) { id } } } } }')).toEqual([
      'OPERATION_TOO_COMPLEX',
    ]);
    expect(costCodes('query($n: Int) { page(first: $n) { edges { node { id } } } }', { n: 20_000 })).toEqual([
      'OPERATION_TOO_COMPLEX',
    ]);
    // The default (50) applies when `first` is not sent: 50 × (1 + 1 + 50 × 2) = 5,100 (+1).
    expect(costCodes('{ page { edges { node { children(first: 50) { id } } } } }', {}, { maxCost: 5_101 })).toEqual([]);
    expect(costCodes('{ page { edges { node { children(first: 50) { id } } } } }', {}, { maxCost: 5_000 })).toEqual([
      'OPERATION_TOO_COMPLEX',
    ]);
  });

  test('an entity fetch is sized by its representations', () => {
    const subgraph = buildSchema(`
      scalar _Any
      union _Entity = Node
      type Query { _entities(representations: [_Any!]!): [_Entity]! }
      type Node { id: ID!, children(first: Int): [Node!]! }
    `);
    const query =
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Node { children(first: 100) { id } } } }';
    const reps = (n: number) => Array.from({ length: n }, () => ({ __typename: 'Node', id: '1' }));
    expect(costCodes(query, { r: reps(10) }, {}, subgraph)).toEqual([]);
    expect(costCodes(query, { r: reps(500) }, {}, subgraph)).toEqual(['OPERATION_TOO_COMPLEX']);
  });
});
