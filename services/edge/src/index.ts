export {
  type CredentialCheck,
  type CredentialOptions,
  type CredentialSigner,
  type CredentialVerifier,
  createCredentialSigner,
  createCredentialVerifier,
  GATEWAY_CREDENTIAL_HEADER,
  GATEWAY_CREDENTIAL_PARAM,
  GATEWAY_ISSUER,
} from './credential';
export { nulErrors, redactError, redactMessage, withoutSuggestions } from './input';
export {
  costErrors,
  costErrorsFor,
  DEFAULT_LIMITS,
  measureOperation,
  type OperationLimits,
  type OperationMeasure,
  operationCost,
  operationLimitsRule,
  SUBGRAPH_LIMITS,
} from './limits';
export {
  checkDocumentText,
  DEFAULT_PARSE_LIMITS,
  limitedParse,
  type ParseLimits,
  TOO_COMPLEX,
  tooComplex,
} from './parse';
