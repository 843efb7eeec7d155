import type { TestProject } from 'vitest/node';
import { setupTemplate } from './setup-template';

export default async function globalSetup(project: TestProject) {
  project.provide('templateDatabase', await setupTemplate());
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
