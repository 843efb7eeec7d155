/** Imports every type file for its side effects, then builds the subgraph schema. */
import { toSubgraphSchema } from '@msp/subgraph-kit';
import { builder } from '../builder';
import './shared';
import './operation-run';
import './notification';
import './run-update';
import './run-control';
import './observability';
import './schedule';

export const schema = toSubgraphSchema(builder);
