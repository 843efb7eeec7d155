/**
 * The Pothos builder every subgraph starts from: directives + federation plugins (without the
 * directives plugin, `@key` and `@link` silently vanish from the printed SDL) and the contract's
 * two custom scalars.
 */
import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import type { BaseContext } from './context';
import { GraphQLError, Kind, valueFromASTUntyped } from './graphql';

/** Scalars of the contract. `DateTime` is an ISO-8601 string on the wire and a `Date` in resolvers. */
export type KitScalars = {
  DateTime: { Input: Date; Output: Date | string };
  JSON: { Input: unknown; Output: unknown };
};

/**
 * The minimum a subgraph's `PothosTypes` must declare to use the kit. Fields are non-null unless
 * declared `nullable: true`, as in the contract (Pothos' own default is nullable).
 */
export type KitSchemaTypes = {
  Context: BaseContext;
  Scalars: KitScalars;
  DefaultFieldNullability: false;
};

/** A subgraph's `PothosTypes`: `export type PothosTypes = KitTypes<TenantContext>`. */
export type KitTypes<Context extends BaseContext> = {
  Context: Context;
  Scalars: KitScalars;
  DefaultFieldNullability: false;
};

export type KitBuilder<Types extends KitSchemaTypes> = PothosSchemaTypes.SchemaBuilder<
  PothosSchemaTypes.ExtendDefaultTypes<Types>
>;

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    throw new GraphQLError('DateTime must be an ISO-8601 date-time string.', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new GraphQLError('DateTime is not a valid date.', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return date;
}

function serializeDateTime(value: unknown): string {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) throw new TypeError('DateTime cannot represent a non-date value');
  return date.toISOString();
}

/**
 * A new builder with the kit's plugins and scalars. Declare root types (`queryType`, ...) and
 * everything else in the subgraph.
 *
 * ```ts
 * export type PothosTypes = KitTypes<TenantContext>;
 * export const builder = createBuilder<PothosTypes>();
 * ```
 */
export function createBuilder<Types extends KitSchemaTypes>(): KitBuilder<Types> {
  // Built through the kit's own types: Pothos cannot check builder options against a generic.
  const b = new SchemaBuilder<KitSchemaTypes>({
    plugins: [DirectivesPlugin, FederationPlugin],
    defaultFieldNullability: false,
  });
  b.scalarType('DateTime', {
    description: 'A point in time, as an ISO-8601 string in UTC (for example 2024-05-01T12:00:00.000Z).',
    serialize: serializeDateTime,
    parseValue: parseDateTime,
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING) {
        throw new GraphQLError('DateTime must be a string.', { extensions: { code: 'BAD_USER_INPUT' } });
      }
      return parseDateTime(ast.value);
    },
  });
  b.scalarType('JSON', {
    description: 'Any JSON value.',
    serialize: (value) => value,
    parseValue: (value) => value,
    parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
  });
  return b as unknown as KitBuilder<Types>;
}
