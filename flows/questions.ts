/**
 * The question table: every question the doctor can ask, in one place.
 *
 * Knowledge only: a question never holds a regex. `answeredBy` names *facts* (src/evidence/facts.ts lists them)
 * that the evidence engine derives from log lines, sequences and cadence; the first rule whose fact holds
 * answers the question. `absent` answers when the fact-set shows a Gunicorn log was supplied but none of the
 * rules fired (e.g. no WORKER TIMEOUT anywhere in a log that does show workers booting).
 *
 * Every question has an `unsure` choice and a one-line `why`.
 */

export type Strength = 'decisive' | 'supporting';

export interface AnswerRule {
  /** a fact id from src/evidence/facts.ts */
  fact: string;
  choice: string;
  strength: Strength;
}

export interface NumberField {
  key: 'workers' | 'timeout' | 'memoryLimitMb' | 'maxRequests' | 'workerRssMb';
  message: string;
}

export interface QuestionDef {
  message: string;
  why: string;
  choices: Record<string, string>;
  /** context questions fill the context, they do not decide a branch */
  kind?: 'context' | 'numbers';
  /** for kind 'numbers': the values asked (all optional) */
  fields?: readonly NumberField[];
  /** only meaningful on these platforms; elsewhere `otherwise` is answered with from: 'platform' */
  platforms?: readonly string[];
  otherwise?: string;
  answeredBy: readonly AnswerRule[];
  /**
   * Answers when a Gunicorn log was supplied but none of the rules fired — absence as evidence. `voidedBy` lists the
   * facts that show the log does not cover what the question asks about (a death whose cause the log does not print,
   * an excerpt cut just before the moment): then absence proves nothing and the question stays open.
   */
  absent?: { choice: string; strength: Strength; voidedBy?: readonly string[] };
  /**
   * An earlier answer *the user gave* that already answers this question (the wizard does not ask it again):
   * after "after some traffic", "would they restart with no traffic?" is "no". Log answers do not settle it —
   * the evidence answers this question on its own (`answeredBy`), so `diagnose` is unaffected.
   */
  settledBy?: { question: string; choices: Readonly<Record<string, string>> };
}

const d = 'decisive' as const;
const s = 'supporting' as const;

export const questions = {
  platform: {
    kind: 'context',
    message: 'Where does this Gunicorn run?',
    why: 'Restart, kill and memory rules differ per platform, and so does every fix we will show you.',
    choices: {
      heroku: 'Heroku (dynos, Procfile)',
      docker: 'Docker / docker compose',
      kubernetes: 'Kubernetes',
      systemd: 'systemd / a VM',
      bare: 'Plain process (terminal, supervisord, other)',
      unsure: "I'm not sure",
    },
    answeredBy: [
      { fact: 'platform-heroku', choice: 'heroku', strength: d },
      { fact: 'platform-kubernetes', choice: 'kubernetes', strength: d },
      { fact: 'platform-docker', choice: 'docker', strength: d },
      { fact: 'platform-systemd', choice: 'systemd', strength: d },
      { fact: 'platform-bare', choice: 'bare', strength: s },
    ],
  },
  'gunicorn-version': {
    kind: 'context',
    message: 'Which Gunicorn version is it?',
    why: 'The same event is logged differently across versions (a SIGKILL reads one way in 20.1 and another from 21.0), and boot timeouts only exist up to 21.2.',
    choices: {
      'v19-20-0': '19.x or 20.0.x',
      'v20-1': '20.1.x',
      'v21-23': '21.x – 23.x',
      'v24-plus': '24.x or newer',
      unsure: "I'm not sure (`gunicorn --version` tells)",
    },
    answeredBy: [
      { fact: 'version-19-20-0', choice: 'v19-20-0', strength: d },
      { fact: 'version-20-1', choice: 'v20-1', strength: d },
      { fact: 'version-21-23', choice: 'v21-23', strength: d },
      { fact: 'version-24-plus', choice: 'v24-plus', strength: d },
    ],
  },
  'worker-class': {
    kind: 'context',
    message: 'Which worker class do the workers use?',
    why: "Only a blocked main loop trips Gunicorn's timeout: a slow request kills a sync worker but not a gthread/gevent/uvicorn one.",
    choices: {
      sync: 'sync (the default)',
      gthread: 'gthread (--threads > 1)',
      async: 'gevent or eventlet',
      uvicorn: 'uvicorn (ASGI)',
      unsure: "I'm not sure",
    },
    answeredBy: [
      { fact: 'worker-sync', choice: 'sync', strength: d },
      { fact: 'worker-gthread', choice: 'gthread', strength: d },
      { fact: 'worker-async', choice: 'async', strength: d },
      { fact: 'worker-uvicorn', choice: 'uvicorn', strength: d },
    ],
  },
  settings: {
    kind: 'numbers',
    message: 'Your numbers (leave blank if unknown)',
    why: 'The fix is computed from them: worker count from the memory limit, timeout against the router, and so on.',
    fields: [
      { key: 'workers', message: 'Number of workers (--workers / WEB_CONCURRENCY)' },
      { key: 'timeout', message: 'Worker timeout in seconds (--timeout, default 30)' },
      { key: 'memoryLimitMb', message: 'Memory limit of the dyno/container in MB' },
      {
        key: 'workerRssMb',
        message: 'Memory of one worker in MB (RSS after warm-up: ps -o rss, or memory metrics ÷ workers)',
      },
    ],
    choices: { known: 'Use these numbers', unsure: "I don't know them" },
    // answered from the resolved context (project files, flags, numbers the log prints), not from a log fact
    answeredBy: [],
  },
  'restart-timing': {
    message: 'When do the workers restart?',
    why: 'Timing is the fastest way to the right branch: a boot failure, a runtime kill and a deliberate recycle each have their own rhythm.',
    choices: {
      'at-boot': 'Immediately, at start-up or right after a deploy (they never come up properly)',
      'under-load': 'After some traffic, under load, on certain requests',
      'memory-climbs': 'As memory climbs',
      interval: 'At a regular interval or request count',
      'platform-event': 'On a schedule or platform event (daily, deploy, health check)',
      'never-back': 'It stopped and never came back',
      unsure: "I'm not sure",
    },
    answeredBy: [
      { fact: 'idle-stop', choice: 'never-back', strength: d },
      { fact: 'stopped-never-back', choice: 'never-back', strength: d },
      { fact: 'boot-failure', choice: 'at-boot', strength: d },
      { fact: 'boot-timeout', choice: 'at-boot', strength: d },
      { fact: 'oom-kill', choice: 'memory-climbs', strength: d },
      { fact: 'memory-pressure', choice: 'memory-climbs', strength: s },
      { fact: 'worker-timeout', choice: 'under-load', strength: d },
      { fact: 'router-timeout', choice: 'under-load', strength: d },
      { fact: 'worker-crash', choice: 'under-load', strength: d },
      { fact: 'max-requests', choice: 'interval', strength: d },
      { fact: 'reload', choice: 'interval', strength: d },
      { fact: 'platform-restart', choice: 'platform-event', strength: d },
      { fact: 'platform-initiated-stop', choice: 'platform-event', strength: d },
      { fact: 'clean-restart', choice: 'platform-event', strength: s },
    ],
  },
  'restarts-without-traffic': {
    message:
      'Would the workers still restart with no traffic at all? (Does a worker ever serve a request before it dies?)',
    why: 'This splits start-up failures from runtime kills: a worker that dies before its first request has a boot problem, and no runtime tuning will help.',
    choices: {
      yes: 'Yes: they die before serving anything',
      no: 'No: they serve requests first, and die later',
      unsure: "I'm not sure",
    },
    answeredBy: [
      { fact: 'boot-failure', choice: 'yes', strength: d },
      { fact: 'boot-timeout', choice: 'yes', strength: d },
      { fact: 'served-then-died', choice: 'no', strength: d },
      { fact: 'oom-kill', choice: 'no', strength: s },
      { fact: 'worker-timeout', choice: 'no', strength: s },
      { fact: 'worker-crash', choice: 'no', strength: s },
      { fact: 'router-timeout', choice: 'no', strength: s },
      { fact: 'served-requests', choice: 'no', strength: s },
    ],
    settledBy: { question: 'restart-timing', choices: { 'under-load': 'no', 'at-boot': 'yes' } },
  },
  'boot-log-shows': {
    message: 'What does the log show just before the worker (or Gunicorn) exits at start-up?',
    why: 'Start-up failures share the same envelope ("Worker failed to boot"); the last line of the traceback names the real cause.',
    choices: {
      'import-error': 'ModuleNotFoundError / ImportError / SyntaxError in a traceback',
      'app-not-found': '"Failed to find attribute/application object", "App failed to load"',
      'config-rejected': 'gunicorn: error / Error: … / Invalid value / unrecognized arguments',
      'env-missing': "KeyError on a variable name / ImproperlyConfigured / 'must be set'",
      'dependency-refused': 'Connection refused / could not connect / name resolution (DB, cache)',
      'port-in-use': 'Connection in use / Address already in use / failed to bind $PORT',
      'slow-start': 'Nothing: it goes quiet after "Booting worker" until a timeout or the platform kills it',
      unsure: "I'm not sure / something else",
    },
    answeredBy: [
      { fact: 'argv-in-app', choice: 'import-error', strength: d },
      { fact: 'config-error', choice: 'config-rejected', strength: d },
      { fact: 'bind-failure', choice: 'port-in-use', strength: d },
      { fact: 'app-not-found', choice: 'app-not-found', strength: d },
      { fact: 'missing-env', choice: 'env-missing', strength: d },
      { fact: 'dependency-refused', choice: 'dependency-refused', strength: d },
      { fact: 'import-error', choice: 'import-error', strength: d },
      { fact: 'wrong-port', choice: 'port-in-use', strength: d },
      { fact: 'boot-timeout', choice: 'slow-start', strength: d },
    ],
  },
  'boot-goes-quiet': {
    message: 'After "Booting worker", does the log go quiet until a timeout or the platform kills the process?',
    why: 'A silent start-up that ends in a kill is a start-up that takes too long (heavy imports, model loading, migrations), not a crash.',
    choices: { yes: 'Yes, quiet then killed', no: 'No', unsure: "I'm not sure" },
    answeredBy: [{ fact: 'boot-timeout', choice: 'yes', strength: d }],
    absent: { choice: 'no', strength: s },
  },
  'bind-failure-kind': {
    message: 'Which kind of bind problem is it?',
    why: 'A port held by another process and a server listening on the wrong address have different fixes.',
    choices: {
      'in-use': 'The port is already in use (Connection in use / Errno 98)',
      'wrong-address': "The platform can't reach it (R10: failed to bind to $PORT, wrong host or port)",
      'bad-address':
        'The address cannot be bound on this host (retries without "Connection in use": IPv6 disabled, an address not on this machine, an invalid address)',
      unsure: "I'm not sure",
    },
    answeredBy: [
      { fact: 'wrong-port', choice: 'wrong-address', strength: d },
      { fact: 'bind-in-use', choice: 'in-use', strength: d },
      { fact: 'bind-address', choice: 'bad-address', strength: d },
    ],
  },
  'memory-kill-signs': {
    message:
      'Do you see a memory kill: SIGKILL / "Perhaps out of memory?" / signal 9 with no WORKER TIMEOUT just before it, OOMKilled, exit 137, R14/R15 or a kernel OOM line?',
    why: 'Memory comes first among runtime causes: a kill by the kernel or platform leaves no traceback, and the same SIGKILL line also follows a timeout, so the sequence matters.',
    choices: { yes: 'Yes', no: 'No', unsure: "I'm not sure" },
    answeredBy: [
      { fact: 'oom-kill', choice: 'yes', strength: d },
      { fact: 'memory-pressure', choice: 'yes', strength: s },
    ],
    absent: { choice: 'no', strength: s, voidedBy: ['silent-worker-death', 'worker-died-unknown'] },
  },
  'oom-scope': {
    message: 'What got killed: single workers (Gunicorn respawns them), or the whole dyno/container/unit?',
    why: 'A worker kill is fixed inside Gunicorn (fewer workers, max_requests); a container kill needs the limit or the total footprint changed.',
    choices: {
      worker: 'Single workers: "Worker … SIGKILL", "signal 9", kernel kills of one pid',
      container: 'The whole dyno/container/unit: R14/R15, OOMKilled, exit 137, oom-kill result',
      unsure: "I'm not sure",
    },
    answeredBy: [
      { fact: 'oom-container', choice: 'container', strength: d },
      { fact: 'oom-worker', choice: 'worker', strength: d },
    ],
  },
  'timeout-in-logs': {
    message: 'Does "WORKER TIMEOUT (pid:N)" appear in the Gunicorn log?',
    why: "Gunicorn logs this line (CRITICAL) every time its own timeout kills a worker; without it, Gunicorn's timeout is not what killed them.",
    choices: { yes: 'Yes', no: 'No', unsure: "I'm not sure" },
    answeredBy: [{ fact: 'worker-timeout', choice: 'yes', strength: d }],
    absent: { choice: 'no', strength: s },
  },
  'timeout-during-request': {
    message:
      'When a worker times out, was a slow request in flight (a slow endpoint, a long gap in the access log, H12/504 for the same moment)?',
    why: 'A timeout during a slow request is a request problem; timeouts on idle or trivially fast workers point at a blocked heartbeat file instead.',
    choices: {
      yes: 'Yes, a slow request or blocked dependency',
      no: 'No, the workers were idle or requests are fast',
      unsure: "I'm not sure",
    },
    answeredBy: [
      { fact: 'timeout-busy', choice: 'yes', strength: d },
      { fact: 'timeout-idle', choice: 'no', strength: s },
      { fact: 'served-then-died', choice: 'yes', strength: s },
    ],
    // no absence rule: a log without the request in flight does not show that none was
  },
  'router-first': {
    message:
      "Does the router in front give up first, well before Gunicorn's WORKER TIMEOUT (e.g. Heroku H12 at 30 s, then WORKER TIMEOUT 30 s later)?",
    why: "If the router's deadline is shorter than Gunicorn's timeout, the client already got an error while the worker kept working: the fix is to finish within the router's window, not a longer timeout.",
    choices: { yes: 'Yes, the router times out first', no: 'No', unsure: "I'm not sure" },
    answeredBy: [{ fact: 'router-before-timeout', choice: 'yes', strength: d }],
    absent: { choice: 'no', strength: s },
  },
  'router-timeout': {
    message:
      'Does the router or proxy in front give up first (Heroku H12 "Request timeout" at 30 s, a 504 from nginx or a load balancer)?',
    why: "The router's own deadline can cut requests before Gunicorn's timeout fires; raising Gunicorn's timeout then changes nothing.",
    choices: { yes: 'Yes', no: 'No', unsure: "I'm not sure" },
    answeredBy: [{ fact: 'router-timeout', choice: 'yes', strength: d }],
    absent: { choice: 'no', strength: s },
  },
  'worker-crash-signs': {
    message:
      'Do workers die on their own: SIGSEGV/SIGABRT/SIGBUS, "exited with code N", "Fatal Python error", a core dump?',
    why: 'A worker that crashes by itself (usually a native extension) needs a different fix from one that is killed.',
    choices: { yes: 'Yes', no: 'No', unsure: "I'm not sure" },
    answeredBy: [{ fact: 'worker-crash', choice: 'yes', strength: d }],
    absent: { choice: 'no', strength: s, voidedBy: ['silent-worker-death', 'worker-died-unknown'] },
  },
  'recycle-signs': {
    message:
      'Do you see a deliberate recycle or reload: "Autorestarting worker after current request." or "Worker reloading: … modified" / "Handling signal: hup"?',
    why: 'Recycling by max_requests and code reloading restart workers on purpose; they look like failures but are configuration.',
    choices: {
      'max-requests': 'Autorestarting worker after current request',
      reload: 'Worker reloading / Handling signal: hup',
      none: 'Neither',
      unsure: "I'm not sure",
    },
    answeredBy: [
      { fact: 'max-requests', choice: 'max-requests', strength: d },
      { fact: 'reload', choice: 'reload', strength: d },
    ],
    absent: { choice: 'none', strength: s },
  },
  'platform-signs': {
    message:
      'Does the platform stop or restart the whole process (a new "Starting gunicorn", Cycling, State changed, probe failures, systemd restarts)?',
    why: 'When the whole master restarts, the cause is outside Gunicorn: the platform decided to restart it.',
    choices: {
      yes: 'Yes, the whole Gunicorn (master) restarts or stops',
      no: 'No, only workers change',
      unsure: "I'm not sure",
    },
    answeredBy: [
      { fact: 'idle-stop', choice: 'yes', strength: d },
      { fact: 'stopped-never-back', choice: 'yes', strength: d },
      { fact: 'platform-restart', choice: 'yes', strength: d },
      { fact: 'platform-initiated-stop', choice: 'yes', strength: d },
      { fact: 'clean-restart', choice: 'yes', strength: d },
      { fact: 'idle-woke', choice: 'yes', strength: d },
      { fact: 'stopped-at-end', choice: 'yes', strength: s },
    ],
    absent: { choice: 'no', strength: s },
  },
  'came-back': {
    message: 'After it stopped, did it come back up on its own?',
    why: 'A restart that never happens is its own failure: the platform thinks the process ended on purpose.',
    choices: { yes: 'Yes, it restarted', no: 'No, it stayed down (503s / H10)', unsure: "I'm not sure" },
    answeredBy: [
      { fact: 'idle-stop', choice: 'no', strength: d },
      { fact: 'stopped-never-back', choice: 'no', strength: d },
      { fact: 'idle-woke', choice: 'yes', strength: d },
      { fact: 'master-restarted', choice: 'yes', strength: d },
      { fact: 'stopped-at-end', choice: 'no', strength: s },
    ],
  },
  'idle-stop': {
    message:
      'Did the dyno stop after idling ("Idling", "Stopping all processes with SIGTERM", "Process exited with status 0") and then answer H10?',
    why: 'On Heroku Eco dynos this is the idle trap: Gunicorn exits 0 on SIGTERM, and the dyno is not started again.',
    choices: { yes: 'Yes', no: 'No', unsure: "I'm not sure" },
    platforms: ['heroku'],
    otherwise: 'no',
    answeredBy: [{ fact: 'idle-stop', choice: 'yes', strength: d }],
  },
  'restart-trigger': {
    message: 'What triggered the restart?',
    why: 'A restart you asked for is healthy; one the platform forced (health check, schedule, restart policy) has a reason to find.',
    choices: {
      deploy: 'A deploy or release (new code or config)',
      operator: 'Someone restarted it by hand (heroku restart, systemctl restart, docker compose restart, a scale)',
      'idle-wake': 'Heroku idled the dyno and it woke up on the next request',
      scheduled:
        'The platform on its own schedule (Heroku daily cycling, node shutdown or maintenance, spot preemption, eviction)',
      'health-check': 'A failed health/liveness check',
      'restart-policy':
        'The process exited and the restart policy (systemd Restart=, Docker, supervisord) brought it back',
      unsure: "I'm not sure",
    },
    answeredBy: [
      { fact: 'probe-kill', choice: 'health-check', strength: d },
      { fact: 'scheduled-cycle', choice: 'scheduled', strength: d },
      { fact: 'platform-initiated-stop', choice: 'scheduled', strength: s },
      { fact: 'policy-restart', choice: 'restart-policy', strength: d },
      { fact: 'idle-woke', choice: 'idle-wake', strength: d },
      { fact: 'deploy-release', choice: 'deploy', strength: d },
      { fact: 'operator-restart', choice: 'operator', strength: d },
      // a clean stop and start alone does not say who asked for it: the question stays open
    ],
  },
  'user-impact': {
    message: 'Apart from the worker restarts, do users see errors (5xx, timeouts) or does the log show errors?',
    why: 'Worker PIDs change for harmless reasons; if nothing fails, there may be nothing to fix.',
    choices: { yes: 'Yes, there are errors', no: 'No, everything works', unsure: "I'm not sure" },
    answeredBy: [
      { fact: 'problem-signs', choice: 'yes', strength: s },
      { fact: 'clean-lifecycle', choice: 'no', strength: s },
    ],
  },
} as const satisfies Record<string, QuestionDef>;

export type QuestionId = keyof typeof questions;
export type ChoiceOf<Q extends QuestionId> = keyof (typeof questions)[Q]['choices'] & string;

export const questionTable: Record<QuestionId, QuestionDef> = questions;
