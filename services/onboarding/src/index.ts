export { type OnboardingSubgraphOptions, startOnboardingSubgraph } from './app';
export {
  createOnboardingContext,
  type OnboardingContext,
  type OnboardingContextOptions,
} from './context';
export type { OnboardingDeps } from './deps';
export { loadOnboardingEnv, type OnboardingEnv, onboardingEnvSchema } from './env';
export type * from './model';
export { schema } from './schema/index';
export { BOOTSTRAP_OPERATIONS, deriveSession } from './service/steps';
