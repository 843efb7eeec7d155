/**
 * Every GraphQL operation the project's own code sends, found by reading it: the string and
 * template literals of the given files that are documents valid against the public API
 * (schema/api.graphql), and the documents GraphQL Code Generator wrote for the console. Used by the fast-path differential test, so that an operation a new test
 * or the console starts sending is compared on both gateway paths without anyone listing it.
 *
 * A template's `${…}` parts are resolved when they are constants of the same file (a `const`
 * string or template, recursively) or the variable of a `for … of [literal, …]` loop (one
 * document per element); a template with any other part (a run-time value) is left out and
 * reported in `skipped`, so the test can show how much it does not see.
 */
import { join } from 'node:path';
import { type DocumentNode, type GraphQLSchema, Kind, parse, print, validate } from 'graphql';
import ts from 'typescript';
import { ROOT } from '../guards/sources';

export interface CollectedOperation {
  /** `file:line` of the literal. */
  source: string;
  document: string;
}

export interface Collection {
  operations: CollectedOperation[];
  /** Literals that look like GraphQL documents but have a part only known at run time. */
  skipped: string[];
}

/** More expansions than this from one literal are cut (loops over long lists). */
const MAX_VARIANTS = 32;
const LOOKS_LIKE_DOCUMENT = /^\s*(\{|query\b|mutation\b|subscription\b)/;

function evaluate(node: ts.Node, checker: ts.TypeChecker, depth = 0): string[] | undefined {
  if (depth > 8) return undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node))
    return evaluate(node.expression, checker, depth + 1);
  if (ts.isTemplateExpression(node)) {
    let out = [node.head.text];
    for (const span of node.templateSpans) {
      const parts = evaluate(span.expression, checker, depth + 1);
      if (!parts) return undefined;
      out = out.flatMap((prefix) => parts.map((part) => prefix + part + span.literal.text)).slice(0, MAX_VARIANTS);
    }
    return out;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = evaluate(node.left, checker, depth + 1);
    const right = evaluate(node.right, checker, depth + 1);
    if (!left || !right) return undefined;
    return left.flatMap((l) => right.map((r) => l + r)).slice(0, MAX_VARIANTS);
  }
  if (ts.isIdentifier(node)) {
    const declaration = checker.getSymbolAtLocation(node)?.valueDeclaration;
    if (!declaration || !ts.isVariableDeclaration(declaration)) return undefined;
    const list = declaration.parent;
    if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const)) return undefined;
    if (ts.isForOfStatement(list.parent)) {
      const iterated = list.parent.expression;
      if (!ts.isArrayLiteralExpression(iterated)) return undefined;
      const values = iterated.elements.map((e) => evaluate(e, checker, depth + 1));
      return values.every((v) => v !== undefined) ? values.flat() : undefined;
    }
    return declaration.initializer ? evaluate(declaration.initializer, checker, depth + 1) : undefined;
  }
  return undefined;
}

/** Operations in `files` (paths relative to the repository root), each valid against `schema`. */
export function collectOperations(files: string[], schema: GraphQLSchema): Collection {
  const program = ts.createProgram(
    files.map((f) => join(ROOT, f)),
    { noResolve: true, noLib: true, allowJs: false, target: ts.ScriptTarget.ES2022, types: [] },
  );
  const checker = program.getTypeChecker();
  const operations: CollectedOperation[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const sourceFile = program.getSourceFile(join(ROOT, file));
    if (!sourceFile) continue;
    const add = (where: string, document: string) => {
      let ast: ReturnType<typeof parse>;
      try {
        ast = parse(document);
      } catch {
        return;
      }
      if (!ast.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION)) return;
      if (validate(schema, ast).length > 0) return;
      if (seen.has(document)) return;
      seen.add(document);
      operations.push({ source: where, document });
    };
    const visit = (node: ts.Node) => {
      // The console's operations as it sends them: GraphQL Code Generator's client preset writes
      // each one, fragments included, as a DocumentNode literal (`export const XDocument = {…}`).
      if (ts.isVariableDeclaration(node) && node.initializer && /Document$/.test(node.name.getText(sourceFile))) {
        let init: ts.Expression = node.initializer;
        while (ts.isAsExpression(init)) init = init.expression;
        if (ts.isObjectLiteralExpression(init)) {
          try {
            const ast = JSON.parse(init.getText(sourceFile)) as DocumentNode;
            if (ast.kind === Kind.DOCUMENT) {
              const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
              add(`${file}:${line}`, print(ast));
              return;
            }
          } catch {}
        }
      }
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
        const raw = node.getText(sourceFile).slice(1);
        if (LOOKS_LIKE_DOCUMENT.test(raw)) {
          const where = `${file}:${sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1}`;
          const values = evaluate(node, checker);
          if (!values) skipped.push(where);
          for (const document of values ?? []) add(where, document);
        }
        if (!ts.isTemplateExpression(node)) return;
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return { operations, skipped };
}
