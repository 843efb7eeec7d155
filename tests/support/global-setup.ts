import { ensureBuild } from '@msp/console';
import type { TestProject } from 'vitest/node';
import { setupTemplate } from './setup-template';

export default async function globalSetup(project: TestProject) {
  project.provide('templateDatabase', await setupTemplate());
  // The browser lane drives the console's production build: made here once, before any file runs.
  if (project.name === 'browser') ensureBuild((m) => console.log(m));
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
