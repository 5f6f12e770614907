/**
 * Facts: what the evidence engine can establish from a log, by sequence and cadence rather than by keyword.
 * Questions (flows/questions.ts) name these ids in `answeredBy`; the timeline (timeline.ts) derives them.
 * The catalog test checks that every id a question names is listed here and every id here is derived.
 */
export const FACTS = {
  // context
  'platform-heroku': 'Heroku logplex lines (app[web.N], heroku[router], heroku[web.N])',
  'platform-kubernetes': 'kubectl output: describe pod, events, probes, OOMKilled',
  'platform-docker': 'docker / compose output (service prefixes, "exited with code")',
  'platform-systemd': 'journald / systemd unit lines',
  'platform-bare': 'supervisord or a plain terminal',
  'version-19-20-0': 'Gunicorn 19.x–20.0.x (from "Starting gunicorn" or wording)',
  'version-20-1': 'Gunicorn 20.1.x',
  'version-21-23': 'Gunicorn 21.x–23.x',
  'version-24-plus': 'Gunicorn 24.x or newer',
  'worker-sync': 'Using worker: sync',
  'worker-gthread': 'Using worker: gthread',
  'worker-async': 'Using worker: gevent / eventlet',
  'worker-uvicorn': 'Using worker: uvicorn',
  'settings-known': 'workers/timeout/memory limit known from config, flags or logs',
  // boot
  'boot-failure': 'Gunicorn gave up at start-up: "Reason: Worker failed to boot." / "App failed to load.", exit 3/4, a config or bind error, a traceback before any request',
  'boot-timeout': 'start-up too slow: a worker timed out before serving (≤21.2 boot loop), R10 without a bind, H20, a probe killed it before it served',
  'config-error': 'Gunicorn rejected its command line or configuration',
  'bind-failure': 'Connection in use / Address already in use / Can\'t connect to',
  'wrong-port': 'R10 although Gunicorn was listening: bound to the wrong address or port',
  'app-not-found': 'Failed to find attribute / application object',
  'missing-env': 'a start-up traceback ending in KeyError on an environment variable / ImproperlyConfigured',
  'dependency-refused': 'a start-up traceback ending in a refused or unresolvable connection',
  'import-error': 'a start-up traceback ending in ModuleNotFoundError / ImportError / SyntaxError',
  // runtime
  'served-requests': 'requests were served (access lines, router info lines, request errors)',
  'served-then-died': 'a worker served requests and then died',
  'oom-kill': 'a memory kill: SIGKILL/signal 9 not after a timeout nor during shutdown, OOMKilled, R15, kernel OOM, oom-kill result',
  'oom-worker': 'the memory kill hit single workers and Gunicorn respawned them',
  'oom-container': 'the memory kill took the whole dyno / container / unit',
  'memory-pressure': 'memory at or near the quota: R14, samples climbing to the limit',
  'worker-timeout': 'WORKER TIMEOUT after the worker had been serving',
  'timeout-busy': 'the timed-out worker was in a request (request error with SystemExit, H12/504 alongside, slow request)',
  'timeout-idle': 'timeouts without a request in flight: several workers at once, no request error',
  'router-timeout': 'the router/proxy gave up (H12 at 30 s, 504, upstream timed out)',
  'router-before-timeout': 'the router gave up (H12) well before Gunicorn timed out the same worker: Gunicorn\'s timeout is longer than the router\'s',
  'worker-crash': 'a worker died on its own: SIGSEGV/SIGABRT/SIGBUS, code 139, exit code N after boot, Fatal Python error',
  // recycle
  'max-requests': 'Autorestarting worker after current request.',
  reload: 'Worker reloading: … modified / Handling signal: hup',
  // platform
  'platform-restart': 'the platform restarted the whole process (Cycling, probe kill, restart policy, a new master)',
  'master-restarted': 'a new "Starting gunicorn" (or process start) after the previous one stopped',
  'clean-restart': 'a graceful stop (Handling signal: term … Shutting down) followed by a clean new start',
  'scheduled-cycle': 'Heroku daily cycling',
  'platform-initiated-stop': 'the platform stopped the process for its own reasons (node shutdown, preemption, eviction, maintenance)',
  'probe-kill': 'a liveness/startup probe failure restarted the container',
  'policy-restart': 'a restart policy brought the process back after it exited (systemd Scheduled restart, supervisord, Docker restarting)',
  'idle-stop': 'Heroku idled the dyno (Idling → SIGTERM → exit 0) and did not start it again',
  'stopped-never-back': 'the process stopped and nothing started it again (H10 / no new start)',
  'silent-worker-death': 'a worker was replaced although no exit, kill or timeout was logged for it (≤20.0 logs nothing for a SIGKILL or crash)',
  'problem-signs': 'errors: ERROR/CRITICAL lines, 5xx, router errors, tracebacks, kills',
  'clean-lifecycle': 'a Gunicorn log with only clean boots, requests and graceful stops',
  'gunicorn-log-present': 'the input contains Gunicorn lifecycle lines (absence of a line then means something)',
} as const;

export type FactId = keyof typeof FACTS;

/** The cause a fact points to when it is found beside another diagnosis (secondary findings). */
export const FACT_CAUSE: Partial<Record<FactId, string>> = {
  'import-error': 'boot-import-error',
  'app-not-found': 'boot-app-not-found',
  'config-error': 'boot-config-error',
  'missing-env': 'boot-missing-env',
  'dependency-refused': 'boot-dependency-unavailable',
  'bind-failure': 'boot-port-bind',
  'wrong-port': 'boot-port-bind',
  'boot-timeout': 'boot-slow-startup',
  'oom-kill': 'runtime-memory-oom',
  'memory-pressure': 'runtime-memory-oom',
  'worker-timeout': 'runtime-worker-timeout',
  'router-timeout': 'platform-router-timeout',
  'worker-crash': 'runtime-worker-crash',
  'max-requests': 'recycle-max-requests',
  reload: 'recycle-reload',
  'idle-stop': 'platform-idle-no-restart',
  'probe-kill': 'platform-restart',
  'scheduled-cycle': 'platform-restart',
  'policy-restart': 'platform-restart',
  'platform-initiated-stop': 'platform-restart',
};
