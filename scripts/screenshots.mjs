// Refreshes the README's screenshots: runs the end-to-end tests (which write
// them to the ignored test-results/screenshots/) and copies the result into
// docs/. `npm test` alone never touches docs/.
import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const FROM = join(ROOT, 'test-results', 'screenshots');
const TO = join(ROOT, 'docs');

if (!process.argv.includes('--copy-only')) {
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--project', 'e2e'], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) {
    console.error('e2e run failed: docs/ left as it was');
    process.exit(run.status ?? 1);
  }
}
const shots = readdirSync(FROM).filter((f) => f.endsWith('.png'));
for (const f of shots) copyFileSync(join(FROM, f), join(TO, f));
console.log(`copied ${shots.length} screenshots into docs/`);
