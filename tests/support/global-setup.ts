import { setupTemplate } from './setup-template';

export default async function globalSetup() {
  await setupTemplate();
}
