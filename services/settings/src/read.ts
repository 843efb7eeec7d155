/**
 * Reading the environment: the one place a process reads `process.env` for its settings. A bad
 * value, or a development default under NODE_ENV=production, is one line naming the variables
 * and what is wrong with each (never their values: a secret may be one).
 */
import type { z } from 'zod';
import { productionRefusals } from './refusals';

export type Environment = Record<string, string | undefined>;

/** Thrown by `readSettings`; its message is the one line to print. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

export interface ReadSettingsOptions<T = unknown> {
  /** Who reads them, for the message: `the gateway`, `the tenant subgraph`. */
  what: string;
  /** @defaultValue process.env */
  env?: Environment | undefined;
  /** This process's own refusals under NODE_ENV=production, besides the shared ones (`refusals.ts`). */
  refuseInProduction?: (settings: T) => string[];
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

/** Parses `schema` from the environment; throws a `SettingsError` with one line on any problem. */
export function readSettings<S extends z.ZodType>(schema: S, options: ReadSettingsOptions<z.output<S>>): z.output<S> {
  const env = options.env ?? process.env;
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.map(String).join('.');
      return oneLine(name ? `${name} ${issue.message}` : issue.message);
    });
    throw new SettingsError(`Invalid environment for ${options.what}: ${problems.join('; ')}`);
  }
  const settings = parsed.data as z.output<S>;
  const nodeEnv = (settings as { NODE_ENV?: unknown }).NODE_ENV ?? env.NODE_ENV;
  if (nodeEnv === 'production') {
    const refused = [
      ...productionRefusals(settings as Record<string, unknown>),
      ...(options.refuseInProduction?.(settings) ?? []),
    ];
    if (refused.length > 0) {
      throw new SettingsError(`Refusing to start ${options.what} with NODE_ENV=production: ${refused.join('; ')}`);
    }
  }
  return settings;
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
