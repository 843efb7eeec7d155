export { isAsyncIterable, mapAsyncIterator } from './async-iterator';
export { loggableError } from './errors';
export { FAN_OUT_NODE_FLAGS } from './node-flags';
export { type ShutdownLogger, type StopOnSignalsOptions, stopOnSignals } from './shutdown';
export { every, type Periodic, withTimeout } from './timers';
