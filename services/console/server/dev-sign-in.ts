/**
 * Development sign-in (never in production: env.ts turns it off with NODE_ENV=production or a
 * JWKS configuration). The browser asks for a token for one of the listed subjects (the seeded
 * users) and gets one signed with the stack's development secret, exactly what `npm run token`
 * prints: the token comes from the stack, not from the browser.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { signDevelopmentToken } from '@msp/auth';

export interface DevSignInOptions {
  /** AUTH_JWT_SECRET: what the API verifies development tokens with. */
  secret: string;
  /** The subjects offered (and the only ones signed). */
  users: string[];
  /**
   * Token lifetime (jose time span).
   * @defaultValue '1h'
   */
  tokenTtl?: string;
  issuer?: string;
  audience?: string;
}

const MAX_BODY = 1024;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** GET: the users offered. POST `{ "subject": "owner" }`: a token for one of them. */
export async function handleDevSignIn(req: IncomingMessage, res: ServerResponse, options: DevSignInOptions) {
  if (req.method === 'GET') return json(res, 200, { users: options.users.map((subject) => ({ subject })) });
  if (req.method !== 'POST') return json(res, 405, { error: 'Use GET or POST.' });
  // JSON only: a cross-site form cannot send it without a CORS preflight, which this server never answers.
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return json(res, 415, { error: 'Send JSON: { "subject": "<user>" }.' });
  }
  const body = await readBody(req);
  if (body === null) return json(res, 413, { error: 'The request is too large.' });
  let subject: unknown;
  try {
    subject = (JSON.parse(body) as { subject?: unknown }).subject;
  } catch {
    return json(res, 400, { error: 'Send JSON: { "subject": "<user>" }.' });
  }
  if (typeof subject !== 'string' || !options.users.includes(subject)) {
    return json(res, 400, { error: 'Choose one of the listed users.' });
  }
  const token = await signDevelopmentToken(options.secret, subject, {
    expiresIn: options.tokenTtl ?? '1h',
    issuer: options.issuer,
    audience: options.audience,
  });
  return json(res, 200, { token });
}
