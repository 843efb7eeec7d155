/**
 * The console's web server: the production build (dist/, made by build.ts), every deep link
 * answered with the app (client-side routes), `/config.json` (which gateway, how to sign in),
 * development sign-in when it is on, and `/healthz`. It serves files and signs development
 * tokens; all data comes from the gateway, which the browser talks to directly.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Logger } from 'pino';
import { type DevSignInOptions, handleDevSignIn } from './dev-sign-in';

export type ConsoleAuth =
  | ({ mode: 'development' } & DevSignInOptions)
  | { mode: 'oidc'; authority: string; clientId: string; scope: string; resource: string | null };

export interface ConsoleServerOptions {
  /** The production build (services/console/dist). */
  distDir: string;
  port: number;
  host: string;
  /**
   * The gateway's GraphQL URL as browsers reach it. A function is read per request, so a test can
   * start the console (whose URL the API's links need) before the gateway.
   */
  graphqlUrl: string | (() => string);
  auth: ConsoleAuth;
  logger: Logger;
}

export interface ConsoleServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface StaticFile {
  body: Buffer;
  gzip: Buffer | null;
  type: string;
  immutable: boolean;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** dist/ in memory (a few hundred KB), gzipped once; the build's manifest is not served. */
function loadDist(distDir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== '.vite') walk(path);
        continue;
      }
      const urlPath = `/${relative(distDir, path).split(sep).join('/')}`;
      if (name.startsWith('.')) continue;
      const body = readFileSync(path);
      const type = TYPES[extname(name)] ?? 'application/octet-stream';
      const compressible = /^(text\/|application\/json|image\/svg)/.test(type);
      files.set(urlPath, {
        body,
        gzip: compressible && body.length > 512 ? gzipSync(body, { level: 9 }) : null,
        type,
        // Vite puts content hashes in the names under assets/: they never change.
        immutable: urlPath.startsWith('/assets/'),
      });
    }
  };
  walk(distDir);
  if (!files.has('/index.html')) throw new Error(`${distDir} has no index.html: build the console first`);
  return files;
}

const origin = (url: string) => new URL(url).origin;

function securityHeaders(options: ConsoleServerOptions, graphqlUrl: string): Record<string, string> {
  const api = origin(graphqlUrl);
  const ws = api.replace(/^http/, 'ws');
  const issuer = options.auth.mode === 'oidc' ? origin(options.auth.authority) : '';
  return {
    'content-security-policy': [
      "default-src 'self'",
      `connect-src 'self' ${api} ${ws} ${issuer}`.trim(),
      `frame-src 'self' ${issuer}`.trim(),
      "img-src 'self' data:",
      "style-src 'self'",
      "script-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      `form-action 'self' ${issuer}`.trim(),
      "frame-ancestors 'self'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
  };
}

export async function startConsoleServer(options: ConsoleServerOptions): Promise<ConsoleServer> {
  const files = loadDist(options.distDir);
  const graphqlUrl = () => (typeof options.graphqlUrl === 'function' ? options.graphqlUrl() : options.graphqlUrl);
  const publicAuth =
    options.auth.mode === 'development'
      ? { mode: 'development' as const }
      : {
          mode: 'oidc' as const,
          authority: options.auth.authority,
          clientId: options.auth.clientId,
          scope: options.auth.scope,
          resource: options.auth.resource,
        };

  const send = (req: IncomingMessage, res: ServerResponse, file: StaticFile, status = 200) => {
    const gzip = file.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? file.gzip! : file.body;
    res.writeHead(status, {
      'content-type': file.type,
      'content-length': body.length,
      'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      ...(file.type.startsWith('text/html')
        ? securityHeaders(options, graphqlUrl())
        : { 'x-content-type-options': 'nosniff' }),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://console').pathname);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Bad request');
      return;
    }
    if (path === '/healthz' || path === '/readyz') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('ok');
      return;
    }
    if (path === '/api/dev-sign-in') {
      if (options.auth.mode !== 'development') {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Not found');
        return;
      }
      await handleDevSignIn(req, res, options.auth);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('Method not allowed');
      return;
    }
    if (path === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ graphqlUrl: graphqlUrl(), auth: publicAuth }));
      return;
    }
    const file = files.get(path);
    if (file && path !== '/index.html') return send(req, res, file);
    // A missing build file is a 404; every other path is a route of the app (deep links).
    if (path.startsWith('/assets/') || extname(path) !== '') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found');
      return;
    }
    send(req, res, files.get('/index.html')!);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.logger.error({ err: error, url: req.url }, 'console request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Internal error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  options.logger.info({ port, auth: options.auth.mode }, 'console listening');
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
