/**
 * Production builds for the end-to-end tests, in a child process so each
 * build's environment (VITE_BUILD_ID) stays its own.
 */
import { execFileSync } from 'node:child_process';
import { cp, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const DIST = join(ROOT, 'dist');

export function viteBuild(outDir: string, buildId: string): void {
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: ROOT,
    env: { ...process.env, VITE_BUILD_ID: buildId, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/**
 * Deploys a build over the one being served, as a static host would: new
 * hashed assets first, then the entry files (index.html, sw.js, manifest),
 * old assets left in place for pages still running the old version.
 */
export async function deploy(fromDir: string, toDir = DIST): Promise<void> {
  await cp(join(fromDir, 'assets'), join(toDir, 'assets'), { recursive: true });
  await cp(join(fromDir, 'icons'), join(toDir, 'icons'), { recursive: true });
  const entries = (await readdir(fromDir)).filter((f) => f !== 'assets' && f !== 'icons' && f !== 'sw.js');
  for (const f of entries) await cp(join(fromDir, f), join(toDir, f), { recursive: true });
  await cp(join(fromDir, 'sw.js'), join(toDir, 'sw.js'));
  await rm(fromDir, { recursive: true, force: true });
}
