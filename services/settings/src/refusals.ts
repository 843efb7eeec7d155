/**
 * What no process starts with under NODE_ENV=production: a development default that is a
 * secret or holds one (`development.ts`). Each refusal names the variable and what to do.
 */
import { DEVELOPMENT_DEFAULTS, DEVELOPMENT_PASSWORDS } from './development';

function passwordOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

/** The shared refusals for the settings a process read (only the ones it has are checked). */
export function productionRefusals(settings: Record<string, unknown>): string[] {
  const refused: string[] = [];
  // Unused with a JWKS: the authenticator then accepts only the issuer's tokens.
  if (settings.AUTH_JWT_SECRET === DEVELOPMENT_DEFAULTS.AUTH_JWT_SECRET && !settings.AUTH_JWKS_URL) {
    refused.push('AUTH_JWT_SECRET is the public development secret (set AUTH_JWKS_URL, or a secret of your own)');
  }
  // Only the first key encrypts: the development key may stay behind it while a rotation away
  // from it runs (`npm run secrets:reencrypt`).
  if (
    typeof settings.SECRET_ENCRYPTION_KEY === 'string' &&
    settings.SECRET_ENCRYPTION_KEY.split(',')[0]?.trim() === DEVELOPMENT_DEFAULTS.SECRET_ENCRYPTION_KEY
  ) {
    refused.push('SECRET_ENCRYPTION_KEY is the public development key (put a key of your own first)');
  }
  if (settings.GATEWAY_SUBGRAPH_KEY === DEVELOPMENT_DEFAULTS.GATEWAY_SUBGRAPH_KEY) {
    refused.push('GATEWAY_SUBGRAPH_KEY is the public development key (set the same key of your own everywhere)');
  }
  if (settings.WEBHOOK_ALLOW_INSECURE_TARGETS === true) {
    refused.push('WEBHOOK_ALLOW_INSECURE_TARGETS is true (webhooks may reach only public https targets in production)');
  }
  for (const name of ['DATABASE_URL', 'REDIS_URL'] as const) {
    const url = settings[name];
    if (typeof url === 'string' && DEVELOPMENT_PASSWORDS.includes(passwordOf(url))) {
      refused.push(`${name} holds the public development password (set the URL of your own server)`);
    }
  }
  return refused;
}
