/**
 * Path tests over the pure machine with xstate/graph: every path ends in a cause, every cause is reachable, the
 * debugging order holds (DESIGN §2), and a golden file shows the shortest route to each cause leaf.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { initialTransition, transition } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { describe, expect, it } from 'vitest';
import { doctorMachine } from '../flows/doctor.machine.js';
import { questionTable, type QuestionId } from '../flows/questions.js';
import { leafMeta, statePath } from '../src/engine/walk.js';

type Snap = ReturnType<typeof initialTransition<typeof doctorMachine>>[0];
type Ev = { type: `answer.${string}` };

/** only the events of the current question: keeps traversal small */
const eventsFor = (s: Snap): Ev[] => {
  const m = leafMeta(s);
  return 'question' in m
    ? Object.keys(questionTable[m.question].choices).map((c) => ({ type: `answer.${c}` as const }))
    : [];
};
const atCause = (s: Snap) => 'cause' in leafMeta(s);
const serializeState = (s: Snap) => statePath(s);
const causeOf = (s: Snap) => {
  const m = leafMeta(s) as { cause: string; variant?: string };
  return m.variant ? `${m.cause}.${m.variant}` : m.cause;
};

/** A path as [question, choice][] (the leading xstate.init step dropped). */
function route(steps: { state: Snap; event: { type: string } }[]): [QuestionId, string][] {
  const out: [QuestionId, string][] = [];
  for (let i = 1; i < steps.length; i++) {
    const m = leafMeta(steps[i - 1]!.state);
    if (!('question' in m)) throw new Error('a step leaves a cause state');
    out.push([m.question, steps[i]!.event.type.replace(/^answer\./, '')]);
  }
  return out;
}

const shortest = getShortestPaths(doctorMachine, {
  events: eventsFor,
  toState: atCause,
  serializeState,
} as never) as unknown as {
  state: Snap;
  steps: { state: Snap; event: { type: string } }[];
}[];

// Simple paths from restart-timing: the context questions all converge there, so starting at it avoids
// multiplying every path by the 300 combinations of context answers (their order is checked separately).
let fromTiming = initialTransition(doctorMachine)[0];
while (
  leafMeta(fromTiming) &&
  'question' in leafMeta(fromTiming) &&
  (leafMeta(fromTiming) as { question: QuestionId }).question !== 'restart-timing'
) {
  fromTiming = transition(doctorMachine, fromTiming, { type: 'answer.unsure' })[0];
}
const simple = getSimplePaths(doctorMachine, {
  events: eventsFor,
  fromState: fromTiming,
  serializeState,
} as never) as unknown as {
  state: Snap;
  steps: { state: Snap; event: { type: string } }[];
}[];

describe('machine paths', () => {
  it('reaches exactly the causes that have pages', () => {
    const reached = new Set(shortest.map((p) => (leafMeta(p.state) as { cause: string }).cause));
    const pages = readdirSync(join(import.meta.dirname, '..', 'content', 'causes'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => f.replace(/\.md$/, ''));
    expect([...reached].sort()).toEqual(pages.sort());
  });

  it('has no dead end: every state without a cause offers its answers, and each leads somewhere', () => {
    expect(simple.length).toBeGreaterThan(10);
    for (const p of simple) {
      if (atCause(p.state)) continue;
      const evs = eventsFor(p.state);
      expect(evs.length, `state ${statePath(p.state)} has no answers`).toBeGreaterThan(0);
      for (const e of evs) expect(p.state.can(e), `state ${statePath(p.state)} cannot take ${e.type}`).toBe(true);
    }
  });

  it('every maximal path ends in a cause leaf, within the question budget', () => {
    const ends = simple.filter((p) => eventsFor(p.state).length === 0);
    expect(ends.length).toBeGreaterThan(0);
    for (const p of ends) {
      expect(
        atCause(p.state),
        `path ${route(p.steps)
          .map(([q, c]) => `${q}=${c}`)
          .join(' > ')} ends outside a cause`,
      ).toBe(true);
      expect(p.steps.length).toBeLessThanOrEqual(14);
    }
  });

  it('every question has "unsure" and it never dead-ends', () => {
    for (const [q, def] of Object.entries(questionTable)) expect(Object.keys(def.choices), q).toContain('unsure');
    for (const p of simple) {
      const m = leafMeta(p.state);
      if ('question' in m) expect(p.state.can({ type: 'answer.unsure' }), statePath(p.state)).toBe(true);
    }
  });

  it('asks context questions first, then restart timing, before any branch question', () => {
    for (const p of shortest) {
      const qs = route(p.steps).map(([q]) => q);
      const firstBranch = qs.findIndex((q) => !questionTable[q].kind);
      expect(
        qs.slice(0, firstBranch).every((q) => questionTable[q].kind),
        qs.join(' > '),
      ).toBe(true);
      expect(
        qs.slice(firstBranch).some((q) => questionTable[q].kind),
        qs.join(' > '),
      ).toBe(false);
      expect(qs[firstBranch], qs.join(' > ')).toBe('restart-timing');
    }
  });

  it('in the runtime branch: memory before timeout before crash', () => {
    const order: QuestionId[] = ['memory-kill-signs', 'timeout-in-logs', 'worker-crash-signs'];
    let checked = 0;
    for (const p of simple) {
      const qs = route(p.steps).map(([q]) => q);
      const idx = order.map((q) => qs.indexOf(q)).filter((i) => i >= 0);
      if (idx.length > 1) checked++;
      expect(idx, qs.join(' > ')).toEqual([...idx].sort((a, b) => a - b));
      if (qs.length) expect(qs[0]).toBe('restart-timing');
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('golden: the shortest route to each cause leaf', async () => {
    const lines = shortest
      .map(
        (p) =>
          `${causeOf(p.state)}: ${route(p.steps)
            .filter(([q]) => !questionTable[q].kind)
            .map(([q, c]) => `${q}=${c}`)
            .join(' > ')}`,
      )
      .sort();
    await expect(lines.join('\n') + '\n').toMatchFileSnapshot('__snapshots__/paths.golden.txt');
  });
});
