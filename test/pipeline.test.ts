/**
 * One pipeline: the test case runner (test/support/run-case.ts, behind test/cases.test.ts and the calibration tally)
 * reports what the built CLI prints. For the first case of every cause, `gunicorn-doctor diagnose --json input.log`
 * run in the case's folder and diagnoseFile on the same file give the same report and exit code, once the fields
 * that may differ run to run (generation time, scan seconds, version) are blanked.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { toJson } from '../src/report/format.js';
import { diagnoseFile } from './support/run-case.js';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'dist', 'src', 'cli.js');
const casesDir = join(import.meta.dirname, 'cases');

const firstOfCause = new Map<string, string>();
for (const name of readdirSync(casesDir).sort()) {
  const cause = name.split('--')[0]!;
  if (!firstOfCause.has(cause) && existsSync(join(casesDir, name, 'input.log'))) firstOfCause.set(cause, name);
}

function blanked(json: string) {
  const r = JSON.parse(json) as { generatedAt?: string; tool: { version: string }; stats: { seconds: unknown } };
  if (r.generatedAt) r.generatedAt = '-';
  r.tool.version = '-';
  r.stats.seconds = '-';
  return r;
}

async function cli(cwd: string, args: string[]): Promise<{ out: string; code: number }> {
  try {
    const r = await promisify(execFile)(process.execPath, [bin, ...args], { cwd, env: { PATH: process.env.PATH } });
    return { out: r.stdout, code: 0 };
  } catch (e) {
    const err = e as { stdout: string; code: number };
    return { out: err.stdout, code: err.code };
  }
}

describe('the case runner reports what `diagnose --json` prints', () => {
  it('covers several causes', () => expect(firstOfCause.size).toBeGreaterThan(10));
  for (const name of firstOfCause.values()) {
    // a child process each: seconds on a busy machine
    it(name, { timeout: 30_000 }, async () => {
      const dir = join(casesDir, name);
      const printed = await cli(dir, ['diagnose', '--json', 'input.log']);
      const run = await diagnoseFile(join(dir, 'input.log'));
      expect(blanked(toJson(run.safe))).toEqual(blanked(printed.out));
      expect(run.exitCode).toBe(printed.code);
    });
  }
});
