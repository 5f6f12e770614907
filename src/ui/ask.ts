/** The only importer of @inquirer/prompts: a Prompter over a real terminal. */
import { input, select } from '@inquirer/prompts';
import type { InputSpec, Prompter, SelectSpec } from '../io.js';

export interface PromptContext {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  signal?: AbortSignal;
  clearPromptOnDone?: boolean;
}

export function selectConfig(spec: SelectSpec) {
  return {
    message: spec.message,
    choices: spec.choices.map((c) => ({ value: c.value, name: c.name, description: c.description })),
    default: spec.default,
    pageSize: 12,
    loop: false,
  };
}

export function inputConfig(spec: InputSpec) {
  return {
    message: spec.message,
    default: spec.default,
    prefill: 'editable' as const,
    validate: spec.validate ? (v: string) => spec.validate!(v) : undefined,
  };
}

export function createPrompter(context: PromptContext = {}): Prompter {
  return {
    select: (spec) => select(selectConfig(spec), context),
    input: (spec) => input(inputConfig(spec), context),
  };
}
