/**
 * Bench child: the floor under any gateway written for Node. A blind HTTP proxy on `node:http`
 * (keep-alive agent) that forwards `POST /<subgraph>` to that subgraph's URL as is and streams the
 * answer back: no parsing, planning, validation or projection. Whatever CPU it spends per request
 * is spent by every Node gateway too, before any GraphQL work. Sends `{ type: 'ready', url }`.
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { childConfig, failed, onStop, ready } from './child';

const config = childConfig<{ subgraphUrls: Record<string, string> }>();
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const server = createServer((req, res) => {
  const target = config.subgraphUrls[(req.url ?? '/').slice(1)];
  if (!target || req.method !== 'POST') {
    res.writeHead(404).end();
    return;
  }
  const upstream = request(
    target,
    {
      method: 'POST',
      agent,
      headers: {
        'content-type': req.headers['content-type'] ?? 'application/json',
        accept: req.headers.accept ?? 'application/json',
        authorization: req.headers.authorization ?? '',
      },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? 'application/json' });
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(upstream);
});
onStop(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  agent.destroy();
});

try {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  ready({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
} catch (error) {
  failed(error);
}
