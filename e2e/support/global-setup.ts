import type { TestProject } from 'vitest/node';
import { startPlatform } from './server.ts';
import { ensureWebBuild } from './web-build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** One platform for the whole run; the test files receive its URL through `inject`. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!process.env.E2E_BASE_URL) await ensureWebBuild();
  const platform = await startPlatform();
  project.provide('baseUrl', platform.baseUrl);
  return () => platform.stop();
}
