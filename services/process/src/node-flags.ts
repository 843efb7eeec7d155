/**
 * Node.js flags for the processes that fan live events out: the gateway and the operations
 * subgraph (`npm start` launches them with these; so does bench:subscriptions).
 *
 * One run event on the workspace stream becomes a message per subscriber (1,000 in the
 * benchmark) within one task: promises, parsed and serialised payloads and socket writes, most
 * of them garbage a moment later. With V8's default young generation (16 MB semi-spaces on a
 * 64-bit machine) a burst like that is interrupted by several scavenges, each copying every
 * object of the burst still in flight. 64 MB semi-spaces let a burst finish first: in
 * bench:subscriptions the workspace stream's p99 fell from 68-112 ms to 44-62 ms (BENCHMARKS.md).
 * The price is resident memory: the young generation grows to its cap only in a process that
 * allocates that fast (about 130 MB more across both processes in that benchmark; the heap
 * that survives GC is unchanged).
 */
export const FAN_OUT_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
