/**
 * Auto-answers: a question is answered from the facts the timeline established, by the question's own
 * `answeredBy` rules (data in flows/questions.ts), or from the context (project files, flags).
 */
import { workerKind } from '../catalog/worker-classes.js';
import { questionTable, type QuestionId } from '../../flows/questions.js';
import type { FactId } from '../evidence/facts.js';
import type { FactRecord } from '../evidence/timeline.js';
import type { Hit } from '../evidence/events.js';
import type { Answer, Context, EvidenceRef } from './types.js';
import type { AutoAnswer, WalkStep } from './walk.js';

export function citation(h: Hit): EvidenceRef {
  return {
    source: h.source,
    line: h.line,
    ...(h.time !== undefined && Number.isFinite(h.time) ? { time: new Date(h.time).toISOString() } : {}),
    text: h.text,
    sig: h.sig,
  };
}

const CONTEXT_CHOICE: Partial<Record<QuestionId, (ctx: Context) => string | undefined>> = {
  platform: (c) => c.platform,
  'gunicorn-version': (c) => {
    const v = c.gunicornVersion;
    const m = v ? /^(\d+)\.(\d+)/.exec(v) : null;
    if (!m) return undefined;
    const [maj, min] = [Number(m[1]), Number(m[2])];
    if (maj < 20 || (maj === 20 && min === 0)) return 'v19-20-0';
    if (maj === 20) return 'v20-1';
    if (maj <= 23) return 'v21-23';
    return 'v24-plus';
  },
  'worker-class': (c) => workerKind(c.workerClass),
};

export interface AnswerSources {
  facts: ReadonlyMap<FactId, FactRecord>;
  context: Context;
}

/** Builds the auto-answerer used by both the wizard (as defaults) and diagnose (as answers). */
export function makeAutoAnswer({ facts, context }: AnswerSources): AutoAnswer {
  return (q: QuestionId, _history: readonly WalkStep[]): Answer | undefined => {
    const def = questionTable[q];
    // platform-specific questions elsewhere
    if (def.platforms && context.platform && !def.platforms.includes(context.platform) && def.otherwise) {
      return {
        question: q,
        choice: def.otherwise,
        from: 'platform',
        strength: 'decisive',
        reason: `only applies to ${def.platforms.join(', ')}; this is ${context.platform}`,
        evidence: [],
      };
    }
    // context questions: from the resolved context (config, flags, log)
    const pick = CONTEXT_CHOICE[q];
    if (pick) {
      const choice = pick(context);
      const key = q === 'platform' ? 'platform' : q === 'gunicorn-version' ? 'gunicornVersion' : 'workerClass';
      if (choice && choice in def.choices) {
        const src = context.sources[key] ?? '';
        // the log line that agrees with the context value is the best citation; otherwise the flag or project file
        const fact = [...facts.values()].find((f) =>
          def.answeredBy.some((r) => r.fact === f.id && r.choice === choice),
        );
        if (fact && fact.hits.length && !src.startsWith('flag')) {
          return {
            question: q,
            choice,
            from: 'log',
            strength: 'decisive',
            fact: fact.id,
            reason: fact.reason,
            evidence: fact.hits.slice(0, 1).map(citation),
          };
        }
        const from = src.startsWith('flag') ? 'flag' : src.startsWith('config') ? 'config' : 'log';
        return {
          question: q,
          choice,
          from,
          strength: 'decisive',
          reason: src ? `from ${src}` : undefined,
          evidence: [],
        };
      }
      return undefined;
    }
    if (def.kind === 'numbers') {
      const values = { workers: context.workers, timeout: context.timeout, memoryLimitMb: context.memoryLimitMb };
      const known = Object.values(values).some((v) => v !== undefined);
      if (!known) return undefined;
      return { question: q, choice: 'known', from: 'config', strength: 'decisive', values, evidence: [] };
    }
    // the first rule backed by decisive evidence wins; failing that, the first rule with any evidence
    const fired = def.answeredBy.flatMap((rule) => {
      const f = facts.get(rule.fact as FactId);
      return f ? [{ rule, f }] : [];
    });
    const best = fired.find((x) => x.rule.strength === 'decisive' && x.f.strength === 'decisive') ?? fired[0];
    if (best) {
      const { rule, f } = best;
      const strength = rule.strength === 'decisive' && f.strength === 'decisive' ? 'decisive' : 'supporting';
      return {
        question: q,
        choice: rule.choice,
        from: 'log',
        strength,
        fact: f.id,
        reason: f.reason,
        evidence: f.hits.map(citation),
      };
    }
    if (def.absent && facts.has('gunicorn-log-present') && !def.absent.voidedBy?.some((f) => facts.has(f as FactId))) {
      return {
        question: q,
        choice: def.absent.choice,
        from: 'log',
        strength: def.absent.strength,
        fact: 'gunicorn-log-present',
        reason: 'the Gunicorn log shows none of these lines',
        evidence: [],
      };
    }
    return undefined;
  };
}
