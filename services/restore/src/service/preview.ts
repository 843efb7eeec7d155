/**
 * The preview: the backup items against the tenant's CURRENT policies, read through the Graph
 * adapter with the tenant's default provider connection. This is the one Graph read outside a
 * run, on purpose: the operator explicitly asks to see what a restore would change, and a diff
 * against stored state could be stale by days. It is bounded (a timeout for the whole read)
 * and read-only; a provider problem is answered as BAD_USER_INPUT naming the reason code, so
 * the operator sees the same words the gate would use, and nothing is stored.
 */
import { schema } from '@msp/db';
import { connectionBlockers, fail, ok, type Result } from '@msp/gate';
import { type GraphConfigurationPolicy, isGraphError } from '@msp/microsoft-graph';
import { assignmentGroupIds, createSummary, diffPolicy, itemName, type PlanItem, policyIndex } from '@msp/restore-plan';
import { and, eq, inArray } from 'drizzle-orm';
import type { RestoreDeps } from '../deps';
import type { RestorePreviewItemModel, RestorePreviewModel } from '../model';

/** Current policies read at once with their settings (one Graph request each). */
const READ_CONCURRENCY = 4;

export interface PreviewInput {
  tenantId: string;
  backupTakenAt: Date;
  items: PlanItem[];
}

export interface ComputedPreview {
  preview: RestorePreviewModel;
  warnings: string[];
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i] as T);
      }
    }),
  );
  return results;
}

export async function computePreview(deps: RestoreDeps, input: PreviewInput): Promise<Result<ComputedPreview>> {
  const { db } = deps;
  const pc = schema.providerConnections;
  const [connection] = await db
    .select()
    .from(pc)
    .where(and(eq(pc.tenantId, input.tenantId), eq(pc.isDefault, true)));
  if (!connection) {
    return fail(
      'BAD_USER_INPUT',
      'The tenant has no default provider connection, so its current policies cannot be read (PROVIDER_CONNECTION_MISSING).',
      'id',
    );
  }
  const blocker = connectionBlockers(
    'POLICY_BACKUP',
    { ...connection, hasSecret: connection.clientSecretEncrypted !== null },
    new Date(),
  )[0];
  if (blocker || !connection.clientSecretEncrypted) {
    const reason = blocker ?? { reasonCode: 'PROVIDER_CREDENTIALS_MISSING', detail: 'No client secret is stored.' };
    return fail(
      'BAD_USER_INPUT',
      `The tenant's current policies cannot be read: ${reason.detail} (${reason.reasonCode}).`,
      'id',
    );
  }

  const graph = deps.graph.forTenant({
    entraTenantId: connection.entraTenantId,
    clientId: connection.clientId,
    clientSecret: deps.secrets.decrypt(connection.clientSecretEncrypted),
  });
  const signal = AbortSignal.timeout(deps.previewTimeoutMs);
  let current: GraphConfigurationPolicy[];
  let details: Map<string, Record<string, unknown>>;
  const index = { value: null as ReturnType<typeof policyIndex<GraphConfigurationPolicy>> | null };
  try {
    current = [];
    for await (const page of graph.listConfigurationPolicies({ signal })) current.push(...page);
    index.value = policyIndex(current);
    const idx = index.value;
    const matchedIds = [
      ...new Set(input.items.map((item) => idx.match(item)?.policy.id).filter((id): id is string => !!id)),
    ];
    const read = await mapLimit(matchedIds, READ_CONCURRENCY, (id) => graph.getConfigurationPolicy(id, { signal }));
    details = new Map(read.map((p) => [p.id, p as Record<string, unknown>]));
  } catch (err) {
    if (isGraphError(err)) {
      const timedOut = signal.aborted;
      return fail(
        'BAD_USER_INPUT',
        timedOut
          ? `Microsoft Graph did not answer within ${Math.round(deps.previewTimeoutMs / 1000)} s; try the preview again (PROVIDER_UNAVAILABLE).`
          : `The tenant's current policies could not be read: ${err.message} (${err.reasonCode}).`,
        'id',
      );
    }
    throw err;
  }

  const idx = index.value;
  const items: RestorePreviewItemModel[] = [];
  const warnings: string[] = [];
  const groupIdsByItem = new Map<string, string[]>();
  for (const item of input.items) {
    const name = itemName(item);
    const match = idx.match(item);
    const groups = assignmentGroupIds(item);
    if (groups.length > 0) groupIdsByItem.set(item.id, groups);
    if (!match) {
      items.push({
        itemId: item.id,
        displayName: name,
        action: 'CREATE',
        diffSummary: createSummary(item),
        targetPolicyId: null,
      });
      continue;
    }
    const full = details.get(match.policy.id) ?? (match.policy as Record<string, unknown>);
    const diff = diffPolicy(item, full);
    const how = match.by === 'name' ? ' (matched by name)' : '';
    items.push({
      itemId: item.id,
      displayName: name,
      action: diff.changed ? 'UPDATE' : 'UNCHANGED',
      diffSummary: diff.changed ? `${diff.summary.replace(/\.$/, '')}${how}.` : `No differences${how}.`,
      targetPolicyId: match.policy.id,
    });
    const modified = match.policy.lastModifiedDateTime ? new Date(match.policy.lastModifiedDateTime) : null;
    if (modified && modified.getTime() > input.backupTakenAt.getTime()) {
      warnings.push(
        `"${name}" was changed in the tenant after the backup was taken (${modified.toISOString()}); restoring replaces those changes.`,
      );
    }
    if (match.ambiguous) {
      warnings.push(`Several current policies are named "${name}"; the restore writes to ${match.policy.id} only.`);
    }
  }

  // Assignments that target groups the last directory sync did not see any more.
  const allGroups = [...new Set([...groupIdsByItem.values()].flat())];
  if (allGroups.length > 0) {
    const dg = schema.directoryGroups;
    const present = await db
      .select({ id: dg.graphId })
      .from(dg)
      .where(and(eq(dg.tenantId, input.tenantId), inArray(dg.graphId, allGroups)));
    const known = new Set(present.map((g) => g.id));
    for (const item of input.items) {
      const missing = (groupIdsByItem.get(item.id) ?? []).filter((g) => !known.has(g));
      if (missing.length > 0) {
        warnings.push(
          `"${itemName(item)}" has assignments to groups that no longer exist in the directory: ${missing.join(', ')}. Assignments are not restored; reassign the policy after the restore.`,
        );
      }
    }
  }

  const count = (a: RestorePreviewItemModel['action']) => items.filter((i) => i.action === a).length;
  return ok({
    preview: { items, creates: count('CREATE'), updates: count('UPDATE'), unchanged: count('UNCHANGED') },
    warnings,
  });
}
