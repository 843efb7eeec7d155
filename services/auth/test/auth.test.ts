import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { schema } from '@msp/db';
import { describe, expect, test } from '@msp/tests/support/fixtures';
import { eq } from 'drizzle-orm';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createAuthenticator, createUserProvisioner, signDevelopmentToken } from '../src';

const secret = 'test-secret-of-sufficient-length';

describe('authentication', () => {
  test('HS256 development tokens: valid, wrong secret, expired, missing, malformed', async () => {
    const auth = createAuthenticator({ jwtSecret: secret });
    const token = await signDevelopmentToken(secret, 'alice', { email: 'alice@example.test' });
    expect(await auth.authenticate(`Bearer ${token}`)).toEqual({
      ok: true,
      identity: {
        subject: 'alice',
        email: 'alice@example.test',
        emailVerified: false,
        displayName: null,
        expiresAt: expect.any(Date),
      },
    });
    // Issue 16: `email_verified` (true, or the string some providers send) vouches for the email.
    const vouched = await signDevelopmentToken(secret, 'alice', { email: 'alice@example.test', emailVerified: true });
    expect(await auth.authenticate(`Bearer ${vouched}`)).toMatchObject({ ok: true, identity: { emailVerified: true } });
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    const verified = await auth.authenticate(`Bearer ${token}`);
    expect(verified.ok && verified.identity.expiresAt?.getTime()).toBe(exp * 1000);
    const forged = await signDevelopmentToken('another-secret-of-good-length', 'alice');
    expect((await auth.authenticate(`Bearer ${forged}`)).ok).toBe(false);
    const expired = await signDevelopmentToken(secret, 'alice', { expiresIn: '-1m' });
    expect((await auth.authenticate(`Bearer ${expired}`)).ok).toBe(false);
    expect((await auth.authenticate(undefined)).ok).toBe(false);
    expect((await auth.authenticate('Basic abc')).ok).toBe(false);
  });

  test('issue 17: no token signs in as a system principal (subject system:…), e.g. the built-in connection health check', async () => {
    const auth = createAuthenticator({ jwtSecret: secret });
    const token = await signDevelopmentToken(secret, 'system:connection-health');
    expect(await auth.authenticate(`Bearer ${token}`)).toEqual({
      ok: false,
      message: 'The bearer token has no usable subject.',
    });
    const person = await signDevelopmentToken(secret, 'systemic-alice');
    expect((await auth.authenticate(`Bearer ${person}`)).ok).toBe(true);
  });

  test('issue 10: an over-long, non-string or NUL-holding email/name claim is ignored, not a refusal; a NUL in sub is refused', async () => {
    const auth = createAuthenticator({ jwtSecret: secret });
    const sign = (claims: Record<string, unknown>, subject = 'carol') =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(subject)
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(secret));
    for (const claims of [
      { email: `${'x'.repeat(400)}@example.test`, name: 'n'.repeat(300) },
      { email: 'a\u0000b@example.test', name: 'Car\u0000ol' },
      { email: 42, name: { first: 'Carol' } },
    ]) {
      const result = await auth.authenticate(`Bearer ${await sign(claims)}`);
      expect(result).toEqual({
        ok: true,
        identity: {
          subject: 'carol',
          email: null,
          emailVerified: false,
          displayName: null,
          expiresAt: expect.any(Date),
        },
      });
    }
    expect((await auth.authenticate(`Bearer ${await sign({}, 'car\u0000ol')}`)).ok).toBe(false);
  });

  test('issue 10 item 8: a token without exp is refused, and so is one valid for longer than the maximum lifetime', async () => {
    const key = new TextEncoder().encode(secret);
    const now = Math.floor(Date.now() / 1000);
    const sign = (claims: { iat?: number; exp?: number | Date }) => {
      let jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('erin');
      if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
      if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp);
      return jwt.sign(key);
    };
    const check = async (authenticator: ReturnType<typeof createAuthenticator>, token: string) =>
      authenticator.authenticate(`Bearer ${token}`);

    const auth = createAuthenticator({ jwtSecret: secret });
    expect(await check(auth, await sign({ iat: now }))).toEqual({
      ok: false,
      message: 'The bearer token has no expiry (exp).',
    });
    expect(await check(auth, await sign({}))).toMatchObject({ ok: false });
    // Expiring in 2200 (the reviewer's token), or one hour past the default 24 h, with and without `iat`.
    for (const claims of [
      { iat: now, exp: new Date('2200-01-01T00:00:00Z') },
      { iat: now, exp: now + 25 * 3600 },
      { exp: now + 25 * 3600 },
      // Issued 20 h ago, 5 h left: its lifetime is 25 h all the same.
      { iat: now - 20 * 3600, exp: now + 5 * 3600 },
      // An `iat` in the future does not stretch the allowance.
      { iat: now + 10 * 3600, exp: now + 30 * 3600 },
    ]) {
      expect(await check(auth, await sign(claims))).toEqual({
        ok: false,
        message: 'The bearer token is valid for longer than 24 h.',
      });
    }
    for (const claims of [{ iat: now, exp: now + 23 * 3600 }, { exp: now + 23 * 3600 }]) {
      expect(await check(auth, await sign(claims))).toMatchObject({ ok: true, identity: { subject: 'erin' } });
    }
    // The development tokens (12 h by default, the console's 1 h) are within the default.
    expect((await auth.authenticate(`Bearer ${await signDevelopmentToken(secret, 'erin')}`)).ok).toBe(true);

    // AUTH_MAX_TOKEN_LIFETIME=1h
    const strict = createAuthenticator({ jwtSecret: secret, maxLifetimeSeconds: 3600 });
    expect(await check(strict, await sign({ iat: now, exp: now + 2 * 3600 }))).toEqual({
      ok: false,
      message: 'The bearer token is valid for longer than 1 h.',
    });
    expect((await check(strict, await sign({ iat: now, exp: now + 1800 }))).ok).toBe(true);
    expect((await strict.authenticate(`Bearer ${await signDevelopmentToken(secret, 'erin')}`)).ok).toBe(false);
  });

  test('a verified token is remembered until its exp and never beyond; a variant of it is verified anew', async () => {
    const auth = createAuthenticator({ jwtSecret: secret });
    // `exp` has whole seconds: this token expires 1-2 s from now.
    const token = await signDevelopmentToken(secret, 'dora', { expiresIn: '2s' });
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number };
    expect((await auth.authenticate(`Bearer ${token}`)).ok).toBe(true);
    expect(await auth.authenticate(`bearer ${token}`)).toMatchObject({ ok: true, identity: { subject: 'dora' } });
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await auth.authenticate(`Bearer ${tampered}`)).ok).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
    expect(await auth.authenticate(`Bearer ${token}`)).toEqual({
      ok: false,
      message: 'The bearer token is invalid or expired.',
    });
  });

  test('issuer and audience are checked when configured', async () => {
    const auth = createAuthenticator({ jwtSecret: secret, issuer: 'https://id.example', audience: 'msp-api' });
    const good = await signDevelopmentToken(secret, 'bob', { issuer: 'https://id.example', audience: 'msp-api' });
    const wrongAud = await signDevelopmentToken(secret, 'bob', { issuer: 'https://id.example', audience: 'other' });
    const noIss = await signDevelopmentToken(secret, 'bob');
    expect((await auth.authenticate(`Bearer ${good}`)).ok).toBe(true);
    expect((await auth.authenticate(`Bearer ${wrongAud}`)).ok).toBe(false);
    expect((await auth.authenticate(`Bearer ${noIss}`)).ok).toBe(false);
  });

  test('production: RS256 tokens verified against an OIDC JWKS endpoint', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const server = createServer((_, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
      const auth = createAuthenticator({ jwksUrl: url, issuer: 'https://id.example', audience: 'msp-api' });
      const sign = (aud: string) =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setSubject('carol')
          .setIssuer('https://id.example')
          .setAudience(aud)
          .setExpirationTime('5m')
          .sign(privateKey);
      expect(await auth.authenticate(`Bearer ${await sign('msp-api')}`)).toMatchObject({
        ok: true,
        identity: { subject: 'carol' },
      });
      expect((await auth.authenticate(`Bearer ${await sign('other')}`)).ok).toBe(false);
      // An HS256 token signed with anything is refused when JWKS is configured.
      expect((await auth.authenticate(`Bearer ${await signDevelopmentToken(secret, 'carol')}`)).ok).toBe(false);
    } finally {
      server.close();
    }
  });

  test('users are provisioned once, on first sight of their subject', async ({ db }) => {
    const provision = createUserProvisioner(db.db);
    const a = await provision({ subject: 'dave', email: 'dave@example.test', displayName: 'Dave' });
    const again = await createUserProvisioner(db.db)({ subject: 'dave', email: null, displayName: null });
    expect(again.userId).toBe(a.userId);
    const rows = await db.db.select().from(schema.users).where(eq(schema.users.subject, 'dave'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ email: 'dave@example.test', displayName: 'Dave' });
  });
});
