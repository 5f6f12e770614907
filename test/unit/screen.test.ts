/**
 * The terminal renderer (src/ui/render.ts) and the summary block (src/report/format.ts) at 60, 80 and 120 columns:
 * snapshots a reader has checked (test/unit/__snapshots__/render-*.txt), and the properties that must hold at any
 * width — no line longer than the terminal unless it is one unbreakable word (a URL), no word cut, inline bold and
 * code rendered inside list items, OSC 8 links only when asked.
 */
import { describe, expect, it } from 'vitest';
import { renderMarkdown, visibleLength } from '../../src/ui/render.js';
import { summaryLines, SUMMARY_ROWS } from '../../src/report/format.js';
import { sampleReport } from '../support/sample-report.js';

const PAGE = `# A request holds a worker past its timeout

A request (or something it waits on) kept a worker busy longer than Gunicorn's **timeout**, so the master aborted
that worker and started a new one. See https://docs.gunicorn.org/en/stable/settings.html#timeout-and-graceful-timeout-explained for the setting.

## Fix

- **sync** (the default): one request that runs longer than \`timeout\` kills the worker — put a timeout on every
  outbound call (\`requests\` \`timeout=\`, DB \`statement_timeout\`).
- Move long work out of the request: a job queue ([Celery](https://docs.celeryq.dev/)), streaming responses.
  - nested: only then raise \`--timeout\`, and never above the router's 30 s on Heroku.

1. Set \`timeout\` just above the slowest legitimate request.
2. Check it with \`gunicorn-doctor diagnose web.log --verbose\`.

\`\`\`diff
-web: gunicorn shop.wsgi:application --workers 4 --timeout 30 --log-file -
+web: gunicorn --max-requests 1000 --max-requests-jitter 100 shop.wsgi:application --workers 3 --timeout 30 --log-file -
\`\`\`

> Heroku's router gives up after 30 s (H12) whatever Gunicorn's timeout is, so a longer timeout there only keeps a busy worker busy.
`;

// eslint-disable-next-line no-control-regex
const strip = (s: string) => s.replace(/\u001b\[[0-9;]*m|\u001b\]8;;[^\u0007]*\u0007/g, '');
const words = (s: string) => s.split(/\s+/).filter(Boolean);

describe.each([60, 80, 120])('at %i columns', (width) => {
  it('a cause page: wrapped, nothing raw, matches the checked snapshot', async () => {
    const plain = await renderMarkdown(PAGE, { color: false, width });
    await expect(plain).toMatchFileSnapshot(`__snapshots__/render-page-${width}.txt`);
    for (const line of plain.split('\n')) {
      if (visibleLength(line) > width) expect(words(line), `only one unbreakable word may overflow: ${line}`).toHaveLength(1 + (/^\s*[-•\d.>│]+\s/.test(line) ? 1 : 0));
    }
    expect(plain).not.toMatch(/\*\*|`/);
    // no word was cut: wrapping only turned blanks into line breaks, so with the blanks folded the sentences are whole
    const folded = plain.replace(/\s+/g, ' ');
    expect(folded).toContain("A request (or something it waits on) kept a worker busy longer than Gunicorn's timeout, so the master aborted that worker and started a new one.");
    expect(folded).toContain('put a timeout on every outbound call (requests timeout=, DB statement_timeout).');
    expect(folded).toContain('https://docs.gunicorn.org/en/stable/settings.html#timeout-and-graceful-timeout-explained for the setting.');
    expect(folded).toContain('+web: gunicorn --max-requests 1000 --max-requests-jitter 100 shop.wsgi:application --workers 3 --timeout 30 --log-file -');
  });

  it('with colour: bold and code inside list items are styled, not printed raw; same layout', async () => {
    const c = await renderMarkdown(PAGE, { color: true, width, links: false });
    expect(c).toContain('\u001b[1msync\u001b[22m');
    expect(c).toContain('\u001b[33mtimeout\u001b[39m');
    expect(c).not.toMatch(/\*\*|`/);
    expect(c).not.toContain('\u001b]8;;');
    for (const line of c.split('\n')) {
      if (visibleLength(line) > width) expect(words(strip(line)).length).toBeLessThanOrEqual(2);
    }
    // the same words as the plain rendering
    const plainWords = words(await renderMarkdown(PAGE, { color: false, width })).filter((w) => !/^[-•═─>│]+$/.test(w));
    expect(words(strip(c)).filter((w) => !/^[-•═─>│]+$/.test(w))).toEqual(plainWords);
  });

  it('the summary fits one screen and matches the checked snapshot', async () => {
    const lines = summaryLines(sampleReport(), { width, more: 'More: add --verbose for the rest.' });
    expect(lines.length).toBeLessThanOrEqual(SUMMARY_ROWS);
    for (const l of lines) if (l.length > width) expect(words(l).length).toBeLessThanOrEqual(2);
    await expect(lines.join('\n') + '\n').toMatchFileSnapshot(`__snapshots__/summary-${width}.txt`);
  });
});

describe('links', () => {
  it('OSC 8 hyperlinks when asked (a colour terminal), the URL printed as text too', async () => {
    const c = await renderMarkdown('See [Celery](https://docs.celeryq.dev/) and https://example.com/x.', { color: true, width: 80, links: true });
    expect(c).toContain('\u001b]8;;https://docs.celeryq.dev/\u0007Celery\u001b]8;;\u0007');
    expect(strip(c)).toContain('Celery (https://docs.celeryq.dev/)');
    expect(c).toContain('\u001b]8;;https://example.com/x\u0007');
  });

  it('never without colour (NO_COLOR, TERM=dumb, a pipe) and never for a non-web scheme', async () => {
    expect(await renderMarkdown('[x](https://a.example/)', { color: false, width: 80, links: true })).toBe('x (https://a.example/)\n');
    expect(await renderMarkdown('[x](javascript:alert(1))', { color: true, width: 80, links: true })).not.toContain('\u001b]8;;');
  });
});

describe('a long summary is cut to fit, keeping what matters', () => {
  it('with many changed lines and long cited lines at 60 columns: ≤ 24 rows, cause, confidence and fix kept', () => {
    const r = sampleReport();
    const d = r.diagnoses[0]!;
    d.evidence = Array.from({ length: 8 }, (_, i) => ({ source: 'web.log', line: 100 + i, text: `[ERROR] Worker (pid:${i}) was sent SIGKILL! Perhaps out of memory? ${'x '.repeat(60)}` }));
    r.answers.push({ question: 'memory-kill-signs', choice: 'yes', from: 'log', evidence: d.evidence.slice(0, 1) });
    d.remediation!.files = [{ path: 'Procfile', diff: ['--- a/Procfile', '+++ b/Procfile', '@@ -1,1 +1,1 @@', ...Array.from({ length: 10 }, (_, i) => `${i % 2 ? '+' : '-'}web: gunicorn app:app --workers ${i} ${'--flag '.repeat(12)}`)].join('\n') }];
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

describe('when links are on (src/ui/style.ts wantLinks)', () => {
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
    const { wantLinks } = await import('../../src/ui/style.js');
    expect(wantLinks({ ...tty, env })).toBe(want);
  });

  it('never on a pipe or with --no-color', async () => {
    const { wantLinks } = await import('../../src/ui/style.js');
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
    expect(await runPager(`{ printf '%s|' "$LESS"; cat; } > "${out}"`, 'hello\n', { PATH: process.env.PATH })).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe('FRX|hello\n');
    expect(await runPager(`{ printf '%s|' "$LESS"; cat; } > "${out}"`, 'x', { PATH: process.env.PATH, LESS: '-S' })).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe('-S|x');
    expect(await runPager('gd-no-such-pager-command 2>/dev/null', 'x', { PATH: process.env.PATH })).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});
