/**
 * The calibration tally of test/cases (printed by `npm test`): per set, top-1 (exact, and exact-or-acceptable),
 * top-3, and the precision of each confidence level; plus the list of cases answered wrongly at high confidence.
 */
import type { Expected } from './run-case.js';

export type Confidence = 'low' | 'medium' | 'high';

/** expected.json as written in test/cases/<cause>--<name>/ */
export interface CaseSpec extends Expected {
  /** other causes also accepted as the primary (documented ambiguity, or later ids of a real-corpus label) */
  acceptable?: string[];
  /** a documented gap: the case is expected to fail until the engine learns it */
  knownGap?: string;
  /** the label is too uncertain to score: run, never allowed to be wrong at high confidence, not in top-1/top-3 */
  unscored?: boolean;
  /** the true cause is none of the catalog's ids: undiagnosed is right, anything else must stay below high */
  outsideCatalog?: boolean;
  /** how sure the label is (real corpus) */
  labelConfidence?: Confidence;
  source?: string;
  notes?: string;
}

export interface CaseResult {
  name: string;
  /** the input log, for messages */
  path: string;
  want: string;
  acceptable: string[];
  unscored: boolean;
  /** the primary diagnosis */
  got: string;
  variant: string | null;
  confidence: Confidence;
  /** causes of the first two alternatives (report.alternatives, else report.diagnoses[1..]) */
  alternatives: string[];
}

interface ReportLike {
  diagnoses: { cause: string; variant: string | null; confidence: Confidence }[];
  alternatives?: { cause: string }[];
}

export function resultOf(name: string, path: string, spec: CaseSpec, report: ReportLike): CaseResult {
  const d = report.diagnoses[0]!;
  const pool = report.alternatives ?? report.diagnoses.slice(1);
  const alternatives: string[] = [];
  for (const a of pool) {
    if (alternatives.length >= 2) break;
    if (a.cause !== d.cause && !alternatives.includes(a.cause)) alternatives.push(a.cause);
  }
  return {
    name,
    path,
    want: spec.cause,
    acceptable: spec.acceptable ?? [],
    unscored: spec.unscored === true,
    got: d.cause,
    variant: d.variant,
    confidence: d.confidence,
    alternatives,
  };
}

export const isExact = (r: CaseResult) => r.got === r.want;
export const isRight = (r: CaseResult) => isExact(r) || r.acceptable.includes(r.got);
export const inTop3 = (r: CaseResult) =>
  [r.got, ...r.alternatives].some((c) => c === r.want || r.acceptable.includes(c));
/** primary neither the expected cause nor an accepted one, at high confidence */
export const wrongAtHigh = (r: CaseResult) => !isRight(r) && r.confidence === 'high';

/** the sets of the tally, in print order; a case can be in several (all of them are in "all") */
export function setsOf(name: string): string[] {
  const sets: string[] = [];
  if (name.includes('--realdev-')) sets.push('realdev');
  if (/-gu\d+$/.test(name)) sets.push('real Gunicorn runs');
  const blind = /--(wild|blind\d+)-/.exec(name);
  if (blind) sets.push(blind[1] === 'wild' ? 'blind1 (wild)' : blind[1]!);
  sets.push('all');
  return sets;
}

const frac = (n: number, d: number) => (d ? `${n}/${d} ${Math.round((100 * n) / d)}%` : '0/0');

/** One line per set. */
export function tallyLines(results: CaseResult[]): string[] {
  const bySet = new Map<string, CaseResult[]>();
  const order = (s: string) => (s === 'realdev' ? 0 : s === 'real Gunicorn runs' ? 1 : s === 'all' ? 9 : 2);
  for (const r of results) for (const s of setsOf(r.name)) bySet.set(s, [...(bySet.get(s) ?? []), r]);
  const names = [...bySet.keys()].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  const width = Math.max(...names.map((n) => n.length));
  return names.map((set) => {
    const all = bySet.get(set)!;
    const scored = all.filter((r) => !r.unscored);
    const prec = (['high', 'medium', 'low'] as const)
      .map((c) => {
        const at = scored.filter((r) => r.confidence === c);
        return `${c} ${at.length ? `${at.filter(isRight).length}/${at.length}` : '-'}`;
      })
      .join(', ');
    const wh = all.filter(wrongAtHigh).length;
    const unscored = all.length - scored.length;
    return (
      `${set.padEnd(width)}  n=${all.length}${unscored ? ` (${unscored} unscored)` : ''}` +
      `  top-1 exact ${frac(scored.filter(isExact).length, scored.length)}, +acceptable ${frac(scored.filter(isRight).length, scored.length)}` +
      `  top-3 ${frac(scored.filter(inTop3).length, scored.length)}` +
      `  precision ${prec}  wrong@high ${wh}`
    );
  });
}
