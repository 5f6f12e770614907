/**
 * src/ui/render.ts: the marked + marked-terminal rendering with our layout extension (issue #13). Cause pages go
 * through `explain` itself (src/commands/explain.ts → renderMarkdown) at 60/80/120 columns, colour on and off.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filledPage, loadCatalog, pageMarkdown } from '../../src/catalog/causes.js';
import type { Io } from '../../src/io.js';
import { valuesFromContext } from '../../src/catalog/fill.js';
import { run } from '../../src/run.js';
import { knownLanguagesOnly, renderMarkdown, renderWidth, visibleLength, wrapIndented } from '../../src/ui/render.js';

const root = join(import.meta.dirname, '..', '..');
const causes = readdirSync(join(root, 'content', 'causes'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => f.replace(/\.md$/, ''))
  .sort();
const catalog = loadCatalog(root);

const ESC = '\u001b';
const strip = (s: string) => s.replace(/\u001b\[[0-9;]*m|\u001b\]8;;[^\u0007]*\u0007/g, '');

/** `gunicorn-doctor explain <id>` in-process, on a terminal of `columns` columns */
async function explain(id: string, columns: number, color: boolean): Promise<string> {
  let out = '';
  let err = '';
  const io: Io = {
    stdout: { write: (s: string) => (out += s), isTTY: true, columns },
    stderr: { write: (s: string) => (err += s) },
    env: {},
    cwd: root,
    color,
    interactive: false,
    root,
  };
  const code = await run({ command: 'explain', positionals: [id], logs: [], redact: [] }, io);
  expect(code, err).toBe(0);
  expect(err).toBe('');
  return out;
}

/** the Markdown explain renders, and the lines of its code blocks */
function source(id: string): { md: string; code: string[] } {
  const md = pageMarkdown(filledPage(catalog.pages.get(id)!, valuesFromContext(undefined), undefined));
  const code: string[] = [];
  let fence = '';
  for (const line of md.split('\n')) {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fence && f && f[1]!.startsWith(fence)) fence = '';
    else if (!fence && f) fence = f[1]!;
    else if (fence && line.trim()) code.push(line);
  }
  return { md, code };
}

const words = (s: string) => strip(s).split(/\s+/).filter(Boolean);

describe('renderWidth', () => {
  it('is the terminal columns, 80 when unknown, clamped to 30..160', () => {
    expect(renderWidth(undefined)).toBe(80);
    expect(renderWidth(0)).toBe(80);
    expect(renderWidth(Number.NaN)).toBe(80);
    expect(renderWidth(100)).toBe(100);
    expect(renderWidth(12)).toBe(30);
    expect(renderWidth(400)).toBe(160);
    expect(renderWidth(renderWidth(400))).toBe(160);
  });
});

describe('visibleLength', () => {
  it('does not count SGR and OSC 8 sequences', () => {
    expect(visibleLength('\u001b[1mbold\u001b[22m')).toBe(4);
    expect(visibleLength('\u001b]8;;https://x.y/\u0007x.y\u001b]8;;\u0007')).toBe(3);
    expect(visibleLength('25–30 s ×')).toBe(9);
  });
});

describe('wrapIndented', () => {
  it('wraps at spaces with a first-line prefix and a continuation prefix', () => {
    expect(wrapIndented('one two three four five', 12, '- ', '  ')).toBe('- one two\n  three four\n  five');
    expect(wrapIndented('one two three', 9, '1. ')).toBe('1. one\n   two\n   three');
  });

  it('lets a word longer than the line overflow whole, on a line of its own', () => {
    const url = 'https://docs.gunicorn.org/en/stable/settings.html#worker-class';
    expect(wrapIndented(`see ${url} now`, 30, '  ')).toBe(`  see\n  ${url}\n  now`);
  });

  it('keeps every word whole and in order, and no line past the width but a lone word (property)', () => {
    const word = fc.stringMatching(/^[a-z:/.#-]{1,40}$/);
    const styled = fc
      .tuple(word, fc.constantFrom('', '\u001b[1m', '\u001b[33m'))
      .map(([w, o]) => (o ? `${o}${w}\u001b[${o === '\u001b[1m' ? 22 : 39}m` : w));
    fc.assert(
      fc.property(
        fc.array(styled, { maxLength: 40 }),
        fc.integer({ min: 10, max: 120 }),
        fc.constantFrom('', '  * ', '1. '),
        (ws, width, first) => {
          const out = wrapIndented(ws.join(' '), width, first);
          expect(words(out).filter((w) => w !== '*' && w !== '1.')).toEqual(ws.map(strip));
          for (const line of out.split('\n')) {
            if (visibleLength(line) > width)
              expect(
                strip(line)
                  .trim()
                  .replace(/^(\*|1\.) /, ''),
              ).not.toMatch(/\s/);
          }
        },
      ),
    );
  });

  it('keeps hard line breaks and drops trailing blanks', () => {
    expect(wrapIndented('a b\nc', 80, '> ', '> ')).toBe('> a b\n> c');
    expect(wrapIndented('', 80, '  ')).toBe('');
  });

  it('closes styles and links at a break and reopens them after the continuation prefix', () => {
    const link = '\u001b]8;;https://example.com/\u0007';
    const s = wrapIndented(
      `plain \u001b[1mbold words here\u001b[22m ${link}link text\u001b]8;;\u0007 end`,
      16,
      '',
      '  ',
    );
    const lines = s.split('\n');
    expect(lines.map(strip)).toEqual(['plain bold words', '  here link text', '  end']);
    expect(lines[0]).toBe('plain \u001b[1mbold words\u001b[0m');
    expect(lines[1]).toBe(`  \u001b[1mhere\u001b[22m ${link}link text\u001b]8;;\u0007`);
    const l2 = wrapIndented(`${link}a long link text\u001b]8;;\u0007`, 9, '', '');
    expect(l2.split('\n')).toEqual([`${link}a long\u001b]8;;\u0007`, `${link}link text\u001b]8;;\u0007`]);
  });
});

describe('renderMarkdown', () => {
  const md = [
    '# Title',
    '',
    'A [link](https://example.com/x) and <https://example.com/bare>.',
    '',
    '- **bold** and `code: x` in a tight item',
    '  - nested **inner**',
    '',
    '3. numbered from three',
    '4. four',
    '',
    '```log',
    'a line that is far longer than the width of this render and must not be wrapped at all',
    '```',
    '',
    '> a **quoted** line',
    '',
    'Tom &amp; Jerry \\*not em\\*.',
  ].join('\n');

  it('renders without colour as plain text: no Markdown markers, no escape sequences, no OSC 8 even when asked', async () => {
    const out = await renderMarkdown(md, { color: false, width: 40, links: true });
    expect(out).not.toContain(ESC);
    expect(out).not.toMatch(/\*\*|`/);
    expect(out).toBe(
      [
        '# Title',
        '',
        'A link (https://example.com/x) and',
        'https://example.com/bare.',
        '',
        '  * bold and code: x in a tight item',
        '      * nested inner',
        '',
        '  3. numbered from three',
        '  4. four',
        '',
        '  a line that is far longer than the width of this render and must not be wrapped at all',
        '',
        '  a quoted line',
        '',
        'Tom & Jerry *not em*.',
        '',
      ].join('\n'),
    );
  });

  it('with colour: inline styles inside list items, OSC 8 links, the same words and layout', async () => {
    const out = await renderMarkdown(md, { color: true, width: 40 });
    expect(out).toContain('  * \u001b[1mbold\u001b[22m and \u001b[33mcode: x\u001b[39m in a tight item');
    expect(out).toContain('\u001b[1minner\u001b[22m');
    expect(out).toContain('\u001b]8;;https://example.com/x\u0007');
    expect(out).toContain('\u001b]8;;https://example.com/bare\u0007');
    // a block without a language cli-highlight knows (a log) is not handed to its guessing: one colour, whole lines
    expect(out).toContain(
      '\n  \u001b[33ma line that is far longer than the width of this render and must not be wrapped at all\u001b[39m\n',
    );
    const plain = await renderMarkdown(md, { color: false, width: 40 });
    expect(
      strip(out)
        .split('\n')
        .map((l) => l.trimEnd()),
    ).toEqual(plain.split('\n'));
    // links: false keeps colour but prints the URL instead of a hyperlink
    const noLinks = await renderMarkdown(md, { color: true, width: 40, links: false });
    expect(noLinks).not.toContain('\u001b]8;');
    expect(strip(noLinks)).toContain('https://example.com/x');
  });

  it('strips control characters from the Markdown', async () => {
    const out = await renderMarkdown(
      'a \u001b]0;pwned\u0007 b `c\u0007` [d](https://x.y/\u001b[31m)\n\n```\ne\u001b[2J\n```\n',
      { color: false },
    );
    expect(out).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
  });

  it('drops fence languages the highlighter lacks', () => {
    expect(knownLanguagesOnly('```log\nx\n```\n```python\ny\n```\n')).toBe('```\nx\n```\n```python\ny\n```\n');
  });
});

describe('cause pages through explain at 60/80/120 columns', () => {
  for (const id of causes) {
    it(id, async () => {
      const { md, code } = source(id);
      const urls = [...md.matchAll(/https?:\/\/[^\s)>`"]+/g)]
        .map((m) => m[0])
        .filter((u) => !code.some((c) => c.includes(u)));
      const seqs: string[][] = [];
      for (const color of [false, true]) {
        for (const columns of [60, 80, 120]) {
          const out = await explain(id, columns, color);
          const lines = out.split('\n');
          const plainLines = lines.map((l) => strip(l).trimEnd());
          // code blocks: every line is there whole (indented), never wrapped
          for (const c of code) expect(plainLines, `code line of ${id} at ${columns}`).toContain('  ' + c.trimEnd());
          const isCode = (l: string) => code.some((c) => l === '  ' + c.trimEnd());
          for (const l of plainLines.filter((x) => !isCode(x))) {
            // no line past the width, unless it is one word that cannot fit (after its indent and bullet)
            if (visibleLength(l) > columns)
              expect(l.replace(/^\s*(?:[*]|\d+\.|#+)?\s+/, ''), `${id} at ${columns}: ${l}`).not.toMatch(/\s/);
            expect(l, `${id} at ${columns}: raw Markdown`).not.toMatch(/\*\*|`/);
          }
          if (!color) expect(out).not.toContain(ESC);
          // URLs whole, each on one line
          for (const u of urls)
            expect(
              plainLines.some((l) => l.includes(u)),
              `${u} whole at ${columns}`,
            ).toBe(true);
          seqs.push(words(out));
          if (color) {
            for (const u of urls.filter((x) => md.includes(`- ${x}`))) expect(out).toContain(`\u001b]8;;${u}\u0007`);
            // bold at the head of a list item is rendered bold (a code span inside it, yellow)
            for (const b of [...md.matchAll(/^\s*(?:[-*]|\d+\.) \*\*([^*]+)\*\*/gm)].map((m) => m[1]!)) {
              expect(out).toContain(`\u001b[1m${b.replace(/`([^`]+)`/g, '\u001b[33m$1\u001b[39m')}\u001b[22m`);
            }
          }
        }
      }
      // no word split across lines: the words are the same at every width, with colour or without
      for (const s of seqs) expect(s).toEqual(seqs[0]);
    });
  }
});

describe('snapshots a reader has checked', () => {
  it('runtime-worker-timeout at 60 columns, no colour', async () => {
    await expect(await explain('runtime-worker-timeout', 60, false)).toMatchFileSnapshot(
      '__snapshots__/render/runtime-worker-timeout.60.txt',
    );
  });
  it('boot-port-bind at 120 columns, no colour', async () => {
    await expect(await explain('boot-port-bind', 120, false)).toMatchFileSnapshot(
      '__snapshots__/render/boot-port-bind.120.txt',
    );
  });
  it('runtime-memory-oom at 80 columns, colour (ESC shown as ␛, BEL as ␇)', async () => {
    // code blocks without cli-highlight's colours: those follow chalk's own detection (a CI runner turns them on)
    const code = source('runtime-memory-oom').code.map((c) => '  ' + c.trimEnd());
    const page = await explain('runtime-memory-oom', 80, true);
    const out = page
      .split('\n')
      .map((l) => (code.includes(strip(l).trimEnd()) ? strip(l) : l))
      .join('\n')
      .replace(/\u001b/g, '␛')
      .replace(/\u0007/g, '␇');
    await expect(out).toMatchFileSnapshot('__snapshots__/render/runtime-memory-oom.80.color.txt');
  });
});
