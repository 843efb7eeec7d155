import { createBuilder, type KitTypes, ROOT_TYPE_DESCRIPTIONS } from '@msp/subgraph-kit';
import type { OnboardingContext } from './context';

/** Context, scalars and nullability of this subgraph's schema (fields non-null unless `nullable`). */
export type PothosTypes = KitTypes<OnboardingContext>;

export const builder = createBuilder<PothosTypes>();

builder.queryType({ description: ROOT_TYPE_DESCRIPTIONS.Query });
builder.mutationType({ description: ROOT_TYPE_DESCRIPTIONS.Mutation });
