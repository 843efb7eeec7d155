export { loggableError } from './errors';
export { type ShutdownLogger, type StopOnSignalsOptions, stopOnSignals } from './shutdown';
