/**
 * Where the e2e run leaves its screenshots: an ignored folder, so a test run
 * never dirties the work tree. `npm run screenshots` copies them into docs/
 * (tracked, shown in the README) when someone decides to refresh them.
 */
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');

export function screenshotPath(name: string): string {
  return join(SCREENSHOT_DIR, `${name}.png`);
}
