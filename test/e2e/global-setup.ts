/**
 * Once for the end-to-end run: a production build in dist/ (service worker
 * and all), served by `vite preview` on a free loopback port. Tests read the
 * address with `inject('baseUrl')`.
 */
import type { TestProject } from 'vitest/node';
import { preview } from 'vite';
import { DIST, ROOT, viteBuild } from './build';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  viteBuild(DIST, 'e2e-1');
  const server = await preview({
    root: ROOT,
    configFile: false,
    logLevel: 'warn',
    build: { outDir: DIST },
    preview: { port: 0, host: '127.0.0.1' },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report its address');
  project.provide('baseUrl', url);
  return async () => {
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  };
}
