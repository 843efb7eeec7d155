/**
 * Reading the environment: the one place a process reads `process.env` for its settings. A bad
 * value is one line naming the variables and what is wrong with each (never their values: a
 * secret may be one).
 */
import type { z } from 'zod';

export type Environment = Record<string, string | undefined>;

/** Thrown by `readSettings`; its message is the one line to print. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

export interface ReadSettingsOptions {
  /** Who reads them, for the message: `the gateway`, `the tenant subgraph`. */
  what: string;
  /** @defaultValue process.env */
  env?: Environment | undefined;
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

/** Parses `schema` from the environment; throws a `SettingsError` with one line on any problem. */
export function readSettings<S extends z.ZodType>(schema: S, options: ReadSettingsOptions): z.output<S> {
  const env = options.env ?? process.env;
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.map(String).join('.');
      return oneLine(name ? `${name} ${issue.message}` : issue.message);
    });
    throw new SettingsError(`Invalid environment for ${options.what}: ${problems.join('; ')}`);
  }
  return parsed.data as z.output<S>;
}

/**
 * `load()`, or, on a `SettingsError`, its line on stderr and exit code 1: what a process's entry
 * point calls before anything else.
 */
export function settingsOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof SettingsError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * The environment a child process inherits, with `overrides`: for the processes that start
 * others (`npm start`, the console's build).
 */
export function childEnvironment(overrides: Environment = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
