/**
 * The screen a paged engineer reads: the summary block (src/report/format.ts) at 60, 80 and 120 columns against
 * snapshots a reader has checked (test/unit/__snapshots__/summary-*.txt), cut to 24 rows keeping what matters; when
 * links are on; the pager. The Markdown renderer itself is tested in render.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { summaryLines, SUMMARY_ROWS } from '../../src/report/format.js';
import { sampleReport } from '../support/sample-report.js';

const words = (s: string) => s.split(/\s+/).filter(Boolean);

describe.each([60, 80, 120])('at %i columns', (width) => {
  it('the summary fits one screen and matches the checked snapshot', async () => {
    const lines = summaryLines(sampleReport(), { width, more: 'More: add --verbose for the rest.' });
    expect(lines.length).toBeLessThanOrEqual(SUMMARY_ROWS);
    for (const l of lines) if (l.length > width) expect(words(l).length).toBeLessThanOrEqual(2);
    await expect(lines.join('\n') + '\n').toMatchFileSnapshot(`__snapshots__/summary-${width}.txt`);
  });
});

describe('a long summary is cut to fit, keeping what matters', () => {
  it('with many changed lines and long cited lines at 60 columns: ≤ 24 rows, cause, confidence and fix kept', () => {
    const r = sampleReport();
    const d = r.diagnoses[0]!;
    d.evidence = Array.from({ length: 8 }, (_, i) => ({
      source: 'web.log',
      line: 100 + i,
      text: `[ERROR] Worker (pid:${i}) was sent SIGKILL! Perhaps out of memory? ${'x '.repeat(60)}`,
    }));
    r.answers.push({ question: 'memory-kill-signs', choice: 'yes', from: 'log', evidence: d.evidence.slice(0, 1) });
    d.remediation!.files = [
      {
        path: 'Procfile',
        diff: [
          '--- a/Procfile',
          '+++ b/Procfile',
          '@@ -1,1 +1,1 @@',
          ...Array.from(
            { length: 10 },
            (_, i) => `${i % 2 ? '+' : '-'}web: gunicorn app:app --workers ${i} ${'--flag '.repeat(12)}`,
          ),
        ].join('\n'),
      },
    ];
    d.remediation!.reasoning = ['workers: (409 − 50) / 116 = 3.1 → 3 workers.'];
    const lines = summaryLines(r, { width: 60, more: 'More: add --verbose.' });
    expect(lines.length).toBeLessThanOrEqual(SUMMARY_ROWS);
    const text = lines.join('\n');
    expect(text).toContain('Cause: runtime-memory-oom.worker');
    expect(text).toContain('Confidence: high');
    expect(text).toContain('Fix (heroku): change Procfile');
    expect(text).toContain('-web: gunicorn app:app --workers 0');
    expect(text).toContain('More: add --verbose.');
  });
});

describe('when links are on (src/text/style.ts wantLinks)', () => {
  const tty = { noColorFlag: false, isTTY: true };
  it.each([
    [{ TERM: 'xterm-256color' }, true],
    [{ TERM: 'xterm-256color', NO_COLOR: '1' }, false],
    [{ TERM: 'dumb' }, false],
    [{ TERM: 'linux' }, false],
    [{ TERM: 'linux', FORCE_HYPERLINK: '1' }, true],
    [{ TERM: 'xterm-256color', FORCE_HYPERLINK: '0' }, false],
    [{ TERM: 'xterm-256color', FORCE_HYPERLINK: '1', NO_COLOR: '1' }, false],
  ])('%j → %s', async (env, want) => {
    const { wantLinks } = await import('../../src/text/style.js');
    expect(wantLinks({ ...tty, env })).toBe(want);
  });

  it('never on a pipe or with --no-color', async () => {
    const { wantLinks } = await import('../../src/text/style.js');
    expect(wantLinks({ noColorFlag: false, isTTY: false, env: { TERM: 'xterm' } })).toBe(false);
    expect(wantLinks({ noColorFlag: true, isTTY: true, env: { TERM: 'xterm' } })).toBe(false);
  });
});

describe('the pager (src/ui/pager.ts)', () => {
  it('feeds the text to the command, with LESS=FRX unless LESS is set; false when the command is missing', async () => {
    const { runPager } = await import('../../src/ui/pager.js');
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'gd-pager-'));
    const out = join(dir, 'out.txt');
    expect(await runPager(`{ printf '%s|' "$LESS"; cat; } > "${out}"`, 'hello\n', { PATH: process.env.PATH })).toBe(
      true,
    );
    expect(readFileSync(out, 'utf8')).toBe('FRX|hello\n');
    expect(
      await runPager(`{ printf '%s|' "$LESS"; cat; } > "${out}"`, 'x', { PATH: process.env.PATH, LESS: '-S' }),
    ).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe('-S|x');
    expect(await runPager('gd-no-such-pager-command 2>/dev/null', 'x', { PATH: process.env.PATH })).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});
