/**
 * Weighed evidence beside the walk: every fact supports or contradicts causes (FACT_WEIGHTS, data), the sums rank
 * the alternatives to the machine's answer, and the margin between the answer and the runner-up bounds the
 * confidence. The machine decides the path (explainable, one question at a time); the weights keep it honest.
 */
import { questionTable } from '../../flows/questions.js';
import { FACT_WEIGHTS, type FactId } from '../evidence/facts.js';
import type { FactRecord } from '../evidence/timeline.js';
import { routes } from './routes.js';
import type { Alternative, Confidence } from './types.js';
import type { WalkStep } from './walk.js';

/** how many occurrences make a repeated pattern */
const REPEATED = 3;

export type Scores = Map<string, { score: number; why?: FactRecord }>;

export function scores(facts: ReadonlyMap<FactId, FactRecord>): Scores {
  const out = new Map<string, { score: number; why?: FactRecord }>();
  for (const [id, rec] of facts) {
    const w = FACT_WEIGHTS[id];
    if (!w) continue;
    // a decisive line counts double; a pattern repeated through the log (3+ times) counts more than a single line,
    // which may sit at the cut edge of an excerpt with the context that explains it missing
    const k = (rec.strength === 'decisive' ? 2 : 1) + (rec.count >= REPEATED ? 0.5 : 0);
    for (const [cause, v = 0] of Object.entries(w)) {
      const cur = out.get(cause) ?? { score: 0 };
      cur.score += v * k;
      if (v > 0 && (!cur.why || (FACT_WEIGHTS[cur.why.id]?.[cause] ?? 0) < v)) cur.why = rec;
      out.set(cause, cur);
    }
  }
  return out;
}

/**
 * The causes still worth a look, best first: those the evidence supports, and those the walk could not rule out
 * because a question was answered "not sure" or only by the absence of a line. Each says what would tell it apart.
 */
export function alternatives(primary: string, steps: readonly WalkStep[], sc: Scores, max = 3): Alternative[] {
  const { reach } = routes();
  const open = new Map<string, string>();
  for (const s of steps) {
    const byChoice = reach.get(s.state);
    if (!byChoice || questionTable[s.question].kind) continue;
    const weak = s.choice === 'unsure' || s.strength !== 'decisive' || s.from === 'default';
    if (!weak) continue;
    for (const [choice, set] of byChoice) {
      if (choice === s.choice && s.choice !== 'unsure') continue;
      // the last weak step before the paths part is the question that separates them
      for (const c of set) open.set(c, questionTable[s.question].message);
    }
  }
  const cands = new Set<string>([...sc.keys(), ...open.keys()]);
  cands.delete(primary);
  cands.delete('undiagnosed');
  const ranked = [...cands]
    .map((cause) => ({ cause, score: sc.get(cause)?.score ?? 0, why: sc.get(cause)?.why, ask: open.get(cause) }))
    // supported by the evidence; a cause merely left open by a "not sure" is listed only when nothing was decided
    .filter((a) => a.score > 0 || (primary === 'undiagnosed' && a.ask !== undefined && a.score >= 0))
    .sort((a, b) => b.score - a.score || (a.ask ? 0 : 1) - (b.ask ? 0 : 1));
  return ranked.slice(0, max).map((a) => ({
    cause: a.cause,
    score: a.score,
    ...(a.why ? { reason: a.why.reason } : {}),
    ...(a.ask ? { tellApart: a.ask } : {}),
  }));
}

/** Confidence bounded by the margin: a runner-up the evidence supports as much as the answer forbids "high". */
export function boundByMargin(conf: Confidence, primary: string, sc: Scores, alts: readonly Alternative[]): Confidence {
  if (conf !== 'high') return conf;
  const mine = sc.get(primary)?.score ?? 0;
  // a failure (boot or runtime) competes with other failures; a restart around it (a deploy that shipped the broken
  // release, the restart policy bringing it back) is its context, not a rival explanation
  const failure = (c: string) => c.startsWith('boot-') || c.startsWith('runtime-') || c === 'platform-router-timeout';
  const rivals = failure(primary) ? alts.filter((a) => failure(a.cause)) : alts;
  const best = rivals[0]?.score ?? 0;
  if (best > 0 && best >= mine) return 'medium';
  // a restart (or a healthy reading) with a failure the evidence clearly supports beside it: the restart may be
  // the symptom (a probe killing an app that starts too slowly), so it is not a promise
  if (!failure(primary) && alts.some((a) => failure(a.cause) && a.score >= 4)) return 'medium';
  return conf;
}
