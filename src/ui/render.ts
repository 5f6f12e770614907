/**
 * Markdown → terminal text, wrapped to the terminal's columns. The only importer of marked.
 *
 * marked's lexer gives the tokens; this file lays them out: paragraphs, list items (with their inline bold, code
 * and links), headings, quotes and code blocks are wrapped at word boundaries to `width` columns (fast-wrap-ansi:
 * ANSI- and OSC 8-aware, the wrapper @inquirer/core already ships). A word longer than the line — a URL, a long
 * path — is never cut: it overflows its line whole, so it can still be copied or clicked. Links are OSC 8
 * hyperlinks when `links` is on (a colour terminal; never with NO_COLOR or TERM=dumb), and the URL is always
 * printed too. Without colour the same layout is printed as plain text: no `**`, no backticks, no escape codes.
 *
 * marked-terminal was used before; with marked ≥ 13 it printed `**bold**` and backticks raw inside list items and
 * did not wrap list items or code at all (its list items go through `parser.parse`, whose `text` renderer ignores
 * the inline tokens) — see README, Libraries.
 */
import type { Token, Tokens } from 'marked';
import { wrapAnsi } from 'fast-wrap-ansi';

export interface RenderOptions {
  color: boolean;
  /** the terminal's columns (default 80) */
  width?: number;
  /** OSC 8 hyperlinks (only with colour) */
  links?: boolean;
}

/** Lines never get narrower than this, whatever the terminal says (a 10-column pane still reads). */
const MIN_WIDTH = 30;
/** nor wider: long lines are hard to read even on a wide terminal */
const MAX_WIDTH = 160;

export function renderWidth(columns: number | undefined): number {
  const c = columns && Number.isFinite(columns) && columns > 0 ? Math.floor(columns) : 80;
  return Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, c));
}

interface Styler {
  bold(s: string): string;
  italic(s: string): string;
  underline(s: string): string;
  strike(s: string): string;
  code(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  heading(s: string): string;
  link(url: string, text: string): string;
}

const sgr = (open: number, close: number) => (s: string) => (s ? `\u001b[${open}m${s}\u001b[${close}m` : s);
const plain = (s: string) => s;
/** OSC 8, terminated with BEL (the form fast-wrap-ansi re-opens across line breaks) */
const osc8 = (url: string, text: string) => `\u001b]8;;${url}\u0007${text}\u001b]8;;\u0007`;

function styler(opts: RenderOptions): Styler {
  if (!opts.color) {
    return { bold: plain, italic: plain, underline: plain, strike: plain, code: plain, dim: plain, red: plain, green: plain, heading: plain, link: (_u, t) => t };
  }
  return {
    bold: sgr(1, 22),
    italic: sgr(3, 23),
    underline: sgr(4, 24),
    strike: sgr(9, 29),
    code: sgr(33, 39),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    heading: (s) => sgr(1, 22)(sgr(36, 39)(s)),
    link: (url, text) => (opts.links && /^(https?|mailto):/i.test(url) ? osc8(url, text) : text),
  };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };
function decode(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_m, e: string) => ENTITIES[e] ?? _m);
}

/** Text reaches here escaped already (src/report/escape.ts); a stray control character is still never printed. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const clean = (s: string) => s.replace(CONTROL, '');
const soft = (s: string) => s.replace(/[ \t]*\n[ \t]*/g, ' ');

/** Markdown → terminal text. Callers pass text that is already escaped and redacted. */
export async function renderMarkdown(md: string, opts: RenderOptions): Promise<string> {
  const { Lexer } = await import('marked');
  return renderTokens(Lexer.lex(md), opts);
}

/** The layout itself (synchronous, for callers that already hold the tokens). */
export function renderTokens(tokens: Token[], opts: RenderOptions): string {
  const width = renderWidth(opts.width);
  const st = styler(opts);
  const out = blocks(tokens, { width, st, opts }, 0);
  return out.replace(/\n{3,}/g, '\n\n').replace(/^\n+/, '').trimEnd() + '\n';
}

interface Ctx {
  width: number;
  st: Styler;
  opts: RenderOptions;
}

/** Wrap `text` (may hold SGR/OSC 8) to the width, first line after `first`, the others after `rest`. */
export function wrapIndented(text: string, width: number, first: string, rest: string = ' '.repeat(first.length)): string {
  const avail = Math.max(10, width - rest.length);
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    const wrapped = wrapAnsi(para, avail, { hard: false, trim: true, wordWrap: true }).split('\n');
    lines.push(...wrapped);
  }
  return lines.map((l, i) => (i === 0 ? first : rest) + l).join('\n');
}

function blocks(tokens: readonly Token[], c: Ctx, indent: number): string {
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  for (const t of tokens) {
    switch (t.type) {
      case 'space':
        break;
      case 'heading': {
        const h = t as Tokens.Heading;
        const text = inline(h.tokens, c);
        // without colour a rule under the first two levels marks them
        const rule = c.opts.color || h.depth > 2 ? '' : `\n${pad}${(h.depth === 1 ? '═' : '─').repeat(Math.min(c.width - indent, visibleLength(text)))}`;
        out.push(wrapIndented(c.opts.color ? c.st.heading(text) : text, c.width, pad) + rule);
        break;
      }
      case 'paragraph':
        out.push(wrapIndented(inline((t as Tokens.Paragraph).tokens, c), c.width, pad));
        break;
      case 'text': {
        const x = t as Tokens.Text;
        out.push(wrapIndented(x.tokens ? inline(x.tokens, c) : clean(decode(x.text)), c.width, pad));
        break;
      }
      case 'list':
        out.push(list(t as Tokens.List, c, indent));
        break;
      case 'code':
        out.push(code(t as Tokens.Code, c, indent + 2));
        break;
      case 'blockquote': {
        const inner = blocks((t as Tokens.Blockquote).tokens, { ...c, width: c.width - 2 }, 0);
        const bar = c.opts.color ? c.st.dim('│ ') : '> ';
        out.push(inner.trimEnd().split('\n').map((l) => `${pad}${bar}${l}`).join('\n'));
        break;
      }
      case 'hr':
        out.push(pad + c.st.dim('─'.repeat(Math.min(40, c.width - indent))));
        break;
      case 'table':
        out.push(table(t as Tokens.Table, c, indent));
        break;
      case 'html':
        out.push(wrapIndented(clean(decode((t as Tokens.HTML).text.trim())), c.width, pad));
        break;
      default:
        if ('text' in t && typeof t.text === 'string') out.push(wrapIndented(clean(decode(t.text)), c.width, pad));
    }
  }
  return out.filter((x) => x !== '').join('\n\n');
}

function list(l: Tokens.List, c: Ctx, indent: number): string {
  const start = typeof l.start === 'number' ? l.start : 1;
  const marks = l.items.map((_, i) => (l.ordered ? `${start + i}.` : c.opts.color ? '•' : '-'));
  const markWidth = Math.max(...marks.map((m) => m.length)) + 1;
  const items = l.items.map((item, i) => {
    const mark = marks[i]!.padEnd(markWidth);
    const head = ' '.repeat(indent) + mark;
    const hang = ' '.repeat(indent + markWidth);
    const parts: string[] = [];
    let first = true;
    for (const t of item.tokens) {
      if (t.type === 'space') continue;
      if ((t.type === 'text' || t.type === 'paragraph') && first) {
        const toks = (t as Tokens.Text).tokens;
        const text = toks ? inline(toks, c) : clean(decode((t as Tokens.Text).text));
        parts.push(wrapIndented(text, c.width, head, hang));
      } else {
        if (first) parts.push(head.trimEnd());
        parts.push(blocks([t], c, indent + markWidth));
      }
      first = false;
    }
    if (first) parts.push(head.trimEnd());
    return parts.join(item.loose ? '\n\n' : '\n');
  });
  return items.join(l.loose ? '\n\n' : '\n');
}

/**
 * Code: indented, each long line wrapped at a blank with the continuation indented further; diffs coloured. A
 * `chart` block is a drawing: laid out as it is (its producer sizes it to the width).
 */
function code(t: Tokens.Code, c: Ctx, indent: number): string {
  const pad = ' '.repeat(indent);
  const lang = (t.lang ?? '').toLowerCase();
  if (lang === 'chart') return clean(t.text).split('\n').map((l) => pad + l).join('\n');
  const diff = lang === 'diff';
  return clean(t.text.replace(/\t/g, '    '))
    .split('\n')
    .map((line) => {
      const colour = diff && /^\+(?!\+\+)/.test(line) ? c.st.green : diff && /^-(?!--)/.test(line) ? c.st.red : c.opts.color ? c.st.code : (s: string) => s;
      const lead = /^\s*/.exec(line)![0];
      const body = line.slice(lead.length);
      if (!body) return pad + lead;
      const wrapped = wrapIndented(body, c.width, pad + lead, pad + lead + '    ');
      return wrapped
        .split('\n')
        .map((l) => colour(l))
        .join('\n');
    })
    .join('\n');
}

function table(t: Tokens.Table, c: Ctx, indent: number): string {
  const pad = ' '.repeat(indent);
  const rows = [t.header, ...t.rows].map((r) => r.map((cell) => inline(cell.tokens, c)));
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => visibleLength(r[i] ?? ''))));
  const total = widths.reduce((a, b) => a + b + 3, 0);
  if (total + indent <= c.width) {
    return rows
      .map((r, ri) => {
        const line = pad + r.map((cell, i) => cell + ' '.repeat(widths[i]! - visibleLength(cell))).join(' │ ').trimEnd();
        return ri === 0 ? `${c.st.bold(line)}\n${pad}${widths.map((w) => '─'.repeat(w)).join('─┼─')}` : line;
      })
      .join('\n');
  }
  // too wide for the terminal: one block per row, "header: value" lines
  const head = rows[0]!;
  return rows
    .slice(1)
    .map((r) => r.map((cell, i) => wrapIndented(`${c.st.bold(head[i] ?? '')}: ${cell}`, c.width, pad, pad + '  ')).join('\n'))
    .join('\n\n');
}

function inline(tokens: readonly Token[] | undefined, c: Ctx): string {
  if (!tokens) return '';
  let s = '';
  for (const t of tokens) {
    switch (t.type) {
      case 'text':
      case 'escape': {
        // a line break inside a paragraph is a space (a hard break is a `br` token)
        const x = t as Tokens.Text;
        s += x.tokens ? inline(x.tokens, c) : soft(clean(decode(x.text)));
        break;
      }
      case 'strong':
        s += c.st.bold(inline((t as Tokens.Strong).tokens, c));
        break;
      case 'em':
        s += c.st.italic(inline((t as Tokens.Em).tokens, c));
        break;
      case 'del':
        s += c.st.strike(inline((t as Tokens.Del).tokens, c));
        break;
      case 'codespan':
        s += c.st.code(soft(clean(decode((t as Tokens.Codespan).text))));
        break;
      case 'br':
        s += '\n';
        break;
      case 'link': {
        const l = t as Tokens.Link;
        const text = inline(l.tokens, c);
        const href = clean(l.href);
        const same = text === href || text === href.replace(/^mailto:/, '');
        s += same ? c.st.link(href, c.st.underline(text)) : `${c.st.link(href, text)} (${c.st.link(href, c.st.underline(href))})`;
        break;
      }
      case 'image': {
        const im = t as Tokens.Image;
        s += `${clean(im.text)} (${c.st.link(clean(im.href), clean(im.href))})`;
        break;
      }
      case 'html':
        s += clean(decode((t as Tokens.HTML).text));
        break;
      default:
        if ('text' in t && typeof t.text === 'string') s += clean(decode(t.text));
    }
  }
  return s;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m|\u001b\]8;;[^\u0007]*\u0007/g;
/** Columns a rendered string takes (escape codes are zero-width). */
export function visibleLength(s: string): number {
  return [...s.replace(ANSI, '')].length;
}
