/**
 * The parent's side of the bench's child processes (child.ts is the child's side): each
 * `gateway/bench/<name>.entry.ts` runs under `node --import tsx` with its JSON config in
 * `BENCH_CHILD`, reports `{ type: 'ready', ... }` over IPC, and stops on an IPC `stop` (SIGKILL
 * after a grace period), so that every child is stopped even when the bench fails.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A child must report ready within this long, and exit within STOP_GRACE_MS of being asked to. */
const CHILD_START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Child {
  name: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `entry` (relative to this folder) and resolves once it sends `{ type: 'ready' }` (with
 * that message); rejects (after killing it) when it fails, exits or stays silent for
 * CHILD_START_TIMEOUT_MS.
 */
export async function startChild<T>(
  name: string,
  entry: string,
  config: unknown,
  nodeArgs: string[] = [],
): Promise<{ child: Child; ready: T }> {
  const proc = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', fileURLToPath(new URL(entry, import.meta.url))],
    {
      cwd: ROOT,
      env: { ...process.env, BENCH_CHILD: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const exited = new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve();
    else proc.once('exit', () => resolve());
  });
  let stopping: Promise<void> | undefined;
  const child: Child = {
    name,
    process: proc,
    stop() {
      stopping ??= (async () => {
        if (proc.exitCode !== null || proc.signalCode !== null) return;
        if (proc.connected) proc.send({ type: 'stop' }, () => {});
        else proc.kill('SIGTERM');
        const kill = setTimeout(() => {
          console.error(`${name} did not stop within ${STOP_GRACE_MS} ms: killing it`);
          proc.kill('SIGKILL');
        }, STOP_GRACE_MS);
        await exited;
        clearTimeout(kill);
      })();
      return stopping;
    },
  };
  try {
    const ready = await new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name} not ready within ${CHILD_START_TIMEOUT_MS} ms`)),
        CHILD_START_TIMEOUT_MS,
      );
      proc.on('message', (m: { type?: string; message?: string }) => {
        if (m?.type === 'ready') {
          clearTimeout(timer);
          resolve(m as T);
        } else if (m?.type === 'failed') {
          clearTimeout(timer);
          reject(new Error(`${name} failed to start: ${m.message}`));
        }
      });
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited before it was ready (${signal ?? code})`));
      });
      proc.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    return { child, ready };
  } catch (error) {
    await child.stop();
    throw error;
  }
}
