/**
 * Execute a subscription event once for every subscriber that asked the same thing.
 *
 * graphql-js executes the selection set of every event once per subscriber: with 1,000
 * subscribers on a tenant, one run change costs 1,000 executions (and their garbage). But the
 * fan-out hands every listener of a channel the SAME decoded event object, and for fields whose
 * result depends only on the event and the arguments (authorization happened at subscribe
 * time), every subscriber with the same document and variables gets the same result. So the
 * result is cached per event object (WeakMap: gone with the event) and per (document, variables,
 * operation name).
 *
 * Only root fields the subgraph lists are shared, and only when the operation selects nothing
 * else at the root. A listed field must not read the caller (`ctx.actor`) below it: the shared
 * result is computed with the context of the first subscriber that receives the event. Fields
 * that do read the caller (`viewerCan…`) are named in `viewerFields`: a document selecting any
 * of them, at any depth, is executed per subscriber.
 */

import { isAsyncIterable, mapAsyncIterator } from '@msp/process';
import type { ExecutionArgs, ExecutionResult } from 'graphql';
import { BREAK, createSourceEventStream, execute, getOperationAST, Kind, subscribe, visit } from './graphql';

type Maybe<T> = T | Promise<T>;

function sharedRootFields(args: ExecutionArgs, shared: ReadonlySet<string>): boolean {
  const operation = getOperationAST(args.document, args.operationName);
  if (operation?.operation !== 'subscription') return false;
  return operation.selectionSet.selections.every(
    (s) => s.kind === Kind.FIELD && !s.directives?.length && shared.has(s.name.value),
  );
}

/** Whether the document selects a field that reads the caller, anywhere (fragments included). */
function selectsViewerField(args: ExecutionArgs, viewer: ReadonlySet<string>): boolean {
  if (viewer.size === 0) return false;
  let found = false;
  visit(args.document, {
    Field(node) {
      if (!viewer.has(node.name.value)) return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}

/**
 * A `subscribe` for graphql-ws that shares per-event results of the listed root fields, unless
 * the document selects one of `viewerFields`.
 */
export function createSharedSubscribe(fields: readonly string[], viewerFields: readonly string[] = []) {
  const shared = new Set(fields);
  const viewer = new Set(viewerFields);
  const results = new WeakMap<object, Map<string, Maybe<ExecutionResult>>>();
  return async function sharedSubscribe(args: ExecutionArgs) {
    if (!sharedRootFields(args, shared) || selectsViewerField(args, viewer)) return subscribe(args);
    const stream = await createSourceEventStream(args);
    if (!isAsyncIterable(stream)) return stream;
    const key = `${args.operationName ?? ''}\u0000${JSON.stringify(args.variableValues ?? {})}\u0000${
      args.document.loc?.source.body ?? JSON.stringify(args.document)
    }`;
    return mapAsyncIterator(stream, (payload) => {
      if (typeof payload !== 'object' || payload === null) return execute({ ...args, rootValue: payload });
      let perEvent = results.get(payload);
      if (!perEvent) {
        perEvent = new Map();
        results.set(payload, perEvent);
      }
      let result = perEvent.get(key);
      if (!result) {
        result = execute({ ...args, rootValue: payload });
        perEvent.set(key, result);
      }
      return result;
    });
  };
}
