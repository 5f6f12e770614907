import { initialTransition, transition } from 'xstate';
import { doctorMachine } from '../../flows/doctor.machine.js';
import type { FlowMeta } from '../../flows/kit.js';
import { questionTable, type QuestionId } from '../../flows/questions.js';
import type { Answer } from './types.js';

type Snapshot = ReturnType<typeof initialTransition<typeof doctorMachine>>[0];

/** The active leaf's meta: the question to ask, or the cause reached. */
export function leafMeta(snap: Snapshot): FlowMeta {
  const metas = Object.values(snap.getMeta() as Record<string, FlowMeta | undefined>).filter(
    (m): m is FlowMeta => !!m && ('question' in m || 'cause' in m),
  );
  const leaf = metas[metas.length - 1];
  if (!leaf) throw new Error('internal: the machine is in a state without a question or a cause');
  return leaf;
}

/** The path of the active state, e.g. "runtime.memory-kill-signs". */
export function statePath(snap: Snapshot): string {
  const walkValue = (v: unknown): string =>
    typeof v === 'string' ? v : Object.entries(v as Record<string, unknown>).map(([k, c]) => `${k}.${walkValue(c)}`)[0];
  return walkValue(snap.value);
}

export interface WalkStep extends Answer {
  state: string;
}

export interface WalkResult {
  cause: string;
  variant: string | null;
  steps: WalkStep[];
  leaf: string;
}

/**
 * Asks one question. Returns the answer, or 'back' to undo the previous answer. A wizard answerer shows the
 * auto-answer (from the logs/config) as the default; diagnose takes it or answers `unsure`.
 */
export type Answerer = (
  question: QuestionId,
  auto: Answer | undefined,
  history: readonly WalkStep[],
) => Promise<Answer | 'back'>;

/** Auto-answers a question from evidence/context, or leaves it open. */
export type AutoAnswer = (question: QuestionId, history: readonly WalkStep[]) => Answer | undefined;

/** Drives the machine from its initial state to a cause. Pure but for the answerer it is given. */
export async function walk(answerer: Answerer, auto: AutoAnswer, maxSteps = 64): Promise<WalkResult> {
  let [snap] = initialTransition(doctorMachine);
  const stack: { before: Snapshot; step: WalkStep }[] = [];
  for (let i = 0; i < maxSteps * 4; i++) {
    const meta = leafMeta(snap);
    if ('cause' in meta) {
      return {
        cause: meta.cause,
        variant: meta.variant ?? null,
        steps: stack.map((s) => s.step),
        leaf: statePath(snap),
      };
    }
    const q = meta.question;
    const history = stack.map((s) => s.step);
    const a = await answerer(q, auto(q, history), history);
    if (a === 'back') {
      const prev = stack.pop();
      if (prev) snap = prev.before;
      continue;
    }
    if (!(a.choice in questionTable[q].choices)) {
      throw new Error(`internal: "${a.choice}" is not a choice of question ${q}`);
    }
    const event = { type: `answer.${a.choice}` as const };
    if (!snap.can(event)) throw new Error(`internal: state ${statePath(snap)} has no transition for ${event.type}`);
    const before = snap;
    [snap] = transition(doctorMachine, snap, event);
    stack.push({ before, step: { ...a, question: q, state: statePath(before) } });
    if (stack.length > maxSteps) throw new Error('internal: the walk did not reach a cause');
  }
  throw new Error('internal: the walk did not reach a cause');
}
