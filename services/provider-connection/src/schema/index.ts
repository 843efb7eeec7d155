/** Imports every type file for its side effects, then builds the subgraph schema. */
import { toSubgraphSchema } from '@msp/subgraph-kit';
import { builder } from '../builder';
import './shared';
import './provider-connection';
import './tenant';
import './starts';

export const schema = toSubgraphSchema(builder);
