export {
  API_CLIENT_SECRET_PREFIX,
  API_CLIENT_SUBJECT_PREFIX,
  API_CLIENT_TOKEN_ISSUER,
  API_CLIENT_TOKEN_TTL_SECONDS,
  type ApiClientCheck,
  type ApiClientTokenClaims,
  apiClientTokenKey,
  clientSecretMatches,
  createApiClientCheck,
  hashClientSecret,
  newClientSecret,
  SYSTEM_SUBJECT_PREFIX,
  signApiClientToken,
} from './api-clients';
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
