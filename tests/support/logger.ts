import pino from 'pino';

/** Silent unless TEST_LOG_LEVEL is set: tests assert on data, not on log lines. */
export const testLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
