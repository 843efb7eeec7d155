/**
 * Bench child: the peer, `@apollo/gateway` in Apollo Server's standalone server, on the same
 * supergraph and subgraphs, forwarding the caller's token. Sends `{ type: 'ready', url }`.
 */
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { readSupergraph, withSubgraphUrls } from '@msp/gateway';
import { childConfig, failed, onStop, ready } from './child';

const config = childConfig<{ subgraphUrls: Record<string, string> }>();
let close: () => Promise<unknown> = async () => {};
onStop(() => close());

interface PeerContext {
  authorization?: string;
}

try {
  const peer = new ApolloServer<PeerContext>({
    gateway: new ApolloGateway({
      supergraphSdl: withSubgraphUrls(readSupergraph(), config.subgraphUrls),
      buildService: ({ url }) =>
        new RemoteGraphQLDataSource<PeerContext>({
          url,
          willSendRequest({ request, context }) {
            if (context.authorization) request.http?.headers.set('authorization', context.authorization);
          },
        }),
    }),
  });
  const { url: root } = await startStandaloneServer(peer, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  close = () => peer.stop();
  ready({ url: `http://127.0.0.1:${new URL(root).port}/` });
} catch (error) {
  failed(error);
}
