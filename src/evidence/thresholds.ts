/**
 * Every number the timeline's detectors (src/evidence/detectors/) reason with, in one place, each with where it
 * comes from: **Gunicorn** (its source, gunicorn/arbiter.py, sock.py, workers/base.py — checked against the tags the
 * log harness runs), a **platform**'s documented behaviour, or **judgement** (a margin checked against the case
 * corpus; change it and re-run `npx vitest run`, whose calibration tally must keep wrong@high at 0). Times are in
 * milliseconds unless the name says otherwise; "lines" are input lines of one source.
 *
 * Numbers that are not tunable — exit codes (128 + signal number), signal numbers, unit conversions — stay where
 * they are read.
 */

// ---------------------------------------------------------------------------------------------------------------
// Sequence windows: how close two lines must be to belong to one story

/**
 * A SIGKILL (or SIGABRT) this soon after the same pid's WORKER TIMEOUT is the timeout's escalation, not memory.
 * Gunicorn: `Arbiter.murder_workers` logs WORKER TIMEOUT and sends SIGABRT; on its next pass (the main loop wakes at
 * least once a second, `wait_for_signals(timeout=1.0)`) a worker still alive gets SIGKILL — about 1 s later.
 * Judgement: 5 s of margin for a busy master and second-resolution timestamps.
 * Also: a 21.x `exited with code 1` this soon after a timeout is the SystemExit the SIGABRT raised.
 */
export const KILL_AFTER_TIMEOUT_MS = 5000;

/**
 * How late a SIGKILL of a timed-out worker, not reported dead in between, still counts as the timeout's escalation:
 * the master itself stalls when the same disk or CPU starvation stalls the workers (judgement: during a disk stall
 * reported with 22.0 the SIGKILLs came 8 s after the WORKER TIMEOUTs; a minute bounds it).
 */
export const STALLED_KILL_MS = 60_000;

/** Two lines of one source without timestamps are "near" when at most this many lines apart (judgement). */
export const NEAR_LINES = 12;

/**
 * Clock tolerance for "b comes after a" between timestamped lines: a line may carry a stamp up to this much
 * earlier than the line it follows (merged sources, millisecond vs second resolution; judgement).
 */
export const NEAR_CLOCK_SKEW_MS = 1000;

/**
 * A request error of a pid this soon after its WORKER TIMEOUT is the timeout's SystemExit logged as
 * "Error handling request" (Gunicorn 22.0+ sync workers): the worker was inside a request (judgement).
 */
export const REQUEST_ERROR_AFTER_TIMEOUT_MS = 3000;

/**
 * Timeouts within this window of each other are one burst (several workers at once): the lockstep / idle-shape
 * rules and "timed out together" (judgement: the arbiter checks every worker in one pass, so workers stalled by
 * one cause are reported in the same second or the next).
 */
export const TIMEOUT_BURST_MS = 2000;

/** A burst of at least this many workers timing out together is not one slow request (judgement). */
export const TIMEOUT_BURST_WORKERS = 3;

/**
 * Pairs of workers timing out together, this many times or more, are not slow requests either: a burst of slow
 * requests rarely hits several workers twice (judgement).
 */
export const TIMEOUT_PAIRS_REPEATED = 2;

/**
 * The router's deadline is the shorter one when at least this share of the timeouts had an H12 well before them
 * (judgement: half).
 */
export const ROUTER_FIRST_MIN_SHARE = 0.5;

/**
 * The excerpt is "cut" just before a line when the line is within this time (or these lines) of the start of its
 * source: what came just before it (a WORKER TIMEOUT before a SIGKILL) is not in the paste (judgement).
 */
export const CUT_WINDOW_MS = 3000;
export const CUT_WINDOW_LINES = 3;

/**
 * "Never came back" needs the log to go on at least this long after the stop (judgement: a platform restart,
 * a wake on the next request, a supervisor respawn all show up well within a minute).
 */
export const COVERAGE_AFTER_STOP_MS = 60_000;

/**
 * Boots this soon after "Starting gunicorn" (or after the first boot of an excerpt without one) are the initial
 * spawn of the pool, not replacements of dead workers (judgement: a pool of dozens of workers forks in a few seconds;
 * 15 s leaves room for a slow --preload fork).
 */
export const SPAWN_WINDOW_MS = 15_000;

/**
 * "Exception in worker process" this long after the worker booted is a runtime exception, not a boot failure
 * (judgement: a start-up import that takes over two minutes would have hit any timeout or probe first).
 */
export const LONG_AFTER_BOOT_MS = 120_000;

/**
 * A worker exiting with a code within this time of its boot, before serving, gave up during start-up
 * (sys.exit in the app's init; judgement).
 */
export const EARLY_EXIT_MS = 30_000;

/** "Every worker exits early" needs at least this many exits (the first worker and a replacement; judgement). */
export const EARLY_EXITS_MIN = 2;

/**
 * A traceback that starts more than this many lines after the Gunicorn line that set its context (Exception in worker
 * process, Error handling request, Unhandled exception in main loop) belongs to something else (judgement: Gunicorn
 * logs the traceback right under its own line).
 */
export const TRACEBACK_CONTEXT_LINES = 3;

/** The frame just above an exception line (its "raised in") is at most this many lines up (judgement). */
export const RAISING_FRAME_LINES = 4;

/**
 * The last application frame (outside frozen importlib) is at most this many lines above the exception: the
 * importlib frames between `import_app` and the error (judgement).
 */
export const APP_FRAME_LINES = 40;

/** A chained traceback's first import error is at most this many lines above the re-raised error (judgement). */
export const CHAINED_IMPORT_LINES = 80;

/**
 * Kubernetes `kubectl describe pod`: the `Exit Code:` is printed a few lines under its container state's
 * `Reason:` (platform output layout).
 */
export const K8S_REASON_EXIT_LINES = 6;

// ---------------------------------------------------------------------------------------------------------------
// Platform deadlines

/**
 * Heroku's router gives a request 30 s (H12 "Request timeout", Heroku docs); a router line served in this long or
 * more took the full window. The scanner's request-line shortcut uses the same boundary
 * (src/evidence/wasm/classify.ts).
 */
export const ROUTER_WINDOW_MS = 29_000;

/**
 * A process exit 137 this soon after Heroku's R10 is R10's own kill (Heroku logs "Stopping process with SIGKILL" and
 * the exit right after R10; judgement: 5 s of margin).
 */
export const R10_KILL_MS = 5000;

/**
 * A process exit 137 this soon after a failed probe is the kubelet's kill after the probe, not memory. Kubernetes'
 * defaults (periodSeconds 10 × failureThreshold 3, then terminationGracePeriodSeconds 30) put the kill about 60 s
 * after the first failure shown; judgement: twice that.
 */
export const PROBE_KILL_MS = 120_000;

/** H12 and WORKER TIMEOUT at most this far apart are the same stuck request (judgement). */
export const H12_ALIGNED_MS = 5000;

/**
 * An H12 up to this long before a WORKER TIMEOUT (and more than H12_ALIGNED_MS) says the router gave up first:
 * Gunicorn's timeout is longer than the router's 30 s (judgement: covers timeouts up to 300 s, a common "fix").
 */
export const H12_EARLY_MAX_MS = 300_000;

// ---------------------------------------------------------------------------------------------------------------
// Timeout cadence (boot loops) and shapes

/** A boot loop needs at least this many timed-out workers: one is as likely a slow first request (judgement). */
export const BOOT_LOOP_MIN_TIMEOUTS = 2;

/**
 * Gaps boot → timeout that differ by at most this many seconds are a steady cadence, i.e. the timeout itself
 * (judgement).
 */
export const STEADY_GAP_SPREAD_S = 3;

/**
 * Without any request served, gaps boot → timeout of at most this many seconds fit a start-up killed by the timeout
 * (Gunicorn: `timeout` defaults to 30 s; judgement: 5 s of margin for the arbiter's pass and the log's resolution).
 */
export const SHORT_GAP_S = 35;

/**
 * From this major version on, Gunicorn does not count the app's import against `timeout` (the check waits for the
 * worker's first heartbeat): no boot loop can come from a slow import (Gunicorn 22.0;
 * content/causes/boot-slow-startup.md).
 */
export const IMPORT_NOT_TIMED_FROM_MAJOR = 22;

/**
 * From this major version on, a sync worker timed out inside a request logs "Error handling request" (its handle()
 * catches BaseException, so the timeout's SystemExit is logged: gunicorn/workers/sync.py@22.0.0 line 157); up to
 * 21.2 it catches Exception only and the SystemExit passes silently. So on 22+ a timed-out sync worker that exits
 * without that line was not in a request.
 */
export const REQUEST_ERROR_ON_TIMEOUT_FROM_MAJOR = 22;

// ---------------------------------------------------------------------------------------------------------------
// Memory

/** A memory sample at or above this share of the quota is over it (Heroku R14 is logged at 100%). */
export const MEMORY_OVER_QUOTA_PCT = 100;

/** Memory near the quota (judgement): at or above this share … */
export const MEMORY_NEAR_QUOTA_PCT = 85;

/** … and grown by this factor since the first sample (judgement: growth, not a big but flat process). */
export const MEMORY_GROWTH_FACTOR = 1.2;

// ---------------------------------------------------------------------------------------------------------------
// Counts

/** Example lines kept per fact (judgement: the first few and the latest are what a report cites). */
export const MAX_EXAMPLES = 4;

/**
 * 5xx / request-error lines cited as problem signs: the first few (the scanner reports as many one by one:
 * ERROR_SAMPLES in file-scanner.ts).
 */
export const ERROR_SAMPLES_CITED = 3;

/**
 * Bare bind retries (no "Connection in use") are decisive for an unbindable address from this many on: one retry may
 * be a port freed a second later (judgement; Gunicorn retries 5 times, a second apart: gunicorn/sock.py).
 */
export const BIND_RETRIES_DECISIVE = 2;

/** TTIN/TTOU again and again (at least this many) is a deliberate worker refresh (Airflow's webserver; judgement). */
export const SCALE_SIGNALS_REFRESH = 2;

// ---------------------------------------------------------------------------------------------------------------
// Bounds: memory the timeline may keep however long the input (judgement; they never decide a fact on real logs)

export const MAX_WORKERS = 20_000;
export const MAX_POINTS = 5000;
export const MAX_MEMORY_SAMPLES = 2000;
/** memory samples in the summary */
export const SUMMARY_MEMORY_SAMPLES = 200;
export const MAX_KILLS = 500;
export const MAX_TIMEOUT_CANDIDATES = 500;
export const MAX_TIMED_OUT_PIDS = 2000;
export const MAX_DEAD_PIDS = 5000;
export const MAX_EXIT_REPORTED = 5000;
export const MAX_EXITS = 200;
export const MAX_H12S = 500;
export const MAX_PROBE_FAILURES = 20;
export const MAX_ASGI_STARTING = 1000;
export const MAX_CLASSES_BY_TEXT = 1000;

/** characters of a line searched for a usage error's wording */
export const USAGE_TEXT_CHARS = 400;
/** characters of a pasted shell command searched for deploy / restart words */
export const COMMAND_TEXT_CHARS = 300;
/** characters of an exception line quoted in a reason */
export const QUOTED_TEXT_CHARS = 160;
