/**
 * Settings that several processes read, each defined once. A process's own settings module
 * (`env.ts`) builds its schema from these plus its own, and reads it with `readSettings`.
 */
import { z } from 'zod';
import { DEVELOPMENT_DEFAULTS } from './development';
import {
  boolean,
  bullmqPrefix,
  databaseUrl,
  duration,
  logLevel,
  nodeEnv,
  optionalString,
  optionalUrl,
  publicAppUrl,
  redisUrl,
  secret,
  setting,
} from './parsers';

/** Every process: NODE_ENV (production turns the refusals on) and the log level. */
export const processSettings = {
  NODE_ENV: nodeEnv(),
  LOG_LEVEL: logLevel(),
};

export const databaseSettings = {
  DATABASE_URL: databaseUrl(),
};

export const encryptionSettings = {
  /**
   * 32 bytes, base64 or hex; several comma-separated during a key rotation (the first encrypts,
   * all decrypt; `npm run secrets:reencrypt` re-seals every stored secret with the first). The
   * development default is public: production refuses it as the first key.
   */
  SECRET_ENCRYPTION_KEY: secret(1, DEVELOPMENT_DEFAULTS.SECRET_ENCRYPTION_KEY),
};

/** The gate's queue and live run events (subgraphs that host starts, the worker). */
export const queueSettings = {
  REDIS_URL: redisUrl(),
  BULLMQ_PREFIX: bullmqPrefix(),
};

export const linkSettings = {
  PUBLIC_APP_URL: publicAppUrl(),
};

/**
 * Outbound webhook targets (the tenant subgraph checks them at creation, the worker at every
 * delivery). `true` also allows http:// URLs and private, loopback and link-local addresses: for
 * tests and development receivers on this machine. Refused with NODE_ENV=production, where
 * webhooks go to public https targets only.
 */
export const webhookTargetSettings = {
  WEBHOOK_ALLOW_INSECURE_TARGETS: boolean(false),
};

/**
 * Bearer-token verification: an OIDC issuer's JWKS in production, an HS256 secret in
 * development. `iss` and `aud` are checked only when configured.
 */
export const authSettings = {
  AUTH_JWT_SECRET: secret(16, DEVELOPMENT_DEFAULTS.AUTH_JWT_SECRET),
  AUTH_JWKS_URL: optionalUrl(),
  AUTH_ISSUER: optionalString(),
  AUTH_AUDIENCE: optionalString(),
  /**
   * The longest lifetime a token may have (seconds; `24h`, `90m`...): from its `iat` (or now, when
   * it has none or it is in the future) to its `exp`. Longer is refused, as is a token without
   * `exp`. 24 h: an OIDC access token lives about an hour, a development token 12 h.
   */
  AUTH_MAX_TOKEN_LIFETIME: duration('24h'),
};

const authSchema = z.object(authSettings);
export type AuthSettings = z.output<typeof authSchema>;

/** The gateway → subgraph credential's key (services/edge credential.ts). */
export const gatewayKeySettings = {
  GATEWAY_SUBGRAPH_KEY: secret(32, DEVELOPMENT_DEFAULTS.GATEWAY_SUBGRAPH_KEY),
};

/**
 * OpenTelemetry tracing, by the standard variables (services/telemetry/README.md). Only the ones
 * that decide whether and where spans go are read here; the SDK reads the rest itself
 * (`OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`, `OTEL_BSP_*`, `OTEL_EXPORTER_OTLP_HEADERS`...).
 */
export const telemetrySettings = {
  OTEL_SDK_DISABLED: optionalString(),
  OTEL_TRACES_EXPORTER: optionalString(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalUrl(),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl(),
  /**
   * Which traces are recorded (the specification's names). Unset: `parentbased_traceidratio`,
   * each root trace kept with the probability `OTEL_TRACES_SAMPLER_ARG`, every span following its
   * parent's decision (so a trace is whole or absent, across processes).
   */
  OTEL_TRACES_SAMPLER: setting(
    z
      .enum(
        [
          'always_on',
          'always_off',
          'traceidratio',
          'parentbased_always_on',
          'parentbased_always_off',
          'parentbased_traceidratio',
        ],
        {
          error:
            'must be one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio',
        },
      )
      .optional(),
  ),
  /**
   * The ratio of the `traceidratio` samplers, 0 to 1. Unset: 0.1 with NODE_ENV=production (a
   * tenth of the starts traced end to end costs a tenth of the spans; issue 15's overhead bench),
   * 1 otherwise (development and tests see every trace).
   */
  OTEL_TRACES_SAMPLER_ARG: setting(
    z.coerce
      .number({ error: 'must be a number from 0 to 1' })
      .min(0, { error: 'must be a number from 0 to 1' })
      .max(1, { error: 'must be a number from 0 to 1' })
      .optional(),
  ),
};

export type TracesSampler = NonNullable<z.output<typeof telemetrySettings.OTEL_TRACES_SAMPLER>>;

export interface TelemetrySettings {
  OTEL_SDK_DISABLED?: string | undefined;
  OTEL_TRACES_EXPORTER?: string | undefined;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string | undefined;
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  OTEL_TRACES_SAMPLER?: TracesSampler | undefined;
  OTEL_TRACES_SAMPLER_ARG?: number | undefined;
  /** `production` makes the default ratio 0.1 (processSettings' NODE_ENV, when the process read it). */
  NODE_ENV?: string | undefined;
}

/**
 * The OTLP/HTTP traces URL the settings ask for, or null when tracing is off: on when a traces
 * or general OTLP endpoint is set (or `OTEL_TRACES_EXPORTER=otlp`, then to the default
 * `http://localhost:4318`), unless `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none`.
 */
export function tracesEndpoint(settings: TelemetrySettings): string | null {
  if (settings.OTEL_SDK_DISABLED?.toLowerCase() === 'true') return null;
  const exporters = (settings.OTEL_TRACES_EXPORTER ?? '').split(',').map((e) => e.trim().toLowerCase());
  if (exporters.includes('none')) return null;
  if (settings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return settings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const base = settings.OTEL_EXPORTER_OTLP_ENDPOINT ?? (exporters.includes('otlp') ? 'http://localhost:4318' : null);
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : null;
}
