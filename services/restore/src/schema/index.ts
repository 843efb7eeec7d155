/** Imports every type file for its side effects, then builds the subgraph schema. */
import { toSubgraphSchema } from '@msp/subgraph-kit';
import { builder } from '../builder';
import './shared';
import './restore-run';
import './tenant';

export const schema = toSubgraphSchema(builder);
