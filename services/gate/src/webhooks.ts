/**
 * Outbound webhooks: what the tenant subgraph (endpoint creation) and the worker (delivery)
 * share. Signing as Standard Webhooks specifies (https://www.standardwebhooks.com/), the SSRF
 * policy for targets (checked on the URL at creation and on the resolved addresses at every
 * attempt, the connection pinned to the address checked), one bounded HTTP attempt, and the
 * delivery queue's job catalog.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';
import { withTimeout } from '@msp/process';
import type { Queue } from 'bullmq';
import { z } from 'zod';
import { createOperationsQueue, type OperationsQueueOptions } from './jobs';
import { WEBHOOK_EVENT_TYPES, type WebhookErrorClass, type WebhookEventType } from './vocabulary';

// ---------------------------------------------------------------------------------------------
// Signing (Standard Webhooks)

/** Standard Webhooks' secret prefix; the rest is the base64 of the key bytes. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** A new endpoint secret: `whsec_` + base64 of 32 random bytes (the spec asks for 24 to 64). */
export function newWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** The key bytes of a `whsec_…` secret (the HMAC key is the decoded bytes, not the text). */
export function webhookSecretKey(secret: string): Buffer {
  const encoded = secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret;
  return Buffer.from(encoded, 'base64');
}

/** `webhook-id` of an event: the same for every endpoint, delivery attempt and redelivery of it. */
export function webhookMessageId(eventId: string): string {
  return `msg_${eventId}`;
}

/** One signature: `v1,` + base64 HMAC-SHA256 of `${id}.${timestamp}.${body}` under the secret's key bytes. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', webhookSecretKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/**
 * The three Standard Webhooks headers for one attempt. With several secrets (the current one and,
 * for a while after a rotation, the previous), `webhook-signature` carries one signature each,
 * space-separated: a receiver accepts the message when any of them verifies.
 */
export function webhookHeaders(
  secrets: readonly string[],
  id: string,
  timestamp: number,
  body: string,
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((s) => signWebhook(s, id, timestamp, body)).join(' '),
  };
}

/**
 * The receiver's check, as the spec describes it (for documentation and tests): one of the
 * signatures verifies under `secret`, and the timestamp is within `toleranceSeconds` of now.
 */
export function verifyWebhook(
  secret: string,
  headers: { id: string; timestamp: string; signature: string },
  body: string,
  options: { toleranceSeconds?: number; now?: number } = {},
): boolean {
  const timestamp = Number(headers.timestamp);
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (!Number.isInteger(timestamp) || Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, headers.id, timestamp, body));
  return headers.signature.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

// ---------------------------------------------------------------------------------------------
// Targets: the SSRF policy

/**
 * Where webhooks may go. Production: https only, to public addresses only. `allowInsecure`
 * (WEBHOOK_ALLOW_INSECURE_TARGETS, refused with NODE_ENV=production) also allows http and
 * private, loopback and link-local addresses: for tests and development receivers.
 */
export interface WebhookTargetPolicy {
  allowInsecure: boolean;
}

export const STRICT_TARGET_POLICY: WebhookTargetPolicy = { allowInsecure: false };

/** The longest endpoint URL accepted. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

/**
 * Address ranges no webhook may reach in production: private (RFC 1918), loopback, link-local
 * (169.254/16, where cloud metadata services answer: 169.254.169.254), CGNAT (100.64/10, Alibaba's
 * metadata at 100.100.100.200), "this network", benchmarking, documentation, multicast and
 * reserved ranges; IPv6 loopback, unspecified, unique-local (fc00::/7, AWS's metadata
 * fd00:ec2::254), link-local, site-local, multicast, documentation and discard. IPv4-mapped,
 * NAT64 and 6to4 addresses are judged by the IPv4 address they carry.
 */
const REFUSED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  REFUSED.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  REFUSED.addSubnet(net, prefix, 'ipv6');
}

/** The IPv4 address an IPv6 address carries (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16), if any. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const groups = expandIpv6(lower);
  if (!groups) return null;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  // ::ffff:0:0/96 and 64:ff9b::/96 in hex form.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return v4(groups[6]!, groups[7]!);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0))
    return v4(groups[6]!, groups[7]!);
  if (groups[0] === 0x2002) return v4(groups[1]!, groups[2]!);
  return null;
}

/** The eight 16-bit groups of an IPv6 address in hex notation (null for a dotted tail). */
function expandIpv6(address: string): number[] | null {
  if (address.includes('.')) return null;
  const [head, tail] = address.split('::') as [string, string | undefined];
  const part = (s: string | undefined) => (s ? s.split(':').map((g) => Number.parseInt(g, 16)) : []);
  const h = part(head);
  const t = part(tail);
  const groups = tail === undefined ? h : [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/** Whether a webhook may reach `address` (an IP literal) under the strict policy. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !REFUSED.check(address, 'ipv4');
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4) return isPublicAddress(v4);
    return !REFUSED.check(address, 'ipv6');
  }
  return false;
}

export type TargetRefusal = {
  ok: false;
  errorClass: Extract<WebhookErrorClass, 'DNS' | 'TARGET_REFUSED'>;
  message: string;
};

/**
 * The URL's own checks (no network): absolute, https (http only with `allowInsecure`), a host, no
 * credentials, no fragment, at most MAX_WEBHOOK_URL_LENGTH characters; an IP literal host must be
 * public unless `allowInsecure`. The message names what is wrong, for a BAD_USER_INPUT.
 */
export function checkWebhookUrl(raw: string, policy: WebhookTargetPolicy): { ok: true; url: URL } | TargetRefusal {
  const refuse = (message: string): TargetRefusal => ({ ok: false, errorClass: 'TARGET_REFUSED', message });
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) return refuse(`must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`);
  if (!URL.canParse(raw)) return refuse('must be an absolute URL');
  const url = new URL(raw);
  const schemes = policy.allowInsecure ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) {
    return refuse(policy.allowInsecure ? 'must be an https:// or http:// URL' : 'must be an https:// URL');
  }
  if (!url.hostname) return refuse('must name a host');
  if (url.username || url.password) return refuse('must not carry credentials (user:password@)');
  if (url.hash || raw.includes('#')) return refuse('must not have a fragment (#…)');
  const literal = hostAddress(url);
  if (literal && !policy.allowInsecure && !isPublicAddress(literal)) {
    return refuse('must not point at a private, loopback, link-local or otherwise internal address');
  }
  return { ok: true, url };
}

/** The IP literal a URL's host is, if it is one (brackets of an IPv6 literal removed). */
function hostAddress(url: URL): string | null {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return isIP(host) ? host : null;
}

export type Lookup = (hostname: string) => Promise<LookupAddress[]>;

/** How long a name may take to resolve before the target counts as not resolving (DNS). */
export const RESOLVE_TIMEOUT_MS = 5_000;

/** Every address the name resolves to (A and AAAA, as the system resolver answers). */
export const systemLookup: Lookup = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  );

/**
 * The addresses a checked URL resolves to, each allowed by the policy (DNS rebinding: checked at
 * every attempt, and the attempt connects to one of these, never resolving again). Any refused
 * address refuses the target: a name that answers with a private address among public ones is
 * not trusted with either.
 */
export async function resolveWebhookTarget(
  url: URL,
  policy: WebhookTargetPolicy,
  lookup: Lookup = systemLookup,
  timeoutMs = RESOLVE_TIMEOUT_MS,
): Promise<{ ok: true; addresses: LookupAddress[] } | TargetRefusal> {
  const literal = hostAddress(url);
  let addresses: LookupAddress[];
  if (literal) addresses = [{ address: literal, family: isIP(literal) }];
  else {
    try {
      addresses = await withTimeout(lookup(url.hostname), timeoutMs);
    } catch {
      return { ok: false, errorClass: 'DNS', message: 'its host name does not resolve' };
    }
  }
  if (addresses.length === 0) return { ok: false, errorClass: 'DNS', message: 'its host name does not resolve' };
  if (!policy.allowInsecure && addresses.some((a) => !isPublicAddress(a.address))) {
    return {
      ok: false,
      errorClass: 'TARGET_REFUSED',
      message: 'its host resolves to a private, loopback, link-local or otherwise internal address',
    };
  }
  return { ok: true, addresses };
}

// ---------------------------------------------------------------------------------------------
// One attempt

export interface WebhookAttemptRequest {
  url: URL;
  /** The checked addresses (resolveWebhookTarget): the connection goes to the first. */
  addresses: LookupAddress[];
  headers: Record<string, string>;
  body: string;
  /** The whole attempt, connection to answer. */
  timeoutMs: number;
  /** Bytes of the answer read at most (the rest is never read). */
  maxResponseBytes: number;
}

export interface WebhookAttemptResult {
  succeeded: boolean;
  responseStatus: number | null;
  errorClass: WebhookErrorClass | null;
  /** The answer's first characters (at most EXCERPT_CHARS), for the delivery log. */
  excerpt: string | null;
  durationMs: number;
}

/** Characters of an answer the delivery log keeps. */
export const EXCERPT_CHARS = 256;

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|ERR_OSSL_)/;
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'EADDRNOTAVAIL',
  'ERR_SOCKET_CLOSED',
  'HPE_INVALID_CONSTANT',
  'ERR_HTTP_INVALID_HEADER_VALUE',
]);

function errorClassOf(err: unknown): WebhookErrorClass {
  const e = err as { name?: string; code?: string };
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError' || e?.code === 'ABORT_ERR') return 'TIMEOUT';
  const code = e?.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'DNS';
  if (TLS_CODES.test(code)) return 'TLS';
  if (CONNECTION_CODES.has(code) || code.startsWith('HPE_')) return 'CONNECTION';
  return 'INTERNAL';
}

/**
 * POSTs the body once to the pinned address (TLS still verifies the URL's host name: SNI and the
 * certificate are the name's). No redirect is followed (a 3xx is an HTTP_STATUS failure); the
 * answer is read up to `maxResponseBytes`; the whole attempt ends at `timeoutMs`. Never throws.
 */
export async function attemptWebhook(request: WebhookAttemptRequest): Promise<WebhookAttemptResult> {
  const began = performance.now();
  const elapsed = () => Math.round(performance.now() - began);
  const pinned = request.addresses[0];
  if (!pinned) return { succeeded: false, responseStatus: null, errorClass: 'DNS', excerpt: null, durationMs: 0 };
  const signal = AbortSignal.timeout(request.timeoutMs);
  const send = request.url.protocol === 'https:' ? httpsRequest : httpRequest;
  try {
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = send(
        request.url,
        {
          method: 'POST',
          headers: {
            ...request.headers,
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(request.body)),
            'user-agent': 'msp-webhooks/1',
          },
          signal,
          // The address checked, not a second resolution (which could answer differently).
          lookup: (_hostname, options, callback) => {
            if ((options as { all?: boolean }).all) callback(null, [pinned]);
            else (callback as (e: null, a: string, f: number) => void)(null, pinned.address, pinned.family);
          },
          agent: false,
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const done = () => {
            res.destroy();
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
          };
          res.on('data', (chunk: Buffer) => {
            const room = request.maxResponseBytes - size;
            if (room > 0) chunks.push(chunk.subarray(0, room));
            size += chunk.length;
            if (size >= request.maxResponseBytes) done();
          });
          res.on('end', done);
          res.on('error', (err) => (size > 0 || res.complete ? done() : reject(err)));
        },
      );
      req.on('error', reject);
      req.end(request.body);
    });
    const succeeded = status >= 200 && status < 300;
    return {
      succeeded,
      responseStatus: status,
      errorClass: succeeded ? null : 'HTTP_STATUS',
      excerpt: text ? excerptOf(text) : null,
      durationMs: elapsed(),
    };
  } catch (err) {
    return {
      succeeded: false,
      responseStatus: null,
      errorClass: signal.aborted ? 'TIMEOUT' : errorClassOf(err),
      excerpt: null,
      durationMs: elapsed(),
    };
  }
}

/** The answer's first EXCERPT_CHARS characters, control characters (but line breaks) removed. */
export function excerptOf(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  const clean = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  return clean.length > EXCERPT_CHARS ? `${clean.slice(0, EXCERPT_CHARS - 1)}…` : clean;
}

// ---------------------------------------------------------------------------------------------
// The delivery body

/**
 * The JSON body of an event, the same for every attempt (the signature covers it): `type` (the
 * wire name), `timestamp` (when the event happened) and `data` (the ids, the run's console link,
 * and the event's own snapshot).
 */
export function webhookBody(
  event: {
    id: string;
    type: WebhookEventType;
    workspaceId: string;
    tenantId: string | null;
    runId: string;
    data: Record<string, unknown>;
    createdAt: Date;
  },
  wireName: string,
  runUrl: string,
): string {
  return JSON.stringify({
    type: wireName,
    timestamp: event.createdAt.toISOString(),
    data: {
      ...event.data,
      eventId: event.id,
      workspaceId: event.workspaceId,
      tenantId: event.tenantId,
      runId: event.runId,
      runUrl,
    },
  });
}

// ---------------------------------------------------------------------------------------------
// The delivery queue

/** One job per attempt of a delivery; the worker's webhook runtime consumes it. */
export const WEBHOOK_DELIVERIES_QUEUE = 'webhook-deliveries';

export const webhookJobSchema = z.object({
  deliveryId: z.string().uuid(),
  /** The attempt number this job makes (the delivery's `attempts` + 1 when it was enqueued). */
  attempt: z.number().int().min(1).max(10_000),
});
export type WebhookJob = z.infer<typeof webhookJobSchema>;

/**
 * One job id per enqueue of an attempt (the delivery, the attempt number, when the dispatcher
 * took it): a job Redis lost is enqueued again under a new id. Two jobs of one attempt may then
 * exist; the claim (one per attempt number) lets only one of them send.
 */
export function webhookJobId(job: WebhookJob, enqueuedAt: Date): string {
  return `${job.deliveryId}_${job.attempt}_${enqueuedAt.getTime()}`;
}

export const WEBHOOK_JOB_OPTIONS = {
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/** The producer side (the worker's dispatcher), offline queue off: with Redis down an add fails at once. */
export function createWebhookQueue(options: OperationsQueueOptions): Queue {
  return createOperationsQueue({ ...options, name: options.name ?? WEBHOOK_DELIVERIES_QUEUE });
}

/**
 * Adds the jobs of many attempts in one round trip (BullMQ `addBulk`: one MULTI), each `delayMs`
 * from now. It fails as a whole (Redis down); a failure whose answer was lost may have added them
 * all, which the one claim per attempt number makes harmless.
 */
export async function enqueueWebhookAttempts(
  queue: Queue,
  attempts: ReadonlyArray<{ job: WebhookJob; delayMs: number; enqueuedAt: Date }>,
): Promise<void> {
  if (attempts.length === 0) return;
  await queue.addBulk(
    attempts.map(({ job, delayMs, enqueuedAt }) => {
      const data = webhookJobSchema.parse(job);
      return {
        name: 'deliver',
        data,
        opts: {
          jobId: webhookJobId(data, enqueuedAt),
          delay: Math.max(0, Math.round(delayMs)),
          ...WEBHOOK_JOB_OPTIONS,
        },
      };
    }),
  );
}

/** The event types, as a zod enum (GraphQL input and the recorders agree on them). */
export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);
