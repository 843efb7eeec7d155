/** Reading and overriding the subgraph URLs of the supergraph SDL (no servers). */
import { describe, expect, test } from 'vitest';
import { subgraphsOf, withSubgraphUrls } from '../src/supergraph';

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
