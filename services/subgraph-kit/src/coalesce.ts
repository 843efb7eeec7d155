/**
 * One write per turn of the event loop on a busy WebSocket.
 *
 * The gateway multiplexes every caller's subscriptions onto one upstream socket per subgraph, so
 * one run event becomes, on that socket, one `next` message per subscriber (1,000 for the
 * workspace stream of bench:subscriptions). `ws` writes each message as soon as it is sent: one
 * `writev` system call per message, a quarter of the subgraph's CPU time in that benchmark, and
 * as many small reads on the gateway's side.
 *
 * Here the socket is corked at the first message of a turn and uncorked on the next tick (the
 * idiom of Node's `writable.cork()` documentation): every message sent in between (the fan-out
 * of one event runs in one macrotask and its microtasks) leaves in one write. Nothing waits for
 * a timer: the tick runs once the current task and its microtasks are done. Frames stay whole
 * and in order (`ws` corks around each frame itself; corks nest), and each message's callback
 * still runs when its bytes are written.
 */
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

export function coalesceWrites(socket: WebSocket, raw: Socket): void {
  const send = socket.send.bind(socket) as (...args: unknown[]) => void;
  let corked = false;
  const uncork = () => {
    corked = false;
    raw.uncork();
  };
  socket.send = ((...args: unknown[]) => {
    if (!corked && !raw.destroyed) {
      corked = true;
      raw.cork();
      process.nextTick(uncork);
    }
    send(...args);
  }) as WebSocket['send'];
}
