export {
  type Authenticator,
  type AuthOptions,
  type AuthResult,
  createAuthenticator,
  type Identity,
  signDevelopmentToken,
} from './authenticator';
export { authOptionsFromEnv } from './env';
export { type Actor, createUserProvisioner } from './users';
