import type { ChoiceOf, QuestionId } from './questions.js';

/** What a state carries: a question to ask, or the cause it concludes. */
export type FlowMeta = { question: QuestionId } | { cause: string; variant?: string };

type Transitions = Record<string, { target: string }>;

/** One `answer.<choice>` transition per choice of the question; a missing choice is a type error. */
export const ask = <Q extends QuestionId>(question: Q, go: Record<ChoiceOf<Q>, string>) => ({
  meta: { question } as FlowMeta,
  on: Object.fromEntries(
    Object.entries<string>(go).map(([choice, target]) => [`answer.${choice}`, { target }]),
  ) as Transitions,
});

/** A conclusion. The state key is the cause id, or `<id>--<variant>` when the cause has a variant. */
export const cause = (id: string, variant?: string) => ({
  type: 'final' as const,
  meta: (variant ? { cause: id, variant } : { cause: id }) as FlowMeta,
});
