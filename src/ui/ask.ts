/** The only importer of @inquirer/prompts: a Prompter over a real terminal. */
import { input, select } from '@inquirer/prompts';
import { wrapAnsi } from 'fast-wrap-ansi';
import type { InputSpec, Prompter, SelectSpec } from '../io.js';
import { style } from '../text/style.js';

export interface PromptContext {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  signal?: AbortSignal;
  clearPromptOnDone?: boolean;
}

/** the terminal's columns now (read at every render, so a resized terminal re-wraps) */
export type Columns = () => number | undefined;

/**
 * Wrapped at word boundaries to `width` columns: @inquirer breaks lines at the terminal's edge wherever the edge
 * falls (mid-word), so everything is wrapped before it gets there. `first` prefixes the first line, `rest` the
 * others; a word longer than the line (a URL) stays whole.
 */
export function wrapTo(text: string, width: number, first = '', rest = first): string {
  const avail = Math.max(10, width - Math.max(first.length, rest.length));
  return wrapAnsi(text, avail, { hard: false, trim: true, wordWrap: true })
    .split('\n')
    .map((l, i) => (i === 0 ? first : rest) + l)
    .join('\n');
}

const widthOf = (columns?: Columns) => {
  const c = columns?.();
  return c && c > 0 ? Math.max(30, c - 1) : 80;
};

/**
 * Messages carry the question on their first line and the "why we ask" / cited log line (or a diff) below it; once
 * answered, only the question stays on screen (with the answer), so the scrollback reads as a list of questions and
 * answers. The question is wrapped after the "? " prefix; the lines below keep their own indentation when wrapped.
 */
function messageTheme(color: boolean, columns?: Columns, answerWidth = 0) {
  const st = style(color);
  return {
    style: {
      message: (text: string, status: string) => {
        const width = widthOf(columns);
        const [first = '', ...rest] = text.split('\n');
        // "? " is before the first line: the others are indented to match
        let head = wrapTo(first, width, '', '  ');
        // answered: "✔ question answer" — when the answer would not fit after the question's last line, it goes on
        // its own line (else @inquirer would cut it at the edge, mid-word)
        if (status === 'done' && answerWidth && (head.split('\n').at(-1) ?? '').length + 3 + answerWidth > width)
          head += '\n ';
        head = st.bold(head);
        if (status === 'done' || rest.length === 0) return head;
        const below = rest.map((l) => {
          const indent = /^\s*/.exec(l)?.[0] ?? '';
          // each line keeps its indentation; its continuation lines hang two columns further in
          const body = l.slice(indent.length);
          return wrapTo(body, width, indent, indent + '  ');
        });
        return `${head}\n${below.join('\n')}`;
      },
    },
  };
}

export function selectConfig(spec: SelectSpec, color = false, columns?: Columns) {
  const width = widthOf(columns);
  // the answer shown after an answered question: the choice's text without the "← from your log" mark, wrapped
  const short = (name: string) => wrapTo(name.replace(/\s+(\u001b\[[0-9;]*m)?← .*$/s, ''), width - 2, '', '  ');
  const shorts = spec.choices.map((c) => short(c.name));
  return {
    message: spec.message,
    // "❯ " before every choice: wrapped names continue under their first word
    choices: spec.choices.map((c, i) => ({
      value: c.value,
      name: wrapTo(c.name, width - 2, '', '  '),
      short: shorts[i],
      description: c.description,
    })),
    default: spec.default,
    pageSize: 12,
    loop: false,
    theme: messageTheme(
      color,
      columns,
      Math.max(0, ...shorts.map((x) => Math.max(...x.split('\n').map((l) => l.length)))),
    ),
  };
}

export function inputConfig(spec: InputSpec, color = false, columns?: Columns) {
  return {
    message: spec.message,
    default: spec.default,
    prefill: 'editable' as const,
    validate: spec.validate,
    theme: messageTheme(color, columns),
  };
}

export function createPrompter(context: PromptContext = {}, color = false, columns?: Columns): Prompter {
  return {
    select: (spec) => select(selectConfig(spec, color, columns), context),
    input: (spec) => input(inputConfig(spec, color, columns), context),
  };
}
