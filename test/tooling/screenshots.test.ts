import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT, screenshotPath } from '../e2e/screenshots';

/** git check-ignore exits 0 when the path is ignored, 1 when it is not. */
function ignored(path: string): boolean {
  try {
    execFileSync('git', ['check-ignore', '-q', '--no-index', path], { cwd: ROOT });
    return true;
  } catch {
    return false;
  }
}

describe('e2e screenshots', () => {
  it('are written to a git-ignored folder, so npm test leaves git status clean', () => {
    for (const name of ['arrivals', 'night-audit', 'door-mode']) {
      const path = screenshotPath(name);
      expect(path.startsWith(`${ROOT}/docs/`), path).toBe(false);
      expect(ignored(path), path).toBe(true);
    }
  });
});
