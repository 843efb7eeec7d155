export { buildIsCurrent, CONSOLE_DIR, DIST_DIR, ensureBuild, sourceHash } from './build';
export { type ConsoleEnv, consoleEnvSchema, consoleOptionsFromEnv } from './env';
export { type ConsoleAuth, type ConsoleServer, type ConsoleServerOptions, startConsoleServer } from './server';
