/**
 * Limits on an operation's shape, the same in the gateway and in every subgraph (the gateway
 * runtime has no built-in depth limit: that lives in the `@graphql-hive/gateway` CLI through
 * GraphQL Armor, which we do not ship; its `demandControl` prices subgraph requests, not the
 * client's).
 *
 * - depth: nesting of selection sets, fragments inlined (a fragment cannot hide depth);
 * - aliases: repeating one expensive field under many aliases is the cheap way around a depth
 *   limit;
 * - cost: an estimate of the nodes the answer can hold. Every field costs 1, times the size of
 *   every enclosing list. A list's size is, in this order:
 *   1. its own page-size argument (`first`, `last`, `limit`) as the request sets it, literal or
 *      variable, else that argument's default in the schema;
 *   2. for a list directly inside a paged connection (`directoryGroups(first: 200) { edges }`),
 *      the page size of the connection field;
 *   3. for `_entities` (a subgraph's entity fetch), the number of representations;
 *   4. for introspection (`__schema`, `__type`), the schema's own average (types, fields per
 *      type, arguments per field...), so that GraphiQL's introspection costs about what its
 *      answer holds (exact averages, not rounded up: rounding each of them up made the estimate
 *      jump by a quarter when one enum was added, and pass the limit);
 *   5. otherwise the stated assumption `assumedListSize` (20): lists without a page size are
 *      the small fixed ones (steps, permissions, warnings); every list a user can grow has a
 *      `first` argument with a capped default.
 *   Introspection is counted like any field (`__schema` under 1,000 aliases was a 14 MB answer).
 *
 * `operationLimitsRule` checks depth and aliases as a validation rule (cached with the
 * document); `costErrors` checks cost with the request's variables, at execution.
 */
import {
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  GraphQLError,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  getOperationAST,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  valueFromASTUntyped,
} from 'graphql';
import { TOO_COMPLEX } from './parse';

export interface OperationLimits {
  /**
   * Deepest selection set accepted (`{ a { b } }` is 2). GraphiQL's introspection query is 15
   * deep (its `ofType` chain); the console's deepest query is 7.
   * @defaultValue 16
   */
  maxDepth?: number;
  /**
   * Highest accepted cost (see the module comment). GraphiQL's introspection query is estimated
   * at about 25,000 on the API schema (it grows with the schema); the console's largest page query
   * under 2,000.
   * @defaultValue 50_000
   */
  maxCost?: number;
  /**
   * Size assumed for a list with no page size (see the module comment).
   * @defaultValue 20
   */
  assumedListSize?: number;
  /**
   * Most aliases in one operation.
   * @defaultValue 30
   */
  maxAliases?: number;
}

export const DEFAULT_LIMITS: Required<OperationLimits> = {
  maxDepth: 16,
  maxCost: 50_000,
  assumedListSize: 20,
  maxAliases: 30,
};

/**
 * A subgraph's defaults: the gateway's, with room for what the router's query planner adds to
 * the queries it sends (it re-aliases fields: a client document with 27 aliases reached a
 * subgraph with 54; an entity fetch adds one level of depth). A client meets the gateway's
 * limits first; these bound a request that reaches a subgraph some other way.
 */
export const SUBGRAPH_LIMITS: Required<OperationLimits> = {
  ...DEFAULT_LIMITS,
  maxDepth: DEFAULT_LIMITS.maxDepth + 1,
  maxAliases: DEFAULT_LIMITS.maxAliases * 2 + 10,
};

const PAGE_SIZE_ARGS = ['first', 'last', 'limit'];

function isListOutput(type: GraphQLOutputType): boolean {
  const inner = isNonNullType(type) ? type.ofType : type;
  return isListType(inner);
}

function limitError(message: string, node?: FieldNode): GraphQLError {
  return new GraphQLError(message, {
    ...(node ? { nodes: [node] } : {}),
    extensions: { code: TOO_COMPLEX, http: { status: 400 } },
  });
}

/** Average sizes of the introspection lists of one schema (the stated assumption for `__schema`). */
interface IntrospectionSizes {
  [field: string]: number;
}

const introspectionCache = new WeakMap<GraphQLSchema, IntrospectionSizes>();

function introspectionSizes(schema: GraphQLSchema): IntrospectionSizes {
  const known = introspectionCache.get(schema);
  if (known) return known;
  const types = Object.values(schema.getTypeMap());
  let fields = 0;
  let args = 0;
  let inputFields = 0;
  let enumValues = 0;
  let interfaces = 0;
  let possibleTypes = 0;
  for (const type of types) {
    if (isObjectType(type) || isInterfaceType(type)) {
      const own = Object.values(type.getFields());
      fields += own.length;
      for (const f of own) args += f.args.length;
      interfaces += type.getInterfaces().length;
    }
    if (isInterfaceType(type) || isUnionType(type)) possibleTypes += schema.getPossibleTypes(type).length;
    if (isEnumType(type)) enumValues += type.getValues().length;
    if (isInputObjectType(type)) inputFields += Object.keys(type.getFields()).length;
  }
  const directives = schema.getDirectives();
  const directiveArgs = directives.reduce((n, d) => n + d.args.length, 0);
  const perType = (n: number) => n / Math.max(1, types.length);
  const sizes: IntrospectionSizes = {
    '__Schema.types': types.length,
    '__Schema.directives': directives.length,
    '__Type.fields': perType(fields),
    '__Type.inputFields': perType(inputFields),
    '__Type.enumValues': perType(enumValues),
    '__Type.interfaces': perType(interfaces),
    '__Type.possibleTypes': perType(possibleTypes),
    '__Field.args': args / Math.max(1, fields),
    '__Directive.args': directiveArgs / Math.max(1, directives.length),
    '__Directive.locations': 4,
  };
  introspectionCache.set(schema, sizes);
  return sizes;
}

/** What `measure` found in one operation. */
export interface OperationMeasure {
  depth: number;
  cost: number;
  aliases: number;
  /** The field where the deepest path ends. */
  deepest?: FieldNode;
}

interface MeasureOptions {
  assumedListSize: number;
  variables: Record<string, unknown>;
  /** Stop counting cost past this (an estimate in the millions needs no exact figure). */
  costCeiling: number;
}

/**
 * Depth, aliases and cost of one operation of `document`, following fragments (a fragment spread
 * twice in one path is a cycle, reported by graphql-js; it is not followed twice here).
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  options: Partial<MeasureOptions> = {},
): OperationMeasure {
  const assumedListSize = options.assumedListSize ?? DEFAULT_LIMITS.assumedListSize;
  const variables = options.variables ?? {};
  const ceiling = options.costCeiling ?? Number.MAX_SAFE_INTEGER;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  }

  const argumentValue = (field: FieldNode, fieldDef: GraphQLField<unknown, unknown> | undefined, name: string) => {
    const node = field.arguments?.find((a) => a.name.value === name);
    if (node) {
      try {
        return valueFromASTUntyped(node.value, variables);
      } catch {
        return undefined;
      }
    }
    return fieldDef?.args.find((a) => a.name === name)?.defaultValue;
  };

  /** The page size a field's arguments ask for, or undefined when it has no page-size argument. */
  const pageSize = (field: FieldNode, fieldDef: GraphQLField<unknown, unknown> | undefined): number | undefined => {
    for (const name of PAGE_SIZE_ARGS) {
      const declared = fieldDef?.args.some((a) => a.name === name);
      if (!declared && !field.arguments?.some((a) => a.name.value === name)) continue;
      const value = argumentValue(field, fieldDef, name);
      if (typeof value === 'number' && Number.isFinite(value)) return Math.max(0, value);
      // Declared but not set and no default: the resolver's own default applies; assume.
      return assumedListSize;
    }
    return undefined;
  };

  const listSize = (
    field: FieldNode,
    fieldDef: GraphQLField<unknown, unknown> | undefined,
    parentName: string | undefined,
    inherited: number | undefined,
  ): number => {
    const own = pageSize(field, fieldDef);
    if (own !== undefined) return own;
    if (inherited !== undefined) return inherited;
    const name = field.name.value;
    if (name === '_entities') {
      const representations = argumentValue(field, fieldDef, 'representations');
      if (Array.isArray(representations)) return representations.length;
    }
    if (parentName?.startsWith('__')) {
      const size = introspectionSizes(schema)[`${parentName}.${name}`];
      if (size !== undefined) return size;
    }
    return assumedListSize;
  };

  const fieldOf = (parent: GraphQLCompositeType | undefined, name: string) => {
    if (!parent) return undefined;
    if (name === '__schema')
      return schema.getQueryType() === parent ? introspectionField(schema, '__schema') : undefined;
    if (name === '__type') return schema.getQueryType() === parent ? introspectionField(schema, '__type') : undefined;
    return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
  };

  const measure = (
    selectionSet: SelectionSetNode,
    parent: GraphQLCompositeType | undefined,
    depth: number,
    visited: Set<string>,
    /** The page size of the connection field this selection set belongs to. */
    inherited: number | undefined,
  ): OperationMeasure => {
    const total: OperationMeasure = { depth, cost: 0, aliases: 0 };
    const merge = (child: OperationMeasure) => {
      total.cost = Math.min(ceiling, total.cost + child.cost);
      total.aliases += child.aliases;
      if (child.depth > total.depth) {
        total.depth = child.depth;
        total.deepest = child.deepest;
      }
    };
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (selection.alias) total.aliases += 1;
        const fieldDef = fieldOf(parent, name);
        const isList = fieldDef ? isListOutput(fieldDef.type) : false;
        const size = isList ? listSize(selection, fieldDef, parent?.name, inherited) : 1;
        // A connection field's page size carries to the lists directly inside it.
        const carried = isList ? undefined : fieldDef ? pageSize(selection, fieldDef) : undefined;
        let childCost = 0;
        if (selection.selectionSet) {
          const named = fieldDef ? getNamedType(fieldDef.type) : undefined;
          const child = measure(
            selection.selectionSet,
            named && isCompositeType(named) ? named : undefined,
            depth + 1,
            visited,
            carried,
          );
          childCost = child.cost;
          total.aliases += child.aliases;
          if (child.depth > total.depth) {
            total.depth = child.depth;
            total.deepest = child.deepest ?? selection;
          }
        } else if (depth + 1 > total.depth) {
          total.depth = depth + 1;
          total.deepest = selection;
        }
        total.cost = Math.min(ceiling, total.cost + size * (1 + childCost));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typeCondition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        merge(
          measure(
            selection.selectionSet,
            typeCondition && isCompositeType(typeCondition) ? typeCondition : parent,
            depth,
            visited,
            inherited,
          ),
        );
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visited.has(name)) continue;
        const type = schema.getType(fragment.typeCondition.name.value);
        merge(
          measure(
            fragment.selectionSet,
            type && isCompositeType(type) ? type : parent,
            depth,
            new Set([...visited, name]),
            inherited,
          ),
        );
      }
    }
    return total;
  };

  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  return measure(operation.selectionSet, root ?? undefined, 0, new Set(), undefined);
}

/** `__schema` / `__type` as fields (graphql-js keeps them off the Query type's field map). */
const metaFields = new WeakMap<GraphQLSchema, Record<string, GraphQLField<unknown, unknown>>>();
function introspectionField(schema: GraphQLSchema, name: '__schema' | '__type') {
  let fields = metaFields.get(schema);
  if (!fields) {
    const schemaType = schema.getType('__Schema');
    const typeType = schema.getType('__Type');
    fields = {};
    if (schemaType && isObjectType(schemaType))
      fields.__schema = { name: '__schema', type: schemaType, args: [] } as unknown as GraphQLField<unknown, unknown>;
    if (typeType && isObjectType(typeType))
      fields.__type = { name: '__type', type: typeType, args: [] } as unknown as GraphQLField<unknown, unknown>;
    metaFields.set(schema, fields);
  }
  return fields[name];
}

/**
 * Depth and aliases as one validation rule (they do not depend on variables, so the result can
 * be cached with the document). Cost is checked by `costErrors`, with the variables.
 */
export function operationLimitsRule(options: OperationLimits = {}): ValidationRule {
  const limits = { ...DEFAULT_LIMITS, ...options };
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const m = measureOperation(context.getSchema(), context.getDocument(), node, {
        assumedListSize: limits.assumedListSize,
        costCeiling: 0,
      });
      if (m.depth > limits.maxDepth) {
        context.reportError(
          limitError(`Operation is nested ${m.depth} levels deep; the limit is ${limits.maxDepth}.`, m.deepest),
        );
      }
      if (m.aliases > limits.maxAliases) {
        context.reportError(limitError(`Operation uses ${m.aliases} aliases; the limit is ${limits.maxAliases}.`));
      }
      return false;
    },
  });
}

/**
 * The cost of the operation a request executes, with its variables: `[]` when within the limit,
 * else one `OPERATION_TOO_COMPLEX` error. A document with no such operation costs nothing here
 * (execution reports it).
 */
export function costErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  options: OperationLimits = {},
): GraphQLError[] {
  const limits = { ...DEFAULT_LIMITS, ...options };
  return costErrorsFor(operationCost(schema, document, operationName, variables, limits), limits);
}

/**
 * The cost of the operation a request executes, with its variables (see the module comment),
 * counted up to `maxCost + 1` (past the limit the exact figure does not matter); 0 when the
 * document has no such operation. The gateway checks it with `costErrorsFor` and charges it to
 * the caller's rate limit, so it is measured once per request.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  options: OperationLimits = {},
): number {
  const limits = { ...DEFAULT_LIMITS, ...options };
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return 0;
  return measureOperation(schema, document, operation, {
    assumedListSize: limits.assumedListSize,
    variables: variables ?? {},
    costCeiling: limits.maxCost + 1,
  }).cost;
}

/** `[]` when `cost` is within the limit, else one `OPERATION_TOO_COMPLEX` error. */
export function costErrorsFor(cost: number, options: OperationLimits = {}): GraphQLError[] {
  const limits = { ...DEFAULT_LIMITS, ...options };
  if (cost <= limits.maxCost) return [];
  return [
    limitError(
      `Operation cost exceeds the limit of ${limits.maxCost}: each field costs 1, times the size of every enclosing list (its first/last, the variables' values, or ${limits.assumedListSize} for a list without a page size). Ask for smaller pages.`,
    ),
  ];
}
