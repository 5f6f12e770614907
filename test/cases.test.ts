/**
 * Every folder in test/cases/ is a case: input.log + expected.json. The cause id is the folder name up to `--`.
 * Auto-discovered: adding a case is adding a folder. The real incident corpus is copied in by
 * test/support/import-realdev.mjs (folders *--realdev-NNN).
 *
 * expected.json beyond the cause (see test/support/tally.ts, CaseSpec):
 * - "acceptable": other causes accepted as the primary (never at high confidence, except in the real corpus, whose
 *   labels list them as equally right answers);
 * - "unscored": the label is too uncertain to score — the case runs, must not be wrong at high confidence, and is
 *   left out of top-1/top-3;
 * - "outsideCatalog": the true cause is none of the catalog ids — undiagnosed is right, anything else must stay
 *   below high confidence;
 * - "knownGap": a documented gap, expected to fail.
 *
 * `npm test` prints the calibration tally (one line per set) after the cases, and fails if any case is answered
 * wrongly at high confidence.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { toJson } from '../src/report/format.js';
import { checkReport } from './support/report-schema.js';
import { diagnoseFile } from './support/run-case.js';
import { resultOf, tallyLines, wrongAtHigh, type CaseResult, type CaseSpec } from './support/tally.js';

const root = join(import.meta.dirname, 'cases');
const repo = join(import.meta.dirname, '..');
const dirs = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const rank = { low: 0, medium: 1, high: 2 } as const;
const results: CaseResult[] = [];
/** schema problems of each case's JSON report (checked after the cases, so a knownGap case cannot hide one) */
const schemaProblems: string[] = [];

describe('test/cases', () => {
  test('there are cases for every cause', () => {
    expect(dirs.length).toBeGreaterThan(20);
  });
  for (const name of dirs) {
    const dir = join(root, name);
    const spec = existsSync(join(dir, 'expected.json'))
      ? (JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as CaseSpec)
      : undefined;
    // a documented gap (expected.json "knownGap": why) is a test expected to fail: when the engine learns the case,
    // vitest reports the unexpected pass and the marker must go
    const runner = !spec ? test.skip : spec.knownGap ? test.fails : test;
    runner(name, async () => {
      const want = spec!;
      expect(name.split('--')[0], 'folder name starts with the expected cause id').toBe(want.cause);
      const input = join(dir, 'input.log');
      const { report, safe, exitCode } = await diagnoseFile(input);
      // the schema is checked on what `diagnose --json` prints: the sanitised copy
      for (const p of checkReport(JSON.parse(toJson(safe)))) schemaProblems.push(`${name}: ${p}`);
      const r = resultOf(name, relative(repo, input), want, report);
      results.push(r);
      const d = report.diagnoses[0]!;
      const got = `${d.cause}${d.variant ? `.${d.variant}` : ''} (${d.confidence})`;
      const alt = want.acceptable ?? [];
      const exact = d.cause === want.cause;
      const why = `${name}: got ${got}; path ${report.answers
        .filter((a) => a.from !== 'default')
        .map((a) => `${a.question}=${a.choice}`)
        .join(' > ')}`;
      const realCorpus = name.includes('--realdev-');
      if (want.unscored) {
        // an uncertain label: only a confident wrong answer is a failure
        expect(
          wrongAtHigh(r),
          `${why}: unscored case answered wrongly at high confidence (want ${[want.cause, ...alt].join(' or ')})`,
        ).toBe(false);
        return;
      }
      if (want.outsideCatalog && !exact) {
        // the true cause is outside the catalog: any other answer must admit its doubt
        expect(
          d.confidence,
          `${why}: the true cause is outside the catalog, so a cause other than undiagnosed must stay below high`,
        ).not.toBe('high');
        return;
      }
      if (!exact && alt.includes(d.cause)) {
        // documented ambiguity (see the case's notes): an accepted alternative, never at high confidence — except in
        // the real corpus, where the label lists it as an equally right answer
        if (!realCorpus)
          expect(d.confidence, `${name}: accepted alternative ${d.cause} must not claim high confidence`).not.toBe(
            'high',
          );
        return;
      }
      expect(d.cause, why).toBe(want.cause);
      if (want.variant) expect(d.variant, why).toBe(want.variant);
      if (want.minConfidence)
        expect(rank[d.confidence], `${why}: confidence`).toBeGreaterThanOrEqual(rank[want.minConfidence]);
      if (want.exitCode !== undefined) expect(exitCode, `${why}: exit code`).toBe(want.exitCode);
      if (want.context?.platform) expect(report.context.platform, `${why}: platform`).toBe(want.context.platform);
      for (const [q, choice] of Object.entries(want.auto ?? {})) {
        expect(report.answers.find((a) => a.question === q)?.choice, `${why}: auto-answer of ${q}`).toBe(choice);
      }
    });
  }

  test('every case report matches the published JSON Schema (schema/report.schema.json)', () => {
    expect(schemaProblems.slice(0, 20)).toEqual([]);
  });

  // runs after every case above (tests of a file run in order)
  test('no case is answered wrongly at high confidence', () => {
    const wrong = results.filter(wrongAtHigh);
    expect(
      wrong.map(
        (r) =>
          `${r.path}: ${r.got}${r.variant ? `.${r.variant}` : ''} at high confidence, expected ${[r.want, ...r.acceptable].join(' or ')}`,
      ),
      'Wrong at high confidence — the worst answer the doctor can give. Fix the class of mistake in src/evidence/ or flows/ (a general rule, never the case), or lower the confidence when the deciding evidence is ambiguous',
    ).toEqual([]);
  });

  afterAll(() => {
    if (!results.length) return;
    console.log(
      [
        'calibration (top-1 / top-3 over scored cases; precision = right/answered at that confidence):',
        ...tallyLines(results),
      ].join('\n'),
    );
  });
});
