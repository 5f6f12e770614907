/**
 * Every folder in test/cases/ is a case: input.log + expected.json. The cause id is the folder name up to `--`.
 * Auto-discovered: adding a case is adding a folder.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { diagnoseFile, type Expected } from './support/run-case.js';

const root = join(import.meta.dirname, 'cases');
const dirs = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const rank = { low: 0, medium: 1, high: 2 } as const;
const results: { name: string; ok: boolean; got: string; want: string }[] = [];

describe('test/cases', () => {
  test('there are cases for every cause', () => {
    expect(dirs.length).toBeGreaterThan(20);
  });
  for (const name of dirs) {
    const dir = join(root, name);
    const spec = existsSync(join(dir, 'expected.json')) ? (JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected & { knownGap?: string }) : undefined;
    // a documented gap (expected.json "knownGap": why) is a test expected to fail: when the engine learns the case,
    // vitest reports the unexpected pass and the marker must go
    const runner = !spec ? test.skip : spec.knownGap ? test.fails : test;
    runner(name, async () => {
      const want = spec!;
      expect(name.split('--')[0], 'folder name starts with the expected cause id').toBe(want.cause);
      const { report, exitCode } = await diagnoseFile(join(dir, 'input.log'));
      const d = report.diagnoses[0]!;
      const got = `${d.cause}${d.variant ? `.${d.variant}` : ''} (${d.confidence})`;
      const alt = (want as Expected & { acceptable?: string[] }).acceptable ?? [];
      const exact = d.cause === want.cause;
      results.push({ name, ok: exact, got, want: want.cause });
      if (!exact && alt.includes(d.cause)) {
        // documented ambiguity (see the case's notes): an accepted alternative, never at high confidence
        expect(d.confidence, `${name}: accepted alternative ${d.cause} must not claim high confidence`).not.toBe('high');
        return;
      }
      const why = `${name}: got ${got}; path ${report.answers.filter((a) => a.from !== 'default').map((a) => `${a.question}=${a.choice}`).join(' > ')}`;
      expect(d.cause, why).toBe(want.cause);
      if (want.variant) expect(d.variant, why).toBe(want.variant);
      if (want.minConfidence) expect(rank[d.confidence], `${why}: confidence`).toBeGreaterThanOrEqual(rank[want.minConfidence]);
      if (want.exitCode !== undefined) expect(exitCode, `${why}: exit code`).toBe(want.exitCode);
      if (want.context?.platform) expect(report.context.platform, `${why}: platform`).toBe(want.context.platform);
      for (const [q, choice] of Object.entries(want.auto ?? {})) {
        expect(report.answers.find((a) => a.question === q)?.choice, `${why}: auto-answer of ${q}`).toBe(choice);
      }
    });
  }
  afterAll(() => {
    const ok = results.filter((r) => r.ok).length;
    const wrongHigh = results.filter((r) => !r.ok && r.got.endsWith('(high)'));
    const blind2 = results.filter((r) => r.name.includes('--blind2-'));
    const blind3 = results.filter((r) => r.name.includes('--blind3-'));
    const blind4 = results.filter((r) => r.name.includes('--blind4-'));
    const wild = results.filter((r) => r.name.includes('--wild-'));
    if (results.length) {
      console.log(`cases: ${ok}/${results.length} right primary cause (${((100 * ok) / results.length).toFixed(1)}%); wrong at high confidence: ${wrongHigh.length}${wrongHigh.length ? ` (${wrongHigh.map((r) => r.name).join(', ')})` : ''}`);
      console.log(`blind wild set: ${wild.filter((r) => r.ok).length}/${wild.length}; second blind set: ${blind2.filter((r) => r.ok).length}/${blind2.length}; third: ${blind3.filter((r) => r.ok).length}/${blind3.length}; fourth: ${blind4.filter((r) => r.ok).length}/${blind4.length}; real Gunicorn runs: ${results.filter((r) => /-gu\d+$/.test(r.name) && r.ok).length}/${results.filter((r) => /-gu\d+$/.test(r.name)).length}`);
    }
  });
});
