/**
 * One parser per kind of setting, shared by every process. Each treats an empty (or blank)
 * value as unset, so `REDIS_URL=` means "the default" everywhere, and each error message says
 * what was expected without quoting the value (a secret may be the value).
 */
import { z } from 'zod';
import { DEVELOPMENT_DEFAULTS } from './development';

/** An empty or blank value is unset: the default applies (or the setting stays undefined). */
const unsetIfEmpty = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** `schema`, with an empty value read as unset. */
export const setting = <T extends z.ZodType>(schema: T) => z.preprocess(unsetIfEmpty, schema);

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** pino's levels; `info` by default. */
export const logLevel = () =>
  setting(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'));

/**
 * `production` turns on the production refusals (`refusals.ts`); anything else is development.
 * Vitest sets `test`.
 */
export const nodeEnv = () => setting(z.string().default('development'));

const urlString = (what: string) => z.string().refine((value) => URL.canParse(value), { error: `must be ${what}` });

/** An absolute URL, unset unless given. */
export const optionalUrl = () => setting(urlString('an absolute URL').optional());

/** A URL with `protocols`, `fallback` when unset. */
const urlWithProtocol = (protocols: string[], fallback: string) =>
  setting(
    z
      .string()
      .refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol), {
        error: `must be a ${protocols.map((p) => p.replace(':', '://')).join(' or ')} URL`,
      })
      .default(fallback),
  );

/** PostgreSQL. The development machines' and docker-compose.yml's database by default. */
export const databaseUrl = () => urlWithProtocol(['postgres:', 'postgresql:'], DEVELOPMENT_DEFAULTS.DATABASE_URL);

/** Redis (the gate's queue, live run events, BullMQ). docker-compose.yml's by default. */
export const redisUrl = () => urlWithProtocol(['redis:', 'rediss:'], DEVELOPMENT_DEFAULTS.REDIS_URL);

/** BullMQ's key prefix: every producer and worker of one environment must agree on it. */
export const bullmqPrefix = () =>
  setting(
    z
      .string()
      .regex(/^[A-Za-z0-9_.:-]+$/, { error: 'must be letters, digits, or _ . : -' })
      .default('bull'),
  );

/**
 * Where operators open the console; every link the API builds starts with it
 * (`${PUBLIC_APP_URL}/monitoring/operations/<runId>`). Normalized here, once: trailing slashes
 * are dropped, so `http://x/` and `http://x` build the same links in every process.
 */
export const publicAppUrl = () =>
  setting(
    z
      .string()
      .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
        error: 'must be an http:// or https:// URL',
      })
      .default('http://localhost:3000')
      .transform((value) => value.replace(/\/+$/, '')),
  );

/** A TCP port; `0` picks a free one. */
export const port = (fallback: number) =>
  setting(
    z.coerce
      .number({ error: 'must be a port number (0-65535)' })
      .int({ error: 'must be a port number (0-65535)' })
      .min(0, { error: 'must be a port number (0-65535)' })
      .max(65_535, { error: 'must be a port number (0-65535)' })
      .default(fallback),
  );

/** A TCP port, unset unless given. */
export const optionalPort = () =>
  setting(
    z.coerce
      .number({ error: 'must be a port number (1-65535)' })
      .int({ error: 'must be a port number (1-65535)' })
      .min(1, { error: 'must be a port number (1-65535)' })
      .max(65_535, { error: 'must be a port number (1-65535)' })
      .optional(),
  );

/** An interface to listen on. */
export const host = (fallback: string) => setting(z.string().default(fallback));

/** A whole number in `[min, max]`. */
export const integer = (min: number, max: number, fallback: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return setting(z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error }).default(fallback));
};

/** A database pool size per process: the concurrency one replica is expected to serve. */
export const poolSize = (fallback: number) => integer(1, 100, fallback);

/** `true` or `false` (nothing else: a typo must not silently mean either). */
export const boolean = (fallback: boolean) =>
  setting(
    z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .default(fallback ? 'true' : 'false')
      .transform((value) => value === 'true'),
  );

/** `true`, `false` or unset (then the process decides, e.g. from NODE_ENV). */
export const optionalBoolean = () =>
  setting(
    z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .optional()
      .transform((value) => (value === undefined ? undefined : value === 'true')),
  );

/** Free text, unset unless given. */
export const optionalString = () => setting(z.string().optional());

/** Free text with a default. */
export const text = (fallback: string) => setting(z.string().default(fallback));

/** Comma-separated values, trimmed, empty ones dropped; `[]` when unset. */
export const list = () =>
  setting(
    z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      ),
  );

/**
 * A secret of at least `minLength` characters. `fallback` is a public development value (the
 * production refusals name it); the message never quotes what was given.
 */
export const secret = (minLength: number, fallback: string) =>
  setting(
    z
      .string()
      .min(minLength, { error: `must be at least ${minLength} characters` })
      .default(fallback),
  );

/** A secret of at least `minLength` characters, unset unless given. */
export const optionalSecret = (minLength: number) =>
  setting(
    z
      .string()
      .min(minLength, { error: `must be at least ${minLength} characters` })
      .optional(),
  );

const DURATION = /^(\d+)\s*(s|m|h|d)?$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** A span of time as seconds: `90` (seconds), `90s`, `15m`, `24h`, `7d`. */
export const duration = (fallback: string) =>
  setting(
    z
      .string()
      .default(fallback)
      .refine((value) => DURATION.test(value.trim()), { error: 'must be a duration such as 3600, 90s, 15m, 24h or 7d' })
      .transform((value) => {
        const [, amount, unit] = DURATION.exec(value.trim()) as RegExpExecArray;
        return Number(amount) * UNIT_SECONDS[(unit ?? 's') as keyof typeof UNIT_SECONDS];
      })
      .refine((seconds) => seconds > 0, { error: 'must be longer than 0 seconds' }),
  );

const RATE = /^(\d+)\s*\/\s*(\d+\s*(?:s|m|h|d)?)$/;

/** A quota over a window, `<count>/<duration>`: `300/10s`, `60/1m`, `1000/1h`. */
export interface Rate {
  limit: number;
  windowSeconds: number;
}

/** A rate limit as `<count>/<duration>` (`300/10s`): at most `count` per window. */
export const rate = (fallback: string) =>
  setting(
    z
      .string()
      .default(fallback)
      .refine(
        (value) => {
          const match = RATE.exec(value.trim());
          if (!match) return false;
          const [, count, window] = match as unknown as [string, string, string];
          const [, amount] = DURATION.exec(window.replace(/\s+/g, '')) as RegExpExecArray;
          return Number(count) > 0 && Number(amount) > 0 && Number(count) <= Number.MAX_SAFE_INTEGER;
        },
        { error: 'must be a positive count per duration such as 300/10s or 60/1m' },
      )
      .transform((value): Rate => {
        const [, count, window] = RATE.exec(value.trim()) as unknown as [string, string, string];
        const [, amount, unit] = DURATION.exec(window.replace(/\s+/g, '')) as RegExpExecArray;
        return {
          limit: Number(count),
          windowSeconds: Number(amount) * UNIT_SECONDS[(unit ?? 's') as keyof typeof UNIT_SECONDS],
        };
      }),
  );
