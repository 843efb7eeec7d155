/**
 * Where a child's CPU time went, from the `--cpu-prof` profiles BENCH_CPU_PROF asks for: self
 * time of the main thread's profile (the largest file in the folder) by package (`node_modules`
 * package, Node's own `node:` modules, our sources), garbage collection and the V8 program, as
 * shares of the busy (non-idle) time.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
}

function category(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const inModules = url.lastIndexOf('/node_modules/');
  if (inModules >= 0) {
    const rest = url.slice(inModules + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return url.split('/')[0]!;
  const ours = url.match(/\/(gateway|services)\/([^/]+)\//);
  return ours ? `${ours[1]}/${ours[2]}` : url;
}

/** Shares of busy time by category, largest first; undefined when the folder has no profile. */
export function profileBreakdown(dir: string, top = 14): Array<[string, number]> | undefined {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  } catch {
    return undefined;
  }
  const main = files.map((f) => join(dir, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (!main) return undefined;
  const profile = JSON.parse(readFileSync(main, 'utf8')) as { nodes: ProfileNode[] };
  const hits = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const n = node.hitCount ?? 0;
    const c = category(node.callFrame);
    if (c === '(idle)' || n === 0) continue;
    busy += n;
    hits.set(c, (hits.get(c) ?? 0) + n);
  }
  return [...hits]
    .map(([c, n]): [string, number] => [c, n / busy])
    .sort((a, b) => b[1] - a[1])
    .slice(0, top);
}
