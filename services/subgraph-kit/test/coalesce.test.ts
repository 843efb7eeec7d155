/**
 * coalesceWrites: the messages a WebSocket sends in one turn leave in one write, whole and in
 * order, each with its callback; a later turn's message gets its own write.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { coalesceWrites } from '../src/coalesce';

let httpServer: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => httpServer?.close(resolve));
});

/** A server socket with `coalesceWrites`, the raw socket's write calls counted, and a client. */
async function pair() {
  httpServer = createServer();
  const wss = new WebSocketServer({ server: httpServer });
  const accepted = new Promise<{ socket: WebSocket; writes: () => number }>((resolve) =>
    wss.on('connection', (socket, request) => {
      const raw = request.socket as Socket & {
        _write: (...args: unknown[]) => void;
        _writev: (...args: unknown[]) => void;
      };
      let writes = 0;
      for (const method of ['_write', '_writev'] as const) {
        const original = raw[method].bind(raw);
        raw[method] = (...args: unknown[]) => {
          writes += 1;
          original(...args);
        };
      }
      coalesceWrites(socket, raw);
      resolve({ socket, writes: () => writes });
    }),
  );
  await new Promise<void>((resolve) => httpServer!.listen(0, '127.0.0.1', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(httpServer!.address() as AddressInfo).port}`);
  const received: string[] = [];
  client.on('message', (data) => received.push(String(data)));
  await new Promise((resolve) => client.once('open', resolve));
  const server = await accepted;
  return { ...server, client, received, wss };
}

async function until(condition: () => boolean) {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

describe('coalesceWrites', () => {
  it('sends the messages of one turn in one write, in order, calling every callback', async () => {
    const { socket, writes, client, received, wss } = await pair();
    const before = writes();
    const acknowledged: number[] = [];
    // As a fan-out does: some messages sent directly, others from microtasks of the same turn.
    for (let i = 0; i < 50; i++) socket.send(`message ${i}`, () => acknowledged.push(i));
    await Promise.resolve();
    for (let i = 50; i < 100; i++) socket.send(`message ${i}`, () => acknowledged.push(i));
    await until(() => received.length === 100);
    expect(received).toEqual(Array.from({ length: 100 }, (_, i) => `message ${i}`));
    expect(writes() - before).toBe(1);
    await until(() => acknowledged.length === 100);

    // A message of a later turn leaves on its own, without waiting for anything else.
    await new Promise((r) => setImmediate(r));
    socket.send('later');
    await until(() => received.length === 101);
    expect(received.at(-1)).toBe('later');
    expect(writes() - before).toBe(2);
    client.close();
    wss.close();
  });

  it('a socket closed in the middle of a turn takes its buffered messages with it, nothing thrown', async () => {
    const { socket, client, wss } = await pair();
    const errors: unknown[] = [];
    socket.send('first', (error) => errors.push(error));
    socket.terminate();
    await new Promise((r) => setTimeout(r, 50));
    // The message buffered by the cork is not lost silently: its callback hears of the close
    // (an uncaught exception from the uncork would fail the test run).
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(Error);
    client.close();
    wss.close();
  });
});
