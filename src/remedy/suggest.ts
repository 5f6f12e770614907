/**
 * Named, pure formulas for the numbers remediation pages use ({{suggest.*}} placeholders).
 * Each returns { value, reasoning }: the reasoning lines are shown to the user, so they say where every number
 * comes from. Timing facts: docs/log-catalog.md §5 (Heroku router 30 s, shutdown 30 s, k8s grace 30 s default,
 * docker stop 10 s, Gunicorn defaults timeout 30 / graceful_timeout 30 / max_requests 0).
 */
import type { Platform, ProjectInfo } from '../project/types.js';
import { isAsyncWorker } from '../catalog/worker-classes.js';
import { PLACEHOLDERS, type Placeholder } from '../catalog/fill.js';

export interface Suggestion<T> {
  /** undefined when the inputs do not decide a number (the reasoning then says what to measure). */
  value: T | undefined;
  reasoning: string[];
}

export const HEROKU_ROUTER_TIMEOUT_S = 30;
export const DEFAULT_KILL_WINDOW_S = {
  heroku: 30, // SIGTERM, then SIGKILL after 30 s
  kubernetes: 30, // terminationGracePeriodSeconds default
  docker: 10, // docker stop default
  systemd: 90, // DefaultTimeoutStopSec
  bare: undefined,
} as const satisfies Record<Platform, number | undefined>;
export const GUNICORN_DEFAULTS = {
  timeout: 30,
  gracefulTimeout: 30,
  workers: 1,
  threads: 1,
  maxRequests: 0,
  maxRequestsJitter: 0,
} as const;
/** Share of the memory limit kept free for spikes, the page cache and allocator fragmentation. */
export const HEADROOM = 0.2;
/** Typical RSS of a Django/Flask sync worker after warm-up, used only when nothing was measured. */
export const ESTIMATED_WORKER_RSS_MB = 150;
export const ESTIMATED_MASTER_RSS_MB = 50;

const isAsync = isAsyncWorker;

// ---- workers ----------------------------------------------------------------------------------------------------

export interface WorkersInput {
  memoryLimitMb?: number;
  workerRssMb?: number;
  masterRssMb?: number;
  cpus?: number;
  platform?: Platform;
  current?: number | string;
  /** where workerRssMb came from (the log's sample, a ps line, the user's answer), shown before the arithmetic */
  workerRssFrom?: string[];
}

export function suggestWorkers(i: WorkersInput): Suggestion<number> {
  const r: string[] = [];
  const current = typeof i.current === 'number' ? i.current : undefined;
  const cpuCap = i.cpus && i.cpus > 0 ? 2 * i.cpus + 1 : undefined;
  if (!i.memoryLimitMb || i.memoryLimitMb <= 0) {
    r.push('The memory limit is unknown, so the worker count cannot be derived from it.');
    r.push(`Measure the memory of one worker: ${measureHint(i.platform)}.`);
    if (cpuCap)
      r.push(
        `CPU gives only an upper bound: 2 × ${i.cpus} CPUs + 1 = ${cpuCap}; do not use it as the target without the memory numbers.`,
      );
    if (current !== undefined) r.push(`Keep workers = ${current} until the per-worker RSS is measured.`);
    if (i.platform === 'heroku')
      r.push(
        'On Heroku the memory limit is the dyno size (Basic/Standard-1X 512 MB, Standard-2X 1 GB, Performance-M 2.5 GB, Performance-L 14 GB).',
      );
    return { value: current, reasoning: r };
  }
  const measured = i.workerRssMb !== undefined && i.workerRssMb > 0;
  const master = i.masterRssMb !== undefined && i.masterRssMb > 0 ? i.masterRssMb : ESTIMATED_MASTER_RSS_MB;
  const usable = Math.floor(i.memoryLimitMb * (1 - HEADROOM));
  if (!measured) {
    // a number that would change the user's file needs a measured worker: an estimate only says where to start
    const guess = Math.max(1, Math.floor((usable - master) / ESTIMATED_WORKER_RSS_MB));
    r.push(
      'The memory of one worker is not in the log (no memory sample with the workers running, no ps or kernel OOM line) and was not given, so the worker count is not changed.',
    );
    r.push(
      `Measure it: ${measureHint(i.platform)}; then workers = (limit × ${1 - HEADROOM} − master) / per-worker memory.`,
    );
    r.push(
      `Only as a starting point: a typical Django/Flask worker of ≈${ESTIMATED_WORKER_RSS_MB} MB would give (${usable} − ${master}) / ${ESTIMATED_WORKER_RSS_MB} → ${guess} worker${guess === 1 ? '' : 's'} for ${i.memoryLimitMb} MB.`,
    );
    return { value: current, reasoning: r };
  }
  const worker = i.workerRssMb ?? 0; // measured: > 0 (the unmeasured case returned above)
  let n = Math.max(1, Math.floor((usable - master) / worker));
  r.push(...(i.workerRssFrom ?? [`Per-worker memory ${worker} MB (measured).`]));
  r.push(`Memory limit ${i.memoryLimitMb} MB; keeping ${HEADROOM * 100}% headroom leaves ${usable} MB.`);
  r.push(
    `workers = (${usable} − master ${master}${i.masterRssMb ? '' : ' (estimate)'}) / ${worker} = ${((usable - master) / worker).toFixed(1)} → ${n} worker${n === 1 ? '' : 's'}.`,
  );
  if (usable - master < worker)
    r.push(
      `Even one worker (${worker} MB) does not fit with headroom: raise the memory limit or reduce the app's memory.`,
    );
  if (cpuCap && n > cpuCap) {
    r.push(`Capped at the CPU bound 2 × ${i.cpus} + 1 = ${cpuCap}: more sync workers than that only queue on the CPU.`);
    n = cpuCap;
  }
  if (current !== undefined) {
    const need = current * worker + master;
    if (current > n)
      r.push(
        `Current workers = ${current} need ≈${need} MB (${current} × ${worker} + ${master}): ${need > i.memoryLimitMb ? `more than the ${i.memoryLimitMb} MB limit` : `more than the ${usable} MB that leaves headroom under the ${i.memoryLimitMb} MB limit, so any growth reaches it`}.`,
      );
    else if (current < n) r.push(`Current workers = ${current} fit; ${n} would also fit if you need more concurrency.`);
    else r.push(`Current workers = ${current} already match.`);
  }
  r.push(
    'Workers grow after boot (caches, leaks): re-check RSS under real traffic, and use max_requests to bound growth.',
  );
  return { value: n, reasoning: r };
}

function measureHint(platform?: Platform): string {
  switch (platform) {
    case 'heroku':
      return 'enable log-runtime-metrics (heroku labs:enable log-runtime-metrics) and read memory_total per dyno after warm-up, divided by the worker count';
    case 'kubernetes':
      return 'kubectl top pod <pod> --containers, or ps -o rss,cmd inside the container after warm-up';
    case 'docker':
      return 'docker stats --no-stream, or ps -o rss,cmd inside the container after warm-up';
    case 'systemd':
      return 'systemctl status <unit> (Memory:) or ps -o rss,cmd -C gunicorn after warm-up';
    default:
      return 'ps -o pid,rss,cmd -C gunicorn after the app has served traffic (RSS of the master and of each worker)';
  }
}

// ---- timeout ----------------------------------------------------------------------------------------------------

export interface TimeoutInput {
  platform?: Platform;
  current?: number;
  workerClass?: string;
}

export function suggestTimeout(i: TimeoutInput): Suggestion<number> {
  const r: string[] = [];
  const cur = i.current;
  const asyncWorker = isAsync(i.workerClass);
  if (asyncWorker)
    r.push(
      `With ${i.workerClass} workers, timeout only bounds how long a worker may go without a heartbeat (a blocked event loop), not a single request.`,
    );
  if (i.platform === 'heroku') {
    const cap = HEROKU_ROUTER_TIMEOUT_S - 1;
    if (cur === undefined || cur === 0 || cur > cap) {
      const v = 25;
      if (cur !== undefined && cur > cap)
        r.push(
          `timeout = ${cur} is past Heroku's router limit: the router answers 503 (H12) at ${HEROKU_ROUTER_TIMEOUT_S} s, so raising Gunicorn's timeout past it does not help — the worker keeps working for a client that is gone.`,
        );
      if (cur === 0)
        r.push(
          'timeout = 0 disables the worker timeout: a stuck request holds the worker forever while the router has already given up at 30 s.',
        );
      r.push(
        `Use ${v} s: below the ${HEROKU_ROUTER_TIMEOUT_S} s router so Gunicorn frees (and logs) the stuck worker before H12; move slow work to a background job.`,
      );
      return { value: v, reasoning: r };
    }
    r.push(`timeout = ${cur} is already below Heroku's ${HEROKU_ROUTER_TIMEOUT_S} s router limit; keep it.`);
    return { value: cur, reasoning: r };
  }
  if (cur === undefined) {
    r.push(
      `Not set: Gunicorn's default is ${GUNICORN_DEFAULTS.timeout} s; keep it unless a known endpoint is legitimately slower.`,
    );
    return { value: GUNICORN_DEFAULTS.timeout, reasoning: r };
  }
  if (cur === 0) {
    r.push(
      `timeout = 0 disables the worker timeout: a hung worker is never replaced. Use ${GUNICORN_DEFAULTS.timeout} s.`,
    );
    return { value: GUNICORN_DEFAULTS.timeout, reasoning: r };
  }
  if (cur > 120 && !asyncWorker) {
    r.push(
      `timeout = ${cur} s keeps a stuck sync worker busy for ${cur} s; a proxy/load balancer in front usually gives up much earlier (nginx 60 s, AWS ALB 60 s). Fix the slow request (or move it to a job) rather than raising the timeout; keep ${cur} only if an endpoint truly needs it.`,
    );
    return { value: cur, reasoning: r };
  }
  r.push(
    `timeout = ${cur} s is reasonable; raise it only for a slow endpoint you have measured, and keep it below any proxy timeout in front.`,
  );
  return { value: cur, reasoning: r };
}

// ---- graceful_timeout -----------------------------------------------------------------------------------------------

export interface GracefulInput {
  platform?: Platform;
  killWindowSeconds?: number;
  current?: number;
}

export function suggestGracefulTimeout(i: GracefulInput): Suggestion<number> {
  const r: string[] = [];
  const window = i.killWindowSeconds ?? (i.platform ? DEFAULT_KILL_WINDOW_S[i.platform] : undefined);
  const what: Record<Platform, string> = {
    heroku: 'Heroku sends SIGKILL 30 s after SIGTERM',
    kubernetes: 'Kubernetes sends SIGKILL terminationGracePeriodSeconds after SIGTERM',
    docker: 'docker stop sends SIGKILL after its grace period (stop_grace_period / --time, default 10 s)',
    systemd: 'systemd sends SIGKILL TimeoutStopSec after SIGTERM (default 90 s)',
    bare: 'the supervisor decides when SIGKILL follows SIGTERM',
  };
  if (window === undefined) {
    r.push(
      `No platform kill window known: keep Gunicorn's default graceful_timeout ${GUNICORN_DEFAULTS.gracefulTimeout} s, below whatever sends SIGKILL after SIGTERM.`,
    );
    return { value: i.current ?? GUNICORN_DEFAULTS.gracefulTimeout, reasoning: r };
  }
  const margin = window <= 15 ? 2 : 5;
  const v = Math.max(1, window - margin);
  r.push(
    `${i.platform ? what[i.platform] : 'SIGKILL follows SIGTERM'}${i.killWindowSeconds !== undefined ? ` (here ${window} s)` : ` (${window} s)`}.`,
  );
  r.push(
    `graceful_timeout ${v} s = ${window} − ${margin}: workers finish in-flight requests and exit before the SIGKILL, so shutdowns are clean, not kills.`,
  );
  if (i.current !== undefined && i.current >= window)
    r.push(
      `The current graceful_timeout = ${i.current} s is not below the ${window} s kill window: the platform kills the workers first.`,
    );
  return { value: v, reasoning: r };
}

// ---- max_requests + jitter ---------------------------------------------------------------------------------------

export interface MaxRequestsInput {
  current?: number;
  currentJitter?: number;
}

export function suggestMaxRequests(
  i: MaxRequestsInput,
): Suggestion<{ maxRequests: number; maxRequestsJitter: number }> {
  const r: string[] = [];
  const max = i.current && i.current > 0 ? i.current : 1000;
  if (i.current && i.current > 0) r.push(`max_requests = ${i.current} is already set; keep it.`);
  else
    r.push(
      'max_requests = 1000 recycles each worker after ~1000 requests, which bounds slow memory growth (leaks, caches).',
    );
  const lo = Math.max(1, Math.round(max * 0.05));
  const hi = Math.max(1, Math.round(max * 0.1));
  let jitter: number;
  if (i.currentJitter !== undefined && i.currentJitter >= lo && i.currentJitter <= hi) {
    jitter = i.currentJitter;
    r.push(`max_requests_jitter = ${jitter} is within 5–10% of max_requests; keep it.`);
  } else {
    jitter = hi;
    r.push(
      `max_requests_jitter = ${jitter} (10% of ${max}): each worker's limit is max_requests + randint(0, jitter), so workers do not all recycle at once.`,
    );
    if (i.currentJitter === 0 || i.currentJitter === undefined)
      r.push('Without jitter, workers booted together reach the limit together and restart at the same moment.');
  }
  r.push('Recycles log "Autorestarting worker after current request." — that is expected, not a failure.');
  return { value: { maxRequests: max, maxRequestsJitter: jitter }, reasoning: r };
}

// ---- threads ------------------------------------------------------------------------------------------------------

export interface ThreadsInput {
  workerClass?: string;
  current?: number;
  ioBound?: boolean;
  workers?: number;
}

export function suggestThreads(i: ThreadsInput): Suggestion<number> {
  const r: string[] = [];
  if (isAsync(i.workerClass)) {
    r.push(`${i.workerClass} workers handle concurrency themselves; threads does not apply.`);
    return { value: 1, reasoning: r };
  }
  if (i.ioBound === false) {
    r.push('CPU-bound requests gain nothing from threads (the GIL); scale with workers instead.');
    return { value: i.current ?? 1, reasoning: r };
  }
  if (i.current && i.current > 1) {
    r.push(`threads = ${i.current} (gthread) already serves I/O-bound requests concurrently; keep it.`);
    return { value: i.current, reasoning: r };
  }
  if (i.ioBound) {
    r.push(
      'I/O-bound requests (database, HTTP calls) spend most of their time waiting: 4 threads per worker (gthread) serve several at once without the memory of extra processes.',
    );
    if (i.workers) r.push(`${i.workers} workers × 4 threads = ${i.workers * 4} concurrent requests.`);
    r.push("Threads share the worker's memory; check the app is thread-safe.");
    return { value: 4, reasoning: r };
  }
  r.push(
    'threads = 1 (sync worker). For I/O-bound apps, --threads 2–4 (gthread) adds concurrency without more memory per request.',
  );
  return { value: i.current ?? 1, reasoning: r };
}

// ---- memory limit ---------------------------------------------------------------------------------------------

export interface MemoryInput {
  workers?: number;
  workerRssMb?: number;
  masterRssMb?: number;
  memoryLimitMb?: number;
}

/** The memory limit the current worker count needs (rounded up to 64 MB), or the known limit when RSS is unknown. */
export function suggestMemoryLimit(i: MemoryInput): Suggestion<number> {
  const r: string[] = [];
  if (!i.workers || !i.workerRssMb) {
    if (i.memoryLimitMb)
      r.push(
        `Memory limit ${i.memoryLimitMb} MB (from the project); per-worker RSS not measured, so the need is unknown.`,
      );
    else r.push('Neither the memory limit nor the per-worker RSS is known.');
    return { value: i.memoryLimitMb, reasoning: r };
  }
  const master = i.masterRssMb ?? ESTIMATED_MASTER_RSS_MB;
  const need = (i.workers * i.workerRssMb + master) / (1 - HEADROOM);
  const v = Math.ceil(need / 64) * 64;
  r.push(
    `${i.workers} workers × ${i.workerRssMb} MB + master ${master} MB, plus ${HEADROOM * 100}% headroom = ${Math.round(need)} MB → ${v} MB.`,
  );
  if (i.memoryLimitMb && i.memoryLimitMb < v)
    r.push(`The current limit ${i.memoryLimitMb} MB is too small for that: raise it or lower workers.`);
  return { value: v, reasoning: r };
}

// ---- all ----------------------------------------------------------------------------------------------------------

export interface SuggestContext {
  platform?: Platform;
  memoryLimitMb?: number;
  workerRssMb?: number;
  masterRssMb?: number;
  cpus?: number;
  workers?: number | string;
  timeout?: number;
  gracefulTimeout?: number;
  workerClass?: string;
  threads?: number;
  maxRequests?: number;
  maxRequestsJitter?: number;
  killWindowSeconds?: number;
  ioBound?: boolean;
  workerRssFrom?: string[];
}

/** the placeholders a cause page fills with a computed suggestion: PLACEHOLDERS' `suggest.*` entries, in their order */
export type SuggestKey = Extract<Placeholder, `suggest.${string}`>;

export const SUGGEST_KEYS: readonly SuggestKey[] = PLACEHOLDERS.filter((p): p is SuggestKey =>
  p.startsWith('suggest.'),
);

export function suggestAll(ctx: SuggestContext): Record<SuggestKey, Suggestion<number>> {
  const workers = suggestWorkers({
    memoryLimitMb: ctx.memoryLimitMb,
    workerRssMb: ctx.workerRssMb,
    masterRssMb: ctx.masterRssMb,
    cpus: ctx.cpus,
    platform: ctx.platform,
    current: ctx.workers,
    workerRssFrom: ctx.workerRssFrom,
  });
  const mr = suggestMaxRequests({ current: ctx.maxRequests, currentJitter: ctx.maxRequestsJitter });
  return {
    'suggest.workers': workers,
    'suggest.timeout': suggestTimeout({ platform: ctx.platform, current: ctx.timeout, workerClass: ctx.workerClass }),
    'suggest.graceful_timeout': suggestGracefulTimeout({
      platform: ctx.platform,
      killWindowSeconds: ctx.killWindowSeconds,
      current: ctx.gracefulTimeout,
    }),
    'suggest.max_requests': { value: mr.value?.maxRequests, reasoning: mr.reasoning },
    'suggest.max_requests_jitter': { value: mr.value?.maxRequestsJitter, reasoning: mr.reasoning },
    'suggest.threads': suggestThreads({
      workerClass: ctx.workerClass,
      current: ctx.threads,
      ioBound: ctx.ioBound,
      workers: workers.value,
    }),
    'suggest.memory_limit_mb': suggestMemoryLimit({
      workers: workers.value ?? (typeof ctx.workers === 'number' ? ctx.workers : undefined),
      workerRssMb: ctx.workerRssMb,
      masterRssMb: ctx.masterRssMb,
      memoryLimitMb: ctx.memoryLimitMb,
    }),
  };
}

/** Just the numbers, keyed by placeholder name (for fill.ts). */
export function suggestValues(ctx: SuggestContext): Record<SuggestKey, number | undefined> {
  const all = suggestAll(ctx);
  return Object.fromEntries(SUGGEST_KEYS.map((k) => [k, all[k].value])) as Record<SuggestKey, number | undefined>;
}

/** The SuggestContext a discovered project provides (logs/answers may add RSS and CPU). */
export function suggestContextFromProject(p: ProjectInfo): SuggestContext {
  const s = p.settings;
  return {
    platform: p.platform?.value,
    memoryLimitMb: s.memoryLimitMb?.value,
    workers: s.workers?.value,
    timeout: s.timeout?.value,
    gracefulTimeout: s.gracefulTimeout?.value,
    workerClass: s.workerClass?.value,
    threads: s.threads?.value,
    maxRequests: s.maxRequests?.value,
    maxRequestsJitter: s.maxRequestsJitter?.value,
    killWindowSeconds: s.killWindowSeconds?.value,
  };
}
