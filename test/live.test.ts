/**
 * Live logs: real Gunicorn (Debian's python3-gunicorn, installed by .ci/run) against small misbehaving apps
 * (test/harness/), and `diagnose` on what it really printed. Each scenario runs a real server on loopback for a few
 * seconds. In CI a missing Gunicorn fails loudly; on a developer machine without it the suite is skipped.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { diagnoseFile } from './support/run-case.js';

const PY = '/usr/bin/python3';
const RUN = join(import.meta.dirname, 'harness', 'run.py');

function installedVersion(): string | undefined {
  try {
    return execFileSync(PY, ['-c', 'import gunicorn; print(gunicorn.__version__)'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

const version = existsSync(PY) ? installedVersion() : undefined;
if (!version && process.env.CI) throw new Error('CI: Debian python3-gunicorn is not installed (.ci/run installs it)');

// scenario → the cause a correct doctor reports on that real log
const EXPECT: Record<string, string> = {
  'clean-stop': 'healthy',
  'import-error': 'boot-import-error',
  'wrong-app-name': 'boot-app-not-found',
  'not-callable': 'boot-app-not-found',
  'missing-env': 'boot-missing-env',
  'db-refused': 'boot-dependency-unavailable',
  'slow-request': 'runtime-worker-timeout',
  'slow-request-stuck': 'runtime-worker-timeout',
  sigkill: 'runtime-memory-oom',
  segfault: 'runtime-worker-crash',
  'max-requests': 'recycle-max-requests',
  reload: 'recycle-reload',
  'graceful-kill': 'healthy',
  'bad-option': 'boot-config-error',
  'bad-timeout-value': 'boot-config-error',
  'port-in-use': 'boot-port-bind',
  'bad-tmpdir': 'boot-config-error',
};
// the import is counted against the timeout only up to 21.2: a slow start-up is a boot loop there, healthy later
if (version) EXPECT['slow-import'] = /^(19|20|21)\./.test(version) ? 'boot-slow-startup' : 'healthy';

const work = mkdtempSync(join(tmpdir(), 'gd-live-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!version)(`live Gunicorn ${version ?? '(not installed)'}`, () => {
  for (const [scenario, cause] of Object.entries(EXPECT)) {
    test.concurrent(`${scenario} → ${cause}`, { timeout: 90_000 }, async () => {
      const out = join(work, scenario);
      execFileSync(PY, [RUN, '--version', version!, '--scenario', scenario, '--out', out], {
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 80_000,
      });
      const { report } = await diagnoseFile(join(out, 'input.log'));
      const d = report.diagnoses[0]!;
      expect(
        d.cause,
        `${scenario}: got ${d.cause} (${d.confidence}) via ${report.answers.map((a) => `${a.question}=${a.choice}`).join(' > ')}`,
      ).toBe(cause);
    });
  }
});
