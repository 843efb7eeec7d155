/**
 * Bench child: the Hive gateway (`createGateway`) on the bench's subgraphs, with or without the
 * fast path (`config.fastPath`). Sends `{ type: 'ready', url }`.
 */
import { createGateway, readSupergraph } from '@msp/gateway';
import pino from 'pino';
import { childConfig, failed, onStop, ready } from './child';

const config = childConfig<{ subgraphUrls: Record<string, string>; logLevel: string; fastPath: boolean }>();
let close: () => Promise<unknown> = async () => {};
onStop(() => close());

try {
  const gateway = await createGateway({
    supergraphSdl: readSupergraph(),
    port: 0,
    host: '127.0.0.1',
    logger: pino({ level: config.logLevel }).child({ service: 'gateway' }),
    subgraphUrls: config.subgraphUrls,
    fastPath: config.fastPath,
  });
  close = () => gateway.close();
  ready({ url: gateway.url.replace('localhost', '127.0.0.1') });
} catch (error) {
  failed(error);
}
