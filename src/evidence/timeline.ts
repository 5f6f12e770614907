/**
 * The timeline: consumes recognised lines (Hits) in order and derives facts from sequences and cadence.
 *
 * Online and bounded: per-pid state lives only while a worker lives, evidence keeps a few examples per fact, and
 * requests are counted, never stored. Look-alikes are resolved by sequence, not keyword:
 *  - a SIGKILL within a few seconds after WORKER TIMEOUT for the same pid is the timeout's escalation;
 *  - a SIGKILL while the master is shutting down is the graceful-timeout escalation;
 *  - a traceback inside "Error handling request" is a runtime error, not a boot failure;
 *  - a new master after a graceful stop is a restart, not a crash.
 */
import type { Hit } from './events.js';
import type { FactId } from './facts.js';
import type { TimelineSummary } from '../report/types.js';

export interface FactRecord {
  id: FactId;
  /** example lines (first few, plus the latest) */
  hits: Hit[];
  count: number;
  reason: string;
  strength: 'decisive' | 'supporting';
}

interface WorkerState {
  pid: number;
  bootTime?: number;
  bootLine: number;
  bootSource: string;
  requestsAtBoot: number;
  timedOut?: Hit;
  dead?: boolean;
}

type BootClass = 'config-error' | 'bind-failure' | 'app-not-found' | 'missing-env' | 'dependency-refused' | 'import-error';

const MAX_EXAMPLES = 4;
const MAX_WORKERS = 20000;
const KILL_AFTER_TIMEOUT_MS = 5000;
/** how late a SIGKILL of a timed-out worker not reported dead meanwhile still counts as the timeout's escalation */
const STALLED_KILL_MS = 60_000;
const NEAR_LINES = 12;

const SIGNAL_NUMBERS: Record<string, number> = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9,
  SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15,
};

/** "SIGKILL" | "9" | "signal 9" | "code 139" → signal number (code 139 = 128+11 with core). */
export function signalNumber(raw: string | undefined): number | undefined {
  if (!raw) return undefined;
  const s = raw.trim().toUpperCase();
  if (s in SIGNAL_NUMBERS) return SIGNAL_NUMBERS[s];
  const code = /^CODE (\d+)$/.exec(s);
  if (code) {
    const n = Number(code[1]);
    return n > 128 ? n - 128 : n & 0x7f;
  }
  const m = /(\d+)$/.exec(s);
  return m ? Number(m[1]) : undefined;
}

export function versionFact(version: string): FactId | undefined {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return undefined;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major < 20 || (major === 20 && minor === 0)) return 'version-19-20-0';
  if (major === 20) return 'version-20-1';
  if (major <= 23) return 'version-21-23';
  return 'version-24-plus';
}

const ENV_NAME = /^[A-Z][A-Z0-9_]{2,}$/;
const CONNECTION_TROUBLE = /Connection refused|ECONNREFUSED|\[Errno (?:111|61)\]|Name or service not known|nodename nor servname provided|Temporary failure in name resolution|getaddrinfo failed/;

export class Timeline {
  readonly facts = new Map<FactId, FactRecord>();
  private workers = new Map<number, WorkerState>();
  requests = 0;
  private errorsRequests = 0;
  masterStarts = 0;
  workerBoots = 0;
  workerDeaths = 0;
  timeouts = 0;
  recycles = 0;
  reloads = 0;
  platformEvents = 0;
  private kills: TimelineSummary['kills'] = [];
  private memory: TimelineSummary['memory'] = [];
  private points: TimelineSummary['points'] = [];
  private cadenceGaps: number[] = [];
  private timeoutCandidates: { hit: Hit; pid: number; gap?: number; unserved?: boolean }[] = [];
  private busyPids = new Set<number>();
  /** the last `Reason:` of a terminated container state (kubectl describe) */
  private k8sReason?: Hit;
  /** the last WORKER TIMEOUT per worker pid (also for workers whose boot is not in the excerpt) */
  private timedOutAt = new Map<number, Hit>();
  private h12s: Hit[] = [];
  private exitReported = new Set<number>();
  private scaleSignals = 0;
  private proxyRefused?: Hit;
  private launchedAt?: number;
  private r10After?: number;
  private cycles: (number | undefined)[] = [];
  private lastListening?: Hit;
  private exits: { hit: Hit; code: number; early: boolean; served: boolean; w?: WorkerState }[] = [];

  // sequence state
  private shuttingDown = false;
  private stopRequested?: Hit;
  private lastShutdown?: Hit;
  private masterRunning = false;
  private listening?: Hit;
  private tracebackContext: 'boot' | 'worker' | 'request' | 'master' | 'config' | 'none' = 'none';
  private tracebackContextLine = 0;
  private pendingBoot?: { cls: BootClass; hit: Hit; reason: string; strength?: 'supporting' };
  private bootClass?: { cls: BootClass; hit: Hit; reason: string; strength?: 'supporting' };
  private bootFailed = false;
  private idling?: Hit;
  private idleStopped?: Hit;
  private stoppedExit0?: Hit;
  private startedAfterStop = false;
  private r10?: Hit;
  private lastMemQuota?: number;
  private firstMem?: number;
  private maxMem = 0;
  private probeFailures: Hit[] = [];
  private dieAfterServe = 0;
  /** the line that named the Gunicorn version / worker class / memory quota, for the context */
  versionSeen?: { hit: Hit };
  workerClassSeen?: Hit;
  memoryQuota?: { mb: number; hit: Hit };
  gunicornLines = 0;
  /** the last traceback frame seen: where the next exception line was raised */
  private lastFrame?: Hit;
  /** the last frame outside Python's frozen import machinery */
  private lastAppFrame?: Hit;
  /** the last import error, for chained tracebacks ("During handling of the above exception…") */
  private chainImport?: Hit;
  /** the current traceback passes through Gunicorn's own code (a --preload import, the arbiter) */
  private gunicornFrame = false;
  private appErrors = 0;
  private firstAppError?: Hit;
  private classByText = new Map<string, { cls: BootClass; reason: string; strength?: 'supporting' }>();
  private spawnPhase = false;
  private firstBootTime?: number;
  private masterStartTime?: number;
  private deathsPending = 0;
  private deadPids = new Set<number>();
  /** after HUP / TTIN the master boots workers without a death first */
  private respawnAllowed = false;
  /** per-worker RSS seen in a kernel OOM report (anon-rss), for the worker-count arithmetic */
  workerRssMb?: number;
  /** what the bind failures said: Connection in use / Errno 98, an unbindable address, or bare retries */
  private bindKinds = { inUse: undefined as Hit | undefined, address: undefined as Hit | undefined, retries: [] as Hit[] };
  /** the last command-line usage error (argparse), to tell Gunicorn's own from one printed by a worker */
  private lastArgparse?: Hit;
  /** the first line (and time) seen per input: what the excerpt covers */
  private firstSeen = new Map<string, { line: number; time?: number }>();
  private lastTime?: number;
  /** a release / deploy line, and Heroku's "Restarting" (the restart it triggers, or one by hand) */
  private deployHit?: Hit;
  private restartingHit?: Hit;
  private operatorHit?: Hit;
  /** ASGI workers whose start-up (lifespan) began and has not completed */
  private asgiStarting = new Map<number, Hit>();
  /** supervisord saw the program exit unexpectedly */
  private supervisorExit?: Hit;

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

  private point(hit: Hit, kind: TimelineSummary['points'][number]['kind'], value?: number): void {
    if (hit.time === undefined || this.points.length >= 5000) return;
    this.points.push(value === undefined ? { t: hit.time, kind } : { t: hit.time, kind, value });
  }

  private near(a: Hit | undefined, b: Hit, ms: number): boolean {
    if (!a) return false;
    if (a.time !== undefined && b.time !== undefined) return b.time - a.time >= -1000 && b.time - a.time <= ms;
    return a.source === b.source && b.line - a.line >= 0 && b.line - a.line <= NEAR_LINES;
  }

  private worker(pid: number): WorkerState | undefined {
    return this.workers.get(pid);
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
    // 5xx lines after the first few the scanner reported one by one (see ERROR_SAMPLES in scan.ts)
    this.errorsRequests += errors;
    this.spawnPhase = false;
  }

  /** Feed one recognised line. Hits must arrive in input order. */
  push(h: Hit): void {
    const first = this.firstSeen.get(h.source);
    if (!first) this.firstSeen.set(h.source, { line: h.line, time: h.time });
    else if (first.time === undefined && h.time !== undefined) first.time = h.time;
    if (h.time !== undefined && (this.lastTime === undefined || h.time > this.lastTime)) this.lastTime = h.time;
    if (this.spawnPhase && h.event !== 'worker-boot' && h.event !== 'master-start' && h.event !== 'listening' && h.event !== 'using-worker' && h.event !== 'reloader-on' && h.event !== 'gunicorn-noise' && h.event !== 'asgi-startup') this.spawnPhase = false;
    this.context(h);
    switch (h.event) {
      case 'request':
      case 'router-ok': {
        if (h.captures.count !== undefined) {
          // a batch of plain request lines counted by the scanner (see addRequests)
          this.addRequests(Number(h.captures.count), Number(h.captures.errors ?? 0));
          return;
        }
        this.requests++;
        const st = Number(h.captures.status);
        if (st >= 500) {
          this.errorsRequests++;
          if (this.errorsRequests <= 3) this.add('problem-signs', h, 'requests failed with 5xx', 'supporting');
        }
        if (h.event === 'router-ok' && Number(h.captures.service) >= 29000) {
          this.add('router-timeout', h, 'a request took the full 30 s router window', 'supporting');
        }
        return;
      }
      case 'master-start':
        this.onMasterStart(h);
        return;
      case 'listening':
        this.listening = h;
        this.lastListening = h;
        this.gunicornLines++;
        return;
      case 'using-worker':
        this.gunicornLines++;
        return;
      case 'worker-boot':
        this.onWorkerBoot(h);
        return;
      case 'handling-signal':
        this.onSignal(h);
        return;
      case 'hang-up':
        this.respawnAllowed = true;
        this.gunicornLines++;
        this.reloads++;
        this.add('reload', h, 'the master received SIGHUP and reloaded its workers');
        return;
      case 'shutdown':
        this.gunicornLines++;
        this.lastShutdown = h;
        this.masterRunning = false;
        this.shuttingDown = true;
        this.point(h, 'master');
        return;
      case 'shutdown-reason':
        this.onShutdownReason(h);
        return;
      case 'master-crash':
        this.gunicornLines++;
        this.tracebackContext = 'master';
        this.tracebackContextLine = h.line;
        this.add('problem-signs', h, 'the Gunicorn master crashed', 'decisive');
        return;
      case 'worker-timeout':
        this.onTimeout(h);
        return;
      case 'worker-signal':
        this.onWorkerSignal(h);
        return;
      case 'worker-exit-code':
        this.onWorkerExitCode(h);
        return;
      case 'worker-exit': {
        this.gunicornLines++;
        const pid = Number(h.captures.pid ?? h.pid);
        const w = this.worker(pid);
        this.onWorkerExiting(h, pid, w);
        if (w && !w.timedOut && !this.shuttingDown) this.point(h, 'exit');
        if (w) w.dead = true;
        this.died(pid);
        return;
      }
      case 'worker-exception': {
        this.gunicornLines++;
        const w = h.pid !== undefined ? this.worker(h.pid) : undefined;
        // "Exception in worker process" after the worker served requests is a runtime crash (exit 255), not a boot failure
        // a boot failure raises right after the fork; long after it (or after requests) it is a runtime exception
        const longAfterBoot = !!w && w.bootTime !== undefined && h.time !== undefined && h.time - w.bootTime > 120_000;
        const afterServing = longAfterBoot || (w ? this.requests > w.requestsAtBoot : this.requests > 0);
        // requests may come from the other workers: after serving, the exception is only decided by what follows
        // (Worker failed to boot / exit 3 → boot; exit 255 and the master carrying on → runtime)
        this.tracebackContext = afterServing ? 'worker' : 'boot';
        this.tracebackContextLine = h.line;
        this.add('problem-signs', h, afterServing ? 'a worker raised and exited after serving requests' : 'a worker raised during start-up', 'decisive');
        return;
      }
      case 'request-error':
        this.gunicornLines++;
        this.tracebackContext = 'request';
        this.tracebackContextLine = h.line;
        this.requests++;
        this.onRequestError(h);
        return;
      case 'traceback-frame':
        this.lastFrame = h;
        if (/[\\/]gunicorn[\\/]/.test(h.captures.file ?? '')) this.gunicornFrame = true;
        if (!/^<frozen |[\\/]importlib[\\/]/.test(h.captures.file ?? '')) this.lastAppFrame = h;
        return;
      case 'traceback-start':
        this.lastFrame = undefined;
        this.gunicornFrame = false;
        if (this.tracebackContext !== 'none' && this.tracebackContext !== 'config' && h.line - this.tracebackContextLine > 3) this.tracebackContext = 'none';
        return;
      case 'autorestart':
        this.gunicornLines++;
        this.recycles++;
        this.point(h, 'recycle');
        this.add('max-requests', h, 'the worker reached max_requests and restarted on purpose');
        return;
      case 'reload-modified':
      case 'reloader-on':
        this.gunicornLines++;
        if (h.event === 'reload-modified') {
          this.reloads++;
          this.point(h, 'recycle');
          this.add('reload', h, 'the code reloader restarted the worker after a file changed');
        } else this.add('reload', h, '--reload is on: workers restart whenever a file changes', 'supporting');
        return;
      case 'config-error':
        if (/argparse|usage/.test(h.sig) || /^usage: |: error: /.test(h.text.slice(0, 400))) this.lastArgparse = h;
        this.bootEvidence('config-error', h, 'Gunicorn rejected its configuration before any worker started');
        // a traceback printed with the config error (bad config file, worker class that cannot be imported) explains it
        this.tracebackContext = 'config';
        this.tracebackContextLine = h.line;
        return;
      case 'app-not-found':
        this.bootEvidence('app-not-found', h, 'the module imported but the WSGI application object was not found');
        return;
      case 'bind-in-use':
      case 'bind-give-up':
      case 'bind-invalid':
      case 'bind-retry': {
        const errno = Number(h.captures.errno);
        if (h.event === 'bind-in-use' || errno === 98 || errno === 48) this.bindKinds.inUse ??= h;
        else if (h.event === 'bind-invalid' || (h.event === 'bind-retry' && Number.isFinite(errno))) this.bindKinds.address ??= h;
        else if (h.event === 'bind-retry' && this.bindKinds.retries.length < MAX_EXAMPLES) this.bindKinds.retries.push(h);
        this.bootEvidence('bind-failure', h, h.event === 'bind-retry' ? `Gunicorn could not bind its listening socket and retries every second${h.captures.detail ? ` (${h.captures.detail})` : ''}` : 'Gunicorn could not bind its listening socket');
        return;
      }
      case 'exc-import':
      case 'exc-missing-env':
      case 'exc-dependency':
      case 'exc-other':
        this.onException(h);
        return;
      case 'fatal-python-error':
        this.add('worker-crash', h, 'the Python interpreter itself crashed (native code)');
        this.add('problem-signs', h, 'fatal Python error');
        return;
      case 'lifespan-failed':
        this.bootEvidence(undefined, h, 'the ASGI application failed its start-up (lifespan) and the worker exited');
        return;
      case 'asgi-startup': {
        this.gunicornLines++;
        const pid = h.pid;
        if (pid === undefined) return;
        if (h.captures.done) this.asgiStarting.delete(pid);
        else if (this.asgiStarting.size < 1000) this.asgiStarting.set(pid, h);
        return;
      }
      case 'app-error':
        this.appErrors++;
        this.firstAppError ??= h;
        return;
      case 'graceful-timeout':
      case 'parent-changed':
      case 'gunicorn-noise':
        this.gunicornLines++;
        return;
      case 'router-error':
        this.onRouterError(h);
        return;
      case 'heroku-error':
        this.onHerokuError(h);
        return;
      case 'heroku-state':
        this.onHerokuState(h);
        return;
      case 'heroku-exit':
        this.onProcessExit(h, Number(h.captures.code), 'heroku');
        return;
      case 'heroku-stop':
        this.platformEvents++;
        if (/TERM/i.test(h.captures.signal ?? '')) {
          this.stopRequested = h;
          this.shuttingDown = true;
          if (this.idling) this.idleStopped = h;
        }
        return;
      case 'heroku-idling':
        this.platformEvents++;
        this.idling = h;
        return;
      case 'heroku-unidling':
        this.platformEvents++;
        if (this.idling || this.idleStopped) this.add('idle-woke', h, 'Heroku idled the dyno and woke it again on the next request: the normal life of a sleeping dyno');
        this.idling = undefined;
        this.idleStopped = undefined;
        this.startedAfterStop = true;
        return;
      case 'heroku-cycling':
        this.platformEvents++;
        this.cycles.push(h.time);
        this.point(h, 'platform');
        this.add('scheduled-cycle', h, 'Heroku restarts every dyno about once a day (cycling)');
        this.add('platform-restart', h, 'the platform cycled the dyno', 'supporting');
        return;
      case 'platform-deploy':
        this.platformEvents++;
        this.deployHit ??= h;
        return;
      case 'shell-command': {
        // the pasted command that produced or preceded the log: `docker compose up -d --build` redeploys,
        // `systemctl restart` / `heroku restart` / `kubectl rollout restart` restart by hand
        const cmd = h.text.slice(0, 300);
        if (/\b(?:up\b[^|;&]{0,40}(?:-d|--build|--force-recreate)|deploy|releases?:|push heroku)\b/.test(cmd)) this.deployHit ??= h;
        else if (/\b(?:restart|ps:restart|rollout restart|try-restart|reload)\b/.test(cmd)) this.operatorHit ??= h;
        return;
      }
      case 'operator-action':
        this.platformEvents++;
        if (/^Recreat/.test(h.captures.kind ?? '')) this.deployHit ??= h;
        else this.operatorHit ??= h;
        return;
      case 'heroku-restarting':
        this.platformEvents++;
        this.restartingHit ??= h;
        this.point(h, 'platform');
        this.add('clean-restart', h, 'the dyno was restarted (deploy, config change or manual restart)', 'supporting');
        return;
      case 'heroku-starting-process':
        this.platformEvents++;
        this.launchedAt = h.time;
        this.onProcessStart();
        return;
      case 'memory-sample':
        this.onMemory(h);
        return;
      case 'port-not-listening':
        this.onPortNotListening(h, 'the platform found nothing listening on the port it routes to');
        return;
      case 'k8s-oomkilled':
      case 'docker-oomkilled':
      case 'container-oom':
        this.add('oom-kill', h, h.event === 'container-oom' ? 'the platform killed the container for exceeding its memory limit' : `${h.event === 'k8s-oomkilled' ? 'Kubernetes' : 'Docker'} reports the container was OOMKilled`);
        this.add('oom-container', h, 'the container as a whole exceeded its memory limit');
        this.add('problem-signs', h, 'OOMKilled');
        return;
      case 'k8s-exit-code': {
        const code = Number(h.captures.code);
        const r = this.k8sReason;
        // `Reason: Error` beside `Exit Code: 137`: Kubernetes saw no OOM kill (it would say OOMKilled); the SIGKILL
        // came from outside — the kubelet at the end of a stop's grace period (probe failure, eviction, deletion)
        if ((code === 137 || code === 9) && r && r.source === h.source && Math.abs(h.line - r.line) <= 6 && r.captures.reason === 'Error') {
          this.platformEvents++;
          this.point(h, 'master');
          this.add('platform-restart', h, 'the container was SIGKILLed (exit 137) but Kubernetes reports Reason: Error, not OOMKilled: it was stopped from outside (a failed liveness probe, an eviction, a deletion) and killed after its grace period', 'supporting');
          this.add('problem-signs', h, 'the container was killed by Kubernetes', 'supporting');
          return;
        }
        this.onProcessExit(h, code, 'kubernetes');
        return;
      }
      case 'k8s-backoff':
        this.platformEvents++;
        this.add('policy-restart', h, 'Kubernetes keeps restarting a container that exits (CrashLoopBackOff)', 'supporting');
        this.add('problem-signs', h, 'CrashLoopBackOff');
        return;
      case 'k8s-probe-failed':
        this.platformEvents++;
        this.probeFailures.push(h);
        if (this.probeFailures.length > 20) this.probeFailures.shift();
        return;
      case 'k8s-probe-kill':
      case 'health-kill':
        this.onProbeKill(h);
        return;
      case 'platform-stop': {
        this.platformEvents++;
        this.point(h, 'platform');
        const mem = /memory/i.test(h.captures.resource ?? '');
        this.add('platform-initiated-stop', h, `the platform stopped it on its own (${h.captures.reason ?? 'node event'})`);
        this.add('platform-restart', h, 'the platform moved or restarted the process', 'supporting');
        if (mem) this.add('memory-pressure', h, 'the node evicted the pod because it ran low on memory', 'supporting');
        return;
      }
      case 'k8s-restart-count':
        if (Number(h.captures.count) > 0) this.add('master-restarted', h, 'the container has been restarted', 'supporting');
        return;
      case 'k8s-terminated':
      case 'k8s-killing':
        this.platformEvents++;
        if (h.captures.reason !== undefined) this.k8sReason = h;
        return;
      case 'container-exit':
        this.onProcessExit(h, Number(h.captures.code), 'docker');
        return;
      case 'systemd-oom':
        this.add('oom-kill', h, 'systemd reports the OOM killer killed a process of the unit');
        this.add('oom-container', h, 'the unit exceeded its memory');
        this.add('problem-signs', h, 'OOM');
        return;
      case 'systemd-main-exit': {
        const status = h.captures.status ?? '';
        const n = Number(/^(\d+)/.exec(status)?.[1] ?? NaN);
        if (/killed|dumped/.test(h.captures.how ?? '')) this.onProcessExit(h, 128 + (signalNumber(status.replace(/^\d+\//, '')) ?? n), 'systemd');
        else this.onProcessExit(h, n, 'systemd');
        return;
      }
      case 'systemd-result':
        if (/oom/i.test(h.captures.result ?? '')) {
          this.add('oom-kill', h, "systemd: the unit failed with result 'oom-kill'");
          this.add('oom-container', h, 'the unit exceeded its memory');
        }
        this.add('problem-signs', h, 'the unit failed', 'supporting');
        return;
      case 'systemd-restart':
      case 'systemd-repeat':
        this.platformEvents++;
        this.point(h, 'platform');
        this.add('policy-restart', h, "systemd's Restart= policy restarted the unit after it exited");
        this.add('platform-restart', h, 'systemd restarted the unit', 'supporting');
        return;
      case 'systemd-stopping':
        this.platformEvents++;
        this.shuttingDown = true;
        this.stopRequested = h;
        return;
      case 'systemd-started':
      case 'systemd-timeout':
        this.platformEvents++;
        return;
      case 'kernel-oom':
        this.onKernelOom(h);
        return;
      case 'supervisor-exited':
        this.onSupervisorExit(h);
        return;
      case 'supervisor-state':
        // supervisord spawning the program again after it exited unexpectedly: its restart policy at work
        if (h.captures.state === 'spawned' && this.supervisorExit) {
          this.add('policy-restart', h, 'supervisord started the program again after it exited', 'supporting');
          this.onProcessStart();
        }
        return;
      case 'supervisor-fatal':
        this.add('problem-signs', h, 'supervisord gave up restarting the program');
        this.bootEvidence(undefined, h, 'the program kept exiting right after start until supervisord gave up');
        return;
      case 'proxy-timeout':
        this.add('router-timeout', h, 'the proxy in front timed out waiting for Gunicorn');
        this.add('problem-signs', h, 'proxy timeout');
        return;
      case 'proxy-bad-gateway':
        this.add('problem-signs', h, 'the proxy lost its connection to Gunicorn', 'supporting');
        if (/Connection refused|\b111\b/.test(h.text)) this.proxyRefused ??= h;
        return;
      default:
        return;
    }
  }

  private context(h: Hit): void {
    const o = h.origin;
    if (o === 'heroku-app' || o === 'heroku-router' || o === 'heroku-platform') this.add('platform-heroku', h, 'Heroku logplex lines');
    else if (o === 'kubectl') this.add('platform-kubernetes', h, 'kubectl output', 'supporting');
    else if (o === 'compose') this.add('platform-docker', h, 'docker compose service prefixes', 'supporting');
    else if (o === 'journald') this.add('platform-systemd', h, 'journald lines', 'supporting');
    else if (o === 'supervisord') this.add('platform-bare', h, 'supervisord lines', 'supporting');
    if (h.event.startsWith('k8s-')) this.add('platform-kubernetes', h, 'Kubernetes pod status and events');
    if (h.event === 'health-kill') this.add('platform-docker', h, h.captures.probe ? 'ECS health checks (a container platform)' : 'a Docker health checker (autoheal)', 'supporting');
    if (h.event === 'container-exit' || h.event === 'docker-oomkilled') this.add('platform-docker', h, 'docker / compose container lines');
    if (h.event.startsWith('systemd-')) this.add('platform-systemd', h, 'systemd unit lines');
    if (h.event.startsWith('heroku-') || h.event.startsWith('router-')) this.add('platform-heroku', h, 'Heroku platform lines');
    if (h.event.startsWith('supervisor-')) this.add('platform-bare', h, 'supervisord manages the process');
    if (h.event === 'shell-command') {
      const tool = (h.captures.tool ?? '').toLowerCase();
      const f: FactId | undefined = tool === 'kubectl' || tool === 'oc' ? 'platform-kubernetes' : tool.startsWith('docker') || tool === 'podman' ? 'platform-docker'
        : tool === 'journalctl' || tool === 'systemctl' ? 'platform-systemd' : tool === 'heroku' ? 'platform-heroku' : tool === 'gunicorn' || tool === 'supervisorctl' ? 'platform-bare' : undefined;
      if (f) this.add(f, h, `the pasted command (${tool}) shows where the log comes from`);
    }
    if (h.event === 'using-worker') {
      const cls = (h.captures.workerClass ?? '').toLowerCase();
      const f: FactId = cls.includes('uvicorn') ? 'worker-uvicorn' : cls.includes('gthread') || cls.includes('thread') ? 'worker-gthread'
        : cls.includes('gevent') || cls.includes('eventlet') || cls.includes('tornado') ? 'worker-async' : 'worker-sync';
      this.add(f, h, `Gunicorn logged "Using worker: ${h.captures.workerClass}"`);
      this.workerClassSeen ??= h;
    }
    if (h.event === 'master-start' && h.captures.version) {
      const f = versionFact(h.captures.version);
      if (f) this.add(f, h, `Gunicorn logged its version ${h.captures.version}`);
      this.versionSeen = { hit: h };
    } else if (!this.versionSeen) {
      // wording that exists in one version range only
      if (h.event === 'worker-signal' && /terminated due to signal/.test(h.text)) this.add('version-20-1', h, 'this wording ("terminated due to signal") exists only in 20.1', 'supporting');
      else if (h.event === 'worker-signal' && /SIG[A-Z]+|code \d+|signal \d+/.test(h.captures.signal ?? '') && !/terminated due to signal/.test(h.text))
        this.add(h.level === 'WARNING' || h.level === 'INFO' ? 'version-24-plus' : 'version-21-23', h, 'this wording ("was sent …!") appeared in 21.0', 'supporting');
      else if (h.event === 'reloader-on') this.add('version-24-plus', h, '"Reloader is on" appeared in 25.0', 'supporting');
    }
  }

  /** the platform (or Gunicorn) started a new process: whatever stopped before came back */
  private onProcessStart(): void {
    if (this.stoppedExit0 || this.idleStopped) this.startedAfterStop = true;
    this.stoppedExit0 = undefined;
    this.idleStopped = undefined;
    this.idling = undefined;
  }

  private onMasterStart(h: Hit): void {
    this.gunicornLines++;
    this.masterStarts++;
    this.spawnPhase = true;
    this.masterStartTime = h.time;
    this.deathsPending = 0;
    this.respawnAllowed = false;
    this.point(h, 'master');
    if (this.masterStarts > 1 || this.lastShutdown || this.stoppedExit0) {
      this.add('master-restarted', h, 'Gunicorn started again after the previous master ended');
      if (this.stopRequested && this.lastShutdown && !this.bootFailed) {
        this.add('clean-restart', h, 'a graceful stop was followed by a clean new start', 'supporting');
      }
    }
    this.onProcessStart();
    this.masterRunning = true;
    this.shuttingDown = false;
    this.stopRequested = undefined;
    this.listening = undefined;
    this.tracebackContext = 'none';
    // workers of a previous master are gone
    this.workers.clear();
  }

  /** a worker is gone (once per pid): a later boot replaces it */
  private died(pid: number | undefined): void {
    if (pid === undefined || !Number.isFinite(pid) || this.deadPids.has(pid)) return;
    this.deadPids.add(pid);
    if (this.deadPids.size > 5000) this.deadPids.clear();
    this.deathsPending++;
  }

  private onWorkerBoot(h: Hit): void {
    this.gunicornLines++;
    this.workerBoots++;
    this.point(h, 'boot');
    const pid = Number(h.captures.pid ?? h.pid);
    if (!Number.isFinite(pid)) return;
    // every boot after the initial spawn replaces a worker that went away; if none was seen going, it died silently
    // without a master start in the excerpt (a grep, a tail), the first boot seen opens the spawn window
    if (this.masterStarts === 0 && this.firstBootTime === undefined) {
      this.firstBootTime = h.time;
      this.spawnPhase = true;
    }
    const since = this.masterStartTime ?? (this.masterStarts === 0 ? this.firstBootTime : undefined);
    const initial = this.spawnPhase && (since === undefined || h.time === undefined || h.time - since <= 15000);
    if (!initial && (this.masterStarts > 0 || this.firstBootTime !== undefined)) {
      if (this.deathsPending > 0) this.deathsPending--;
      else if (!this.respawnAllowed) {
        this.add('silent-worker-death', h, 'a new worker booted although no worker was seen exiting: one died without a trace (Gunicorn up to 20.0 logs nothing when a worker is killed or crashes)');
        this.add('problem-signs', h, 'a worker died silently', 'supporting');
      }
    }
    this.deadPids.delete(pid);
    this.exitReported.delete(pid); // pids are reused (a new container starts at 1, 7, 8 … again)
    this.chainImport = undefined;
    if (this.workers.size >= MAX_WORKERS) this.workers.clear();
    this.workers.set(pid, { pid, bootTime: h.time, bootLine: h.line, bootSource: h.source, requestsAtBoot: this.requests });
    if (this.tracebackContext === 'boot') this.tracebackContext = 'none';
  }

  private onSignal(h: Hit): void {
    this.gunicornLines++;
    const sig = (h.captures.signal ?? '').toLowerCase();
    if (sig === 'term' || sig === 'int' || sig === 'quit') {
      this.stopRequested = h;
      this.shuttingDown = true;
    } else if (sig === 'ttin' || sig === 'ttou') {
      if (sig === 'ttin') this.deathsPending++;
      if (++this.scaleSignals >= 2) this.add('reload', h, 'the master is told to add and remove workers (TTIN/TTOU) again and again: a deliberate worker refresh (Airflow\'s webserver does this)', 'supporting');
    } else if (sig === 'hup') {
      this.respawnAllowed = true;
      this.reloads++;
      this.add('reload', h, 'the master received SIGHUP (a reload request)');
    } else if (sig === 'winch' || sig === 'usr1' || sig === 'chld') {
      const what = sig === 'winch' ? 'a terminal resize (SIGWINCH): Gunicorn logs it and, not daemonized, ignores it' : sig === 'usr1' ? 'SIGUSR1: Gunicorn reopens its log files' : 'SIGCHLD: a child changed state';
      this.add('harmless-signal', h, `${what}; nothing restarts because of it`, 'supporting');
    }
  }

  private onShutdownReason(h: Hit): void {
    this.gunicornLines++;
    const r = h.captures.reason ?? h.text;
    if (/failed to boot|failed to load/i.test(r)) {
      this.bootFailed = true;
      this.add('boot-failure', h, /load/i.test(r) ? 'Gunicorn could not load the application and stopped' : 'a worker failed to boot, so Gunicorn stopped');
      this.add('problem-signs', h, 'Gunicorn stopped');
      if (/failed to load/i.test(r) && !this.bootClass) this.setBootClass('app-not-found', h, 'Gunicorn reports the application could not be loaded');
      this.flushPendingBoot();
    }
  }

  private onTimeout(h: Hit): void {
    this.gunicornLines++;
    this.timeouts++;
    this.point(h, 'timeout');
    const pid = Number(h.captures.pid);
    const w = this.worker(pid);
    this.add('problem-signs', h, 'WORKER TIMEOUT');
    if (w) w.timedOut = h;
    this.timedOutAt.set(pid, h);
    if (this.timedOutAt.size > 2000) this.timedOutAt.clear();
    const gap = w?.bootTime !== undefined && h.time !== undefined ? (h.time - w.bootTime) / 1000 : undefined;
    // unserved: true = booted in the excerpt and nothing was served since; false = it (or the log) served since its
    // boot; undefined = its boot lies outside the excerpt (nothing is known)
    this.timeoutCandidates.push({ hit: h, pid, gap, unserved: w ? this.requests === w.requestsAtBoot : undefined });
    if (this.timeoutCandidates.length > 500) this.timeoutCandidates.shift();
  }

  /** Decide, with the whole sequence known, whether timeouts were a boot loop or runtime timeouts. */
  private concludeTimeouts(): void {
    const c = this.timeoutCandidates;
    if (!c.length) return;
    const busyPids = this.busyPids;
    const unserved = c.filter((t) => t.unserved === true && !busyPids.has(t.pid));
    const gaps = unserved.map((t) => t.gap).filter((g): g is number => g !== undefined);
    const steady = gaps.length >= 2 && Math.max(...gaps) - Math.min(...gaps) <= 3;
    // from 22.0 the import no longer counts against the timeout: no boot loop can come from it
    const v = this.versionSeen ? /^(\d+)\.(\d+)/.exec(this.versionSeen.hit.captures.version ?? '') : null;
    const importCounted = !v || Number(v[1]) < 22;
    // one timeout of a worker that served nothing is as likely a slow first request (access log off) as a slow
    // start-up: a loop needs at least two, at a steady interval or with no request served at all
    // steady gaps (≈ the timeout, whatever it is) or, without requests, gaps no longer than the default timeout allows
    const short = gaps.length === unserved.length && gaps.every((g) => g <= 35);
    const bootLoop = importCounted && unserved.length === c.length && c.length >= 2 && (steady || (this.requests === 0 && short));
    if (bootLoop) {
      this.cadenceGaps.push(...gaps);
      const avg = gaps.length ? Math.round(gaps.reduce((a, b) => a + b, 0) / gaps.length) : undefined;
      for (const t of unserved.slice(0, MAX_EXAMPLES)) {
        this.add('boot-timeout', t.hit, `workers time out ${avg !== undefined ? `about ${avg} s after booting ` : ''}before serving any request: start-up takes longer than the timeout (counted against it up to Gunicorn 21.2)`);
      }
      return;
    }
    for (const t of c.slice(0, MAX_EXAMPLES)) {
      this.add('worker-timeout', t.hit, 'Gunicorn killed a worker that stopped answering its heartbeat for longer than the timeout');
    }
    const served = c.find((t) => t.unserved === false);
    if (served) this.add('served-then-died', served.hit, 'the worker had been serving requests before it timed out');
    // every worker of the pool timing out in the same couple of seconds while nothing at all was served: workers that
    // were spawned together and are still starting (a slow import, a model load). A stalled heartbeat disk looks alike,
    // so this only supports the slow start-up; the time since the boots (not in the excerpt) would decide.
    const t0 = c[0]!.hit.time;
    const burst = c.filter((t) => t0 !== undefined && t.hit.time !== undefined && t.hit.time - t0 <= 2000);
    if (!bootLoop && burst.length >= 3 && burst.length === c.length && this.requests === 0 && !this.has('router-timeout') && c.every((t) => t.unserved !== false)) {
      this.add('timeouts-lockstep', c[0]!.hit, `${burst.length} workers timed out within two seconds and no request was served anywhere in the log: they were most likely still starting (a stalled heartbeat disk looks the same; how long after their boot they timed out would decide)`, 'supporting');
      this.add('boot-timeout', c[0]!.hit, `${burst.length} workers timed out together before any request was served`, 'supporting');
    }
    if (this.facts.get('worker-timeout')) this.facts.get('worker-timeout')!.count = c.length;
    // several workers timing out together, none of them inside a request, nothing slow in front: heartbeat trouble
    // pair each timeout with the nearest H12 before it (or within a few seconds after): aligned = the worker was
    // stuck in that request; 5–300 s earlier = the router's deadline is shorter than Gunicorn's timeout
    let aligned: Hit | undefined;
    const early: { t: Hit; r: Hit }[] = [];
    for (const t of c) {
      if (t.hit.time === undefined) continue;
      let nearest: Hit | undefined;
      for (const r of this.h12s) {
        if (r.time === undefined || r.time - t.hit.time > 5000) continue;
        if (!nearest || Math.abs(t.hit.time - r.time) < Math.abs(t.hit.time - nearest.time!)) nearest = r;
      }
      if (!nearest) continue;
      const gap = t.hit.time - nearest.time!;
      if (Math.abs(gap) <= 5000) aligned ??= nearest;
      else if (gap > 5000 && gap <= 300_000) early.push({ t: t.hit, r: nearest });
    }
    if (aligned) this.add('timeout-busy', aligned, 'the router timed out a request (H12) at the same moment Gunicorn timed out the worker: it was stuck in that request');
    if (early.length && early.length * 2 >= c.length) {
      const { t, r } = early[0]!;
      this.add('router-before-timeout', r, `the router timed out the request (H12) ${Math.round((t.time! - r.time!) / 1000)} s before Gunicorn's WORKER TIMEOUT: Gunicorn's timeout is longer than the router's 30 s`);
    }
    // timeouts of idle workers: three or more workers in the same two seconds, or pairs again and again (one slow
    // request holds one worker; a burst of slow requests rarely hits several workers twice), or any timeout of a
    // gthread worker (its requests run in threads: a slow one does not stop the heartbeat)
    const bursts: number[] = [];
    let start: number | undefined;
    for (const t of c) {
      if (t.hit.time === undefined) continue;
      if (start !== undefined && t.hit.time - start <= 2000) bursts[bursts.length - 1]!++;
      else {
        start = t.hit.time;
        bursts.push(1);
      }
    }
    const gthread = /gthread|thread/i.test(this.workerClassSeen?.captures.workerClass ?? '');
    const idleShape = bursts.some((n) => n >= 3) || bursts.filter((n) => n >= 2).length >= 2 || gthread;
    if (idleShape && !this.has('timeouts-lockstep') && !this.has('timeout-busy') && !this.has('router-timeout')) {
      this.add('timeout-idle', c[0]!.hit, gthread ? 'a gthread worker timed out: its requests run in threads, so a slow request does not stop its heartbeat — something blocked the worker itself (the heartbeat file\'s disk, a call holding the GIL)' : 'several workers timed out together with no request shown in flight: one slow request holds one worker, not several at once', 'supporting');
    }
  }

  private onRequestError(h: Hit): void {
    // 22.0+ sync workers log the timeout's SystemExit as a request error: the worker was inside a request
    const pid = h.pid;
    const to = pid !== undefined ? this.timedOutAt.get(pid) : undefined;
    if (pid !== undefined && to && this.near(to, h, 3000)) {
      this.busyPids.add(pid);
      this.add('timeout-busy', h, 'the timed-out worker was handling a request when it was killed');
      return;
    }
    this.errorsRequests++;
    if (this.errorsRequests <= 3) this.add('problem-signs', h, 'a request raised an exception', 'supporting');
  }

  /** did another worker time out within two seconds of this pid's timeout? */
  private timedOutTogether(pid: number, to: Hit): boolean {
    for (const [p, t] of this.timedOutAt) if (p !== pid && t.time !== undefined && to.time !== undefined && Math.abs(t.time - to.time) <= 2000) return true;
    return false;
  }

  private onWorkerSignal(h: Hit): void {
    this.gunicornLines++;
    const pid = Number(h.captures.pid);
    const sig = signalNumber(h.captures.signal);
    const w = this.worker(pid);
    const reportedDead = this.deadPids.has(pid);
    this.workerDeaths++;
    this.died(pid);
    const to = this.timedOutAt.get(pid);
    // Gunicorn's own escalation comes about a second after the timeout; later when the master itself was stalled
    // (the same disk or CPU starvation): a worker that timed out and was not reported dead since is still that one
    const afterTimeout = !!to && (this.near(to, h, KILL_AFTER_TIMEOUT_MS) || (!reportedDead && this.near(to, h, STALLED_KILL_MS)));
    const rec = (kind: string) => {
      if (this.kills.length < 500) this.kills.push({ time: h.time !== undefined ? new Date(h.time).toISOString() : undefined, pid, signal: h.captures.signal, kind, source: h.source, line: h.line });
    };
    if (w) w.dead = true;
    if (sig === 9) {
      if (afterTimeout) {
        rec('timeout-escalation');
        // a worker that ignores the timeout's SIGABRT is stuck in a request, native code or I/O; when several
        // workers timed out together it says nothing about a request (a stalled disk holds them all)
        const booting = !!w && this.requests === w.requestsAtBoot;
        if (!this.timedOutTogether(pid, to!) && !booting) {
          this.busyPids.add(pid);
          this.add('timeout-busy', h, 'the worker did not stop after the timeout signal and was SIGKILLed after it: stuck in a request or native call', 'supporting');
        }
        return;
      }
      if (this.shuttingDown) {
        rec('shutdown-escalation');
        return; // graceful_timeout escalation during a stop: not memory
      }
      rec('oom');
      this.point(h, 'kill');
      // absence of a WORKER TIMEOUT is evidence only where the excerpt covers the moments before the kill
      if (!w && this.cutBefore(h) && !this.has('oom-kill')) {
        this.add('oom-kill', h, 'a worker was SIGKILLed, but the excerpt starts here: a WORKER TIMEOUT just before it would be outside the paste', 'supporting');
        this.add('kill-context-cut', h, 'the SIGKILL is at the start of the excerpt; the lines before it (a WORKER TIMEOUT?) are missing');
        this.add('oom-worker', h, 'Gunicorn survived and respawned the worker: the kill hit one worker', 'supporting');
        this.add('problem-signs', h, 'worker SIGKILL');
        return;
      }
      this.add('oom-kill', h, 'a worker was SIGKILLed with no WORKER TIMEOUT before it and no shutdown in progress: the signature of the kernel OOM killer');
      this.add('oom-worker', h, 'Gunicorn survived and respawned the worker: the kill hit one worker');
      this.add('problem-signs', h, 'worker SIGKILL');
      this.diedAfterServing(w, h);
      return;
    }
    if (sig === 15 || sig === 2 || sig === 3) {
      rec('terminated');
      return;
    }
    if (sig === 6 && afterTimeout) {
      rec('timeout-escalation');
      return;
    }
    if (sig === undefined) {
      rec('unknown');
      this.point(h, 'kill');
      this.add('worker-died-unknown', h, 'a worker was killed by a signal, but the line is cut before the signal number: 9 would be a kill from outside (often memory), 11 a crash, 15 a stop');
      this.add('problem-signs', h, 'a worker died by a signal');
      return;
    }
    if (sig !== undefined) {
      rec('crash');
      this.point(h, 'kill');
      this.add('worker-crash', h, `a worker died by signal ${h.captures.signal}: it crashed on its own (usually native code)`);
      this.add('problem-signs', h, 'worker crash');
      this.diedAfterServing(w, h);
    }
  }

  private onWorkerExitCode(h: Hit): void {
    this.gunicornLines++;
    const pid = Number(h.captures.pid);
    const code = Number(h.captures.code);
    const w = this.worker(pid);
    this.died(pid);
    const to = this.timedOutAt.get(pid);
    // 21.0–23.0 log two lines for one exit ("exited with code N" and "… N.")
    if (this.exitReported.has(pid)) return;
    this.exitReported.add(pid);
    if (this.exitReported.size > 5000) this.exitReported.clear();
    if (w) w.dead = true;
    if (code === 3 || code === 4) {
      this.bootFailed = true;
      this.add('boot-failure', h, code === 4 ? 'the worker exited with code 4: the application could not be loaded' : 'the worker exited with code 3: it failed to boot');
      this.flushPendingBoot();
      return;
    }
    if (code === 0) return;
    if (to && this.near(to, h, KILL_AFTER_TIMEOUT_MS)) return; // 21.x: SystemExit(1) after a timeout
    if (this.shuttingDown) return;
    this.workerDeaths++;
    this.point(h, 'kill');
    // an exit a few seconds after the boot, before any request: the app gave up while starting (sys.exit in init)
    const early = !!w && w.bootTime !== undefined && h.time !== undefined && h.time - w.bootTime <= 30_000 && this.requests === w.requestsAtBoot;
    this.exits.push({ hit: h, code, early, served: w ? this.requests > w.requestsAtBoot : this.requests > 0, w });
    if (this.exits.length > 200) this.exits.shift();
  }

  /**
   * Worker exits with a code: every worker (the replacements too) leaving within seconds of its boot, before any
   * request, is a start-up that gives up (sys.exit in the app's init); otherwise a worker crashing on its own.
   */
  private concludeExits(): void {
    const e = this.exits;
    if (!e.length) return;
    if (e.length >= 2 && e.every((x) => x.early)) {
      const x = e[0]!;
      const secs = Math.round((x.hit.time! - x.w!.bootTime!) / 1000);
      this.add('boot-failure', x.hit, `every worker exited (code ${x.code}) about ${secs} s after booting, before serving: the app gives up during start-up`, 'supporting');
      this.add('problem-signs', x.hit, 'workers exit during start-up');
      return;
    }
    for (const x of e.slice(0, MAX_EXAMPLES)) {
      this.add('worker-crash', x.hit, `a worker exited with code ${x.code} after it had booted`);
      this.add('problem-signs', x.hit, 'worker exited with an error');
      this.diedAfterServing(x.w, x.hit);
    }
    if (this.facts.get('worker-crash')) this.facts.get('worker-crash')!.count = e.length;
  }

  private diedAfterServing(w: WorkerState | undefined, h: Hit): void {
    if (w ? this.requests > w.requestsAtBoot : this.requests > 0) {
      this.dieAfterServe++;
      this.add('served-then-died', h, 'the worker had been serving requests before it died');
    }
  }

  private classify(h: Hit): { cls: BootClass; reason: string; strength?: 'supporting' } | undefined {
    const frame = this.lastFrame && h.line - this.lastFrame.line <= 4 ? this.lastFrame : undefined;
    const fromImportApp = frame && /gunicorn[\\/]util\.py$/.test(frame.captures.file ?? '') && frame.captures.func === 'import_app';
    // frozen importlib frames sit between import_app and the error: look at the last non-frozen frame
    const appFrame = this.lastAppFrame && h.line - this.lastAppFrame.line <= 40 ? this.lastAppFrame : undefined;
    const appModuleMissing = h.event === 'exc-import' && (fromImportApp || (appFrame && /gunicorn[\\/]util\.py$/.test(appFrame.captures.file ?? '') && appFrame.captures.func === 'import_app'));
    if (appModuleMissing && /ModuleNotFound|No module named/.test(h.text)) {
      return { cls: 'app-not-found', reason: `the module named in APP_MODULE${h.captures.module ? ` ('${h.captures.module}')` : ''} does not exist: Gunicorn's import_app could not import it` };
    }
    if (h.event === 'exc-import') return { cls: 'import-error', reason: `start-up failed with ${h.captures.exc ?? 'an import error'}` };
    if (h.event === 'exc-dependency') return { cls: 'dependency-refused', reason: 'start-up failed because a service (database, cache) refused or could not be reached' };
    if (h.event === 'exc-missing-env' && /No module named|Module not found|[Uu]nable to import|cannot import|[Ee]rror loading \w+ module/.test(h.text)) {
      return { cls: 'import-error', reason: `start-up failed because something the settings name cannot be imported (${h.text.slice(0, 160)})` };
    }
    if (h.event === 'exc-missing-env') {
      const name = h.captures.name?.replace(/^['"]|['"]$/g, '');
      // "ImproperlyConfigured: Error loading psycopg2 module" after a chained ModuleNotFoundError is a missing package
      const chained = this.chainImport && h.line - this.chainImport.line <= 80 ? this.chainImport : undefined;
      if (!name && chained && !/environ|must be set|not set|SECRET_KEY|variable/i.test(h.text)) {
        return { cls: 'import-error', reason: `start-up failed because a package is missing (${chained.captures.exc ?? 'ModuleNotFoundError'}${chained.captures.module ? ` '${chained.captures.module}'` : ''}, re-raised as a configuration error)` };
      }
      const viaEnviron = frame && /^<frozen os>$|[\\/]os\.py$/.test(frame.captures.file ?? '') && frame.captures.func === '__getitem__';
      if (name && !ENV_NAME.test(name) && !viaEnviron && !/Improperly|must be set|not set/i.test(h.text)) return undefined;
      return { cls: 'missing-env', reason: `start-up failed because ${name ? `the environment variable ${name}` : 'a required setting'} is missing` };
    }
    return undefined;
  }

  private onException(h: Hit): void {
    if (h.event === 'exc-import') this.chainImport = h;
    const ctx = this.tracebackContext;
    if (ctx === 'config') {
      this.add('problem-signs', h, 'Gunicorn could not load its configuration', 'supporting');
      return;
    }
    if (ctx === 'request') {
      // a runtime error inside a request: the worker survives
      if (h.event === 'exc-other' && /^SystemExit/.test(h.captures.exc ?? '')) return;
      this.add('problem-signs', h, 'a request raised an exception', 'supporting');
      return;
    }
    // the same exception text again (a crash loop, often pasted shorter) keeps the class its fullest traceback gave
    const key = `${h.sig}:${h.captures.exc ?? ''}:${h.captures.detail ?? h.captures.name ?? h.captures.module ?? ''}`;
    let c = this.classByText.get(key) ?? this.classify(h);
    // any other exception whose message says a connection was refused or a host did not resolve (Elasticsearch,
    // HTTP clients, AMQP, custom wrappers): a dependency that is not reachable
    if (!c && h.event === 'exc-other' && CONNECTION_TROUBLE.test(h.captures.detail ?? '')) {
      c = { cls: 'dependency-refused', reason: `start-up failed because a service could not be reached (${h.captures.exc ?? 'an exception'}: connection refused or name not resolved)` };
    }
    if (c && this.classByText.size < 1000 && !this.classByText.has(key)) this.classByText.set(key, c);
    if (!c && h.event === 'exc-other' && !/^(SystemExit|KeyboardInterrupt)/.test(h.captures.exc ?? '')) {
      // any other exception while the worker imports the app is an import-time failure of the app
      if (ctx === 'worker') c = { cls: 'import-error', strength: 'supporting', reason: `the application raised ${h.captures.exc ?? 'an exception'} in a worker` };
      else if (ctx === 'boot') c = { cls: 'import-error', reason: `the application raised ${h.captures.exc ?? 'an exception'} while it was being imported` };
      else if (ctx === 'none' && !this.masterRunning && this.masterStarts === 0 && this.gunicornFrame) c = { cls: 'import-error', strength: 'supporting', reason: `the application raised ${h.captures.exc ?? 'an exception'} before Gunicorn started (with --preload the app is imported first)` };
    }
    if (!c) {
      if (ctx === 'boot' || ctx === 'worker') this.add('problem-signs', h, 'a worker raised an exception');
      else if (!/^(SystemExit|KeyboardInterrupt)/.test(h.captures.exc ?? '')) this.add('problem-signs', h, 'an exception in the log', 'supporting');
      return;
    }
    // with no Gunicorn line around, a traceback is Gunicorn's only if it runs through Gunicorn's code (--preload)
    const gunicornsOwn = ctx === 'boot' || this.bootFailed || this.masterStarts > 0 || this.gunicornFrame || this.gunicornLines > 1;
    if (!gunicornsOwn) {
      this.pendingBoot = { cls: c.cls, hit: h, reason: c.reason, strength: 'supporting' };
      this.add('problem-signs', h, 'an exception', 'supporting');
    } else if (ctx !== 'worker' && (ctx === 'boot' || this.bootFailed || !this.masterRunning)) {
      this.bootEvidence(c.cls, h, c.reason, c.strength);
    } else {
      // unknown context after the master started: keep it until a boot failure confirms it
      this.pendingBoot = { cls: c.cls, hit: h, reason: c.reason, strength: c.strength };
      this.add('problem-signs', h, 'an exception', 'supporting');
    }
  }

  private flushPendingBoot(): void {
    if (this.pendingBoot && !this.bootClass) this.setBootClass(this.pendingBoot.cls, this.pendingBoot.hit, this.pendingBoot.reason, this.pendingBoot.strength);
    this.pendingBoot = undefined;
  }

  private setBootClass(cls: BootClass, h: Hit, reason: string, strength?: 'supporting'): void {
    // a specific classification is not overwritten by a generic one
    if (strength && this.bootClass && !this.bootClass.strength) return;
    this.bootClass = { cls, hit: h, reason, strength };
  }

  private bootEvidence(cls: BootClass | undefined, h: Hit, reason: string, strength?: 'supporting'): void {
    if (!h.event.startsWith('exc-')) this.gunicornLines++;
    if (cls) this.setBootClass(cls, h, reason, strength);
    this.add('boot-failure', h, reason);
    this.add('problem-signs', h, reason);
  }

  private onRouterError(h: Hit): void {
    const code = (h.captures.code ?? '').toUpperCase();
    this.add('problem-signs', h, `Heroku router error ${code}`, code === 'H12' || code === 'H10' ? 'decisive' : 'supporting');
    if (code === 'H12') {
      this.add('router-timeout', h, 'the Heroku router gave up on the request after 30 s (H12)');
      if (this.h12s.length < 500) this.h12s.push(h);
    }
    else if (code === 'H10') {
      if ((this.idleStopped || this.stoppedExit0) && !this.startedAfterStop) {
        this.add('stopped-never-back', h, 'after the process stopped, the router finds no running app (H10)');
      }
    } else if (code === 'H20') this.add('boot-timeout', h, 'the router gave up waiting for the dyno to boot (H20)', 'supporting');
    else if (code === 'H13') this.add('served-then-died', h, 'a connection was closed without a response: a worker died mid-request (H13)', 'supporting');
  }

  private onHerokuError(h: Hit): void {
    const code = (h.captures.code ?? '').toUpperCase();
    this.platformEvents++;
    this.add('problem-signs', h, `Heroku ${code}`);
    if (code === 'R14') this.add('memory-pressure', h, 'the dyno went over its memory quota (R14) and is swapping');
    else if (code === 'R15') {
      this.add('oom-kill', h, 'Heroku killed the dyno for using far more memory than its quota (R15)');
      this.add('oom-container', h, 'R15 restarts the whole dyno');
    } else if (code === 'R10') {
      this.r10 = h;
      if (this.launchedAt !== undefined && h.time !== undefined) this.r10After = Math.round((h.time - this.launchedAt) / 1000);
      this.onPortNotListening(h, 'Heroku saw no bind on $PORT within 60 s of launch (R10)');
    }
  }

  /** Heroku R10 and its look-alikes on other platforms: bound to the wrong address, or not bound yet (slow start). */
  private onPortNotListening(h: Hit, what: string): void {
    this.platformEvents++;
    this.add('problem-signs', h, what);
    const addr = this.listening?.captures.addr;
    if (this.listening) {
      const local = addr && /127\.0\.0\.1|localhost|\[::1\]|unix:/.test(addr);
      this.add('wrong-port', h, `Gunicorn was listening (${addr ?? 'somewhere'})${local ? ', which the platform cannot reach,' : ''} yet ${what}: wrong host or port`);
      this.add('boot-failure', h, 'the platform could not reach the port Gunicorn bound');
    } else {
      // without any Gunicorn line we cannot tell a slow start from a bind to the wrong address: not decisive
      this.add('boot-timeout', h, `${what}, and Gunicorn had not logged "Listening at" yet`, this.gunicornLines ? 'decisive' : 'supporting');
      this.add('boot-failure', h, 'the process failed to come up in time', 'supporting');
    }
  }

  private onHerokuState(h: Hit): void {
    this.platformEvents++;
    this.point(h, 'platform');
    const from = (h.captures.from ?? '').toLowerCase();
    const to = (h.captures.to ?? '').toLowerCase();
    if (to === 'crashed') {
      this.add('problem-signs', h, 'the dyno crashed');
      if (from === 'starting') this.add('boot-failure', h, 'the dyno crashed while starting', 'supporting');
    }
    if (to === 'starting' && (from === 'down' || from === 'crashed')) {
      this.onProcessStart();
      if (from === 'crashed') this.add('policy-restart', h, 'Heroku restarted the crashed dyno', 'supporting');
    }
  }

  /** An exit of the whole process as reported by the platform. */
  private onProcessExit(h: Hit, code: number, platform: string): void {
    this.platformEvents++;
    this.point(h, 'master');
    if (!Number.isFinite(code)) return;
    if (code === 0) {
      if (this.idleStopped || this.idling) this.idleStopped = h;
      this.stoppedExit0 = h;
      this.startedAfterStop = false;
      return;
    }
    this.add('problem-signs', h, `the process exited with status ${code}`, 'supporting');
    if (code === 3 || code === 4) {
      this.bootFailed = true;
      this.add('boot-failure', h, `the process exited with status ${code}: Gunicorn's code for ${code === 3 ? 'a worker that failed to boot' : 'an application that failed to load'}`);
      this.flushPendingBoot();
      return;
    }
    if (code === 137 || code === 9) {
      if (this.r10 && this.near(this.r10, h, 5000)) return; // R10 kill
      if (this.stopRequested && this.shuttingDown) return; // stop window expired: SIGKILL after SIGTERM
      const probe = this.probeFailures[this.probeFailures.length - 1];
      if (probe && this.near(probe, h, 120000)) return;
      this.add('oom-kill', h, `the process was SIGKILLed (exit ${code}) without a stop request: on ${platform} that is usually the memory limit`, platform === 'heroku' ? 'supporting' : 'supporting');
      this.add('oom-container', h, 'the whole process (container/dyno) was killed', 'supporting');
      return;
    }
    if (code === 143 || code === 15) return;
    if (code === 1 || code === 2) {
      if (!this.masterRunning || this.bootFailed) this.add('boot-failure', h, `the process exited with status ${code} at start-up`, 'supporting');
      return;
    }
    if (code > 128) {
      this.add('worker-crash', h, `the process died by signal ${code - 128}`, 'supporting');
    }
  }

  private onProbeKill(h: Hit): void {
    this.platformEvents++;
    this.point(h, 'platform');
    const probe = (h.captures.probe ?? '').toLowerCase();
    const what = probe === 'elb' ? "load balancer's health" : probe === 'container' ? 'container health' : probe || 'health';
    if (this.requests === 0 && (probe === 'startup' || this.workerBoots > 0 || this.masterStarts > 0)) {
      this.add('boot-timeout', h, `the ${what} probe killed the container before it served any request: start-up takes longer than the probe allows`);
    }
    const why =
      h.event === 'k8s-probe-kill' ? `a failed ${what} probe made Kubernetes restart the container`
      : h.captures.probe ? `the ${what} checks failed and ECS stopped the task`
      : `a health checker restarted the unhealthy container${h.captures.name ? ` ${h.captures.name}` : ''}`;
    this.add('probe-kill', h, why);
    this.add('platform-restart', h, 'the platform restarted the container', 'supporting');
    this.add('problem-signs', h, 'probe kill');
  }

  private onMemory(h: Hit): void {
    const mb = Number(h.captures.mb);
    if (!Number.isFinite(mb)) return;
    const quota = h.captures.quota !== undefined ? Number(h.captures.quota) : this.lastMemQuota;
    if (quota) {
      this.lastMemQuota = quota;
      this.memoryQuota ??= { mb: quota, hit: h };
    }
    if (this.memory.length < 2000) this.memory.push({ time: h.time !== undefined ? new Date(h.time).toISOString() : undefined, mb, quotaMb: quota });
    this.point(h, 'memory', mb);
    if (this.firstMem === undefined) this.firstMem = mb;
    this.maxMem = Math.max(this.maxMem, mb);
    const pct = h.captures.percent !== undefined ? Number(h.captures.percent) : quota ? (mb / quota) * 100 : undefined;
    if (pct !== undefined && pct >= 100) {
      this.add('memory-pressure', h, `memory reached ${Math.round(pct)}% of the quota`);
    } else if (pct !== undefined && pct >= 85 && this.firstMem !== undefined && mb > this.firstMem * 1.2) {
      this.add('memory-pressure', h, `memory climbed from ${this.firstMem} MB to ${mb} MB (${Math.round(pct)}% of the quota)`, 'supporting');
    }
  }

  private onKernelOom(h: Hit): void {
    const pid = Number(h.captures.pid);
    const rss = /anon-rss:(\d+)kB/.exec(h.text);
    if (rss && /gunicorn|python/i.test(h.captures.process ?? h.text)) this.workerRssMb = Math.max(this.workerRssMb ?? 0, Math.round(Number(rss[1]) / 1024));
    this.add('oom-kill', h, `the kernel OOM killer killed ${h.captures.process ?? 'a process'}${Number.isFinite(pid) ? ` (pid ${pid})` : ''}`);
    const w = Number.isFinite(pid) ? this.worker(pid) : undefined;
    if (w) this.add('oom-worker', h, 'the killed pid is one of the Gunicorn workers');
    else if (/CONSTRAINT_MEMCG|cgroup/i.test(h.text)) this.add('oom-container', h, 'the kill came from the container\'s memory cgroup limit', 'supporting');
    this.add('problem-signs', h, 'kernel OOM');
  }

  private onSupervisorExit(h: Hit): void {
    this.platformEvents++;
    const status = Number(h.captures.status);
    if (h.captures.expected === 'expected') return;
    this.supervisorExit = h;
    if (status === 3 || status === 4) {
      this.bootFailed = true;
      this.add('boot-failure', h, `the program exited with status ${status}: Gunicorn's code for a failed start-up`);
      this.flushPendingBoot();
    } else if (/KILL/.test(h.captures.signal ?? '')) {
      this.add('oom-kill', h, 'supervisord saw the program SIGKILLed', 'supporting');
      this.add('oom-container', h, 'the whole program was killed', 'supporting');
    }
    this.add('policy-restart', h, 'supervisord restarts the program when it exits', 'supporting');
    this.add('problem-signs', h, 'the program exited unexpectedly');
  }

  /** the excerpt begins at (or a couple of lines / seconds before) this line: what came just before is not shown */
  private cutBefore(h: Hit): boolean {
    const f = this.firstSeen.get(h.source);
    if (!f) return true;
    if (f.time !== undefined && h.time !== undefined) return h.time - f.time < 3000;
    return h.line - f.line < 3;
  }

  /**
   * "Worker exiting" right after an error of that worker: the worker gave up. A command-line usage error followed by
   * a worker's exit was printed by the worker — the app parses sys.argv while it is imported (argparse sees
   * Gunicorn's own arguments); Gunicorn's own usage errors come before any worker exists.
   */
  private onWorkerExiting(h: Hit, pid: number, w: WorkerState | undefined): void {
    const a = this.lastArgparse;
    if (a && a.source === h.source && h.line - a.line >= 0 && h.line - a.line <= NEAR_LINES && !this.shuttingDown) {
      this.lastArgparse = undefined;
      this.add('argv-in-app', a, 'a worker printed a command-line usage error and exited: the application parses sys.argv when it is imported (its argparse sees Gunicorn\'s arguments) — the app, not Gunicorn\'s command line');
      this.bootClass = { cls: 'import-error', hit: a, reason: 'the application parses the command line at import and exits: argparse rejects Gunicorn\'s own arguments inside the worker' };
      const cf = this.facts.get('config-error');
      if (cf) this.facts.delete('config-error');
      return;
    }
    const pb = this.pendingBoot;
    const unserved = w ? this.requests === w.requestsAtBoot : this.requests === 0;
    if (pb && pb.hit.source === h.source && pb.hit.pid === pid && h.line - pb.hit.line >= 0 && h.line - pb.hit.line <= NEAR_LINES && unserved && !this.shuttingDown) {
      this.bootFailed = true;
      this.add('boot-failure', h, 'the worker raised during start-up and exited before serving');
      this.flushPendingBoot();
    }
  }

  /** Called at the end of the input: conclude facts that need the whole sequence. */
  finish(): void {
    // ASGI workers still inside their start-up when something killed them (a probe, Gunicorn's timeout, a SIGKILL):
    // the app starts too slowly for what watches it — whatever order the paste puts the platform lines in
    const starting = [...this.asgiStarting.values()];
    const killed = this.has('probe-kill') || this.timeouts > 0 || this.kills.some((k) => k.kind !== 'terminated');
    if (starting.length && killed && this.requests === 0) {
      this.add('boot-timeout', starting[0], `the ASGI app's start-up (lifespan) began ("Waiting for application startup.") and never completed before the worker or container was killed: it starts too slowly for the probe or the timeout`);
    }
    const restarted = this.restartingHit ?? (this.has('master-restarted') || this.stopRequested || this.lastShutdown ? (this.facts.get('master-restarted')?.hits[0] ?? this.stopRequested ?? this.lastShutdown) : undefined);
    if (this.deployHit && restarted) {
      this.add('deploy-release', this.deployHit, 'a deploy (a release, a config change, a recreated container, `up --build`) and the processes restarted with it');
      this.add('platform-restart', this.deployHit, 'the release restarted every process', 'supporting');
    } else if (this.operatorHit && restarted) {
      this.add('operator-restart', this.operatorHit, 'somebody asked for the stop or restart (the command or the supervisor\'s stop request is in the log)');
      this.add('platform-restart', this.operatorHit, 'the process was restarted on request', 'supporting');
    } else if (this.restartingHit && !this.has('scheduled-cycle')) {
      this.add('operator-restart', this.restartingHit, 'Heroku restarted the dyno without a release or daily cycling in the excerpt: most often `heroku restart` or a dashboard restart', 'supporting');
    }
    const b = this.bindKinds;
    if (b.inUse) this.add('bind-in-use', b.inUse, 'another process holds the address (Connection in use / Errno 98)');
    else if (b.address) this.add('bind-address', b.address, `the address cannot be bound on this host${b.address.captures.detail ? ` (${b.address.captures.detail})` : ''}: not a port held by another process`);
    else if (b.retries.length) {
      // up to 22.x Gunicorn logs "Connection in use" right before each retry when the port is taken
      this.add('bind-address', b.retries[0], `Gunicorn retried the bind ${b.retries.length > 1 ? `${b.retries.length}+ times` : 'once'} without ever saying "Connection in use": the address itself cannot be bound here (IPv6 disabled while binding [::], an address not on this host)`, b.retries.length > 1 ? 'decisive' : 'supporting');
    }
    this.concludeTimeouts();
    this.concludeExits();
    // Gunicorn listening on loopback inside a container while the proxy in front gets "connection refused": the
    // proxy (another container) can never reach it — a bind to the wrong address
    const addr = this.lastListening?.captures.addr ?? '';
    const container = this.has('platform-docker') || this.has('platform-kubernetes');
    if (this.proxyRefused && container && /127\.0\.0\.1|localhost|\[::1\]/.test(addr) && !this.has('wrong-port')) {
      this.add('wrong-port', this.lastListening, `Gunicorn listens on ${addr} inside a container, and the proxy in front is refused: loopback is not reachable from another container`, 'supporting');
      this.add('boot-failure', this.proxyRefused, 'the app is up but unreachable from the proxy', 'supporting');
    }
    if (this.bootClass) this.add(this.bootClass.cls, this.bootClass.hit, this.bootClass.reason, this.bootClass.strength ?? 'decisive');
    else if (this.pendingBoot && (this.bootFailed || (this.requests === 0 && this.gunicornLines > 1 && !this.has('worker-crash')))) {
      this.add(this.pendingBoot.cls, this.pendingBoot.hit, this.pendingBoot.reason, this.bootFailed ? 'decisive' : 'supporting');
      this.add('boot-failure', this.pendingBoot.hit, this.pendingBoot.reason, 'supporting');
    }
    const idle = this.idleStopped;
    // the end of an excerpt is not "never came back": the log must go on for a while after the stop
    const coveredAfter = (x: Hit) => x.time !== undefined && this.lastTime !== undefined && this.lastTime - x.time >= 60_000;
    if (!idle && this.stoppedExit0 && coveredAfter(this.stoppedExit0) && !this.startedAfterStop && !this.has('stopped-never-back') && !this.has('probe-kill') && !this.has('platform-restart') && !this.has('policy-restart')) {
      this.add('stopped-never-back', this.stoppedExit0, 'the process exited 0 after a stop request and the input shows no new start', 'supporting');
    }
    if (this.stoppedExit0 && !this.startedAfterStop && !coveredAfter(this.stoppedExit0) && !this.has('stopped-never-back')) {
      this.add('stopped-at-end', this.stoppedExit0, 'the process stopped (exit 0) and the excerpt ends there: no new start is shown, but the log does not go on long enough to prove it never came back', 'supporting');
    }
    if (idle && !this.startedAfterStop) {
      // the trap is proven by what follows (H10, or the log going on without a start); an excerpt that ends at the
      // exit shows only the possibility — a dyno that idles and wakes on the next request looks the same up to here
      const proven = this.has('stopped-never-back') || coveredAfter(idle);
      this.add('idle-stop', idle, proven ? 'Heroku idled the dyno, Gunicorn exited 0 on SIGTERM, and nothing started it again' : 'Heroku idled the dyno and Gunicorn exited 0 on SIGTERM; the excerpt ends there, so whether it woke on the next request is not shown', proven ? 'decisive' : 'supporting');
      this.add('stopped-never-back', idle, 'the process stopped and was not started again', 'supporting');
    }
    if (this.appErrors && !this.gunicornLines && !this.requests && !this.has('problem-signs')) {
      this.add('problem-signs', this.firstAppError, `${this.appErrors} error line(s), none of them from Gunicorn`, 'supporting');
    }
    if (this.requests > 0) this.add('served-requests', undefined, `${this.requests} requests were served`, 'supporting');
    if (this.gunicornLines > 0) this.add('gunicorn-log-present', undefined, 'the input contains Gunicorn log lines', 'supporting');
    // (how long the excerpt runs: kept for the coverage rule a bare start-up needs — see README, Known gaps)
    const f0 = [...this.firstSeen.values()].map((x) => x.time).filter((t): t is number => t !== undefined);
    const span = f0.length && this.lastTime !== undefined ? this.lastTime - Math.min(...f0) : 0;
    void span;
    if (!this.has('problem-signs') && (this.gunicornLines > 0 || this.requests > 0)) this.add('clean-lifecycle', undefined, 'only clean boots, requests and graceful stops', 'supporting');
    if (this.has('clean-restart') && this.has('problem-signs')) {
      // a restart in the middle of trouble is not a clean deploy
      const rec = this.facts.get('clean-restart')!;
      rec.strength = 'supporting';
    }
  }

  /** the highest memory sample (MB), for the worker-size estimate */
  get peakMemoryMb(): number | undefined {
    return this.maxMem > 0 ? this.maxMem : undefined;
  }

  summary(): TimelineSummary {
    const cadence: string[] = [];
    if (this.cadenceGaps.length && this.has('boot-timeout')) {
      const avg = this.cadenceGaps.reduce((a, b) => a + b, 0) / this.cadenceGaps.length;
      cadence.push(`workers time out about ${Math.round(avg)} s after booting, before serving any request (${this.cadenceGaps.length}×)`);
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
      cadence.push(`memory ${this.firstMem} MB → max ${this.maxMem} MB${q ? ` of a ${q} MB quota` : ''} over ${this.memory.length} samples`);
    }
    if (this.masterStarts > 1) cadence.push(`Gunicorn (the master) started ${this.masterStarts} times`);
    if (this.r10After !== undefined) cadence.push(`the dyno was killed ${this.r10After} s after launch (R10: no bind on $PORT within 60 s)`);
    const ct = this.cycles.filter((t): t is number => t !== undefined);
    if (ct.length >= 2) cadence.push(`Heroku cycled the dyno ${ct.length} times, about every ${Math.round((ct[ct.length - 1]! - ct[0]!) / (ct.length - 1) / 3_600_000)} h (daily cycling)`);
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
      memory: this.memory.slice(0, 200),
      cadence,
      points: this.points,
    };
  }
}
