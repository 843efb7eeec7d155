/**
 * The audit log's NDJSON export: pages through `auditEvents` with the caller's bearer token and
 * writes one JSON object per line, newest first. Going through the API (the gateway, or this
 * subgraph) means the export is authenticated and authorized exactly as `auditEvents` is: a
 * READONLY member gets FORBIDDEN, a stranger NOT_FOUND, before a line is written.
 * `npm run audit:export` (scripts/audit-export.ts) is the command around it.
 */

export interface AuditExportOptions {
  /** The GraphQL endpoint: the gateway's `/graphql` (or a tenant subgraph's, in tests). */
  url: string;
  /** The caller's bearer token (without `Bearer `). */
  token: string;
  workspaceId: string;
  tenantId?: string | null;
  actorId?: string | null;
  action?: string | null;
  /** Where each line goes (with its newline). */
  write: (line: string) => void | Promise<void>;
}

export class AuditExportError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

const PAGE = `query AuditExport($w: ID!, $t: ID, $a: ID, $action: String, $after: String) {
  auditEvents(workspaceId: $w, tenantId: $t, actorId: $a, action: $action, first: 100, after: $after) {
    edges { node { id at action actor { id email } apiClientId tenant { id } surface outcome run { id } targetType targetId detail } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Node {
  id: string;
  at: string;
  action: string;
  actor: { id: string; email: string | null } | null;
  apiClientId: string | null;
  tenant: { id: string } | null;
  surface: string | null;
  outcome: string | null;
  run: { id: string } | null;
  targetType: string | null;
  targetId: string | null;
  detail: unknown;
}

/** One record as an NDJSON line: flat, ids for what it points at. */
export function auditExportLine(n: Node): string {
  return `${JSON.stringify({
    id: n.id,
    at: n.at,
    action: n.action,
    actorId: n.actor?.id ?? null,
    actorEmail: n.actor?.email ?? null,
    apiClientId: n.apiClientId,
    tenantId: n.tenant?.id ?? null,
    surface: n.surface,
    outcome: n.outcome,
    runId: n.run?.id ?? null,
    targetType: n.targetType,
    targetId: n.targetId,
    detail: n.detail,
  })}\n`;
}

/** Writes every record the caller may read that matches; returns how many. Throws `AuditExportError`. */
export async function exportAuditEvents(options: AuditExportOptions): Promise<number> {
  let after: string | null = null;
  let written = 0;
  for (;;) {
    const res = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
      body: JSON.stringify({
        query: PAGE,
        variables: {
          w: options.workspaceId,
          t: options.tenantId ?? null,
          a: options.actorId ?? null,
          action: options.action ?? null,
          after,
        },
      }),
    });
    const body = (await res.json().catch(() => null)) as {
      data?: { auditEvents?: { edges: Array<{ node: Node }>; pageInfo: { hasNextPage: boolean; endCursor: string } } };
      errors?: Array<{ message: string; extensions?: { code?: string } }>;
    } | null;
    const page = body?.data?.auditEvents;
    if (!page) {
      const error = body?.errors?.[0];
      throw new AuditExportError(error?.message ?? `HTTP ${res.status}`, error?.extensions?.code);
    }
    for (const { node } of page.edges) {
      await options.write(auditExportLine(node));
      written++;
    }
    if (!page.pageInfo.hasNextPage) return written;
    after = page.pageInfo.endCursor;
  }
}
