/**
 * The event vocabulary: every signature in content/signatures/*.yaml declares one `event` from this list, and
 * the timeline (timeline.ts) consumes events, never raw text. Captures a signature should provide are listed
 * after each kind (all optional unless marked !).
 */
export const EVENT_KINDS = {
  // --- Gunicorn master ---
  'master-start': 'Starting gunicorn <version>  — captures: version',
  listening: 'Listening at: <url> (<pid>)  — captures: addr, pid',
  'using-worker': 'Using worker: <class>  — captures: workerClass!',
  'handling-signal':
    'Handling signal: <name>  — captures: signal! (lower-case name: term, int, quit, hup, ttin, ttou, usr1, usr2, winch, chld)',
  'hang-up': 'Hang up: Master',
  shutdown: 'Shutting down: Master',
  'shutdown-reason': 'Reason: Worker failed to boot. / App failed to load.  — captures: reason! (text)',
  'master-crash': 'Unhandled exception in main loop',
  'worker-timeout': 'WORKER TIMEOUT (pid:N)  — captures: pid!',
  'worker-signal':
    'a worker died by a signal: 20.1 "terminated due to signal N", 21+ "was sent SIGKILL!" — captures: pid!, signal! (name like SIGKILL or a number like 9, or "code 139")',
  'worker-exit-code': 'Worker (pid:N) exited with code N[.]  — captures: pid!, code!',
  // --- Gunicorn worker ---
  'worker-boot': 'Booting worker with pid: N  — captures: pid!',
  'worker-exit': 'Worker exiting (pid: N)  — captures: pid!',
  'worker-exception': 'Exception in worker process (boot-time exception)',
  autorestart: 'Autorestarting worker after current request.',
  'reload-modified': 'Worker reloading: <file> modified  — captures: file',
  'reloader-on': 'Reloader is on. Use in development only!',
  'request-error': 'Error handling request …',
  'graceful-timeout': 'Worker graceful timeout (pid:N) (gevent)',
  'parent-changed': 'Parent changed, shutting down',
  'app-error':
    'an error-level line from something else (database, app framework): counts as a failure only when no Gunicorn line is present',
  'gunicorn-noise':
    "Gunicorn's own lines that carry no restart meaning (Invalid request from ip=, Control socket listening …): they show the error log is present",
  request: 'an access-log line or an equivalent request record (served request)  — captures: status',
  // --- start-up failures ---
  'config-error':
    'Gunicorn rejected its command line / config (usage:, gunicorn: error:, Error: …, Invalid value, Failed to read config file, class uri invalid)  — captures: detail',
  'app-not-found':
    'Failed to find attribute / application object, Application object must be callable, Failed to parse …  — captures: detail',
  'bind-in-use': 'Connection in use / [Errno 98] Address already in use  — captures: addr',
  'bind-give-up': "Can't connect to <addr>  — captures: addr",
  'bind-invalid': 'Invalid address / [Errno 99] Cannot assign requested address',
  'bind-retry':
    'Retrying in 1 second. (≤22.x) / connection to <addr> failed: [Errno N] … (23.0+)  — captures: errno, detail',
  'exc-import':
    'last traceback line ModuleNotFoundError / ImportError / SyntaxError / NameError / IndentationError …  — captures: exc, detail, module',
  'exc-missing-env': "KeyError on an env-like name, ImproperlyConfigured, 'must be set'  — captures: name",
  'exc-dependency':
    'ConnectionRefusedError, OperationalError could not connect, Name or service not known, redis ConnectionError …  — captures: detail',
  'exc-other': 'any other final traceback line (Exception: …)  — captures: exc, detail',
  'traceback-start': 'Traceback (most recent call last):',
  'traceback-frame': 'File "<path>", line N, in <function> (a traceback frame)  — captures: file!, func',
  'fatal-python-error': 'Fatal Python error: Segmentation fault / Aborted  — captures: detail',
  'lifespan-failed': 'uvicorn: Application startup failed. Exiting.',
  'asgi-startup': 'uvicorn: Waiting for application startup. / Application startup complete.  — captures: done',
  // --- Heroku ---
  'router-error': 'heroku[router]: at=error code=Hxx  — captures: code!, service (ms), status',
  'router-ok': 'heroku[router]: at=info … status=NNN  — captures: status, service',
  'heroku-error': 'Error R10 / R12 / R14 / R15 / R13 …  — captures: code!',
  'heroku-state': 'State changed from <a> to <b>  — captures: from!, to!',
  'heroku-exit': 'Process exited with status N  — captures: code!',
  'heroku-stop':
    'Stopping all processes with SIGTERM / Stopping process with SIGKILL / Stopping remaining processes with SIGKILL  — captures: signal!',
  'heroku-idling': 'Idling',
  'heroku-unidling': 'Unidling',
  'heroku-cycling': 'Cycling',
  'heroku-restarting': 'Restarting',
  'platform-deploy': 'a release / deploy / config change / scale by a user (Heroku app[api])',
  'operator-action':
    'somebody asked for the restart: sudo systemctl restart, supervisorctl stop/restart, compose recreating the container  — captures: kind',
  'heroku-starting-process': 'Starting process with command `…`  — captures: command',
  'port-not-listening':
    'a platform found nothing listening on the port it routes to (Cloud Run "failed to start and listen on the port", Fly "is your app listening on 0.0.0.0:…", Render "No open ports detected")  — captures: port',
  'memory-sample':
    "a whole dyno/container's memory: sample#memory_total=NNNMB (… sample#memory_quota=NNNMB), Process running mem=NNNMB(NN%), docker stats USAGE / LIMIT  — captures: mb!, quota, percent, unit/qunit (K|M|G, MiB when absent)",
  'process-rss':
    "one Gunicorn process's resident memory from a ps line  — captures: pid!, rss! (KiB), role (master|worker)",
  // --- Kubernetes ---
  'k8s-oomkilled': 'Reason: OOMKilled / OOMKilled status',
  'k8s-terminated': 'Last State: Terminated / Reason: Error / Completed',
  'k8s-exit-code': 'Exit Code: N  — captures: code!',
  'k8s-backoff': 'Back-off restarting failed container / CrashLoopBackOff',
  'k8s-probe-failed': 'Liveness/Readiness/Startup probe failed  — captures: probe! (liveness|readiness|startup)',
  'k8s-probe-kill': 'Container X failed liveness/startup probe, will be restarted  — captures: probe',
  'k8s-restart-count': 'Restart Count: N  — captures: count!',
  'k8s-killing': 'Killing / Stopping container (event)',
  'health-kill':
    'a health checker restarted the container because it was unhealthy (docker autoheal, a load-balancer health check)  — captures: name',
  'platform-stop':
    'the platform stopped the pod/instance for its own reasons (node shutdown, spot/preemptible interruption, eviction, maintenance)  — captures: reason, resource',
  // --- Docker / compose ---
  'docker-oomkilled': 'docker inspect: "OOMKilled": true',
  'container-oom':
    'a platform says the container/instance was killed for memory (Cloud Run "Memory limit … exceeded", ECS OutOfMemoryError)  — captures: limit, used',
  'container-exit': '<name> exited with code N  — captures: code!, name',
  // --- systemd / journald ---
  'systemd-oom': 'A process of this unit has been killed by the OOM killer.',
  'systemd-main-exit': 'Main process exited, code=<exited|killed|dumped>, status=N/NAME  — captures: how!, status!',
  'systemd-result': "Failed with result 'X'.  — captures: result!",
  'systemd-restart': 'Scheduled restart job, restart counter is at N  — captures: count',
  'systemd-repeat': 'Start request repeated too quickly.',
  'systemd-stopping': 'Stopping <unit>… / Stopped <unit>. / Deactivated successfully.',
  'systemd-started': 'Started <unit>.',
  'systemd-timeout': "State 'stop-sigterm' timed out. Killing. / start operation timed out",
  // --- kernel / supervisord ---
  'kernel-oom':
    'Out of memory: Killed process N (name) / Memory cgroup out of memory: Kill(ed) process N / oom-kill: … task=…,pid=N  — captures: pid, process',
  'supervisor-exited':
    'supervisord exited: name (exit status N; not expected) / (terminated by SIGKILL …)  — captures: status, signal, expected',
  'supervisor-fatal': 'gave up: name entered FATAL state',
  'supervisor-state':
    "supervisord spawned: 'name' with pid N / success: 'name' entered RUNNING state  — captures: state, name",
  // --- the paste itself ---
  'shell-command':
    'a pasted shell prompt with the command that produced the log (kubectl logs, docker logs, journalctl, heroku logs, gunicorn …)  — captures: tool!',
  // --- proxies ---
  'proxy-timeout': 'nginx "upstream timed out" / 504 Gateway Time-out from a proxy/load balancer',
  'proxy-bad-gateway': 'nginx "upstream prematurely closed connection" / connect() failed (111) / 502',
} as const;

export type EventKind = keyof typeof EVENT_KINDS;

/** One recognised line: what the scanner hands the timeline. */
export interface Hit {
  /** signature id (content/signatures/<id>.yaml) */
  sig: string;
  event: EventKind;
  /** input file name as given ('-' for stdin) */
  source: string;
  /** 1-based line number in that input */
  line: number;
  /** timestamp in ms since epoch when the line (or its platform prefix) carries one */
  time?: number;
  /** the pid in Gunicorn's bracket prefix (the process that logged) */
  pid?: number;
  /** Gunicorn level name when present */
  level?: string;
  /**
   * platform origin of the line when a prefix told it: heroku-app, heroku-router, heroku-platform, compose, kubectl,
   * journald, syslog, supervisord, kernel
   */
  origin?: string;
  /** Heroku dyno / compose service / unit name from the prefix */
  proc?: string;
  captures: Record<string, string>;
  /** the raw line (decoded, capped), for citation; escape + redact before display */
  text: string;
}

/**
 * A 5xx status as an access or router line writes it (three digits, the first a 5): one rule for the scanner's
 * request counting (src/evidence/scan.ts, and its WASM twin src/evidence/wasm/classify.ts) and the requests detector.
 */
export function isServerError(status: string | undefined): boolean {
  return (
    status !== undefined &&
    status.length === 3 &&
    status.charCodeAt(0) === 53 &&
    status.charCodeAt(1) >= 48 &&
    status.charCodeAt(1) <= 57 &&
    status.charCodeAt(2) >= 48 &&
    status.charCodeAt(2) <= 57
  );
}
