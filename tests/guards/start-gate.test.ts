// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the detectors are tested on TypeScript source snippets, which contain template literals
/**
 * Guards (issue 5): every provider-backed start goes through the central start gate, every
 * mutation declares its action in the capability registry, and nothing but the registry checks
 * a role name (ARCHITECTURE, "The capability registry": "nothing checks a role name directly").
 */
import { MUTATION_ACTIONS } from '@msp/gate';
import { isNonNullType, isUnionType } from 'graphql';
import { describe, expect, test } from 'vitest';
import { apiSchema, codeSources, filesUnder, lineAt, read, withoutComments } from './sources';

const mutations = () => Object.values(apiSchema().getMutationType()?.getFields() ?? {});
const startMutations = () => mutations().filter((f) => f.name.startsWith('start'));

describe('start mutations', () => {
  test('every start* mutation returns ProviderOperationStartResult!', () => {
    const wrong = startMutations()
      .filter((f) => String(f.type) !== 'ProviderOperationStartResult!')
      .map((f) => `${f.name}: ${String(f.type)}`);
    expect(wrong).toEqual([]);
  });

  test('ProviderOperationStartResult is the union of the four outcomes', () => {
    const type = apiSchema().getType('ProviderOperationStartResult');
    expect(type && isUnionType(type)).toBe(true);
    if (!type || !isUnionType(type)) return;
    expect(
      type
        .getTypes()
        .map((t) => t.name)
        .sort(),
    ).toEqual(
      [
        'ProviderOperationAccepted',
        'ProviderOperationBlocked',
        'ProviderOperationDeduped',
        'ProviderOperationScopeBusy',
      ].sort(),
    );
    for (const f of startMutations()) expect(isNonNullType(f.type)).toBe(true);
  });

  test('no code path enqueues provider work except services/gate', () => {
    // Producing a job: the gate's enqueue helper, BullMQ's add/addBulk on a queue, a new Queue or
    // FlowProducer. Consuming (the worker's `new Worker`) and holding the gate's queue handle
    // (`createOperationsQueue`, passed to `createGate`) are fine.
    const producing = [
      /\benqueueOperation\s*\(/,
      /\b\w*[qQ]ueue\w*\s*\.\s*add(Bulk)?\s*\(/,
      /\bnew\s+Queue\s*\(/,
      /\bnew\s+FlowProducer\s*\(/,
    ];
    const sources = [
      ...filesUnder('services', /\.ts$/).filter((f) => /^services\/[^/]+\/(src|bench)\//.test(f)),
      ...filesUnder('gateway/src', /\.ts$/),
      ...filesUnder('scripts', /\.ts$/),
    ].filter((f) => !f.startsWith('services/gate/src/'));
    const offenders: string[] = [];
    for (const file of sources) {
      const lines = read(file).split('\n');
      lines.forEach((line, i) => {
        if (/^\s*(\/\/|\*)/.test(line)) return;
        if (producing.some((p) => p.test(line))) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });
});

describe('capability registry', () => {
  test('every mutation in schema/api.graphql has an action in MUTATION_ACTIONS', () => {
    const missing = mutations()
      .map((f) => f.name)
      .filter((name) => !(name in MUTATION_ACTIONS));
    expect(missing).toEqual([]);
  });

  test("every start* mutation's action is a start.* action", () => {
    const wrong = startMutations()
      .filter((f) => !MUTATION_ACTIONS[f.name]?.some((a) => a.startsWith('start.')))
      .map((f) => `${f.name} → ${MUTATION_ACTIONS[f.name]?.join(', ') ?? '(none)'}`);
    expect(wrong).toEqual([]);
  });
});

/**
 * Issue 17: a system principal (`Actor.system`: the worker's built-in connection health check)
 * holds registry capabilities without a membership, so only built-in work may ever set it; no
 * request path builds such an actor. Its declaration (authorize.ts) and its one user
 * (services/worker/src/health-sweep.ts) are the only places the key appears.
 */
const SYSTEM_ACTOR_KEY = /(?<![\w.'"`])system\??\s*:/g;
const SYSTEM_ACTOR_ALLOWED = new Set(['services/gate/src/authorize.ts', 'services/worker/src/health-sweep.ts']);

describe('system principals', () => {
  test('only the built-in health check sets Actor.system', () => {
    const found: string[] = [];
    for (const file of codeSources()) {
      if (SYSTEM_ACTOR_ALLOWED.has(file)) continue;
      const code = withoutComments(read(file));
      for (const m of code.matchAll(SYSTEM_ACTOR_KEY)) found.push(`${file}:${lineAt(code, m.index)}`);
    }
    expect(found).toEqual([]);
  });

  test('the detector finds the key in an object literal and a declaration, not in a string or a comment', () => {
    const hits = (source: string) => [...withoutComments(source).matchAll(SYSTEM_ACTOR_KEY)].length;
    expect(hits("const actor = { userId, system: 'connection-health' };")).toBe(1);
    expect(hits('interface A { system?: SystemPrincipal }')).toBe(1);
    expect(hits("const s = 'system:connection-health'; // system: here")).toBe(0);
    expect(hits('type S = `system:${string}`;')).toBe(0);
    expect(hits('const x = { filesystem: 1, actor.system: 2 };')).toBe(0);
  });
});

/**
 * Where role names are defined rather than checked: the registry itself and the vocabulary
 * (TENANT_ROLES, WORKSPACE_ROLES, which the database enums are built from).
 */
const ROLE_DEFINITIONS = new Set(['services/gate/src/capabilities.ts', 'services/db/src/vocabulary.ts']);

const ROLE = 'OWNER|MANAGER|OPERATOR|READONLY|MEMBER';
const ROLE_LITERAL = new RegExp(`(['"\`])(${ROLE})\\1`, 'g');

/**
 * The shapes of a role check around a role-name literal: the code just before it, and just
 * after. Writing a role (`.values({ role: 'OWNER' })`, `i === 0 ? 'OWNER' : 'READONLY'`, an SQL
 * `values (..., 'OWNER')`) matches none of them.
 */
const CHECKS_AROUND_LITERAL: Array<{ shape: string; before?: RegExp; after?: RegExp }> = [
  { shape: 'comparison', before: /(?:[=!]==?|<>)\s*$/, after: /^\s*(?:[=!]==?|<>)/ },
  { shape: 'switch case', before: /\bcase\s*$/ },
  { shape: 'membership test', before: /\.\s*(?:includes|has|indexOf|lastIndexOf)\s*\(\s*$/ },
  { shape: 'query filter', before: /\b(?:eq|ne|inArray|notInArray)\s*\([^()]*,\s*\[?\s*(?:(['"`])\w+\1\s*,\s*)*$/ },
  { shape: 'SQL filter', before: /\brole"?\s*(?:=|<>|!=|(?:not\s+)?in\s*\(\s*(?:'\w+'\s*,\s*)*)\s*$/i },
  { shape: 'ad hoc role list', before: /\[\s*(?:(['"`])\w+\1\s*,\s*)*$/ },
  { shape: 'role → allowed table', after: /^\s*:\s*(?:true|false)\b/ },
];

/** Role checks without a role-name literal. */
const CHECKS_WITHOUT_LITERAL: Array<{ shape: string; pattern: RegExp }> = [
  { shape: 'role → allowed table', pattern: new RegExp(`\\b(?:${ROLE})\\s*:\\s*(?:true|false)\\b`, 'g') },
  { shape: 'role picked from the vocabulary', pattern: /\b(?:TENANT|WORKSPACE)_ROLES\s*\[/g },
];

/** [start, end) of every `enumType(...)` / `pgEnum(...)` call: GraphQL and database enum definitions. */
function enumDefinitions(code: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const m of code.matchAll(/\b(?:enumType|pgEnum)\s*\(/g)) {
    let depth = 0;
    let quote: string | null = null;
    for (let i = m.index + m[0].length - 1; i < code.length; i++) {
      const c = code[i];
      if (quote) {
        if (c === '\\') i++;
        else if (c === quote) quote = null;
      } else if (c === "'" || c === '"' || c === '`') quote = c;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) {
        ranges.push([m.index, i + 1]);
        break;
      }
    }
  }
  return ranges;
}

/** Every direct role check in one source file, as `file:line: code (shape)`. */
export function directRoleChecks(file: string, source: string): string[] {
  if (ROLE_DEFINITIONS.has(file)) return [];
  const code = withoutComments(source);
  const enums = enumDefinitions(code);
  const lines = source.split('\n');
  const found = new Map<number, string>();
  const report = (offset: number, shape: string) => {
    if (enums.some(([from, to]) => offset >= from && offset < to)) return;
    const line = lineAt(code, offset);
    if (!found.has(line)) found.set(line, `${file}:${line}: ${lines[line - 1]?.trim()} (${shape})`);
  };
  for (const m of code.matchAll(ROLE_LITERAL)) {
    const before = code.slice(Math.max(0, m.index - 120), m.index);
    const after = code.slice(m.index + m[0].length, m.index + m[0].length + 40);
    const check = CHECKS_AROUND_LITERAL.find((c) => c.before?.test(before) || c.after?.test(after));
    if (check) report(m.index, check.shape);
  }
  for (const { shape, pattern } of CHECKS_WITHOUT_LITERAL) {
    for (const m of code.matchAll(pattern)) report(m.index, shape);
  }
  return [...found.values()];
}

describe('nothing checks a role name directly', () => {
  test('the detector finds role checks in every shape, and not role writes, definitions or comments', () => {
    const checks = [
      `if (membership.role === 'OWNER') return;`,
      `const can = row.role !== "MANAGER";`,
      'if (`READONLY` == role) return;',
      `switch (role) {\n  case 'OPERATOR':\n    break;\n}`,
      `if (roles.includes('OWNER')) return;`,
      `if (['OWNER', 'MANAGER'].includes(access.role)) return;`,
      `const PRIVILEGED = new Set(['OWNER', 'MANAGER']);`,
      `db.select().from(m).where(and(eq(m.tenantId, id), eq(m.role, 'OWNER')));`,
      `db.select().from(m).where(inArray(m.role, ['OWNER', 'MANAGER']));`,
      "await sql`select 1 from tenant_members m where m.user_id = ${id} and m.role = 'OWNER'`;",
      "await sql`select 1 from tenant_members where role in ('OWNER', 'MANAGER')`;",
      `const MAY_EXECUTE: Record<TenantRole, boolean> = { OWNER: true, MANAGER: true, OPERATOR: false, READONLY: false };`,
      `if (access.role === TENANT_ROLES[0]) return;`,
      `if (workspaceRole === 'MEMBER') throw new Error();`,
    ];
    for (const source of checks) expect(directRoleChecks('services/x/src/a.ts', source), source).toHaveLength(1);

    const notChecks = [
      `await tx.insert(m).values({ tenantId, userId: actor.userId, role: 'OWNER' });`,
      `return { ...created, role: 'OWNER' };`,
      `const rows = users.map((u, i) => ({ userId: u.id, role: i === 0 ? 'OWNER' : 'READONLY' }));`,
      "await sql`insert into tenant_members (tenant_id, user_id, role) values (${t}, ${u}, 'OWNER')`;",
      `// if (membership.role === 'OWNER') return;\n/* case 'MANAGER': */`,
      `if (!tenantRoleCan(membership.role, 'restore.execute')) return fail('FORBIDDEN', 'no');`,
      `if (user.id === actor.userId && parsed.role !== access.role) return;`,
      `const description = 'Creates a workspace; the caller becomes its OWNER.';`,
      `const ROLE_DESCRIPTIONS: Record<Role, string> = { OWNER: 'Everything.', READONLY: 'Reads.' };`,
      `builder.enumType('WorkspaceRole', {\n  values: Object.fromEntries(WORKSPACE_ROLES.map((r) => [r, { value: r, description: r === 'OWNER' ? 'a' : 'b' }])),\n});`,
    ];
    for (const source of notChecks) expect(directRoleChecks('services/x/src/a.ts', source), source).toEqual([]);
    // The definitions themselves.
    expect(
      directRoleChecks('services/db/src/vocabulary.ts', `export const TENANT_ROLES = ['OWNER', 'MANAGER'] as const;`),
    ).toEqual([]);
    expect(
      directRoleChecks('services/gate/src/capabilities.ts', `export const can = (r: string) => r === 'OWNER';`),
    ).toEqual([]);
  });

  test('no source outside the capability registry compares, switches on or lists role names', () => {
    const offenders = codeSources().flatMap((file) => directRoleChecks(file, read(file)));
    expect(offenders, 'ask the capability registry (services/gate/src/capabilities.ts) instead').toEqual([]);
  });
});
