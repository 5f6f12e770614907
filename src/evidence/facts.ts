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
  // boot
  'boot-failure':
    'Gunicorn gave up at start-up: "Reason: Worker failed to boot." / "App failed to load.", exit 3/4, a config or bind error, a traceback before any request',
  'boot-timeout':
    'start-up too slow: a worker timed out before serving (≤21.2 boot loop), R10 without a bind, H20, a probe killed it before it served',
  'config-error': 'Gunicorn rejected its command line or configuration',
  'bind-failure': "Connection in use / Address already in use / Can't connect to / Retrying in 1 second.",
  'bind-in-use': 'the address is held by another process: Connection in use / Errno 98 before the retries',
  'bind-address':
    'the address cannot be bound on this host: retries without "Connection in use" (IPv6 off, address family, address not on this host, invalid address)',
  'argv-in-app': 'a usage error printed by a worker (followed by "Worker exiting"): the app parses sys.argv at import',
  'wrong-port': 'R10 although Gunicorn was listening: bound to the wrong address or port',
  'app-not-found': 'Failed to find attribute / application object',
  'missing-env': 'a start-up traceback ending in KeyError on an environment variable / ImproperlyConfigured',
  'dependency-refused': 'a start-up traceback ending in a refused or unresolvable connection',
  'import-error': 'a start-up traceback ending in ModuleNotFoundError / ImportError / SyntaxError',
  // runtime
  'served-requests': 'requests were served (access lines, router info lines, request errors)',
  'served-then-died': 'a worker served requests and then died',
  'oom-kill':
    'a memory kill: SIGKILL/signal 9 not after a timeout nor during shutdown, OOMKilled, R15, kernel OOM, oom-kill result',
  'oom-worker': 'the memory kill hit single workers and Gunicorn respawned them',
  'oom-container': 'the memory kill took the whole dyno / container / unit',
  'memory-pressure': 'memory at or near the quota: R14, samples climbing to the limit',
  'worker-timeout': 'WORKER TIMEOUT after the worker had been serving',
  'timeout-busy':
    'the timed-out worker was in a request (request error with SystemExit, H12/504 alongside, slow request)',
  'timeout-idle': 'timeouts without a request in flight: several workers at once, no request error',
  'router-timeout': 'the router/proxy gave up (H12 at 30 s, 504, upstream timed out)',
  'router-before-timeout':
    "the router gave up (H12) well before Gunicorn timed out the same worker: Gunicorn's timeout is longer than the router's",
  'worker-crash':
    'a worker died on its own: SIGSEGV/SIGABRT/SIGBUS, code 139, exit code N after boot, Fatal Python error',
  // recycle
  'max-requests': 'Autorestarting worker after current request.',
  reload: 'Worker reloading: … modified / Handling signal: hup',
  // platform
  'platform-restart': 'the platform restarted the whole process (Cycling, probe kill, restart policy, a new master)',
  'master-restarted': 'a new "Starting gunicorn" (or process start) after the previous one stopped',
  'clean-restart': 'a graceful stop (Handling signal: term … Shutting down) followed by a clean new start',
  'scheduled-cycle': 'Heroku daily cycling',
  'platform-initiated-stop':
    'the platform stopped the process for its own reasons (node shutdown, preemption, eviction, maintenance)',
  'probe-kill': 'a liveness/startup probe failure restarted the container',
  'policy-restart':
    'a restart policy brought the process back after it exited (systemd Scheduled restart, supervisord, Docker restarting)',
  'idle-stop': 'Heroku idled the dyno (Idling → SIGTERM → exit 0) and did not start it again',
  'stopped-never-back': 'the process stopped and nothing started it again (H10 / no new start)',
  'worker-died-unknown': 'a worker died by a signal the log does not show (a line cut before the signal number)',
  'kill-context-cut':
    'a SIGKILL at the very start of the excerpt: whether a WORKER TIMEOUT came just before it is not in the paste',
  'log-filtered':
    'the pasted command filtered the log (… | grep): lines it dropped, a WORKER TIMEOUT before a kill among them, are not in the paste',
  'timeouts-lockstep':
    'every worker timed out in the same moment and no request was served anywhere in the log: most likely still starting',
  'deploy-release':
    'a deploy or release line right before the restart (Heroku "Release vN created by", "Deploy <sha> by")',
  'operator-restart': 'a restart nobody scheduled: Heroku "Restarting" without a release, a pasted restart command',
  'harmless-signal': 'a signal Gunicorn only logs (winch, usr1 log reopen, chld): nothing restarted',
  'idle-woke': 'Heroku idled the dyno and woke it again (Unidling / a new start on the next request)',
  'stopped-at-end':
    'the process stopped (exit 0) at the end of the excerpt, with no new start shown (not proof it stayed down)',
  'silent-worker-death':
    'a worker was replaced although no exit, kill or timeout was logged for it (≤20.0 logs nothing for a SIGKILL or crash)',
  'problem-signs': 'errors: ERROR/CRITICAL lines, 5xx, router errors, tracebacks, kills',
  'clean-lifecycle': 'a Gunicorn log with only clean boots, requests and graceful stops',
  'gunicorn-log-present': 'the input contains Gunicorn lifecycle lines (absence of a line then means something)',
} as const;

export type FactId = keyof typeof FACTS;

/**
 * Weighed evidence: what each fact says for (positive) or against (negative) each cause, on a 0–3 scale; a decisive
 * fact counts double. The engine adds these up to rank the alternatives to the machine's answer and to measure the
 * margin its confidence needs (src/engine/weigh.ts). Numbers are judgement, kept here in one place:
 * 3 = the fact alone names the cause, 2 = strong support, 1 = consistent with it, negative = speaks against it.
 */
export const FACT_WEIGHTS: Partial<Record<FactId, Partial<Record<string, number>>>> = {
  'import-error': { 'boot-import-error': 3 },
  'argv-in-app': { 'boot-import-error': 3, 'boot-config-error': -2 },
  'app-not-found': { 'boot-app-not-found': 3 },
  'config-error': { 'boot-config-error': 3 },
  'missing-env': { 'boot-missing-env': 3 },
  'dependency-refused': { 'boot-dependency-unavailable': 3 },
  'bind-failure': { 'boot-port-bind': 3 },
  'wrong-port': { 'boot-port-bind': 3, 'boot-slow-startup': 1 },
  'boot-timeout': { 'boot-slow-startup': 3 },
  'timeouts-lockstep': { 'boot-slow-startup': 2, 'runtime-heartbeat-tmpdir': 1, 'runtime-worker-timeout': 1 },
  'oom-kill': { 'runtime-memory-oom': 3 },
  'memory-pressure': { 'runtime-memory-oom': 2 },
  'kill-context-cut': { 'runtime-worker-timeout': 2 },
  'log-filtered': { 'runtime-worker-timeout': 2 },
  'worker-timeout': {
    'runtime-worker-timeout': 2,
    'runtime-heartbeat-tmpdir': 1,
    'platform-router-timeout': 1,
    'boot-slow-startup': 1,
  },
  'timeout-busy': { 'runtime-worker-timeout': 2, 'runtime-heartbeat-tmpdir': -2 },
  'timeout-idle': { 'runtime-heartbeat-tmpdir': 2, 'runtime-worker-timeout': -1 },
  'router-timeout': { 'platform-router-timeout': 2, 'runtime-worker-timeout': 1 },
  'router-before-timeout': { 'platform-router-timeout': 3 },
  'worker-crash': { 'runtime-worker-crash': 3 },
  'worker-died-unknown': { 'runtime-memory-oom': 1, 'runtime-worker-crash': 1, healthy: -2 },
  'silent-worker-death': { 'runtime-memory-oom': 1, 'runtime-worker-crash': 1, healthy: -2 },
  'max-requests': { 'recycle-max-requests': 3 },
  reload: { 'recycle-reload': 3 },
  'idle-stop': { 'platform-idle-no-restart': 3 },
  'stopped-never-back': { 'platform-idle-no-restart': 1, undiagnosed: 1 },
  'stopped-at-end': { 'platform-idle-no-restart': 1, 'platform-restart': 1 },
  'probe-kill': { 'platform-restart': 3, 'boot-slow-startup': 1 },
  'scheduled-cycle': { 'platform-restart': 3 },
  'policy-restart': { 'platform-restart': 2 },
  'platform-initiated-stop': { 'platform-restart': 2 },
  'deploy-release': { 'platform-restart': 3, healthy: 1 },
  'operator-restart': { 'platform-restart': 3, healthy: 1 },
  'clean-restart': { 'platform-restart': 1, healthy: 1 },
  'harmless-signal': { healthy: 1 },
  'idle-woke': { healthy: 3, 'platform-idle-no-restart': -3 },
  'clean-lifecycle': { healthy: 2 },
  'problem-signs': { healthy: -2 },
};

/** The cause a fact points to when it is found beside another diagnosis (secondary findings). */
export const FACT_CAUSE: Partial<Record<FactId, string>> = {
  'import-error': 'boot-import-error',
  'app-not-found': 'boot-app-not-found',
  'config-error': 'boot-config-error',
  'missing-env': 'boot-missing-env',
  'dependency-refused': 'boot-dependency-unavailable',
  'bind-failure': 'boot-port-bind',
  'bind-in-use': 'boot-port-bind',
  'bind-address': 'boot-port-bind',
  'argv-in-app': 'boot-import-error',
  'deploy-release': 'platform-restart',
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
