/** The only importer of @inquirer/prompts: a Prompter over a real terminal. */
import { input, select } from '@inquirer/prompts';
import type { InputSpec, Prompter, SelectSpec } from '../io.js';
import { style } from './style.js';

export interface PromptContext {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  signal?: AbortSignal;
  clearPromptOnDone?: boolean;
}

/**
 * Messages carry the question on their first line and the "why we ask" / cited log line below it; once answered,
 * only the question stays on screen (with the answer), so the scrollback reads as a list of questions and answers.
 */
function messageTheme(color: boolean) {
  const st = style(color);
  return {
    style: {
      message: (text: string, status: string) => {
        const [first = '', ...rest] = text.split('\n');
        return status === 'done' || rest.length === 0 ? st.bold(first) : `${st.bold(first)}\n${rest.join('\n')}`;
      },
    },
  };
}

export function selectConfig(spec: SelectSpec, color = false) {
  return {
    message: spec.message,
    choices: spec.choices.map((c) => ({ value: c.value, name: c.name, description: c.description })),
    default: spec.default,
    pageSize: 12,
    loop: false,
    theme: messageTheme(color),
  };
}

export function inputConfig(spec: InputSpec, color = false) {
  return {
    message: spec.message,
    default: spec.default,
    prefill: 'editable' as const,
    validate: spec.validate ? (v: string) => spec.validate!(v) : undefined,
    theme: messageTheme(color),
  };
}

export function createPrompter(context: PromptContext = {}, color = false): Prompter {
  return {
    select: (spec) => select(selectConfig(spec, color), context),
    input: (spec) => input(inputConfig(spec, color), context),
  };
}
