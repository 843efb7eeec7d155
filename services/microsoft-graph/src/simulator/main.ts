/**
 * CLI: `tsx services/microsoft-graph/src/simulator/main.ts`. Starts the Graph simulator on
 * GRAPH_SIMULATOR_PORT (default 4010) and stops it on SIGINT/SIGTERM.
 */
import { stopOnSignals } from '@msp/process';
import pino from 'pino';
import { simulatorEnv } from '../env';
import { startGraphSimulator } from './server';

let env: ReturnType<typeof simulatorEnv>;
try {
  env = simulatorEnv(process.env);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

const logger = pino({ name: 'graph-simulator', level: env.LOG_LEVEL });
const simulator = await startGraphSimulator({
  port: env.GRAPH_SIMULATOR_PORT,
  ...(env.GRAPH_SIMULATOR_HOST === undefined ? {} : { host: env.GRAPH_SIMULATOR_HOST }),
  logger,
});

stopOnSignals(() => simulator.close(), { logger });
