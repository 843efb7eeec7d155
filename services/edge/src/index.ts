export {
  costErrors,
  DEFAULT_LIMITS,
  measureOperation,
  type OperationLimits,
  type OperationMeasure,
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
