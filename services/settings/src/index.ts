/**
 * @msp/settings: the one definition of every shared setting (parsers, groups, the development
 * defaults and what production refuses) and the one place `process.env` is read.
 */
export { DEVELOPMENT_DEFAULTS, DEVELOPMENT_PASSWORDS } from './development';
export {
  type AuthSettings,
  authSettings,
  databaseSettings,
  encryptionSettings,
  gatewayKeySettings,
  linkSettings,
  processSettings,
  queueSettings,
  type TelemetrySettings,
  type TracesSampler,
  telemetrySettings,
  tracesEndpoint,
  webhookTargetSettings,
} from './groups';
export {
  boolean,
  bullmqPrefix,
  databaseUrl,
  duration,
  host,
  integer,
  type LogLevel,
  list,
  logLevel,
  nodeEnv,
  optionalBoolean,
  optionalPort,
  optionalSecret,
  optionalString,
  optionalUrl,
  poolSize,
  port,
  publicAppUrl,
  type Rate,
  rate,
  redisUrl,
  secret,
  setting,
  text,
} from './parsers';
export {
  childEnvironment,
  type Environment,
  type ReadSettingsOptions,
  readSettings,
  SettingsError,
  settingsOrExit,
} from './read';
export { productionRefusals } from './refusals';
