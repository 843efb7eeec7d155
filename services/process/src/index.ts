export { type ShutdownLogger, type StopOnSignalsOptions, stopOnSignals } from './shutdown';
