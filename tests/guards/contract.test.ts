/**
 * Contract test (issue 5): every binding name of ../shared/design/contract.graphql exists in the
 * composed public API (schema/api.graphql) with the same type: types and their kinds, fields
 * with their exact type, arguments with their type, enum values, union members. The contract
 * repeats root types per subgraph (`type Query` several times) and uses `extend type`: all are
 * merged by name before comparing. Each failure lists every missing or different name.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildASTSchema,
  type DefinitionNode,
  type GraphQLNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  Kind,
  parse,
  print,
} from 'graphql';
import { describe, expect, test } from 'vitest';
import { apiSchema, ROOT } from './sources';

const CONTRACT = join(ROOT, '../shared/design/contract.graphql');
const ROUND2 = join(ROOT, '../shared/design/contract-round2.graphql');
/** The sections of contract-round2.graphql that are served (each is tested once its issue delivers it). */
const SERVED_ROUND2_SECTIONS = ['fleet Monitoring and run control', 'partner access and audit'];
/**
 * Sections served in part while several people deliver their issue: the names served so far, a
 * type (every binding of it) or `Type.field`. Each must exist with the section's type; add names
 * as they are served, and move the section to SERVED_ROUND2_SECTIONS once all are. (Issue 16's
 * "partner access and audit" was served this way until API clients, the audit log and people
 * were all in.)
 */
const PARTLY_SERVED_ROUND2: Record<string, string[]> = {};

/** One section of contract-round2.graphql: from its `# ===… section: <name>` line to the next. */
export function round2Section(sdl: string, name: string): string {
  const parts = sdl.split(/^# =+ section: (.+)$/m);
  for (let i = 1; i < parts.length; i += 2) if (parts[i]!.trim() === name) return parts[i + 1]!;
  throw new Error(`contract-round2.graphql has no section "${name}"`);
}

interface Binding {
  kind: string;
  fields: Map<string, { type: string; args: Map<string, string> }>;
  values: Set<string>;
  members: Set<string>;
}

const KIND: Record<string, string> = {
  [Kind.OBJECT_TYPE_DEFINITION]: 'object',
  [Kind.OBJECT_TYPE_EXTENSION]: 'object',
  [Kind.INTERFACE_TYPE_DEFINITION]: 'interface',
  [Kind.INTERFACE_TYPE_EXTENSION]: 'interface',
  [Kind.INPUT_OBJECT_TYPE_DEFINITION]: 'input',
  [Kind.INPUT_OBJECT_TYPE_EXTENSION]: 'input',
  [Kind.ENUM_TYPE_DEFINITION]: 'enum',
  [Kind.ENUM_TYPE_EXTENSION]: 'enum',
  [Kind.UNION_TYPE_DEFINITION]: 'union',
  [Kind.UNION_TYPE_EXTENSION]: 'union',
  [Kind.SCALAR_TYPE_DEFINITION]: 'scalar',
  [Kind.SCALAR_TYPE_EXTENSION]: 'scalar',
};

/** The contract's bindings, merged by type name. */
function contractBindings(sdl: string): Map<string, Binding> {
  const out = new Map<string, Binding>();
  for (const def of parse(sdl).definitions as DefinitionNode[]) {
    if (!('name' in def) || !def.name || !(def.kind in KIND)) continue;
    const name = def.name.value;
    const b = out.get(name) ?? { kind: KIND[def.kind]!, fields: new Map(), values: new Set(), members: new Set() };
    out.set(name, b);
    if ('fields' in def && def.fields) {
      for (const f of def.fields) {
        const args = new Map<string, string>();
        if ('arguments' in f) for (const a of f.arguments ?? []) args.set(a.name.value, print(a.type));
        b.fields.set(f.name.value, { type: print(f.type), args });
      }
    }
    if ('values' in def && def.values) for (const v of def.values) b.values.add(v.name.value);
    if ('types' in def && def.types) for (const t of def.types) b.members.add(t.name.value);
  }
  return out;
}

function kindOf(type: GraphQLNamedType): string {
  if (isObjectType(type)) return 'object';
  if (isInterfaceType(type)) return 'interface';
  if (isInputObjectType(type)) return 'input';
  if (isEnumType(type)) return 'enum';
  if (isUnionType(type)) return 'union';
  return 'scalar';
}

/**
 * Only the bindings `names` lists: a type name keeps all of the type's, `Type.field` keeps that
 * field (and nothing else of the type, its kind included).
 */
function onlyBindings(bindings: Map<string, Binding>, names: readonly string[]): Map<string, Binding> {
  const out = new Map<string, Binding>();
  for (const [name, b] of bindings) {
    if (names.includes(name)) {
      out.set(name, b);
      continue;
    }
    const fields = new Map([...b.fields].filter(([field]) => names.includes(`${name}.${field}`)));
    if (fields.size > 0) out.set(name, { ...b, kind: 'fields', fields, values: new Set(), members: new Set() });
  }
  return out;
}

/**
 * Every difference between the contract and the API, one readable line each; with `only`, of
 * those bindings (`onlyBindings`).
 */
export function contractDifferences(contractSdl: string, api = apiSchema(), only?: readonly string[]): string[] {
  const problems: string[] = [];
  const bindings = contractBindings(contractSdl);
  if (only) {
    const found = onlyBindings(bindings, only);
    for (const name of only) {
      const [type, field] = name.split('.');
      if (!found.has(type!) || (field && !found.get(type!)!.fields.has(field))) {
        problems.push(`${name} is not a binding of the section`);
      }
    }
  }
  for (const [name, b] of only ? onlyBindings(bindings, only) : bindings) {
    const type = api.getType(name);
    if (!type) {
      problems.push(`missing type ${name} (${b.kind})`);
      continue;
    }
    if (b.kind !== 'fields' && kindOf(type) !== b.kind)
      problems.push(`${name} is a ${kindOf(type)}, the contract says ${b.kind}`);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      const fields = type.getFields();
      for (const [fieldName, f] of b.fields) {
        const actual = fields[fieldName];
        if (!actual) {
          problems.push(`missing field ${name}.${fieldName}: ${f.type}`);
          continue;
        }
        if (String(actual.type) !== f.type) {
          problems.push(`${name}.${fieldName} is ${String(actual.type)}, the contract says ${f.type}`);
        }
        const actualArgs = 'args' in actual ? actual.args : [];
        for (const [argName, argType] of f.args) {
          const arg = actualArgs.find((a) => a.name === argName);
          if (!arg) problems.push(`missing argument ${name}.${fieldName}(${argName}: ${argType})`);
          else if (String(arg.type) !== argType) {
            problems.push(`${name}.${fieldName}(${argName}) is ${String(arg.type)}, the contract says ${argType}`);
          }
        }
      }
    }
    if (isEnumType(type)) {
      const values = new Set(type.getValues().map((v) => v.name));
      for (const v of b.values) if (!values.has(v)) problems.push(`missing enum value ${name}.${v}`);
    }
    if (isUnionType(type)) {
      const members = new Set(type.getTypes().map((t) => t.name));
      for (const m of b.members) if (!members.has(m)) problems.push(`missing union member ${name} = ... | ${m}`);
    }
  }
  return problems;
}

describe('contract', () => {
  test('the differ notices a missing field, a changed type, an argument and an enum value', () => {
    const contract = `
      type Query { a(id: ID!): String!  b: Int }
      enum E { X Y }
      union U = A | B
      type A { id: ID! } type B { id: ID! }`;
    const api = parse(`
      type Query { a(id: String): String }
      enum E { X }
      union U = A
      type A { id: ID! }`);
    expect(contractDifferences(contract, buildASTSchema(api)).sort()).toEqual(
      [
        'Query.a is String, the contract says String!',
        'Query.a(id) is String, the contract says ID!',
        'missing field Query.b: Int',
        'missing enum value E.Y',
        'missing union member U = ... | B',
        'missing type B (object)',
      ].sort(),
    );
  });

  test.runIf(existsSync(ROUND2)).each(SERVED_ROUND2_SECTIONS)(
    'every binding name of contract-round2.graphql, section "%s", exists in schema/api.graphql with its type',
    (section) => {
      const problems = contractDifferences(round2Section(readFileSync(ROUND2, 'utf8'), section));
      expect(problems, `schema/api.graphql differs from the section in ${problems.length} places`).toEqual([]);
    },
  );

  test.runIf(existsSync(ROUND2)).each(Object.entries(PARTLY_SERVED_ROUND2))(
    'the served names of contract-round2.graphql, section "%s", exist in schema/api.graphql with their types',
    (section, names) => {
      const problems = contractDifferences(round2Section(readFileSync(ROUND2, 'utf8'), section), apiSchema(), names);
      expect(problems, `schema/api.graphql differs from the section in ${problems.length} places`).toEqual([]);
    },
  );

  test.runIf(existsSync(CONTRACT))(
    'every binding name of contract.graphql exists in schema/api.graphql with its type',
    () => {
      // A served round-2 section restates some round-1 fields (operationRuns' tenantId became
      // optional when workspaceId and tenantIds joined it): its version of a field replaces the
      // round-1 one, as the later binding does when the two are merged by name.
      const round2 = existsSync(ROUND2) ? readFileSync(ROUND2, 'utf8') : null;
      const served = round2 ? SERVED_ROUND2_SECTIONS.map((name) => round2Section(round2, name)).join('\n') : '';
      const problems = contractDifferences(`${readFileSync(CONTRACT, 'utf8')}\n${served}`);
      expect(problems, `schema/api.graphql differs from contract.graphql in ${problems.length} places`).toEqual([]);
    },
  );
});
