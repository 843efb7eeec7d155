/**
 * The Graph simulator: the Entra token endpoint and the Graph endpoints the platform uses,
 * with the same paths, status codes, headers and error bodies, plus a control API under
 * `/_simulator` that tells a tenant to refuse consent, reject secrets, throttle, fail or be
 * slow. One server answers both hosts: point `loginBaseUrl` and `graphBaseUrl` at it.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { handleControl } from './control';
import { handleGraph } from './graph';
import { type Exchange, HttpProblem, send, sendGraphError } from './http';
import { TenantRegistry } from './state';
import { handleToken } from './token';

export interface GraphSimulatorOptions {
  /**
   * Port to listen on; 0 picks a free one (tests).
   * @defaultValue 4010, the simulator's fixed development port
   */
  port?: number;
  /**
   * Interface to listen on. Loopback: the simulator accepts any secret and its control API needs
   * no login, so it answers this machine only unless told otherwise.
   * @defaultValue '127.0.0.1'
   */
  host?: string;
  /** @defaultValue a silent pino logger */
  logger?: Logger;
}

export interface GraphSimulator {
  /** Base URL for both `loginBaseUrl` and `graphBaseUrl`, e.g. `http://127.0.0.1:4010`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Probes, the control API, the token endpoint, then Graph; anything else is Graph's 404. */
async function dispatch(registry: TenantRegistry, ex: Exchange): Promise<void> {
  const path = ex.url.pathname;
  const method = ex.req.method ?? 'GET';
  if (path === '/healthz' || path === '/readyz') {
    if (method !== 'GET' && method !== 'HEAD') return send(ex, 405, { error: 'method_not_allowed' });
    return send(ex, 200, { status: 'ok' });
  }
  if (path.startsWith('/_simulator/')) {
    return handleControl(
      registry,
      ex,
      path.slice('/_simulator/'.length).split('/').filter(Boolean).map(decodeURIComponent),
    );
  }
  const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
  if (token?.[1]) {
    if (method !== 'POST') return send(ex, 405, { error: 'invalid_request', error_description: 'Use POST.' });
    return handleToken(registry, ex, decodeURIComponent(token[1]));
  }
  const graph = /^\/(v1\.0|beta)(\/.*)?$/.exec(path);
  if (graph) {
    return handleGraph(registry, ex, graph[1] === 'beta' ? 'beta' : 'v1.0', graph[2] ?? '/');
  }
  sendGraphError(ex, 404, 'NotFound', `No route for ${method} ${path}.`);
}

export async function startGraphSimulator(options: GraphSimulatorOptions = {}): Promise<GraphSimulator> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const registry = new TenantRegistry();
  let port = options.port ?? 4010;

  const server = createServer((req, res) => {
    const started = performance.now();
    const host = req.headers.host ?? `127.0.0.1:${port}`;
    const clientRequestId = req.headers['client-request-id'];
    const ex: Exchange = {
      req,
      res,
      url: new URL(req.url ?? '/', `http://${host}`),
      origin: `http://${host}`,
      requestId: randomUUID(),
      clientRequestId: typeof clientRequestId === 'string' ? clientRequestId : randomUUID(),
    };
    res.on('finish', () => {
      // Path only: never the Authorization header or a body (client secrets).
      logger.debug(
        {
          method: req.method,
          path: ex.url.pathname,
          status: res.statusCode,
          tenant: ex.tenant,
          ms: Math.round(performance.now() - started),
        },
        'graph simulator request',
      );
    });
    dispatch(registry, ex).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpProblem) {
        sendGraphError(ex, error.status, error.code, error.message);
        return;
      }
      logger.error({ err: error, path: ex.url.pathname }, 'graph simulator failed');
      sendGraphError(ex, 500, 'InternalServerError', 'Simulator error.');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const host =
    options.host === undefined || options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  // The simulator is not Microsoft Graph: say so in every log that shows it started.
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info({ url }, 'graph simulator (a fake Microsoft Graph for development and tests) listening');

  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
