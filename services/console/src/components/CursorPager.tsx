/**
 * Previous / next over a list the API pages forward by cursor: `cursors` holds the `after` of
 * every page visited so far (`[null]` on the first), so going back needs no backward query.
 */
interface CursorPagerProps {
  cursors: (string | null)[];
  setCursors: (update: (cursors: (string | null)[]) => (string | null)[]) => void;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null } | undefined;
  /** While a page loads: both buttons wait. */
  busy: boolean;
}

export function CursorPager({ cursors, setCursors, pageInfo, busy }: CursorPagerProps) {
  return (
    <div className="pager">
      <button
        type="button"
        className="button"
        disabled={cursors.length < 2 || busy}
        onClick={() => setCursors((c) => c.slice(0, -1))}
      >
        Previous page
      </button>
      <span className="muted">Page {cursors.length}</span>
      <button
        type="button"
        className="button"
        disabled={!pageInfo?.hasNextPage || busy}
        onClick={() => setCursors((c) => [...c, pageInfo?.endCursor ?? null])}
      >
        Next page
      </button>
    </div>
  );
}
