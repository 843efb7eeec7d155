/**
 * CLI: `tsx services/microsoft-graph/src/simulator/main.ts`. Starts the Graph simulator on
 * GRAPH_SIMULATOR_PORT (default 4010, loopback) and stops it on SIGINT/SIGTERM. Never with
 * NODE_ENV=production (it refuses to start), and it says at start, loudly, what it is.
 */
import { stopOnSignals } from '@msp/process';
import { settingsOrExit } from '@msp/settings';
import pino from 'pino';
import { simulatorEnv } from '../env';
import { startGraphSimulator } from './server';

const env = settingsOrExit(() => simulatorEnv());

const logger = pino({ name: 'graph-simulator', level: env.LOG_LEVEL });
const simulator = await startGraphSimulator({ port: env.GRAPH_SIMULATOR_PORT, host: env.GRAPH_SIMULATOR_HOST, logger });
logger.warn(
  { url: simulator.url },
  'THIS IS THE GRAPH SIMULATOR, NOT MICROSOFT GRAPH: it accepts any client secret and its control API (/_simulator) needs no login. For development and tests only.',
);

stopOnSignals(() => simulator.close(), { logger });
