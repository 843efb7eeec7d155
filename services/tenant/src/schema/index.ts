/** Imports every type file for its side effects, then builds the subgraph schema. */
import { toSubgraphSchema } from '@msp/subgraph-kit';
import { builder } from '../builder';
import './shared';
import './user';
import './workspace';
import './tenant';
import './directory';
import './policy-backup';
import './verification';
import './starts';
import './api-client';
import './audit';
import './people';
import './webhook';

export const schema = toSubgraphSchema(builder);
