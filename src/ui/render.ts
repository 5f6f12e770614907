/**
 * The only importer of marked / marked-terminal. marked-terminal alone costs ~117 ms at startup (cli-highlight pulls
 * in highlight.js), so it is loaded here, lazily, on the first page rendered — never by `--help`, `diagnose --json`…
 *
 * marked-terminal 7.3.1 (the newest release; upstream's last change only widened its marked range) has two faults with
 * marked ≥ 13 that this module fixes with a small renderer extension layered over it (`layout()` below):
 *  - a tight list item arrives as a block `text` token whose inline tokens marked-terminal's `text` renderer ignores,
 *    so `**bold**`, `` `code` `` and links inside list items printed raw;
 *  - its reflow cuts words longer than the line (URLs) into pieces, does not reflow list items at all, and indents
 *    list items after reflowing so they run past the width.
 * The extension lays out paragraphs, headings, lists and block quotes as boxes: each child is wrapped to the width
 * left after its parent's indent and bullet, at spaces only (a word longer than the line overflows whole), with
 * colours and hyperlinks closed at each line end and reopened after the next line's indent. Code blocks are never
 * wrapped. Colour comes from `opts.color`, not from chalk's own terminal detection, so `--no-color`, `NO_COLOR` and
 * `TERM=dumb` give plain text: no Markdown markers, no escape sequences.
 */
import type { MarkedExtension, Tokens } from 'marked';

export interface RenderOptions {
  color: boolean;
  /** terminal columns (or an already computed render width): see renderWidth */
  width?: number;
  /** OSC 8 hyperlinks; defaults to `color` and is never on without colour */
  links?: boolean;
}

/** Terminal columns → render width: 80 when unknown, clamped to 30..160. */
export function renderWidth(columns: number | undefined): number {
  if (columns === undefined || !Number.isFinite(columns) || columns <= 0) return 80;
  return Math.max(30, Math.min(160, Math.floor(columns)));
}

/** Markdown → terminal text. Callers pass text that is already escaped and redacted. */
export async function renderMarkdown(md: string, opts: RenderOptions): Promise<string> {
  const [{ Marked }, { markedTerminal }] = await Promise.all([import('marked'), import('marked-terminal')]);
  const color = opts.color;
  const links = color && (opts.links ?? true);
  const st = styles(color);
  const m = new Marked(
    markedTerminal(
      {
        ...st,
        width: renderWidth(opts.width),
        reflowText: true,
        tab: TAB,
        emoji: false,
        showSectionPrefix: true,
        tableOptions: color ? {} : { style: { head: [], border: [] } },
      },
      { ignoreIllegals: true },
    ) as MarkedExtension,
    layout(renderWidth(opts.width), color, links, st),
  );
  const out = (m.parse(knownLanguagesOnly(md), { async: false }) as string)
    .replace(COLON_REPLACER, ':')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd();
  return out + '\n';
}

const TAB = 2;
/**
 * marked-terminal hides `:` inside code spans behind this marker (for its emoji pass) and undoes it only in its own
 * block renderers
 */
const COLON_REPLACER = /\*#COLON\|\*/g;

type StyleFn = (s: string) => string;
/** marked-terminal's style options, all of them set */
const STYLE_NAMES = [
  'code',
  'blockquote',
  'html',
  'heading',
  'firstHeading',
  'hr',
  'listitem',
  'table',
  'paragraph',
  'strong',
  'em',
  'codespan',
  'del',
  'link',
  'href',
  'text',
] as const;
type Styles = Record<(typeof STYLE_NAMES)[number], StyleFn>;

const sgr =
  (open: string, close: string): StyleFn =>
  (s) =>
    s ? `\u001b[${open}m${s}\u001b[${close}m` : s;

/** marked-terminal's style options, from our colour decision instead of chalk's detection */
function styles(color: boolean): Styles {
  const id: StyleFn = (s) => s;
  if (!color) {
    return Object.fromEntries(STYLE_NAMES.map((n) => [n, id])) as Styles;
  }
  const bold = sgr('1', '22');
  return {
    code: sgr('33', '39'),
    blockquote: (s) => sgr('90', '39')(sgr('3', '23')(s)),
    html: sgr('90', '39'),
    heading: (s) => sgr('32', '39')(bold(s)),
    firstHeading: (s) => sgr('35', '39')(sgr('4', '24')(bold(s))),
    hr: id,
    listitem: id,
    table: id,
    paragraph: id,
    strong: bold,
    em: sgr('3', '23'),
    codespan: sgr('33', '39'),
    del: (s) => sgr('2', '22')(sgr('9', '29')(s)),
    link: sgr('34', '39'),
    href: (s) => sgr('34', '39')(sgr('4', '24')(s)),
    text: id,
  };
}

// C0 (but tab and newline), DEL and C1: never passed through from the Markdown (they could smuggle escape sequences)
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const plainText = (s: string) => s.replace(CONTROL, '').replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);

const osc8 = (url: string, text: string) => `\u001b]8;;${url}\u0007${text}\u001b]8;;\u0007`;

/**
 * The renderer extension over marked-terminal: `this.parser` is marked's parser; `widths` is the box the block being
 * rendered must fit (the page width less the indents and bullets of the lists and quotes it sits in).
 */
function layout(pageWidth: number, color: boolean, links: boolean, st: Styles): MarkedExtension {
  const widths = [pageWidth];
  const box = () => widths[widths.length - 1];
  const inside = <T>(indent: number, f: () => T): T => {
    widths.push(Math.max(1, box() - indent));
    try {
      return f();
    } finally {
      widths.pop();
    }
  };
  /** inline text of a paragraph: soft line breaks are spaces, hard ones (marked-terminal's `\r`) stay */
  const flow = (s: string) => wrapIndented(s.replace(/\n/g, ' ').replace(/\r/g, '\n'), box(), '');

  return {
    renderer: {
      // a block `text` token (a tight list item's text) carries inline tokens: render them
      text(token: Tokens.Text | Tokens.Escape) {
        if ('tokens' in token && token.tokens) return flow(this.parser.parseInline(token.tokens)) + '\n';
        return st.text(plainText(token.text));
      },
      // marked-terminal's hides `:` behind a marker that would count in the width
      codespan(token: Tokens.Codespan) {
        return st.codespan(token.text.replace(CONTROL, ''));
      },
      paragraph(token: Tokens.Paragraph) {
        return flow(this.parser.parseInline(token.tokens)) + '\n\n';
      },
      heading(token: Tokens.Heading) {
        const prefix = '#'.repeat(token.depth) + ' ';
        const style = token.depth === 1 ? st.firstHeading : st.heading;
        const text = style(prefix + this.parser.parseInline(token.tokens).replace(/[\n\r]/g, ' '));
        return wrapIndented(text, box(), '', ' '.repeat(prefix.length)) + '\n\n';
      },
      list(token: Tokens.List) {
        const start = token.ordered && typeof token.start === 'number' ? token.start : 1;
        const marks = token.items.map((_, i) => (token.ordered ? `${start + i}. ` : '* '));
        const w = Math.max(...marks.map((b) => b.length));
        const indent = ' '.repeat(TAB);
        const items = token.items.map((item, i) => {
          const body = inside(TAB + w, () => this.parser.parse(item.tokens)).replace(/\n+$/, '');
          return body
            .split('\n')
            .map((line, j) =>
              j === 0 ? indent + marks[i].padEnd(w) + line : line ? indent + ' '.repeat(w) + line : '',
            )
            .join('\n');
        });
        return items.join(token.loose ? '\n\n' : '\n') + '\n\n';
      },
      blockquote(token: Tokens.Blockquote) {
        const body = inside(TAB, () => this.parser.parse(token.tokens)).replace(/\n+$/, '');
        const indent = ' '.repeat(TAB);
        return (
          body
            .split('\n')
            .map((line) => (line ? indent + st.blockquote(line) : ''))
            .join('\n') + '\n\n'
        );
      },
      // never wrapped: a long line overflows whole. With colour, marked-terminal highlights the languages
      // cli-highlight knows; a block without one (logs) is not handed to it: its guessing runs every grammar
      // highlight.js has (~1 s of CPU for a cause page) and paints log lines at random
      code(token: Tokens.Code) {
        if (color && HIGHLIGHTED.has((token.lang ?? '').split(/\s/)[0].toLowerCase())) return false;
        const indent = ' '.repeat(TAB);
        const lines = token.text.replace(CONTROL, '').split('\n');
        return lines.map((l) => (l ? indent + st.code(l) : '')).join('\n') + '\n\n';
      },
      link(token: Tokens.Link) {
        const href = token.href.replace(CONTROL, '');
        const text = this.parser.parseInline(token.tokens);
        const same =
          visibleLength(text) === 0 || stripAnsi(text) === href || stripAnsi(text) === href.replace(/^mailto:/, '');
        if (links)
          return same
            ? osc8(href, st.href(stripAnsi(text) || href))
            : `${osc8(href, st.link(text))} (${osc8(href, st.href(href))})`;
        return same ? st.href(href) : `${st.link(text)} (${st.href(href)})`;
      },
    },
  };
}

/** CSI sequences (SGR and the like) and OSC sequences ended by BEL or ST */
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}

/** Length on screen: without ANSI/OSC sequences, in code points. */
export function visibleLength(s: string): number {
  let n = 0;
  for (const _ of stripAnsi(s)) n++;
  return n;
}

/** SGR close code → the open codes it ends */
function closes(code: string, open: string): boolean {
  const o = open.split(';')[0];
  switch (code) {
    case '0':
    case '':
      return true;
    case '22':
      return o === '1' || o === '2';
    case '23':
      return o === '3';
    case '24':
      return o === '4';
    case '27':
      return o === '7';
    case '29':
      return o === '9';
    case '39':
      return /^(3[0-8]|9[0-7])$/.test(o);
    case '49':
      return /^(4[0-8]|10[0-7])$/.test(o);
    default:
      return false;
  }
}

/** The styles and hyperlink open at some point of a text, to close at a line end and reopen on the next line. */
class AnsiState {
  private sgr: string[] = [];
  private link = '';
  feed(seq: string): void {
    if (seq.startsWith('\u001b]8;')) {
      const url = seq.replace(/^\u001b\]8;[^;]*;/, '').replace(/(\u0007|\u001b\\)$/, '');
      this.link = url ? seq : '';
      return;
    }
    const m = /^\u001b\[([0-9;]*)m$/.exec(seq);
    if (!m) return;
    const code = m[1];
    const first = code.split(';')[0];
    if (['0', '', '22', '23', '24', '27', '29', '39', '49'].includes(first))
      this.sgr = this.sgr.filter((o) => !closes(first, o));
    else this.sgr.push(code);
  }
  close(): string {
    return (this.link ? '\u001b]8;;\u0007' : '') + (this.sgr.length ? '\u001b[0m' : '');
  }
  reopen(): string {
    return this.sgr.map((c) => `\u001b[${c}m`).join('') + this.link;
  }
}

/**
 * Wraps plain or ANSI text at spaces to `width` columns: the first line starts with `first`, the others with `rest`
 * (spaces as wide as `first` by default). A word longer than the room left overflows whole; it is never cut. `\n` in
 * the text is a hard break. Styles and OSC 8 links that span a break are closed before it and reopened after `rest`.
 */
export function wrapIndented(
  text: string,
  width: number,
  first: string,
  rest: string = ' '.repeat(visibleLength(first)),
): string {
  const out: string[] = [];
  const state = new AnsiState();
  let line = first;
  let col = visibleLength(first);
  let hasWord = false;
  const append = (word: string) => {
    for (const m of word.matchAll(ANSI)) state.feed(m[0]);
    line += word;
  };
  const newLine = () => {
    out.push(line + state.close());
    line = rest + state.reopen();
    col = visibleLength(rest);
    hasWord = false;
  };
  text.split('\n').forEach((para, i) => {
    if (i > 0) newLine();
    for (const word of para.split(/ +/)) {
      if (word === '') continue;
      const len = visibleLength(word);
      if (len === 0) {
        append(word); // escape sequences only: no room taken, no space before
        continue;
      }
      if (hasWord && col + 1 + len > width) newLine();
      if (hasWord) {
        line += ' ';
        col += 1;
      }
      append(word);
      col += len;
      hasWord = true;
    }
  });
  out.push(line);
  return out.map((l) => l.replace(/[ \t]+$/, '')).join('\n');
}

/** cli-highlight complains on stderr about languages it lacks (`log`, `procfile`): drop those fence labels. */
const HIGHLIGHTED = new Set([
  'python',
  'py',
  'yaml',
  'yml',
  'ini',
  'bash',
  'sh',
  'shell',
  'dockerfile',
  'json',
  'diff',
  'toml',
  'nginx',
]);
export function knownLanguagesOnly(md: string): string {
  return md.replace(/^(\s{0,3})(`{3,}|~{3,})([^\s`~]+)([^\n]*)$/gm, (m, ind: string, fence: string, lang: string) =>
    HIGHLIGHTED.has(lang.toLowerCase()) ? m : `${ind}${fence}`,
  );
}
