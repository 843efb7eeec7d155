/**
 * Limits applied to a document's text before it is parsed. graphql-js parses recursively: a
 * literal nested 2,000 levels deep (`[[[[…]]]]`, `{a:{a:…}}`) overflows the stack inside `parse`
 * (a RangeError, answered 500 with a stack trace in the log). Here the document is first run
 * through graphql-js's own lexer, which is iterative, counting tokens and the nesting of
 * `{` `[` `(`; a document over either limit is refused with `OPERATION_TOO_COMPLEX` (HTTP 400)
 * before the parser sees it. `parse` also gets `maxTokens`, so the two can never disagree.
 */
import { GraphQLError, Lexer, type ParseOptions, parse, Source, TokenKind } from 'graphql';

export interface ParseLimits {
  /**
   * Most lexical tokens in one document (graphql-js `maxTokens`). GraphiQL's introspection query
   * has about 350, the console's largest page query under 500.
   * @defaultValue 5_000
   */
  maxTokens?: number;
  /**
   * Deepest nesting of `{`, `[` and `(` (selection sets, list and object literals, arguments
   * together). The selection depth limit (12) is checked later, after parsing; this bound only
   * keeps the parser's recursion far from the stack's end.
   * @defaultValue 64
   */
  maxNesting?: number;
}

export const DEFAULT_PARSE_LIMITS: Required<ParseLimits> = { maxTokens: 5_000, maxNesting: 64 };

/** The code every limit of this package answers with (HTTP 400). */
export const TOO_COMPLEX = 'OPERATION_TOO_COMPLEX';

/** A limit error: `extensions.code`, and `http.status` 400 for servers that read it (Yoga, Apollo). */
export function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: TOO_COMPLEX, http: { status: 400 } } });
}

/**
 * Throws `OPERATION_TOO_COMPLEX` when `source` has more tokens or deeper nesting than allowed;
 * syntax errors are left to `parse` (the lexer's own errors are rethrown as they are).
 */
export function checkDocumentText(source: string | Source, limits: ParseLimits = {}): void {
  const { maxTokens, maxNesting } = { ...DEFAULT_PARSE_LIMITS, ...limits };
  const lexer = new Lexer(typeof source === 'string' ? new Source(source) : source);
  let tokens = 0;
  let nesting = 0;
  for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
    tokens += 1;
    if (tokens > maxTokens) throw tooComplex(`Document has more than ${maxTokens} tokens.`);
    const kind = token.kind;
    if (kind === TokenKind.BRACE_L || kind === TokenKind.BRACKET_L || kind === TokenKind.PAREN_L) {
      nesting += 1;
      if (nesting > maxNesting) throw tooComplex(`Document nests deeper than ${maxNesting} levels.`);
    } else if (kind === TokenKind.BRACE_R || kind === TokenKind.BRACKET_R || kind === TokenKind.PAREN_R) {
      nesting -= 1;
    }
  }
}

/** `parse` behind `checkDocumentText`, with `maxTokens`: a drop-in parse function for servers. */
export function limitedParse(
  source: string | Source,
  options: ParseOptions = {},
  limits: ParseLimits = {},
): ReturnType<typeof parse> {
  checkDocumentText(source, limits);
  return parse(source, { ...options, maxTokens: limits.maxTokens ?? DEFAULT_PARSE_LIMITS.maxTokens });
}
