/** Graph paging as the platform meets it: `$top`, opaque `$skiptoken`, absolute `@odata.nextLink`, `$select`. */
import { type Exchange, HttpProblem, send } from './http';

export const DEFAULT_PAGE = { groups: 100, roleDefinitions: 25, policies: 25 } as const;
const MAX_PAGE = 999;

function encodeSkipToken(offset: number): string {
  return Buffer.from(`sim:${offset}`).toString('base64url');
}

function decodeSkipToken(token: string): number {
  const match = /^sim:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match?.[1]) throw new HttpProblem(400, 'Request_BadRequest', `Invalid skip token '${token}'.`);
  return Number(match[1]);
}

export function pageWindow(url: URL, defaultTop: number): { top: number; offset: number } {
  const rawTop = url.searchParams.get('$top');
  let top = defaultTop;
  if (rawTop !== null) {
    top = Number(rawTop);
    if (!/^\d+$/.test(rawTop) || top < 1 || top > MAX_PAGE) {
      throw new HttpProblem(
        400,
        'Request_BadRequest',
        `Invalid page size specified: '${rawTop}'. Must be between 1 and ${MAX_PAGE} inclusive.`,
      );
    }
  }
  const skip = url.searchParams.get('$skiptoken');
  return { top, offset: skip === null ? 0 : decodeSkipToken(skip) };
}

/** nextLink keeps the query as given (with literal `$` names, as Graph writes them). */
function nextLink(ex: Exchange, offset: number): string {
  const parts: string[] = [];
  for (const [key, value] of ex.url.searchParams) {
    if (key !== '$skiptoken') parts.push(`${key}=${encodeURIComponent(value)}`);
  }
  parts.push(`$skiptoken=${encodeSkipToken(offset)}`);
  return `${ex.origin}${ex.url.pathname}?${parts.join('&')}`;
}

function applySelect(item: Record<string, unknown>, url: URL): Record<string, unknown> {
  const select = url.searchParams.get('$select');
  if (!select) return item;
  const keys = select.split(',').map((key) => key.trim());
  const picked: Record<string, unknown> = {};
  for (const key of keys) if (key in item) picked[key] = item[key];
  return picked;
}

export function sendPage(
  ex: Exchange,
  context: string,
  total: number,
  window: { top: number; offset: number },
  itemAt: (index: number) => Record<string, unknown>,
): void {
  const end = Math.min(total, window.offset + window.top);
  const value: Record<string, unknown>[] = [];
  for (let i = window.offset; i < end; i++) value.push(applySelect(itemAt(i), ex.url));
  const body: Record<string, unknown> = { '@odata.context': `${ex.origin}${context}` };
  if (end < total) body['@odata.nextLink'] = nextLink(ex, end);
  body.value = value;
  send(ex, 200, body);
}
