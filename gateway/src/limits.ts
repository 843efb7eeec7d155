/**
 * Limits on incoming operations, as graphql-js validation rules (the gateway runtime has no
 * built-in depth limit: that lives in the `@graphql-hive/gateway` CLI package through GraphQL
 * Armor, which we do not ship; its `demandControl` prices subgraph requests, not the client's).
 *
 * - depth: nesting of selection sets, fragments inlined (a fragment cannot hide depth);
 * - cost: every field costs 1, multiplied by the size of each enclosing list: `first`/`last`/
 *   `limit` when the client passes one, else an assumed list size. It bounds breadth and
 *   nested lists together ("200 runs × 200 groups") without per-field configuration;
 * - aliases: repeating one expensive field under many aliases is the cheap way around a depth
 *   limit.
 *
 * Introspection (`__schema`, `__type`) is exempt so that GraphiQL and codegen keep working.
 */
import {
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  GraphQLError,
  type GraphQLOutputType,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  valueFromASTUntyped,
} from 'graphql';

export interface OperationLimits {
  /**
   * Deepest selection set accepted (`{ a { b } }` is 2).
   * @defaultValue 12
   */
  maxDepth?: number;
  /**
   * Highest accepted cost (see the module comment).
   * @defaultValue 20_000
   */
  maxCost?: number;
  /**
   * Size assumed for a list field the client does not bound with `first`/`last`/`limit`.
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
  maxDepth: 12,
  maxCost: 20_000,
  assumedListSize: 20,
  maxAliases: 30,
};

const LIST_SIZE_ARGS = new Set(['first', 'last', 'limit']);

function isListOutput(type: GraphQLOutputType): boolean {
  const inner = isNonNullType(type) ? type.ofType : type;
  return isListType(inner);
}

function limitError(message: string, node: FieldNode | undefined): GraphQLError {
  return new GraphQLError(message, {
    ...(node ? { nodes: [node] } : {}),
    extensions: { code: 'OPERATION_TOO_COMPLEX' },
  });
}

/** One rule that walks each operation once, following fragments, measuring all three limits. */
export function operationLimitsRule(options: OperationLimits = {}): ValidationRule {
  const limits = { ...DEFAULT_LIMITS, ...options };
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    const schema = context.getSchema();

    const listSize = (field: FieldNode, variables: Record<string, unknown>): number => {
      for (const arg of field.arguments ?? []) {
        if (!LIST_SIZE_ARGS.has(arg.name.value)) continue;
        const value = valueFromASTUntyped(arg.value, variables);
        if (typeof value === 'number' && value >= 0) return value;
      }
      return limits.assumedListSize;
    };

    interface Measure {
      depth: number;
      cost: number;
      aliases: number;
      deepest?: FieldNode;
    }

    const measure = (
      selectionSet: SelectionSetNode,
      parent: GraphQLCompositeType | undefined,
      depth: number,
      visited: Set<string>,
    ): Measure => {
      const total: Measure = { depth, cost: 0, aliases: 0 };
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          const name = selection.name.value;
          if (name === '__schema' || name === '__type') continue;
          if (selection.alias) total.aliases += 1;
          const fieldDef =
            parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
          let childCost = 0;
          let childDepth = depth + 1;
          if (selection.selectionSet) {
            const named = fieldDef ? getNamedType(fieldDef.type) : undefined;
            const child = measure(
              selection.selectionSet,
              named && isCompositeType(named) ? named : undefined,
              depth + 1,
              visited,
            );
            childCost = child.cost;
            childDepth = child.depth;
            total.aliases += child.aliases;
            if (child.depth > total.depth) {
              total.depth = child.depth;
              total.deepest = child.deepest ?? selection;
            }
          } else if (childDepth > total.depth) {
            total.depth = childDepth;
            total.deepest = selection;
          }
          const multiplier = fieldDef && isListOutput(fieldDef.type) ? listSize(selection, {}) : 1;
          total.cost += multiplier * (1 + childCost);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const typeCondition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
          const child = measure(
            selection.selectionSet,
            typeCondition && isCompositeType(typeCondition) ? typeCondition : parent,
            depth,
            visited,
          );
          total.cost += child.cost;
          total.aliases += child.aliases;
          if (child.depth > total.depth) {
            total.depth = child.depth;
            total.deepest = child.deepest;
          }
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          // A fragment spread twice in one path is a cycle (reported by NoFragmentCycles).
          if (!fragment || visited.has(name)) continue;
          const type = schema.getType(fragment.typeCondition.name.value);
          const child = measure(
            fragment.selectionSet,
            type && isCompositeType(type) ? type : parent,
            depth,
            new Set([...visited, name]),
          );
          total.cost += child.cost;
          total.aliases += child.aliases;
          if (child.depth > total.depth) {
            total.depth = child.depth;
            total.deepest = child.deepest;
          }
        }
      }
      return total;
    };

    return {
      OperationDefinition(node) {
        const root =
          node.operation === 'query'
            ? schema.getQueryType()
            : node.operation === 'mutation'
              ? schema.getMutationType()
              : schema.getSubscriptionType();
        const m = measure(node.selectionSet, root ?? undefined, 0, new Set());
        if (m.depth > limits.maxDepth) {
          context.reportError(
            limitError(`Operation is nested ${m.depth} levels deep; the limit is ${limits.maxDepth}.`, m.deepest),
          );
        }
        if (m.cost > limits.maxCost) {
          context.reportError(
            limitError(
              `Operation cost ${m.cost} exceeds the limit of ${limits.maxCost} (each field costs 1, times the size of every enclosing list: pass a smaller first/limit).`,
              undefined,
            ),
          );
        }
        if (m.aliases > limits.maxAliases) {
          context.reportError(
            limitError(`Operation uses ${m.aliases} aliases; the limit is ${limits.maxAliases}.`, undefined),
          );
        }
        return false;
      },
    };
  };
}
