/**
 * The API hands out absolute links (`${PUBLIC_APP_URL}/monitoring/operations/<id>`, action
 * URLs). Those of this console become in-app paths (client-side navigation); anything else
 * stays an ordinary link.
 */
export function inAppPath(url: string): string | null {
  try {
    const parsed = new URL(url, window.location.origin);
    if (parsed.origin !== window.location.origin) return null;
    return `${parsed.pathname}${parsed.search}${parsed.hash}`;
  } catch {
    return null;
  }
}

export const runPath = (runId: string) => `/monitoring/operations/${encodeURIComponent(runId)}`;
