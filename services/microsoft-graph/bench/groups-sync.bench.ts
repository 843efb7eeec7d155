/**
 * Prints how long a full groups sync takes against the simulator (figures, no assertions).
 * `npx tsx services/microsoft-graph/bench/groups-sync.bench.ts [groups=20000] [runs=5]`
 */
import { randomUUID } from 'node:crypto';
import { createGraphClient, startGraphSimulator } from '../src/index';

const groups = Number(process.argv[2] ?? 20_000);
const runs = Number(process.argv[3] ?? 5);

const simulator = await startGraphSimulator({ port: 0, host: '127.0.0.1' });
try {
  const tenantId = randomUUID();
  await fetch(`${simulator.url}/_simulator/tenants/${tenantId}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ groups }),
  });
  const client = createGraphClient({ endpoints: { loginBaseUrl: simulator.url, graphBaseUrl: simulator.url } });
  const graph = client.forTenant({ entraTenantId: tenantId, clientId: 'bench', clientSecret: 'bench' });
  const timings: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    let count = 0;
    let pages = 0;
    for await (const page of graph.listGroups()) {
      count += page.length;
      pages += 1;
    }
    const ms = performance.now() - started;
    timings.push(ms);
    console.log(`run ${run + 1}: ${count} groups in ${pages} pages, ${ms.toFixed(0)} ms`);
  }
  timings.sort((a, b) => a - b);
  console.log(`median ${timings[Math.floor(timings.length / 2)]?.toFixed(0)} ms for ${groups} groups`);
} finally {
  await simulator.close();
}
