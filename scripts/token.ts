/** Prints a development token: `npm run token -- <userId> [email]`. */
import { authEnvSchema, signDevelopmentToken } from '@msp/auth';
import { parseEnv } from '@msp/db';

const [subject, email] = process.argv.slice(2);
if (!subject) {
  console.error('usage: npm run token -- <userId> [email]');
  process.exit(2);
}
const env = parseEnv(authEnvSchema);
console.log(await signDevelopmentToken(env.AUTH_JWT_SECRET, subject, email ? { email } : {}));
