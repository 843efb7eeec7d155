import type { Result, WorkspaceRole } from '@msp/gate';
import { type BaseContext, type BaseContextOptions, baseContext, batchLoader } from '@msp/subgraph-kit';
import type DataLoader from 'dataloader';
import type { OnboardingDeps } from './deps';
import type { OnboardingSessionModel } from './model';
import { latestSessionsOfTenants, loadSessions, sessionsOfWorkspaces, workspaceRolesOf } from './service/sessions';

export interface OnboardingLoaders {
  /** Sessions by id for the caller, authorized (`onboarding.manage`), in a few queries per tick. */
  session: DataLoader<string, Result<OnboardingSessionModel>>;
  /** The sessions of workspaces where the caller holds `onboarding.manage` (else none), newest first. */
  sessionsOfWorkspace: DataLoader<string, OnboardingSessionModel[]>;
  /** The caller's role in workspaces (null: not a member). */
  workspaceRole: DataLoader<string, WorkspaceRole | null>;
  /** The latest session of tenants, when the caller may see it. */
  sessionOfTenant: DataLoader<string, OnboardingSessionModel | null>;
}

export interface OnboardingContext extends BaseContext {
  deps: OnboardingDeps;
  loaders: OnboardingLoaders;
}

export interface OnboardingContextOptions extends Omit<BaseContextOptions, 'db'> {
  deps: OnboardingDeps;
}

export function createOnboardingContext(options: OnboardingContextOptions): OnboardingContext {
  const { actor, deps } = options;
  return {
    ...baseContext({ ...options, db: deps.db }),
    deps,
    loaders: {
      session: batchLoader((ids) => loadSessions(deps, actor, ids)),
      sessionsOfWorkspace: batchLoader((ids) => sessionsOfWorkspaces(deps, actor, ids)),
      workspaceRole: batchLoader((ids) => workspaceRolesOf(deps.db, actor, ids)),
      sessionOfTenant: batchLoader((ids) => latestSessionsOfTenants(deps, actor, ids)),
    },
  };
}
