// biome-ignore-all lint/suspicious/noExplicitAny: GraphQL results in tests are untyped JSON documents
/**
 * Issue 10, acceptance: a property-based fuzz test (fast-check) over every mutation of the API,
 * through the gateway. Arguments are generated from the schema's own types, with hostile values
 * mixed in: strings with NUL, right-to-left overrides, emoji, a 1 MB string; ids that exist,
 * that do not, and that are not ids; wrong enum values; nulls where values are required; numbers
 * out of range. Properties: no answer is a server error (no INTERNAL_SERVER_ERROR, no 5xx), and a
 * rejected request (an answer with errors) writes no row. Rows written are counted by a trigger
 * on every table of the test's database (users excepted: a caller is provisioned on first sight,
 * which the warm-up below does). The worker is not started, so nothing else writes meanwhile.
 *
 * The run is bounded by time (FUZZ_TIME_LIMIT_MS, 45 s) as well as by count (FUZZ_RUNS, 3,000):
 * requests go one at a time (so that each rejected one's writes can be counted), and on a loaded
 * machine it stops early and says how many inputs it tried (FUZZ_TIME_LIMIT_MS=600000 for more).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test as base, describe, expect } from '@msp/tests/support/fixtures';
import fc from 'fast-check';
import {
  buildSchema,
  type GraphQLArgument,
  type GraphQLInputType,
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { gql, type Stack, startStack } from './harness';

const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
const TIME_LIMIT_MS = Number(process.env.FUZZ_TIME_LIMIT_MS ?? 45_000);

const test = base.extend<{ fuzzStack: Stack }>({
  fuzzStack: [
    async ({ database }, use) => {
      const stack = await startStack(database.connect(10), { startWorker: false });
      await use(stack);
      await stack.close();
    },
    { scope: 'file' },
  ],
});

const api = buildSchema(readFileSync(new URL('../../schema/api.graphql', import.meta.url), 'utf8'));

const hostileStrings = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      'a\u0000b',
      '\u0000',
      '\u202eevil.exe\u202c',
      'שלום עולם',
      '👩‍👩‍👧‍👦🏳️‍🌈𝕏',
      '"; drop table tenants; --',
      '../../etc/passwd',
      '<script>alert(1)</script>',
      '\uFFFF\uD800',
    ),
  },
  { weight: 1, arbitrary: fc.constant('x'.repeat(1_000_000)) },
);

/** Values for one input type, from the schema, with wrong values and nulls mixed in. */
function valueFor(type: GraphQLInputType, ids: string[], depth = 0): fc.Arbitrary<unknown> {
  const wrong = fc.oneof(hostileStrings, fc.integer(), fc.constant(null), fc.constant({ not: 'this' }));
  if (isNonNullType(type)) {
    return fc.oneof(
      { weight: 9, arbitrary: valueFor(type.ofType, ids, depth) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
  }
  const right = ((): fc.Arbitrary<unknown> => {
    if (isListType(type)) return fc.array(valueFor(type.ofType, ids, depth + 1), { maxLength: depth > 2 ? 0 : 4 });
    if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((v) => v.name));
    if (isInputObjectType(type)) {
      if (depth > 3) return fc.constant({});
      const fields = Object.values(type.getFields());
      return fc.record(Object.fromEntries(fields.map((f) => [f.name, valueFor(f.type, ids, depth + 1)])), {
        requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name),
      });
    }
    if (isScalarType(type)) {
      switch (type.name) {
        case 'ID':
          return fc.oneof(fc.constantFrom(...ids), fc.uuid(), hostileStrings);
        case 'Int':
          return fc.oneof(fc.integer({ min: -5, max: 300 }), fc.constantFrom(0, -1, 2 ** 31 - 1, 2 ** 31, 1e15));
        case 'Float':
          return fc.double();
        case 'Boolean':
          return fc.boolean();
        case 'DateTime':
          return fc.oneof(
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            fc.constantFrom('2200-01-01T00:00:00Z', 'yesterday', '0000-00-00T00:00:00Z'),
          );
        case 'JSON':
          return fc.jsonValue({ maxDepth: 2 });
        default:
          return hostileStrings;
      }
    }
    return fc.constant(null);
  })();
  return fc.oneof(
    { weight: 4, arbitrary: right },
    { weight: 1, arbitrary: wrong },
    { weight: 1, arbitrary: fc.constant(null) },
  );
}

const typeName = (type: GraphQLInputType): string =>
  isNonNullType(type) ? `${typeName(type.ofType)}!` : isListType(type) ? `[${typeName(type.ofType)}]` : type.name;

interface MutationCase {
  name: string;
  document: string;
  args: readonly GraphQLArgument[];
}

function mutations(): MutationCase[] {
  return Object.values(api.getMutationType()!.getFields()).map((field) => {
    const variables = field.args.map((a) => `$${a.name}: ${typeName(a.type)}`).join(', ');
    const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
    const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
    return {
      name: field.name,
      document: `mutation${variables ? `(${variables})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`,
      args: field.args,
    };
  });
}

async function installWriteCounter(sql: import('postgres').Sql): Promise<() => Promise<number>> {
  await sql.unsafe(`
    create table if not exists fuzz_writes (n bigint not null);
    insert into fuzz_writes select 0 where not exists (select 1 from fuzz_writes);
    create or replace function fuzz_count_write() returns trigger language plpgsql as $$
      begin update fuzz_writes set n = n + 1; return null; end $$;
  `);
  const tables = await sql<{ table_name: string }[]>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE'
      and table_name not in ('fuzz_writes', 'users') and table_name not like '\\_\\_%'`;
  for (const { table_name } of tables) {
    await sql.unsafe(
      `create trigger fuzz_count after insert or update or delete on "${table_name}" for each row execute function fuzz_count_write()`,
    );
  }
  return async () => Number((await sql`select n from fuzz_writes`)[0]!.n);
}

describe('fuzzing every mutation through the gateway', () => {
  test('generated hostile arguments: never a server error, and a rejected request writes no row', {
    timeout: 240_000,
  }, async ({ fuzzStack: stack, seed, database }) => {
    const w = await seed.world();
    const run = await seed.run({
      tenantId: w.tenant.id,
      providerConnectionId: w.connection.id,
      operationType: 'POLICY_BACKUP',
      status: 'COMPLETED',
    });
    const ids = [w.tenant.id, w.connection.id, w.workspaceId, run.id, randomUUID()];
    const token = await stack.token(w.owner.subject);
    // Warm-up: the owner is provisioned (users are not counted).
    expect((await gql(stack.gateway.url, token, '{ me { id } }')).errors).toBeUndefined();
    const admin = database.connect(2);
    const writes = await installWriteCounter(admin.sql);

    const cases = mutations();
    expect(cases.length).toBeGreaterThan(20);
    const input = fc.constantFrom(...cases).chain((c) =>
      fc.record(Object.fromEntries(c.args.map((a) => [a.name, valueFor(a.type, ids)]))).map((variables) => ({
        mutation: c,
        variables,
      })),
    );
    let written = await writes();
    let tried = 0;
    let rejected = 0;
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(input, async ({ mutation, variables }) => {
        tried += 1;
        const before = written;
        const res = await fetch(stack.gateway.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/graphql-response+json, application/json',
            authorization: `Bearer ${token}`,
          },
          body: JSON.stringify({ query: mutation.document, variables }),
        });
        const text = await res.text();
        expect(res.status, `${mutation.name}: ${text.slice(0, 300)}`).toBeLessThan(500);
        const body = JSON.parse(text) as { data?: any; errors?: Array<{ message: string; extensions?: any }> };
        for (const error of body.errors ?? []) {
          expect(error.extensions?.code, `${mutation.name}: ${error.message.slice(0, 300)}`).not.toBe(
            'INTERNAL_SERVER_ERROR',
          );
          expect(error.message).not.toMatch(/^(Unexpected error\.|Internal server error\.)$/);
        }
        written = await writes();
        if (body.errors?.length) {
          rejected += 1;
          expect(written, `${mutation.name} was rejected but wrote rows`).toBe(before);
        }
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false, endOnFailure: true },
    );
    console.log(
      `fuzz: ${tried} generated inputs over ${cases.length} mutations in ${Math.round((Date.now() - started) / 1000)} s, ${rejected} rejected`,
    );
    // On an idle machine a few thousand; a loaded one gets through fewer in the time limit.
    expect(tried).toBeGreaterThan(20);
    await admin.close();
  });
});
