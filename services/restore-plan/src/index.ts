/**
 * How a backed-up policy maps onto the tenant's current policies: the matching rule, the diff
 * and the write body. Pure (no I/O), and shared by the preview (restore subgraph) and the
 * executor (worker, RESTORE_EXECUTION), so what the operator previewed and what the run does
 * follow one rule:
 *
 * - match by the backed-up policy's id, then by display name (case-insensitive, trimmed): a
 *   policy restored once is found by name the second time, so a restore applied twice never
 *   creates a duplicate;
 * - matched and different → UPDATE (PUT, replace incl. settings); matched and equal →
 *   UNCHANGED (no write); not matched → CREATE (POST).
 */
import type { GraphConfigurationPolicyInput } from '@msp/microsoft-graph';

export const RESTORE_ITEM_ACTIONS = ['CREATE', 'UPDATE', 'UNCHANGED'] as const;
export type RestoreItemAction = (typeof RESTORE_ITEM_ACTIONS)[number];

/** A backup item as the plan needs it. */
export interface PlanItem {
  id: string;
  policyId: string;
  displayName: string | null;
  payload: Record<string, unknown>;
}

/** A current policy from the listing (no settings). */
export interface ListedPolicy {
  id: string;
  name: string | null;
  lastModifiedDateTime?: string | null;
}

export interface PolicyMatch<P extends ListedPolicy> {
  policy: P;
  by: 'id' | 'name';
  /** More than one current policy has this display name; the first (by id order of listing) was taken. */
  ambiguous: boolean;
}

const normalizeName = (name: string | null | undefined) => (name ?? '').trim().toLowerCase();

/** The name a backed-up item is restored under. */
export function itemName(item: PlanItem): string {
  const fromPayload = typeof item.payload.name === 'string' ? item.payload.name : null;
  return fromPayload ?? item.displayName ?? item.policyId;
}

/** Indexes the current policies once, so matching N items costs N lookups. */
export function policyIndex<P extends ListedPolicy>(current: readonly P[]) {
  const byId = new Map<string, P>();
  const byName = new Map<string, P[]>();
  for (const p of current) {
    byId.set(p.id, p);
    const key = normalizeName(p.name);
    if (!key) continue;
    const list = byName.get(key);
    if (list) list.push(p);
    else byName.set(key, [p]);
  }
  return {
    match(item: PlanItem): PolicyMatch<P> | null {
      const exact = byId.get(item.policyId);
      if (exact) return { policy: exact, by: 'id', ambiguous: false };
      const named = byName.get(normalizeName(itemName(item)));
      if (named?.[0]) return { policy: named[0], by: 'name', ambiguous: named.length > 1 };
      return null;
    },
    /** Records a policy created during the run, so a later item of the same name matches it. */
    add(policy: P) {
      byId.set(policy.id, policy);
      const key = normalizeName(policy.name);
      if (key) byName.set(key, [...(byName.get(key) ?? []), policy]);
    },
  };
}

/**
 * Keys a restore never sends: read-only properties (the adapter drops them too), OData
 * annotations, and assignments, which Graph writes through a separate `/assign` action that
 * this version does not call (a limit, stated in the README).
 */
const NOT_WRITTEN = new Set([
  'id',
  'createdDateTime',
  'lastModifiedDateTime',
  'settingCount',
  'isAssigned',
  'creationSource',
  'assignments',
]);

/** The create/replace body for a backed-up item. */
export function restoreBody(item: PlanItem): GraphConfigurationPolicyInput {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item.payload)) {
    if (NOT_WRITTEN.has(key) || key.includes('@odata.')) continue;
    body[key] = value;
  }
  body.name = itemName(item);
  return body as GraphConfigurationPolicyInput;
}

/** JSON with sorted object keys, so equal values compare equal whatever their key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([k, v]) => v !== undefined && !k.includes('@odata.'))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const COMPARED_FIELDS = ['name', 'description', 'platforms', 'technologies'] as const;

function settingKey(setting: unknown, index: number): string {
  const instance = (setting as { settingInstance?: { settingDefinitionId?: unknown } })?.settingInstance;
  return typeof instance?.settingDefinitionId === 'string' ? instance.settingDefinitionId : `#${index}`;
}

function settingValue(setting: unknown): string {
  // The setting's own `id` is a position in the policy, not part of its value.
  const { id: _id, ...rest } = (setting ?? {}) as Record<string, unknown>;
  return stableJson(rest);
}

export interface PolicyDiff {
  changed: boolean;
  /** e.g. `description changed; settings: 1 changed, 1 added` */
  summary: string;
}

/**
 * What replacing `current` (read with its settings) by the backed-up payload would change.
 * Fields the restore does not write (ids, timestamps, assignments) are not compared.
 */
export function diffPolicy(item: PlanItem, current: Record<string, unknown>): PolicyDiff {
  const wanted = restoreBody(item) as Record<string, unknown>;
  const parts: string[] = [];
  for (const field of COMPARED_FIELDS) {
    const a = wanted[field] ?? (field === 'description' ? '' : null);
    const b = current[field] ?? (field === 'description' ? '' : null);
    if (stableJson(a) !== stableJson(b)) {
      parts.push(field === 'name' ? `name ${JSON.stringify(b)} → ${JSON.stringify(a)}` : `${field} changed`);
    }
  }
  const tagsA = [...((wanted.roleScopeTagIds as string[] | null | undefined) ?? ['0'])].sort();
  const tagsB = [...((current.roleScopeTagIds as string[] | null | undefined) ?? ['0'])].sort();
  if (stableJson(tagsA) !== stableJson(tagsB)) parts.push('scope tags changed');

  const wantedSettings = new Map(((wanted.settings as unknown[]) ?? []).map((s, i) => [settingKey(s, i), s]));
  const currentSettings = new Map(((current.settings as unknown[]) ?? []).map((s, i) => [settingKey(s, i), s]));
  let added = 0;
  let removed = 0;
  let modified = 0;
  for (const [key, s] of wantedSettings) {
    const there = currentSettings.get(key);
    if (there === undefined) added++;
    else if (settingValue(there) !== settingValue(s)) modified++;
  }
  for (const key of currentSettings.keys()) if (!wantedSettings.has(key)) removed++;
  if (added + removed + modified > 0) {
    const counts = [
      modified ? `${modified} changed` : null,
      added ? `${added} added` : null,
      removed ? `${removed} removed` : null,
    ].filter(Boolean);
    parts.push(`settings: ${counts.join(', ')}`);
  }
  return parts.length === 0
    ? { changed: false, summary: 'No differences.' }
    : { changed: true, summary: `${parts.join('; ')}.` };
}

/** The summary of a CREATE. */
export function createSummary(item: PlanItem): string {
  const settings = Array.isArray(item.payload.settings) ? item.payload.settings.length : 0;
  return `Creates "${itemName(item)}" with ${settings} setting${settings === 1 ? '' : 's'} (no policy with this id or name exists).`;
}

/** Group ids the backed-up assignments target (`assignments[].target.groupId`). */
export function assignmentGroupIds(item: PlanItem): string[] {
  const assignments = item.payload.assignments;
  if (!Array.isArray(assignments)) return [];
  const ids = new Set<string>();
  for (const a of assignments) {
    const groupId = (a as { target?: { groupId?: unknown } })?.target?.groupId;
    if (typeof groupId === 'string' && groupId) ids.add(groupId);
  }
  return [...ids];
}
