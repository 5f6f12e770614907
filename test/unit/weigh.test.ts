import { describe, expect, it } from 'vitest';
import { alternatives, boundByMargin, scores } from '../../src/engine/weigh.js';
import { reweigh } from '../../src/commands/wizard.js';
import type { FactId } from '../../src/evidence/facts.js';
import type { FactRecord } from '../../src/evidence/timeline.js';
import type { Answer } from '../../src/engine/types.js';
import type { QuestionId } from '../../flows/questions.js';

const fact = (id: FactId, strength: 'decisive' | 'supporting' = 'decisive'): [FactId, FactRecord] => [
  id,
  { id, hits: [], count: 1, reason: `${id} seen`, strength },
];
const facts = (...f: [FactId, FactRecord][]) => new Map(f);

describe('weighed evidence', () => {
  it('a decisive fact counts double; problem signs speak against healthy', () => {
    const s = scores(
      facts(
        fact('oom-kill'),
        fact('memory-pressure', 'supporting'),
        fact('problem-signs'),
        fact('clean-restart', 'supporting'),
      ),
    );
    expect(s.get('runtime-memory-oom')!.score).toBe(3 * 2 + 2);
    expect(s.get('healthy')!.score).toBe(-2 * 2 + 1);
  });
  it('a pattern repeated through the log weighs more than a single line', () => {
    const once = scores(facts(fact('worker-crash', 'supporting'))).get('runtime-worker-crash')!.score;
    const [id, rec] = fact('worker-crash', 'supporting');
    const thrice = scores(new Map([[id, { ...rec, count: 3 }]])).get('runtime-worker-crash')!.score;
    expect(once).toBe(3);
    expect(thrice).toBe(4.5);
  });
  it('ranks supported alternatives, never the primary, and says what tells them apart', () => {
    const f = facts(fact('worker-timeout'), fact('timeout-idle', 'supporting'));
    const steps = [
      {
        question: 'timeout-during-request' as QuestionId,
        choice: 'unsure',
        from: 'default' as const,
        evidence: [],
        state: 'runtime.timeout-during-request',
      },
    ];
    const alts = alternatives('runtime-worker-timeout', steps, scores(f));
    expect(alts.map((a) => a.cause)).not.toContain('runtime-worker-timeout');
    expect(alts[0]!.cause).toBe('runtime-heartbeat-tmpdir');
    expect(alts[0]!.tellApart).toMatch(/slow request in flight/);
    // a cause only left open by a "not sure" is not listed beside a decided answer
    expect(alts.every((a) => a.score > 0)).toBe(true);
  });
  it('"high" needs a margin over the best rival failure; a restart around a failure is no rival', () => {
    const f = facts(fact('worker-timeout'), fact('timeout-idle'), fact('timeout-busy', 'supporting'));
    const alts = alternatives('runtime-worker-timeout', [], scores(f));
    // worker-timeout 2×2 − 1×2 (idle) + 2 (busy, supporting) = 4 for the timeout; 1×2 + 2×2 − 2 = 4 for the heartbeat
    expect(scores(f).get('runtime-worker-timeout')!.score).toBe(4);
    expect(alts.find((a) => a.cause === 'runtime-heartbeat-tmpdir')!.score).toBe(4);
    expect(boundByMargin('high', 'runtime-worker-timeout', scores(f), alts)).toBe('medium');
    const clear = facts(fact('worker-timeout'), fact('timeout-busy'));
    expect(
      boundByMargin(
        'high',
        'runtime-worker-timeout',
        scores(clear),
        alternatives('runtime-worker-timeout', [], scores(clear)),
      ),
    ).toBe('high');
    const g = facts(fact('import-error'), fact('deploy-release'), fact('policy-restart'));
    expect(
      boundByMargin('high', 'boot-import-error', scores(g), alternatives('boot-import-error', [], scores(g))),
    ).toBe('high');
    expect(boundByMargin('medium', 'boot-import-error', scores(g), [])).toBe('medium');
  });
});

describe('adding a log re-weighs the kept answers', () => {
  const ans = (
    question: QuestionId,
    choice: string,
    from: Answer['from'] = 'user',
    strength?: 'decisive' | 'supporting',
  ): Answer => ({ question, choice, from, strength, evidence: [{ source: 'new.log', line: 7, text: 'x' }] });
  it('an "I\'m not sure" the new log answers is dropped, silently', () => {
    const kept = new Map<QuestionId, Answer>([['memory-kill-signs', ans('memory-kill-signs', 'unsure')]]);
    expect(reweigh(kept, () => ans('memory-kill-signs', 'yes', 'log', 'supporting'))).toEqual([]);
    expect(kept.size).toBe(0);
  });
  it('a decisive line that contradicts an answer replaces it and says so; weaker evidence does not', () => {
    const kept = new Map<QuestionId, Answer>([['timeout-in-logs', ans('timeout-in-logs', 'no')]]);
    expect(reweigh(kept, () => ans('timeout-in-logs', 'no', 'log', 'supporting'))).toEqual([]);
    expect(reweigh(kept, () => ans('timeout-in-logs', 'yes', 'log', 'supporting'))).toEqual([]);
    expect(kept.has('timeout-in-logs')).toBe(true);
    const notes = reweigh(kept, () => ans('timeout-in-logs', 'yes', 'log', 'decisive'));
    expect(kept.has('timeout-in-logs')).toBe(false);
    expect(notes[0]).toMatch(/new\.log:7.*replaces your answer "No"/);
  });
});
