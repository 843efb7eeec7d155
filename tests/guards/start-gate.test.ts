/**
 * Guards (issue 5): every provider-backed start goes through the central start gate, and every
 * mutation declares its action in the capability registry.
 */
import { MUTATION_ACTIONS } from '@msp/gate';
import { isNonNullType, isUnionType } from 'graphql';
import { describe, expect, test } from 'vitest';
import { apiSchema, filesUnder, read } from './sources';

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
