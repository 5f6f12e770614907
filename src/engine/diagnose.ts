/**
 * The one pipeline behind the wizard and `diagnose`: gather evidence (logs, project files, flags) → auto-answers
 * → walk (the caller's answerer) → conclusion (confidence, ruled-out causes, secondary findings, remediation).
 * No I/O: the project files arrive read and the log lines through the `read` function it is handed (src/pipeline.ts
 * owns the reading); no printing, no process access.
 */
import { findInScript, gunicornExeLength, parseGunicornArgs } from '../project/argv.js';
import { count } from '../text/words.js';
import { questionTable, type QuestionId } from '../../flows/questions.js';
import { FACT_CAUSE, type FactId } from '../evidence/facts.js';
import type { Configured, FactRecord, Timeline } from '../evidence/timeline.js';
import { newTimeline } from '../evidence/detectors/index.js';
import type { Hit } from '../evidence/events.js';
import type { Report, ReportStats } from './report.js';
import { makeAutoAnswer, citation } from './answer.js';
import { routes } from './routes.js';
import { alternatives, boundByMargin, scores } from './weigh.js';
import type { Answer, Confidence, Context, Diagnosis, EvidenceRef, RuledOut } from './types.js';
import type { AutoAnswer, WalkResult, WalkStep } from './walk.js';
import type { ProjectInfo } from '../project/types.js';
import type { ScanStats } from '../evidence/scan.js';

export interface DoctorInputs {
  /** the project files, read (src/pipeline.ts discovers them: --config, else the working directory) */
  project?: ProjectInfo;
  /** --platform */
  platform?: string;
  /**
   * Reads the logs, handing each recognised line to `sink` in file order, and says what it read; absent when there
   * is no log (the wizard without --log). The detectors need the project's settings before the first line.
   */
  read?: (sink: (h: Hit) => void) => Promise<ScanStats>;
  /** the fact each signature that names one (`fact:` in content/signatures/) establishes, by signature id */
  signatureFacts?: ReadonlyMap<string, { fact: FactId; reason: string }>;
}

export interface Prepared {
  auto: AutoAnswer;
  context: Context;
  warnings: string[];
  facts: ReadonlyMap<FactId, FactRecord>;
  timeline: Timeline;
  stats: ReportStats;
  project?: ProjectInfo;
}

const PLATFORM_FACTS: [FactId, string][] = [
  ['platform-heroku', 'heroku'],
  ['platform-kubernetes', 'kubernetes'],
  ['platform-docker', 'docker'],
  ['platform-systemd', 'systemd'],
  ['platform-bare', 'bare'],
];

function where(h: Hit | undefined): string {
  return h ? `log ${h.source}:${h.line}` : 'log';
}

/** A project setting as a number (project files hold numbers or digit strings). */
const num = (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
/** A requirement pin (`==21.2.0`, `~=22.0`) as a version. */
const pinnedVersion = (v: string) => v.replace(/^[=~^<>! ]+/, '');

/** The app and the plain numbers of a logged launch command (`gunicorn app:app --workers 3 --timeout 120`). */
function launchedArgs(command: string): { app?: string; workers?: number; timeout?: number } | undefined {
  const inv = findInScript(command);
  if (!inv) return undefined;
  const args = parseGunicornArgs(inv.argv.slice(gunicornExeLength(inv.argv)));
  const n = (dest: string) => {
    const v = args.options.get(dest)?.value;
    return typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : undefined;
  };
  return { app: args.positional[args.positional.length - 1]?.value, workers: n('workers'), timeout: n('timeout') };
}

/** Resolve the context: --platform flag > project files > log. Each value records its source. */
export function resolveContext(
  tl: Timeline,
  project: ProjectInfo | undefined,
  flagPlatform: string | undefined,
): Context {
  const ctx: Context = { sources: {} };
  const set = <K extends keyof Context>(key: K, value: Context[K] | undefined, source: string) => {
    if (value === undefined || value === null || (typeof value === 'number' && !Number.isFinite(value))) return;
    if (ctx[key] !== undefined) return;
    ctx[key] = value;
    ctx.sources[key as string] = source;
  };
  if (flagPlatform) set('platform', flagPlatform, 'flag --platform');
  const s = project?.settings ?? {};
  const cfg = (x: { source: { path: string; line: number } } | undefined) =>
    x ? `config ${x.source.path}:${x.source.line}` : 'config';
  // a platform the project only defaults to (no Procfile, container, k8s or systemd file) yields to the log's
  const platformGuessed = project?.platform?.value === 'bare' && project.platform.note !== undefined;
  if (project?.platform && !platformGuessed) set('platform', project.platform.value, cfg(project.platform));
  if (s.workers) set('workers', num(s.workers.value), cfg(s.workers));
  if (s.timeout) set('timeout', s.timeout.value, cfg(s.timeout));
  if (s.gracefulTimeout) set('gracefulTimeout', s.gracefulTimeout.value, cfg(s.gracefulTimeout));
  if (s.workerClass) set('workerClass', s.workerClass.value, cfg(s.workerClass));
  if (s.threads) set('threads', s.threads.value, cfg(s.threads));
  if (s.maxRequests) set('maxRequests', s.maxRequests.value, cfg(s.maxRequests));
  if (s.maxRequestsJitter) set('maxRequestsJitter', s.maxRequestsJitter.value, cfg(s.maxRequestsJitter));
  if (s.memoryLimitMb) set('memoryLimitMb', s.memoryLimitMb.value, cfg(s.memoryLimitMb));
  if (s.killWindowSeconds) set('killWindowSeconds', s.killWindowSeconds.value, cfg(s.killWindowSeconds));
  if (s.app) set('app', s.app.value, cfg(s.app));
  if (s.bind) set('bind', s.bind.value, cfg(s.bind));
  if (s.gunicornVersion) set('gunicornVersion', pinnedVersion(s.gunicornVersion.value), cfg(s.gunicornVersion));
  // from the log
  for (const [fact, platform] of PLATFORM_FACTS) {
    const f = tl.facts.get(fact);
    if (f && (f.strength === 'decisive' || !ctx.platform)) {
      set('platform', platform, where(f.hits[0]));
      break;
    }
  }
  if (project?.platform && platformGuessed) set('platform', project.platform.value, cfg(project.platform));
  // the command the platform says it ran: the app and the numbers on it, when the project did not give them
  const launchCmd = tl.launchCommand?.captures.command;
  const launched = launchCmd !== undefined ? launchedArgs(launchCmd) : undefined;
  if (launched) {
    const src = where(tl.launchCommand);
    set('app', launched.app, src);
    set('workers', launched.workers, src);
    set('timeout', launched.timeout, src);
  }
  const ver = tl.versionSeen;
  if (ver) set('gunicornVersion', ver.hit.captures.version, where(ver.hit));
  const wc = tl.workerClassSeen;
  if (wc) set('workerClass', wc.captures.workerClass, where(wc));
  const quota = tl.memoryQuota;
  if (quota) set('memoryLimitMb', quota.mb, where(quota.hit));
  return ctx;
}

/**
 * Puts hits in time order before the timeline sees them: a paste that lists the newest line first (gcloud, some
 * log UIs) is reversed, and several files are merged by time (an app log beside a router log). Hits are buffered
 * up to a cap; a bigger input streams through unchanged, in file order.
 */
export class HitOrder {
  private files: Hit[][] = [];
  private current?: { source: string; hits: Hit[] };
  private buffered = 0;
  private streaming = false;
  readonly reversed: string[] = [];
  constructor(
    private readonly sink: (h: Hit) => void,
    private readonly cap = 10_000,
  ) {}

  push(h: Hit): void {
    if (this.streaming) return this.sink(h);
    if (this.current?.source !== h.source) {
      this.current = { source: h.source, hits: [] };
      this.files.push(this.current.hits);
    }
    this.current.hits.push(h);
    if (++this.buffered > this.cap) {
      this.streaming = true;
      for (const f of this.files) for (const x of f) this.sink(x);
      this.files = [];
    }
  }

  flush(): void {
    if (this.streaming) return;
    const files = this.files.map((hits) => {
      const timed = hits.flatMap((h) => (h.time !== undefined ? [h.time] : []));
      let down = 0;
      let up = 0;
      for (let i = 1; i < timed.length; i++) {
        if (timed[i] < timed[i - 1]) down++;
        else if (timed[i] > timed[i - 1]) up++;
      }
      // newest first: time mostly goes backwards (with second-resolution stamps most neighbours are equal)
      const backwards = timed.length >= 4 && timed[0] > timed[timed.length - 1];
      if (down > 3 * up && (down >= 3 || (backwards && up === 0))) {
        this.reversed.push(hits[0].source);
        return [...hits].reverse();
      }
      return hits;
    });
    if (files.length === 1) {
      for (const h of files[0]) this.sink(h);
    } else {
      // k-way merge by time; a line without a time keeps its place after the line before it in its file
      const idx = files.map(() => 0);
      const last = files.map(() => -Infinity);
      for (;;) {
        let best = -1;
        let bestT = Infinity;
        for (let f = 0; f < files.length; f++) {
          const h = files[f][idx[f]];
          if (!h) continue;
          const t = h.time ?? last[f];
          if (best < 0 || t < bestT) {
            best = f;
            bestT = t;
          }
        }
        if (best < 0) break;
        const h = files[best][idx[best]++];
        if (h.time !== undefined) last[best] = h.time;
        this.sink(h);
      }
    }
    this.files = [];
  }
}

/** The settings the detectors may use, from the project files (the same values resolveContext reads). */
export function configuredOf(project: ProjectInfo | undefined): Configured {
  const s = project?.settings ?? {};
  const out: Configured = {};
  const timeout = num(s.timeout?.value);
  if (timeout !== undefined) out.timeout = timeout;
  const workers = num(s.workers?.value);
  if (workers !== undefined) out.workers = workers;
  if (typeof s.workerClass?.value === 'string') out.workerClass = s.workerClass.value;
  if (typeof s.gunicornVersion?.value === 'string') out.gunicornVersion = pinnedVersion(s.gunicornVersion.value);
  return out;
}

export async function prepare(inputs: DoctorInputs): Promise<Prepared> {
  const project = inputs.project;
  const warnings = (project?.unreadable ?? []).map((u) => `${u.path}: ${u.reason}`);
  const tl = newTimeline(configuredOf(project));
  let stats: ReportStats = { files: 0, lines: 0, bytes: 0, recognizedLines: 0, unknownLines: 0, seconds: 0 };
  if (inputs.read) {
    tl.signatureFacts = inputs.signatureFacts ?? new Map();
    const order = new HitOrder((h) => tl.push(h));
    const st = await inputs.read((h) => order.push(h));
    order.flush();
    if (order.reversed.length) warnings.push(`${order.reversed.join(', ')}: newest line first; read in time order`);
    stats = {
      files: st.files,
      lines: st.lines,
      bytes: st.bytes,
      recognizedLines: st.recognizedLines,
      unknownLines: st.unknownLines,
      seconds: st.seconds,
    };
    if (st.lines > 0 && st.recognizedLines === 0)
      warnings.push(
        'no line of the input was recognised as Gunicorn, Heroku, Docker, Kubernetes, systemd or kernel output',
      );
    if (st.longLines)
      warnings.push(
        `${count(st.longLines, 'very long line')} ${st.longLines === 1 ? 'was' : 'were'} cut to ${st.longLines === 1 ? 'its' : 'their'} start`,
      );
  }
  tl.finish();
  const context = resolveContext(tl, project, inputs.platform);
  const auto = makeAutoAnswer({ facts: tl.facts, context });
  return { auto, context, warnings, facts: tl.facts, timeline: tl, stats, project };
}

const WEIGHT = { decisive: 3, supporting: 2 } as const;

function stepWeight(s: Answer): number {
  if (s.choice === 'unsure') return 1;
  if (s.from === 'user' || s.from === 'flag' || s.from === 'config' || s.from === 'platform' || s.from === 'replay')
    return 3;
  return WEIGHT[s.strength ?? 'supporting'];
}

const isBranchQuestion = (q: QuestionId) => !questionTable[q].kind;

/** The index of the step after which only one cause id remained reachable. */
export function decidingStep(steps: readonly WalkStep[]): number {
  const { reach } = routes();
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    const set = reach.get(s.state)?.get(s.choice);
    if (set && set.size === 1) return i;
  }
  return steps.length - 1;
}

export function confidenceOf(cause: string, steps: readonly WalkStep[]): Confidence {
  if (cause === 'undiagnosed') return 'low';
  const branch = steps.filter((s) => isBranchQuestion(s.question));
  if (!branch.length) return 'low';
  const d = decidingStep(steps);
  const deciding = steps[d];
  let wf = stepWeight(deciding);
  // "absence narrows, evidence decides": when the last step only ruled out a look-alike by its absence from a
  // Gunicorn log, the cause rests on the last positive answer before it
  if (deciding.fact === 'gunicorn-log-present') {
    const positive = steps
      .slice(0, d)
      .reverse()
      .find((s) => isBranchQuestion(s.question) && s.fact !== 'gunicorn-log-present' && s.choice !== 'unsure');
    if (positive) wf = Math.min(wf + 1, stepWeight(positive));
  }
  const before = steps.slice(0, d).filter((s) => isBranchQuestion(s.question));
  const unsure = before.filter((s) => s.choice === 'unsure').length;
  const wo = Math.min(3, ...before.map(stepWeight));
  if (wf === 3 && wo >= 2 && unsure === 0) return 'high';
  // a decisive line for the cause with unknowns only about the alternatives: medium
  if (wf === 3 || (wf === 2 && unsure <= 1)) return 'medium';
  return 'low';
}

export function ruledOut(steps: readonly WalkStep[], reached: string): RuledOut[] {
  const { reach } = routes();
  const out = new Map<string, string>();
  for (const s of steps) {
    const byChoice = reach.get(s.state);
    if (!byChoice) continue;
    const taken = byChoice.get(s.choice) ?? new Set<string>();
    for (const [choice, set] of byChoice) {
      if (choice === s.choice) continue;
      for (const c of set) {
        if (taken.has(c) || out.has(c) || c === reached || c === 'undiagnosed') continue;
        const who =
          s.from === 'log'
            ? `the log${s.evidence[0] ? ` (${s.evidence[0].source}:${s.evidence[0].line})` : ''}`
            : s.from === 'user'
              ? 'you'
              : s.from;
        const ans =
          questionTable[s.question].choices[s.choice as keyof (typeof questionTable)[typeof s.question]['choices']] ??
          s.choice;
        out.set(
          c,
          `"${questionTable[s.question].message}" was answered "${ans}" by ${who}${s.reason ? `: ${s.reason}` : ''}`,
        );
      }
    }
  }
  return [...out].map(([cause, reason]) => ({ cause, reason }));
}

const PHASE: Record<string, string> = { boot: 'boot', runtime: 'runtime', recycle: 'recycle', platform: 'platform' };
const phaseOf = (cause: string) => PHASE[cause.split('-')[0]] ?? 'none';

/** Decisive facts pointing at other causes: secondary findings. */
function secondaryFindings(
  facts: ReadonlyMap<FactId, FactRecord>,
  primary: string,
): { cause: string; fact: FactRecord }[] {
  const seen = new Set<string>([primary]);
  const out: { cause: string; fact: FactRecord }[] = [];
  for (const [id, rec] of facts) {
    const c = FACT_CAUSE[id];
    if (!c || seen.has(c) || rec.strength !== 'decisive') continue;
    seen.add(c);
    out.push({ cause: c, fact: rec });
  }
  return out;
}

export interface ConcludeOptions {
  version: string;
  /** builds the remediation for one diagnosis (catalog + suggest + project edits); injected to keep this pure */
  remedy?: (d: Diagnosis, p: Prepared) => Diagnosis;
  titles?: (cause: string) => { title: string; phase?: string; summary?: string } | undefined;
}

export function conclude(p: Prepared, result: WalkResult, opts: ConcludeOptions): Report {
  const steps = result.steps;
  const evidence: EvidenceRef[] = [];
  const seen = new Set<string>();
  // the lines that decided the branch, latest question first (context lines stay with their answers)
  for (const s of [...steps].reverse()) {
    if (!isBranchQuestion(s.question)) continue;
    for (const e of s.evidence) {
      const k = `${e.source}:${e.line}`;
      if (seen.has(k) || evidence.length >= 8) continue;
      seen.add(k);
      evidence.push(e);
    }
  }
  evidence.sort((a, b) => (a.source === b.source ? a.line - b.line : a.source < b.source ? -1 : 1));
  let confidence = confidenceOf(result.cause, steps);
  const secondary = result.cause === 'undiagnosed' ? [] : secondaryFindings(p.facts, result.cause);
  // a decisive finding of another problem phase (boot vs runtime) beside the primary lowers the confidence
  const conflicting = secondary.filter(
    (s) => ['boot', 'runtime'].includes(phaseOf(s.cause)) && phaseOf(s.cause) !== phaseOf(result.cause),
  );
  if (confidence === 'high' && conflicting.length) confidence = 'medium';
  // "high" is a promise: a cited line that decides it, and no runner-up the evidence supports as much
  if (confidence === 'high' && !evidence.length) confidence = 'medium';
  const sc = scores(p.facts);
  const alts = alternatives(result.cause, steps, sc);
  confidence = boundByMargin(confidence, result.cause, sc, alts);
  const info = (c: string) => opts.titles?.(c);
  const primary: Diagnosis = {
    cause: result.cause,
    variant: result.variant,
    title: info(result.cause)?.title ?? result.cause,
    phase: info(result.cause)?.phase ?? phaseOf(result.cause),
    summary: info(result.cause)?.summary,
    confidence,
    evidence,
    ruledOut: ruledOut(steps, result.cause),
    alternatives: alts,
  };
  const diagnoses: Diagnosis[] = [primary];
  for (const s of secondary) {
    diagnoses.push({
      cause: s.cause,
      variant: null,
      title: info(s.cause)?.title ?? s.cause,
      phase: info(s.cause)?.phase ?? phaseOf(s.cause),
      summary: s.fact.reason,
      confidence: 'low',
      evidence: s.fact.hits.slice(0, 3).map(citation),
      ruledOut: [],
    });
  }
  const remedy = opts.remedy;
  const remedied = remedy ? diagnoses.map((d, i) => (i === 0 ? remedy(d, p) : d)) : diagnoses;
  const answers: Answer[] = steps.map(({ state: _state, ...a }) => a);
  return {
    schemaVersion: 1,
    tool: { name: 'gunicorn-doctor', version: opts.version },
    diagnoses: remedied,
    answers,
    context: p.context,
    timeline: p.timeline.summary(),
    stats: p.stats,
    warnings: p.warnings,
    alternatives: alts,
    path: [...steps.map((s) => s.state), result.leaf],
  };
}

/** Exit status of a report per DESIGN §5. */
export function exitCodeOf(report: Report, problemSigns: boolean): 0 | 1 {
  const c = report.diagnoses[0]?.cause;
  if (c === 'healthy' || c?.startsWith('recycle-')) return 0;
  // DESIGN §3: a restart somebody planned (a deploy, the platform's schedule, an operator) is expected
  if (c === 'platform-restart' && ['deploy', 'scheduled', 'operator'].includes(report.diagnoses[0]?.variant ?? ''))
    return 0;
  // a restart whose trigger the log does not show: a problem only when something failed around it
  if (c === 'platform-restart' && !report.diagnoses[0]?.variant) return problemSigns ? 1 : 0;
  if (c === 'undiagnosed') return problemSigns || report.diagnoses[0]?.variant ? 1 : 0;
  return 1;
}

/** The non-interactive answerer: the auto-answer, else "unsure". */
export async function diagnoseAnswer(q: QuestionId, auto: Answer | undefined): Promise<Answer> {
  return auto ?? { question: q, choice: 'unsure', from: 'default', evidence: [] };
}
