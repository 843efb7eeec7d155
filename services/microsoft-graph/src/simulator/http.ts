/**
 * One HTTP exchange of the simulator and how it answers: Graph's JSON and error bodies with
 * request-id headers, Entra's plain JSON, bounded body reads, and the tenant's simulated latency
 * and Retry-After.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { AadErrorResponse } from './entra';
import type { TenantState } from './state';

const JSON_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Scheme and host as the client addressed us, for absolute nextLinks. */
  origin: string;
  requestId: string;
  clientRequestId: string;
  /** Tenant key, once known, for the request log. */
  tenant?: string;
}

export function send(ex: Exchange, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const base: Record<string, string> = { 'request-id': ex.requestId, 'client-request-id': ex.clientRequestId };
  if (body === undefined) {
    ex.res.writeHead(status, { ...base, ...headers });
    ex.res.end();
    return;
  }
  const text = JSON.stringify(body);
  ex.res.writeHead(status, {
    ...base,
    'content-type': JSON_TYPE,
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  ex.res.end(text);
}

function graphErrorBody(ex: Exchange, code: string, message: string) {
  return {
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        'request-id': ex.requestId,
        'client-request-id': ex.clientRequestId,
      },
    },
  };
}

export function sendGraphError(
  ex: Exchange,
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
) {
  send(ex, status, graphErrorBody(ex, code, message), headers);
}

export function sendAad(ex: Exchange, error: AadErrorResponse, headers: Record<string, string> = {}): void {
  // Entra answers with plain JSON and no Graph request-id headers.
  const text = JSON.stringify(error.body);
  ex.res.writeHead(error.status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store, no-cache',
    'x-ms-request-id': String(error.body.trace_id ?? ex.requestId),
    ...headers,
  });
  ex.res.end(text);
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new HttpProblem(413, 'RequestEntityTooLarge', 'Request body too large.');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  try {
    return text.length === 0 ? undefined : JSON.parse(text);
  } catch {
    throw new HttpProblem(
      400,
      'BadRequest',
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
    );
  }
}

export function methodNotAllowed(ex: Exchange): void {
  sendGraphError(ex, 405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
}

export function forbiddenDirectory(ex: Exchange): void {
  sendGraphError(ex, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
}

/** Intune words a missing app role its own way (code Forbidden, JSON-in-a-string message). */
export function forbiddenIntune(ex: Exchange, scopes: string[]): void {
  const message = JSON.stringify({
    _version: 3,
    Message: `Application is not authorized to perform this operation. Application must have one of the following scopes: ${scopes.join(', ')} - Operation ID (for customer support): ${randomUUID()} - Activity ID: ${ex.clientRequestId} - Url: ${ex.origin}${ex.url.pathname}`,
    CustomApiErrorPhrase: '',
    RetryAfter: null,
    ErrorSourceService: '',
    HttpHeaders: '{}',
  });
  sendGraphError(ex, 403, 'Forbidden', message);
}

/** The tenant's configured latency, before it answers. */
export async function withLatency(tenant: TenantState): Promise<void> {
  if (tenant.config.latencyMs > 0) await delay(tenant.config.latencyMs);
}

export function throttleHeaders(tenant: TenantState): Record<string, string> {
  return { 'retry-after': String(tenant.config.retryAfterSeconds) };
}
