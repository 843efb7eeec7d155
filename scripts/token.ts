/** Prints a development token: `npm run token -- <userId> [email]`. */
import { signDevelopmentToken } from '@msp/auth';
import { authSettings, processSettings, readSettings, settingsOrExit } from '@msp/settings';
import { z } from 'zod';

const [subject, email] = process.argv.slice(2);
if (!subject) {
  console.error('usage: npm run token -- <userId> [email]');
  process.exit(2);
}
const env = settingsOrExit(() =>
  readSettings(z.object({ ...processSettings, ...authSettings }), {
    what: 'npm run token',
    refuseInProduction: () => ['development tokens are off in production (tokens come from the OIDC issuer)'],
  }),
);
// 12 h, or AUTH_MAX_TOKEN_LIFETIME when that is shorter (the API refuses a longer-lived token).
const expiresIn = `${Math.min(12 * 3600, env.AUTH_MAX_TOKEN_LIFETIME)}s`;
console.log(await signDevelopmentToken(env.AUTH_JWT_SECRET, subject, { expiresIn, ...(email ? { email } : {}) }));
