/**
 * One HTTP exchange with bounded retries: per-attempt timeout, Retry-After honoured on 429
 * (and 503/504 for requests that are safe to resend), exponential backoff with jitter when
 * the server gives no hint. Turns the final failure into a GraphError through a caller-given
 * classifier, so token and Graph calls share the loop but keep their own error mapping.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import { GraphError } from './errors';
import { type AttemptObserver, inGraphSpan } from './telemetry';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const defaultSleep: Sleep = async (ms, signal) => {
  if (ms <= 0) return;
  await delay(ms, undefined, signal ? { signal } : undefined);
};

export interface TransportSettings {
  fetch: typeof fetch;
  logger: Logger;
  maxRetries: number;
  maxRetryAfterMs: number;
  backoffBaseMs: number;
  timeoutMs: number;
  sleep: Sleep;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /**
   * Safe to resend after a timeout, network error, 503 or 504 (the server may or may not
   * have acted). 429 is always retried: Graph does not process throttled requests.
   */
  idempotent: boolean;
  /**
   * Caller cancellation (a run cancelled, a job shutting down): observed before every attempt
   * and during waits between attempts. An attempt already sent is aborted too, unless
   * `finishInFlight` says to let it finish.
   */
  signal?: AbortSignal | undefined;
  /**
   * Let an attempt that is already on the wire finish even when `signal` aborts: for writes,
   * whose effect must be known (a restore records what it applied); the signal still stops the
   * next attempt. @defaultValue false
   */
  finishInFlight?: boolean;
  /** Short description for logs and messages, e.g. `GET /v1.0/groups`. Never a secret. */
  label: string;
  /**
   * Which endpoint, for metrics and spans: `graph` (Microsoft Graph) or `token` (Entra's token
   * endpoint). @defaultValue 'graph'
   */
  kind?: 'graph' | 'token';
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  json: unknown;
}

/** Builds the error for a final non-2xx response. */
export type ErrorClassifier = (response: HttpResponse, retryAfterMs: number | undefined) => GraphError;

/** Parses `Retry-After`: delta-seconds or an HTTP date. Returns milliseconds. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

function backoff(settings: TransportSettings, attempt: number): number {
  const base = settings.backoffBaseMs * 2 ** attempt;
  // Jitter spreads the retries of many workers hitting the same tenant.
  return Math.min(settings.maxRetryAfterMs, Math.round(base * (0.5 + Math.random() / 2)));
}

function interrupted(label: string, cause: unknown): GraphError {
  return new GraphError(`${label} was cancelled`, {
    reasonCode: 'RUN_INTERRUPTED',
    httpStatus: null,
    retryable: false,
    cause,
  });
}

async function attemptOnce(settings: TransportSettings, request: HttpRequest): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(settings.timeoutMs);
  const signal = request.signal && !request.finishInFlight ? AbortSignal.any([timeout, request.signal]) : timeout;
  const init: RequestInit = { method: request.method, headers: request.headers, signal };
  if (request.body !== undefined) init.body = request.body;
  const response = await settings.fetch(request.url, init);
  const text = await response.text();
  let json: unknown;
  if (text.length > 0) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: response.status, headers: response.headers, json };
}

/**
 * Sends with retries inside one client span (`graph.request` / `graph.token`: method, URL, final
 * status, attempts, throttles, Retry-After), counting every attempt in the Graph metrics.
 */
export function send(
  settings: TransportSettings,
  request: HttpRequest,
  classify: ErrorClassifier,
): Promise<HttpResponse> {
  return inGraphSpan(request, (observer) => sendWithRetries(settings, request, classify, observer));
}

async function sendWithRetries(
  settings: TransportSettings,
  request: HttpRequest,
  classify: ErrorClassifier,
  observer: AttemptObserver,
): Promise<HttpResponse> {
  for (let attempt = 0; ; attempt++) {
    if (request.signal?.aborted) throw interrupted(request.label, request.signal.reason);
    let response: HttpResponse;
    try {
      response = await attemptOnce(settings, request);
      observer.answered(response.status, parseRetryAfter(response.headers.get('retry-after')));
    } catch (cause) {
      observer.failed();
      if (request.signal?.aborted) throw interrupted(request.label, cause);
      const timedOut = cause instanceof Error && cause.name === 'TimeoutError';
      const error = new GraphError(
        timedOut
          ? `${request.label} timed out after ${settings.timeoutMs} ms`
          : `${request.label} failed: network error (${cause instanceof Error ? cause.message : 'unknown'})`,
        { reasonCode: 'PROVIDER_UNAVAILABLE', httpStatus: null, cause },
      );
      if (!request.idempotent || attempt >= settings.maxRetries) throw error;
      const wait = backoff(settings, attempt);
      settings.logger.warn(
        { request: request.label, attempt, waitMs: wait, timedOut },
        'graph request failed without a response; retrying',
      );
      observer.retrying(wait);
      await sleepOrInterrupt(settings, wait, request);
      continue;
    }

    if (response.status < 400) return response;

    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    const retryableStatus =
      response.status === 429 || (request.idempotent && (response.status === 503 || response.status === 504));
    if (!retryableStatus || attempt >= settings.maxRetries) throw classify(response, retryAfterMs);

    const wait = retryAfterMs ?? backoff(settings, attempt);
    // A server asking for a longer pause than we are willing to hold a worker for: give up
    // now and hand the wait to the caller (GraphError.retryAfterMs) so the job can be
    // rescheduled instead of blocking; retrying earlier than asked only earns another 429.
    if (wait > settings.maxRetryAfterMs) throw classify(response, wait);
    settings.logger.warn(
      { request: request.label, status: response.status, attempt, waitMs: wait },
      'graph request throttled or unavailable; retrying',
    );
    observer.retrying(wait);
    await sleepOrInterrupt(settings, wait, request);
  }
}

async function sleepOrInterrupt(settings: TransportSettings, ms: number, request: HttpRequest): Promise<void> {
  try {
    await settings.sleep(ms, request.signal);
  } catch (cause) {
    if (request.signal?.aborted) throw interrupted(request.label, cause);
    throw cause;
  }
}
