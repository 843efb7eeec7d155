/**
 * CLI: `tsx services/microsoft-graph/src/simulator/main.ts`. Starts the Graph simulator on
 * GRAPH_SIMULATOR_PORT (default 4010) and stops it on SIGINT/SIGTERM.
 */
import { stopOnSignals } from '@msp/process';
import { settingsOrExit } from '@msp/settings';
import pino from 'pino';
import { simulatorEnv } from '../env';
import { startGraphSimulator } from './server';

const env = settingsOrExit(() => simulatorEnv());

const logger = pino({ name: 'graph-simulator', level: env.LOG_LEVEL });
const simulator = await startGraphSimulator({
  port: env.GRAPH_SIMULATOR_PORT,
  ...(env.GRAPH_SIMULATOR_HOST === undefined ? {} : { host: env.GRAPH_SIMULATOR_HOST }),
  logger,
});

stopOnSignals(() => simulator.close(), { logger });
