/**
 * The timeline: consumes recognised lines (Hits) in order and derives facts from sequences and cadence.
 *
 * Online and bounded: per-pid state lives only while a worker lives, evidence keeps a few examples per fact, and
 * requests are counted, never stored. Look-alikes are resolved by sequence, not keyword:
 *  - a SIGKILL within a few seconds after WORKER TIMEOUT for the same pid is the timeout's escalation;
 *  - a SIGKILL while the master is shutting down is the graceful-timeout escalation;
 *  - a traceback inside "Error handling request" is a runtime error, not a boot failure;
 *  - a new master after a graceful stop is a restart, not a crash.
 *
 * The reasoning lives in named detectors, one file each under src/evidence/detectors/ (each file's header says what
 * it decides and from which sequences). This class is what they share: the facts and add(), the worker registry,
 * the master's state, request counts, what the excerpt covers, the boot failure and the stop under way, and the
 * numbers the summary reports. It hands every hit to the detectors that subscribe to its event, in the order of
 * the list it is given (DETECTORS in src/evidence/detectors/index.ts, which says why that order), and at the end
 * calls their finish() in that same order. The Timeline imports no detector: they import its types, so the
 * detectors and the state they share form no cycle.
 */
import type { EventKind, Hit } from './events.js';
import { EVENT_KINDS } from './events.js';
import type { FactId } from './facts.js';
import {
  CUT_WINDOW_LINES,
  CUT_WINDOW_MS,
  MAX_DEAD_PIDS,
  MAX_EXAMPLES,
  MAX_POINTS,
  NEAR_CLOCK_SKEW_MS,
  NEAR_LINES,
  SUMMARY_MEMORY_SAMPLES,
} from './thresholds.js';

export interface FactRecord {
  id: FactId;
  /** example lines (first few, plus the latest) */
  hits: Hit[];
  count: number;
  reason: string;
  strength: 'decisive' | 'supporting';
}

/**
 * What a detector is: a small piece of the timeline's reasoning with a name, the events it reads, and what it does
 * with each of them (`on`) and at the end of the input (`finish`). Detectors keep the state only they read as their
 * own fields; state more than one of them reads (the worker registry, the master's state, request counts, the boot
 * failure under way, the stop under way …) lives on the Timeline, which also holds the facts and dispatches the
 * hits. The order they run in is the DETECTORS list (src/evidence/detectors/index.ts).
 */
export interface Detector {
  /** the file name under src/evidence/detectors/, for the docs and the tests */
  readonly name: string;
  /** the events handed to `on`, or 'all' for every recognised line */
  readonly events: readonly EventKind[] | 'all';
  /** one recognised line, in input order */
  on(h: Hit, tl: Timeline): void;
  /** the end of the input: conclude what needs the whole sequence */
  finish?(tl: Timeline): void;
}

/** the start-up failure classes (src/evidence/detectors/boot-failure.ts decides them) */
export type BootClass =
  'config-error' | 'bind-failure' | 'app-not-found' | 'missing-env' | 'dependency-refused' | 'import-error';

/** a start-up failure's class and the line that shows it */
export interface BootEvidence {
  cls: BootClass;
  hit: Hit;
  reason: string;
  /** a generic classification ('supporting') never replaces a specific one */
  strength?: 'supporting';
}

/** what the timeline tells the report (the report's `timeline`, the terminal chart) */
export interface TimelineSummary {
  masterStarts: number;
  workerBoots: number;
  workerDeaths: number;
  kills: { time?: string; pid?: number; signal?: string; kind: string; source: string; line: number }[];
  timeouts: number;
  recycles: number;
  reloads: number;
  platformEvents: number;
  requests: number;
  memory: { time?: string; mb: number; quotaMb?: number }[];
  /** one-line statements of what the timing says ("workers die ~30 s after boot, before serving") */
  cadence: string[];
  /** compact events for the terminal chart: time (ms) + kind */
  points: {
    t: number;
    kind: 'boot' | 'kill' | 'timeout' | 'exit' | 'recycle' | 'master' | 'platform' | 'memory';
    value?: number;
  }[];
}

export interface WorkerState {
  pid: number;
  bootTime?: number;
  bootLine: number;
  bootSource: string;
  requestsAtBoot: number;
  /** the Heroku dyno / compose service that logged the boot (to count the workers of one dyno) */
  proc?: string;
  timedOut?: Hit;
  dead?: boolean;
}

/** per list of detectors (in practice the one DETECTORS list), per event, the indexes of those that subscribe to it */
const routeIndexes = new WeakMap<readonly (new () => Detector)[], Map<EventKind, number[]>>();

function indexRoutes(detectors: readonly Detector[]): Map<EventKind, number[]> {
  const index = new Map<EventKind, number[]>();
  for (const event of Object.keys(EVENT_KINDS) as EventKind[]) {
    const idx = detectors.flatMap((d, i) => (d.events === 'all' || d.events.includes(event) ? [i] : []));
    if (idx.length) index.set(event, idx);
  }
  return index;
}

/** events during which the pool may still be spawning its first workers */
const SPAWN_EVENTS = new Set<EventKind>([
  'worker-boot',
  'master-start',
  'listening',
  'using-worker',
  'reloader-on',
  'gunicorn-noise',
  'asgi-startup',
]);

export class Timeline {
  readonly facts = new Map<FactId, FactRecord>();
  /**
   * Signature id → the fact its lines establish by themselves (`fact:` in content/signatures/<id>.yaml), with the
   * reason to cite: set from the signatures the scan uses (src/engine/diagnose.ts prepare); read by
   * detectors/signature-facts.ts.
   */
  signatureFacts: ReadonlyMap<string, { fact: FactId; reason: string }> = new Map();
  readonly detectors: readonly Detector[];
  /** per event, the detectors that subscribe to it, in the order of the list */
  private readonly routes = new Map<EventKind, Detector[]>();
  /** the detectors that read every line (for an event no detector names) */
  private readonly everyLine: Detector[];

  // --- counts (the summary reports them) -----------------------------------------------------------------------
  requests = 0;
  /** 5xx and request errors (the first few are cited as problem signs) */
  errorsRequests = 0;
  masterStarts = 0;
  workerBoots = 0;
  workerDeaths = 0;
  timeouts = 0;
  recycles = 0;
  reloads = 0;
  platformEvents = 0;
  /** Gunicorn's own lines seen: their absence means something only where some are present */
  gunicornLines = 0;

  // --- what the summary shows, filled by the detectors ---------------------------------------------------------
  kills: TimelineSummary['kills'] = [];
  memory: TimelineSummary['memory'] = [];
  points: TimelineSummary['points'] = [];
  /** seconds from boot to timeout of the workers of a boot loop */
  cadenceGaps: number[] = [];
  /** the times Heroku cycled the dyno */
  cycles: (number | undefined)[] = [];
  /** seconds from launch to R10 */
  r10After?: number;
  firstMem?: number;
  maxMem = 0;
  lastMemQuota?: number;

  // --- context, for the report's context (resolveContext) and the remediation ----------------------------------
  /** the line that named the Gunicorn version / worker class / memory quota, for the context */
  versionSeen?: { hit: Hit };
  workerClassSeen?: Hit;
  /** a pasted shell command that filters the log (`kubectl logs … | grep …`): the output after it is a selection */
  filter?: Hit;
  /** the last command line the platform says it launched (Heroku "Starting process with command `…`") */
  launchCommand?: Hit;
  memoryQuota?: { mb: number; hit: Hit };
  /**
   * Memory facts for the worker-count arithmetic (src/remedy/suggest.ts), each with the line it came from:
   * whole dyno/container samples with the number of workers the log shows running at that moment, and per-process
   * RSS (a ps line, a kernel OOM report of a worker's anon-rss).
   */
  footprints: { mb: number; workers: number; quotaMb?: number; hit: Hit }[] = [];
  workerRss?: { mb: number; hit: Hit; how: string };
  masterRss?: { mb: number; hit: Hit };

  // --- the worker registry --------------------------------------------------------------------------------------
  /** live workers of the current master, by pid */
  readonly workers = new Map<number, WorkerState>();
  /** pids seen going (once each): a later boot replaces one of them */
  readonly deadPids = new Set<number>();
  /** workers gone (or asked for, TTIN) and not replaced yet: a boot beyond them replaces a worker that died silently */
  deathsPending = 0;
  /** after HUP / TTIN the master boots workers without a death first */
  respawnAllowed = false;
  /** pids whose exit code was reported (21.0–23.0 log two lines for one exit) */
  readonly exitReported = new Set<number>();
  /** the master just spawned its pool and nothing else happened yet: boots now are the initial ones */
  spawnPhase = false;
  /** the last WORKER TIMEOUT per worker pid (also for workers whose boot is not in the excerpt) */
  readonly timedOutAt = new Map<number, Hit>();
  /** workers that timed out inside a request (not idle) */
  readonly busyPids = new Set<number>();

  // --- the master -----------------------------------------------------------------------------------------------
  masterRunning = false;
  /** a stop is under way (Handling signal: term, a platform SIGTERM, systemd Stopping): kills now are the stop's */
  shuttingDown = false;
  stopRequested?: Hit;
  lastShutdown?: Hit;
  /** "Listening at" of the current master (cleared by a new master), and the last one seen at all */
  listening?: Hit;
  lastListening?: Hit;
  /** Heroku H12 lines, to pair with WORKER TIMEOUTs */
  readonly h12s: Hit[] = [];

  // --- a start-up failure under way (detectors/boot-failure.ts reads and decides it) ----------------------------
  /** Gunicorn (or the platform) confirmed a failed start-up: exit 3/4, "Worker failed to boot" */
  bootFailed = false;
  /** an exception whose context is not known yet: a boot failure confirms it */
  pendingBoot?: BootEvidence;
  /** the start-up failure's class, as far as it is known */
  bootClass?: BootEvidence;

  // --- a stop under way (detectors/idle-stop.ts reads and decides it) -------------------------------------------
  /** Heroku said Idling */
  idling?: Hit;
  /** the SIGTERM / exit 0 of an idled dyno */
  idleStopped?: Hit;
  /** the process exited 0 */
  stoppedExit0?: Hit;
  /** something started after the stop */
  startedAfterStop = false;

  // --- what the excerpt covers ----------------------------------------------------------------------------------
  /** the first line (and time) seen per input: what the excerpt covers */
  readonly firstSeen = new Map<string, { line: number; time?: number }>();
  lastTime?: number;

  /**
   * What the project files (or flags) say, resolved before the log is read: detectors fall back to it where the log
   * does not name the version or worker class, and compare gaps with the configured timeout.
   */
  readonly configured: Configured;

  constructor(detectors: readonly (new () => Detector)[], configured: Configured = {}) {
    this.configured = configured;
    this.detectors = detectors.map((D) => new D());
    let routeIndex = routeIndexes.get(detectors);
    if (!routeIndex) routeIndexes.set(detectors, (routeIndex = indexRoutes(this.detectors)));
    for (const [event, idx] of routeIndex)
      this.routes.set(
        event,
        idx.map((i) => this.detectors[i]),
      );
    this.everyLine = this.detectors.filter((d) => d.events === 'all');
  }

  /** the Gunicorn version: the log's "Starting gunicorn X", else the project's pin */
  gunicornVersion(): { major: number; minor: number; text: string; from: 'log' | 'config' } | undefined {
    const fromLog = this.versionSeen?.hit.captures.version;
    const text = fromLog ?? this.configured.gunicornVersion;
    const m = text ? /^(\d+)\.(\d+)/.exec(text) : null;
    return m && text ? { major: Number(m[1]), minor: Number(m[2]), text, from: fromLog ? 'log' : 'config' } : undefined;
  }

  /** the worker class: "Using worker: X", else the project's setting */
  workerClass(): string | undefined {
    return this.workerClassSeen?.captures.workerClass ?? this.configured.workerClass;
  }

  add(fact: FactId, hit: Hit | undefined, reason: string, strength: 'decisive' | 'supporting' = 'decisive'): void {
    const rec = this.facts.get(fact);
    if (!rec) {
      this.facts.set(fact, { id: fact, hits: hit ? [hit] : [], count: 1, reason, strength });
      return;
    }
    rec.count++;
    if (strength === 'decisive' && rec.strength === 'supporting') {
      rec.strength = 'decisive';
      rec.reason = reason;
      if (hit) rec.hits.unshift(hit);
    } else if (hit && rec.hits.length < MAX_EXAMPLES) rec.hits.push(hit);
    else if (hit) rec.hits[MAX_EXAMPLES - 1] = hit; // keep the latest as the last example
    if (rec.hits.length > MAX_EXAMPLES) rec.hits.length = MAX_EXAMPLES;
  }

  has(fact: FactId): boolean {
    return this.facts.has(fact);
  }

  /** a point on the report's chart */
  point(hit: Hit, kind: TimelineSummary['points'][number]['kind'], value?: number): void {
    if (hit.time === undefined || this.points.length >= MAX_POINTS) return;
    this.points.push(value === undefined ? { t: hit.time, kind } : { t: hit.time, kind, value });
  }

  /** b comes at most `ms` after a (by time; without times, at most NEAR_LINES lines after it in the same input) */
  near(a: Hit | undefined, b: Hit, ms: number): boolean {
    if (!a) return false;
    if (a.time !== undefined && b.time !== undefined)
      return b.time - a.time >= -NEAR_CLOCK_SKEW_MS && b.time - a.time <= ms;
    return a.source === b.source && b.line - a.line >= 0 && b.line - a.line <= NEAR_LINES;
  }

  /** the excerpt begins at (or a couple of lines / seconds before) this line: what came just before is not shown */
  cutBefore(h: Hit): boolean {
    const f = this.firstSeen.get(h.source);
    if (!f) return true;
    if (f.time !== undefined && h.time !== undefined) return h.time - f.time < CUT_WINDOW_MS;
    return h.line - f.line < CUT_WINDOW_LINES;
  }

  /** the line is output of a pasted command that filtered the log (what it dropped is not evidence of absence) */
  filtered(h: Hit): boolean {
    return this.filter !== undefined && this.filter.source === h.source && h.line > this.filter.line;
  }

  worker(pid: number): WorkerState | undefined {
    return this.workers.get(pid);
  }

  /** a worker is gone (once per pid): a later boot replaces it */
  died(pid: number | undefined): void {
    if (pid === undefined || !Number.isFinite(pid) || this.deadPids.has(pid)) return;
    this.deadPids.add(pid);
    if (this.deadPids.size > MAX_DEAD_PIDS) this.deadPids.clear();
    this.deathsPending++;
  }

  /**
   * Requests counted in bulk by the scanner (plain access and router lines between two recognised lines, and 5xx
   * access lines once the first few have come one by one):
   * the same effect on the sequence as pushing each of them, without building a Hit per line. Lines that matter one
   * by one (5xx, a router line near 30 s) still come through push().
   */
  addRequests(n: number, errors = 0): void {
    if (n <= 0) return;
    this.requests += n;
    // 5xx lines after the first few the scanner reported one by one (see ERROR_SAMPLES in file-scanner.ts)
    this.errorsRequests += errors;
    this.spawnPhase = false;
  }

  /** Feed one recognised line. Hits must arrive in input order. */
  push(h: Hit): void {
    const first = this.firstSeen.get(h.source);
    if (!first) this.firstSeen.set(h.source, { line: h.line, time: h.time });
    else if (first.time === undefined && h.time !== undefined) first.time = h.time;
    if (h.time !== undefined && (this.lastTime === undefined || h.time > this.lastTime)) this.lastTime = h.time;
    if (this.spawnPhase && !SPAWN_EVENTS.has(h.event)) this.spawnPhase = false;
    for (const d of this.routes.get(h.event) ?? this.everyLine) d.on(h, this);
  }

  /** Called at the end of the input: conclude facts that need the whole sequence. */
  finish(): void {
    for (const d of this.detectors) d.finish?.(this);
  }

  /** the highest memory sample (MB), for the worker-size estimate */
  get peakMemoryMb(): number | undefined {
    return this.maxMem > 0 ? this.maxMem : undefined;
  }

  summary(): TimelineSummary {
    const cadence: string[] = [];
    if (this.cadenceGaps.length && this.has('boot-timeout')) {
      const avg = this.cadenceGaps.reduce((a, b) => a + b, 0) / this.cadenceGaps.length;
      cadence.push(
        `workers time out about ${Math.round(avg)} s after booting, before serving any request (${this.cadenceGaps.length}×)`,
      );
    }
    if (this.timeouts && this.has('worker-timeout')) cadence.push(`${this.timeouts} worker timeouts`);
    const ooms = this.kills.filter((k) => k.kind === 'oom').length;
    if (ooms) cadence.push(`${ooms} worker SIGKILLs with no timeout before them`);
    const esc = this.kills.filter((k) => k.kind === 'timeout-escalation').length;
    if (esc) cadence.push(`${esc} SIGKILLs right after a WORKER TIMEOUT (timeout escalation, not memory)`);
    const sd = this.kills.filter((k) => k.kind === 'shutdown-escalation').length;
    if (sd) cadence.push(`${sd} SIGKILLs during a graceful stop (graceful_timeout expired, not memory)`);
    if (this.recycles) cadence.push(`${this.recycles} deliberate recycles (max_requests)`);
    if (this.reloads) cadence.push(`${this.reloads} reloads`);
    if (this.memory.length >= 2) {
      const q = this.lastMemQuota;
      cadence.push(
        `memory ${this.firstMem} MB → max ${this.maxMem} MB${q ? ` of a ${q} MB quota` : ''} over ${this.memory.length} samples`,
      );
    }
    if (this.masterStarts > 1) cadence.push(`Gunicorn (the master) started ${this.masterStarts} times`);
    if (this.r10After !== undefined)
      cadence.push(`the dyno was killed ${this.r10After} s after launch (R10: no bind on $PORT within 60 s)`);
    const ct = this.cycles.filter((t): t is number => t !== undefined);
    if (ct.length >= 2)
      cadence.push(
        `Heroku cycled the dyno ${ct.length} times, about every ${Math.round((ct[ct.length - 1] - ct[0]) / (ct.length - 1) / 3_600_000)} h (daily cycling)`,
      );
    else if (this.cycles.length === 1) cadence.push('Heroku cycled the dyno once (daily cycling)');
    return {
      masterStarts: this.masterStarts,
      workerBoots: this.workerBoots,
      workerDeaths: this.workerDeaths,
      kills: this.kills,
      timeouts: this.timeouts,
      recycles: this.recycles,
      reloads: this.reloads,
      platformEvents: this.platformEvents,
      requests: this.requests,
      memory: this.memory.slice(0, SUMMARY_MEMORY_SAMPLES),
      cadence,
      points: this.points,
    };
  }
}

/** Settings known from the project files or flags before the log is read (all optional). */
export interface Configured {
  timeout?: number;
  workers?: number;
  workerClass?: string;
  gunicornVersion?: string;
}
