/**
 * The timeline's detectors (src/evidence/detectors/), one table each: short line sequences — real Gunicorn wording
 * from the harness runs (test/cases/<cause>--<scenario>-gu<version>/input.log) and real platform lines from the pasted
 * cases — read by the real
 * scanner and fed to a Timeline, and the facts that must and must not come out. Each table has look-alikes: the
 * sequence that resembles the fact but must not produce it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { compileSignatures, readSignatureDefs } from '../../src/catalog/signatures.js';
import { scan } from '../../src/evidence/scan.js';
import type { Configured, Timeline } from '../../src/evidence/timeline.js';
import { newTimeline } from '../../src/evidence/detectors/index.js';
import type { FactId } from '../../src/evidence/facts.js';

const sigs = compileSignatures(readSignatureDefs());
const detectorsDir = join(import.meta.dirname, '..', '..', 'src', 'evidence', 'detectors');

/** the lines, through the scanner, into a new Timeline; finished */
async function timeline(
  lines: string[],
  configured: Configured = {},
  signatureFacts: Record<string, FactId> = {},
): Promise<Timeline> {
  const tl = newTimeline(configured);
  tl.signatureFacts = new Map(
    Object.entries(signatureFacts).map(([sig, fact]) => [sig, { fact, reason: `${sig}'s summary` }]),
  );
  await scan([{ name: 'x.log', stream: Readable.from([`${lines.join('\n')}\n`]) }], sigs, (h) => tl.push(h));
  tl.finish();
  return tl;
}

type Strength = 'decisive' | 'supporting';
interface Row {
  name: string;
  lines: string[];
  /** facts that must come out (with the strength, where it matters) */
  has?: (FactId | [FactId, Strength])[];
  /** facts that must not */
  not?: FactId[];
  /** a fact whose reason must contain this text (which rule produced it) */
  reason?: [FactId, string];
  /** settings from the project files, as prepare() passes them */
  configured?: Configured;
  /** further checks on the finished timeline */
  check?: (tl: Timeline) => void;
  /** signature id → the fact its lines establish (`fact:` in content/signatures/), as prepare() passes them */
  signatureFacts?: Record<string, FactId>;
}

// --- real lines -------------------------------------------------------------------------------------------------

/** Gunicorn 23.0.0, one sync worker (runtime-memory-oom--sigkill-gu2300) */
const START_23 = [
  '[2026-11-25 14:52:17 +0000] [10213] [INFO] Starting gunicorn 23.0.0',
  '[2026-11-25 14:52:17 +0000] [10213] [INFO] Listening at: http://127.0.0.1:51333 (10213)',
  '[2026-11-25 14:52:17 +0000] [10213] [INFO] Using worker: sync',
  '[2026-11-25 14:52:17 +0000] [10214] [INFO] Booting worker with pid: 10214',
];
const REQUEST_23 = '127.0.0.1 - - [25/Nov/2026:14:52:17 +0000] "GET / HTTP/1.1" 200 3 "-" "Python-urllib/3.11"';
const STOP_23 = [
  '[2026-11-25 14:52:18 +0000] [10213] [INFO] Handling signal: term',
  '[2026-11-25 14:52:18 +0000] [10215] [INFO] Worker exiting (pid: 10215)',
  '[2026-11-25 14:52:18 +0000] [10213] [INFO] Shutting down: Master',
];

/** runtime-worker-timeout--slow-request-stuck-gu2300: WORKER TIMEOUT, then Gunicorn's SIGKILL a second later */
const STUCK_23 = [
  '[2026-11-25 14:52:13 +0000] [10120] [INFO] Starting gunicorn 23.0.0',
  '[2026-11-25 14:52:13 +0000] [10120] [INFO] Listening at: http://127.0.0.1:60121 (10120)',
  '[2026-11-25 14:52:13 +0000] [10120] [INFO] Using worker: sync',
  '[2026-11-25 14:52:13 +0000] [10121] [INFO] Booting worker with pid: 10121',
  '127.0.0.1 - - [25/Nov/2026:14:52:13 +0000] "GET / HTTP/1.1" 200 3 "-" "Python-urllib/3.11"',
  '[2026-11-25 14:52:15 +0000] [10120] [CRITICAL] WORKER TIMEOUT (pid:10121)',
  '[2026-11-25 14:52:16 +0000] [10120] [ERROR] Worker (pid:10121) was sent SIGKILL! Perhaps out of memory?',
  '[2026-11-25 14:52:16 +0000] [10200] [INFO] Booting worker with pid: 10200',
];

/** boot-slow-startup--slow-import-gu2004: workers killed while importing, in a loop (≤ 21.2) */
const SLOW_IMPORT_20 = [
  '[2026-11-25 14:52:01 +0000] [10042] [INFO] Starting gunicorn 20.0.4',
  '[2026-11-25 14:52:01 +0000] [10042] [INFO] Listening at: http://127.0.0.1:49759 (10042)',
  '[2026-11-25 14:52:01 +0000] [10042] [INFO] Using worker: sync',
  '[2026-11-25 14:52:01 +0000] [10043] [INFO] Booting worker with pid: 10043',
  '[2026-11-25 14:52:03 +0000] [10042] [CRITICAL] WORKER TIMEOUT (pid:10043)',
  '[2026-11-25 14:52:03 +0000] [10043] [INFO] Worker exiting (pid: 10043)',
  '[2026-11-25 14:52:03 +0000] [10085] [INFO] Booting worker with pid: 10085',
  '[2026-11-25 14:52:05 +0000] [10042] [CRITICAL] WORKER TIMEOUT (pid:10085)',
  '[2026-11-25 14:52:05 +0000] [10085] [INFO] Worker exiting (pid: 10085)',
  '[2026-11-25 14:52:05 +0000] [10094] [INFO] Booting worker with pid: 10094',
  '[2026-11-25 14:52:07 +0000] [10042] [CRITICAL] WORKER TIMEOUT (pid:10094)',
  '[2026-11-25 14:52:07 +0000] [10094] [INFO] Worker exiting (pid: 10094)',
];

/** runtime-worker-timeout--slow-request-gu2300: 22.0+ logs the timeout's SystemExit as a request error */
const SLOW_REQUEST_23 = [
  '[2026-11-25 14:52:09 +0000] [10106] [INFO] Starting gunicorn 23.0.0',
  '[2026-11-25 14:52:09 +0000] [10106] [INFO] Listening at: http://127.0.0.1:41293 (10106)',
  '[2026-11-25 14:52:09 +0000] [10106] [INFO] Using worker: sync',
  '[2026-11-25 14:52:09 +0000] [10107] [INFO] Booting worker with pid: 10107',
  '127.0.0.1 - - [25/Nov/2026:14:52:09 +0000] "GET / HTTP/1.1" 200 3 "-" "Python-urllib/3.11"',
  '[2026-11-25 14:52:11 +0000] [10106] [CRITICAL] WORKER TIMEOUT (pid:10107)',
  '[2026-11-25 14:52:11 +0000] [10107] [ERROR] Error handling request /sleep',
  'Traceback (most recent call last):',
  '  File "/tmp/gu/23.0.0/gunicorn/workers/sync.py", line 134, in handle',
  '    self.handle_request(listener, req, client, addr)',
  '  File "/tmp/gu/23.0.0/gunicorn/workers/base.py", line 204, in handle_abort',
  '    sys.exit(1)',
  'SystemExit: 1',
  '[2026-11-25 14:52:11 +0000] [10107] [INFO] Worker exiting (pid: 10107)',
  '[2026-11-25 14:52:11 +0000] [10112] [INFO] Booting worker with pid: 10112',
];

/** the frames Gunicorn 23.0.0 prints above an exception raised while a worker imports the app (…import-error-gu2300) */
const IMPORT_FRAMES_23 = [
  '[2026-11-25 14:51:58 +0000] [9820] [INFO] Starting gunicorn 23.0.0',
  '[2026-11-25 14:51:58 +0000] [9820] [INFO] Listening at: http://127.0.0.1:42265 (9820)',
  '[2026-11-25 14:51:58 +0000] [9820] [INFO] Using worker: sync',
  '[2026-11-25 14:51:58 +0000] [9833] [INFO] Booting worker with pid: 9833',
  '[2026-11-25 14:51:58 +0000] [9833] [ERROR] Exception in worker process',
  'Traceback (most recent call last):',
  '  File "/tmp/gu/23.0.0/gunicorn/arbiter.py", line 608, in spawn_worker',
  '    worker.init_process()',
  '  File "/tmp/gu/23.0.0/gunicorn/workers/base.py", line 135, in init_process',
  '    self.load_wsgi()',
  '  File "/tmp/gu/23.0.0/gunicorn/util.py", line 370, in import_app',
  '    mod = importlib.import_module(module)',
  '  File "/usr/lib/python3.11/importlib/__init__.py", line 126, in import_module',
  '    return _bootstrap._gcd_import(name[level:], package, level)',
  '  File "<frozen importlib._bootstrap>", line 1206, in _gcd_import',
  '  File "<frozen importlib._bootstrap>", line 241, in _call_with_frames_removed',
];
const BOOT_FAILED_23 = [
  '[2026-11-25 14:51:58 +0000] [9833] [INFO] Worker exiting (pid: 9833)',
  '[2026-11-25 14:51:58 +0000] [9820] [ERROR] Worker (pid:9833) exited with code 3',
  '[2026-11-25 14:51:58 +0000] [9820] [ERROR] Shutting down: Master',
  '[2026-11-25 14:51:58 +0000] [9820] [ERROR] Reason: Worker failed to boot.',
];

/** boot-import-error--argv-in-app-gu2300: the app's argparse rejects Gunicorn's arguments inside the worker */
const ARGV_IN_APP_23 = [
  '[2026-12-03 08:19:25 +0000] [14818] [INFO] Starting gunicorn 23.0.0',
  '[2026-12-03 08:19:25 +0000] [14818] [INFO] Listening at: http://127.0.0.1:34109 (14818)',
  '[2026-12-03 08:19:25 +0000] [14818] [INFO] Using worker: sync',
  '[2026-12-03 08:19:25 +0000] [14830] [INFO] Booting worker with pid: 14830',
  'usage: gunicorn [-h] [--config CONFIG]',
  'gunicorn: error: unrecognized arguments: --bind 127.0.0.1:34109 argvapp:app',
  '[2026-12-03 08:19:25 +0000] [14830] [INFO] Worker exiting (pid: 14830)',
  '[2026-12-03 08:19:25 +0000] [14818] [ERROR] Worker (pid:14830) exited with code 2',
  '[2026-12-03 08:19:25 +0000] [14818] [ERROR] Worker (pid:14830) exited with code 2.',
  '[2026-12-03 08:19:25 +0000] [14846] [INFO] Booting worker with pid: 14846',
  'usage: gunicorn [-h] [--config CONFIG]',
  'gunicorn: error: unrecognized arguments: --bind 127.0.0.1:34109 argvapp:app',
  '[2026-12-03 08:19:25 +0000] [14846] [INFO] Worker exiting (pid: 14846)',
  '[2026-12-03 08:19:25 +0000] [14818] [ERROR] Worker (pid:14846) exited with code 2',
  '[2026-12-03 08:19:25 +0000] [14818] [ERROR] Worker (pid:14846) exited with code 2.',
];

/** boot-slow-startup--slow-boot-asgi-gu2120: an ASGI start-up (lifespan) longer than the timeout */
const ASGI_21 = [
  '[2026-12-03 08:19:04 +0000] [14031] [INFO] Starting gunicorn 21.2.0',
  '[2026-12-03 08:19:04 +0000] [14031] [INFO] Listening at: http://127.0.0.1:43973 (14031)',
  '[2026-12-03 08:19:04 +0000] [14031] [INFO] Using worker: uvicorn.workers.UvicornWorker',
  '[2026-12-03 08:19:04 +0000] [14049] [INFO] Booting worker with pid: 14049',
  '[2026-12-03 08:19:04 +0000] [14049] [INFO] Started server process [14049]',
  '[2026-12-03 08:19:04 +0000] [14049] [INFO] Waiting for application startup.',
];
const ASGI_21_KILLED = [
  '[2026-12-03 08:19:07 +0000] [14031] [CRITICAL] WORKER TIMEOUT (pid:14049)',
  '[2026-12-03 08:19:07 +0000] [14031] [ERROR] Worker (pid:14049) was sent SIGABRT!',
  '[2026-12-03 08:19:07 +0000] [14335] [INFO] Booting worker with pid: 14335',
];

/** Heroku's idle trap, lines from the pasted cases */
const HEROKU_IDLE = [
  '2026-09-05T16:41:06.300291+00:00 heroku[web.1]: Idling',
  '2026-09-05T16:41:06.900291+00:00 heroku[web.1]: State changed from up to down',
  '2026-09-05T16:41:07.631503+00:00 heroku[web.1]: Stopping all processes with SIGTERM',
  '2026-09-05T16:41:07.978303+00:00 heroku[web.1]: Process exited with status 0',
];

// --- the tables -------------------------------------------------------------------------------------------------

const TABLES: Record<string, Row[]> = {
  context: [
    {
      name: '"Starting gunicorn 23.0.0" and "Using worker: sync" name the version and the class',
      lines: START_23,
      has: [
        ['version-21-23', 'decisive'],
        ['worker-sync', 'decisive'],
      ],
      not: ['version-24-plus', 'worker-gthread', 'platform-heroku'],
      check: (tl) => expect(tl.versionSeen?.hit.captures.version).toBe('23.0.0'),
    },
    {
      name: 'without a start line, 20.1\'s "terminated due to signal" wording dates the log (supporting)',
      lines: ['[2026-11-25 14:51:28 +0000] [9437] [WARNING] Worker with pid 9438 was terminated due to signal 9'],
      has: [['version-20-1', 'supporting']],
      not: ['version-21-23', 'version-24-plus'],
      check: (tl) => expect(tl.versionSeen).toBeUndefined(),
    },
    {
      name: 'look-alike: once "Starting gunicorn 24.1.1" named the version, the "was sent SIGKILL!" wording (alone read as 21–23) adds no version',
      lines: [
        '[2026-11-25 14:53:01 +0000] [11309] [INFO] Starting gunicorn 24.1.1',
        '[2026-11-25 14:53:01 +0000] [11310] [INFO] Booting worker with pid: 11310',
        '127.0.0.1 - - [25/Nov/2026:14:53:01 +0000] "GET / HTTP/1.1" 200 3 "-" "Python-urllib/3.11"',
        '[2026-11-25 14:53:01 +0000] [11309] [ERROR] Worker (pid:11310) was sent SIGKILL! Perhaps out of memory?',
      ],
      has: [['version-24-plus', 'decisive']],
      not: ['version-21-23'],
    },
    {
      name: 'without a start line, an ERROR-level SIGKILL says 21+ and nothing finer (21–26 all log SIGKILL at ERROR)',
      lines: [
        '[2026-11-25 14:53:01 +0000] [11309] [ERROR] Worker (pid:11310) was sent SIGKILL! Perhaps out of memory?',
      ],
      has: [],
      not: ['version-21-23', 'version-24-plus'],
    },
    {
      name: 'without a start line, a SIGTERM at ERROR is 21–23 (24+ logs it at INFO)',
      lines: ['[2026-11-25 14:53:01 +0000] [11309] [ERROR] Worker (pid:11310) was sent SIGTERM!'],
      has: [['version-21-23', 'supporting']],
      not: ['version-24-plus'],
    },
    {
      name: 'Heroku logplex lines name the platform; a uvicorn worker class is not sync',
      lines: [
        '2022-11-19T21:07:58.783300+00:00 heroku[web.1]: Starting process with command `gunicorn main:app --workers 2`',
        ASGI_21[2]!,
      ],
      has: [['platform-heroku', 'decisive'], 'worker-uvicorn'],
      not: ['worker-sync', 'platform-docker'],
    },
  ],

  'worker-lifecycle': [
    {
      name: 'the initial spawn (boots right after the start) is no silent death',
      lines: [...START_23, '[2026-11-25 14:52:17 +0000] [10215] [INFO] Booting worker with pid: 10215', REQUEST_23],
      not: ['silent-worker-death', 'problem-signs', 'master-restarted'],
      has: ['gunicorn-log-present', 'clean-lifecycle'],
    },
    {
      name: 'Gunicorn 20.0 logs nothing for a killed worker: a new boot after requests, with no exit seen, is a silent death',
      lines: [
        '[2026-11-25 14:52:26 +0000] [10347] [INFO] Starting gunicorn 20.0.4',
        '[2026-11-25 14:52:26 +0000] [10347] [INFO] Listening at: http://127.0.0.1:59299 (10347)',
        '[2026-11-25 14:52:26 +0000] [10347] [INFO] Using worker: sync',
        '[2026-11-25 14:52:26 +0000] [10351] [INFO] Booting worker with pid: 10351',
        '127.0.0.1 - - [25/Nov/2026:14:52:26 +0000] "GET / HTTP/1.1" 200 3 "-" "Python-urllib/3.11"',
        '[2026-11-25 14:52:26 +0000] [10353] [INFO] Booting worker with pid: 10353',
      ],
      has: [['silent-worker-death', 'decisive'], 'problem-signs'],
      not: ['worker-crash'],
    },
    {
      name: 'Gunicorn 20.1 logs every signal death: the same silent replacement is an exit of its own (worker-crash, supporting)',
      lines: [
        '[2026-11-25 14:52:26 +0000] [10347] [INFO] Starting gunicorn 20.1.0',
        '[2026-11-25 14:52:26 +0000] [10347] [INFO] Using worker: sync',
        '[2026-11-25 14:52:26 +0000] [10351] [INFO] Booting worker with pid: 10351',
        '127.0.0.1 - - [25/Nov/2026:14:52:26 +0000] "GET / HTTP/1.1" 200 3 "-" "Python-urllib/3.11"',
        '[2026-11-25 14:52:26 +0000] [10353] [INFO] Booting worker with pid: 10353',
      ],
      has: [
        ['silent-worker-death', 'decisive'],
        ['worker-crash', 'supporting'],
      ],
    },
    {
      name: 'Gunicorn 21+ logs signal deaths and non-zero exits: a silent replacement means filtered lines or an exit 0 (supporting only)',
      lines: [
        '[2026-11-25 14:52:26 +0000] [10347] [INFO] Starting gunicorn 23.0.0',
        '[2026-11-25 14:52:26 +0000] [10347] [INFO] Using worker: sync',
        '[2026-11-25 14:52:26 +0000] [10351] [INFO] Booting worker with pid: 10351',
        '127.0.0.1 - - [25/Nov/2026:14:52:26 +0000] "GET / HTTP/1.1" 200 3 "-" "Python-urllib/3.11"',
        '[2026-11-25 14:52:26 +0000] [10353] [INFO] Booting worker with pid: 10353',
      ],
      has: [['silent-worker-death', 'supporting']],
      not: ['worker-crash'],
    },
    {
      name: 'look-alike: after SIGHUP the master boots new workers before the old ones exit — no silent death',
      lines: [
        '[2026-11-25 14:55:46 +0000] [14330] [INFO] Starting gunicorn 23.0.0',
        '[2026-11-25 14:55:46 +0000] [14333] [INFO] Booting worker with pid: 14333',
        '127.0.0.1 - - [25/Nov/2026:14:55:46 +0000] "GET / HTTP/1.1" 200 3 "-" "Python-urllib/3.11"',
        '[2026-11-25 14:55:46 +0000] [14330] [INFO] Handling signal: hup',
        '[2026-11-25 14:55:46 +0000] [14330] [INFO] Hang up: Master',
        '[2026-11-25 14:55:46 +0000] [14340] [INFO] Booting worker with pid: 14340',
        '[2026-11-25 14:55:46 +0000] [14333] [INFO] Worker exiting (pid: 14333)',
      ],
      not: ['silent-worker-death'],
    },
    {
      name: 'a graceful stop followed by a new start is a restart, and a clean one',
      lines: [
        ...START_23,
        REQUEST_23,
        ...STOP_23,
        '[2026-11-25 14:54:28 +0000] [13032] [INFO] Starting gunicorn 23.0.0',
      ],
      has: [
        ['master-restarted', 'decisive'],
        ['clean-restart', 'supporting'],
      ],
      not: ['problem-signs'],
    },
    {
      name: 'look-alike: a graceful stop with no new start is no restart',
      lines: [...START_23, REQUEST_23, ...STOP_23],
      not: ['master-restarted', 'clean-restart'],
      check: (tl) => expect(tl.shuttingDown).toBe(true),
    },
  ],

  'asgi-startup': [
    {
      name: 'an ASGI worker still "Waiting for application startup." when it is timed out, nothing served: a slow start-up',
      lines: [...ASGI_21, ...ASGI_21_KILLED],
      has: [['boot-timeout', 'decisive']],
      reason: ['boot-timeout', 'ASGI'],
    },
    {
      name: 'look-alike: "Application startup complete." before the timeout — the start-up was not what was killed',
      lines: [
        ...ASGI_21,
        '[2026-12-03 08:19:06 +0000] [14049] [INFO] Application startup complete.',
        ...ASGI_21_KILLED,
      ],
      not: ['boot-timeout'],
      has: ['worker-timeout'],
    },
    {
      name: 'look-alike: a slow ASGI start-up nobody kills (22.0+ does not time the boot) is not a failure',
      lines: [
        '[2026-12-03 08:19:11 +0000] [14651] [INFO] Starting gunicorn 26.1.0',
        '[2026-12-03 08:19:11 +0000] [14651] [INFO] Using worker: uvicorn.workers.UvicornWorker',
        '[2026-12-03 08:19:11 +0000] [14669] [INFO] Booting worker with pid: 14669',
        '[2026-12-03 08:19:12 +0000] [14669] [INFO] Waiting for application startup.',
      ],
      not: ['boot-timeout', 'problem-signs'],
    },
  ],

  'platform-restarts': [
    {
      name: 'Heroku daily cycling',
      lines: ['2025-12-02T03:14:27.118243+00:00 heroku[web.1]: Cycling'],
      has: [
        ['scheduled-cycle', 'decisive'],
        ['platform-restart', 'supporting'],
      ],
    },
    {
      name: 'a failed liveness probe restarts the container',
      lines: [
        '  Normal   Killing    8s (x4 over 6m26s)     kubelet            Container api failed liveness probe, will be restarted',
      ],
      has: [['probe-kill', 'decisive'], 'platform-restart', 'platform-kubernetes'],
      not: ['oom-kill'],
    },
    {
      name: "systemd's Restart= policy",
      lines: ['Jan 14 09:02:16 api-prod-2 systemd[1]: api.service: Scheduled restart job, restart counter is at 1.'],
      has: [['policy-restart', 'decisive'], 'platform-restart', 'platform-systemd'],
    },
    {
      name: 'Heroku: a process SIGKILLed (status 137) with no stop request is likely memory (supporting)',
      lines: ['2024-09-02T16:20:43.978303+00:00 heroku[web.1]: Process exited with status 137'],
      has: [
        ['oom-kill', 'supporting'],
        ['oom-container', 'supporting'],
      ],
    },
    {
      name: 'look-alike: status 137 after "Stopping all processes with SIGTERM" is the stop window running out, not memory',
      lines: [
        '2024-09-02T16:20:43.631503+00:00 heroku[web.1]: Stopping all processes with SIGTERM',
        '2024-09-02T16:20:53.978303+00:00 heroku[web.1]: Process exited with status 137',
      ],
      not: ['oom-kill', 'oom-container'],
    },
    {
      name: "supervisord: exit status 3 is Gunicorn's failed start-up, and the program is restarted by policy",
      lines: [
        '2020-01-14 22:31:08,975 INFO exited: intranet (exit status 3; not expected)',
        "2020-01-14 22:31:09,412 INFO spawned: 'intranet' with pid 9127",
      ],
      has: [['boot-failure', 'decisive'], 'policy-restart', 'platform-bare'],
    },
  ],

  memory: [
    {
      name: 'Heroku R14: over the memory quota',
      lines: ['2023-02-07T16:41:44.274581+00:00 heroku[web.1]: Error R14 (Memory quota exceeded)'],
      has: [['memory-pressure', 'decisive'], 'problem-signs'],
      not: ['oom-kill'],
    },
    {
      name: 'Heroku R15: the dyno killed for memory',
      lines: ['2023-02-07T16:44:04.101489+00:00 heroku[web.1]: Error R15 (Memory quota vastly exceeded)'],
      has: [
        ['oom-kill', 'decisive'],
        ['oom-container', 'decisive'],
      ],
    },
    {
      name: 'memory samples climbing to 95% of the quota (supporting), and the quota is kept',
      lines: [
        '2023-02-07T16:40:23.945649+00:00 heroku[web.1]: source=web.1 dyno=heroku.145151706.8f3f4c1e-5a0c-4d8e-b2a1-0e9f7c6d5b4a sample#memory_total=387.30MB sample#memory_rss=387.30MB sample#memory_cache=0.97MB sample#memory_swap=0.00MB sample#memory_pgpgin=301000pages sample#memory_pgpgout=188000pages sample#memory_quota=512.00MB',
        '2023-02-07T16:41:23.945649+00:00 heroku[web.1]: source=web.1 dyno=heroku.145151706.8f3f4c1e-5a0c-4d8e-b2a1-0e9f7c6d5b4a sample#memory_total=487.30MB sample#memory_rss=487.30MB sample#memory_cache=0.97MB sample#memory_swap=0.00MB sample#memory_pgpgin=301000pages sample#memory_pgpgout=188000pages sample#memory_quota=512.00MB',
      ],
      has: [['memory-pressure', 'supporting']],
      check: (tl) => {
        expect(tl.memoryQuota?.mb).toBe(512);
        expect(tl.peakMemoryMb).toBeCloseTo(487.3);
      },
    },
    {
      name: 'look-alike: a flat sample far under the quota is no pressure',
      lines: [
        '2024-05-14T16:20:38.112044+00:00 heroku[web.1]: source=web.1 dyno=heroku.301188245.4c2a9e7f-1d3b-4f6a-9c8e-7b5d2a1f0e34 sample#memory_total=188.04MB sample#memory_rss=186.11MB sample#memory_cache=1.93MB sample#memory_swap=0.00MB sample#memory_pgpgin=61234pages sample#memory_pgpgout=13112pages sample#memory_quota=512.00MB',
      ],
      not: ['memory-pressure', 'oom-kill'],
    },
    {
      name: 'the kernel OOM killer killed one of the booted workers: oom-worker, and its RSS sizes a worker',
      lines: [
        '[2021-06-03 21:14:02 +0000] [30410] [INFO] Booting worker with pid: 30410',
        'Jun 04 09:47:30 shop-01 kernel: Out of memory: Killed process 30410 (gunicorn) total-vm:712448kB, anon-rss:498212kB, file-rss:0kB, shmem-rss:0kB, UID:33 pgtables:1232kB oom_score_adj:0',
      ],
      has: [
        ['oom-kill', 'decisive'],
        ['oom-worker', 'decisive'],
      ],
      not: ['oom-container'],
      check: (tl) => expect(tl.workerRss?.mb).toBe(487),
    },
    {
      name: 'Heroku memory samples are footprints of the workers the log shows running then (per dyno), not of a configured count',
      lines: [
        '2026-11-24T09:02:07.1+00:00 app[web.1]: [2026-11-24 09:02:07 +0000] [2] [INFO] Starting gunicorn 21.2.0',
        '2026-11-24T09:02:07.2+00:00 app[web.1]: [2026-11-24 09:02:07 +0000] [7] [INFO] Booting worker with pid: 7',
        '2026-11-24T09:02:07.3+00:00 app[web.1]: [2026-11-24 09:02:07 +0000] [8] [INFO] Booting worker with pid: 8',
        '2026-11-24T09:02:07.4+00:00 app[web.2]: [2026-11-24 09:02:07 +0000] [7] [INFO] Booting worker with pid: 9',
        '2026-11-24T09:03:00.0+00:00 heroku[web.1]: source=web.1 dyno=heroku.1 sample#memory_total=300.00MB sample#memory_rss=298.00MB sample#memory_quota=512.00MB',
      ],
      has: [],
      not: ['memory-pressure'],
      check: (tl) => expect(tl.footprints.map((f) => [f.mb, f.workers, f.quotaMb])).toEqual([[300, 2, 512]]),
    },
    {
      name: 'a memory sample before any worker boot in the excerpt gives no footprint (the count running is unknown)',
      lines: [
        '2026-11-24T09:03:00.0+00:00 heroku[web.1]: source=web.1 dyno=heroku.1 sample#memory_total=300.00MB sample#memory_quota=512.00MB',
      ],
      has: [],
      not: ['memory-pressure'],
      check: (tl) => expect(tl.footprints).toEqual([]),
    },
    {
      name: 'ps lines size one worker and the master; docker stats is a container sample with its limit',
      lines: [
        '    1  61440 gunicorn: master [app:app]',
        '    7 153600 gunicorn: worker [app:app]',
        '    8 204800 gunicorn: worker [app:app]',
        'f2a9c3b1d4e5   shop-web-1   0.52%     486.2MiB / 512MiB     94.96%    1.2MB / 900kB   0B / 0B    9',
      ],
      has: [],
      not: ['oom-kill', 'memory-pressure'],
      check: (tl) => {
        expect([tl.workerRss?.mb, tl.masterRss?.mb]).toEqual([200, 60]);
        expect(tl.memory.map((m) => [m.mb, m.quotaMb])).toEqual([[486.2, 512]]);
      },
    },
  ],

  bind: [
    {
      name: '"Connection in use" / Errno 98: another process holds the port',
      lines: [
        '[2026-11-25 14:52:29 +0000] [10415] [INFO] Starting gunicorn 23.0.0',
        "[2026-11-25 14:52:29 +0000] [10415] [ERROR] Connection in use: ('127.0.0.1', 48333)",
        "[2026-11-25 14:52:29 +0000] [10415] [ERROR] connection to ('127.0.0.1', 48333) failed: [Errno 98] Address already in use",
        "[2026-11-25 14:52:34 +0000] [10415] [ERROR] Can't connect to ('127.0.0.1', 48333)",
      ],
      has: [['bind-in-use', 'decisive'], ['bind-failure', 'decisive'], 'boot-failure'],
      not: ['bind-address'],
    },
    {
      name: 'look-alike: "Invalid address" retries are an address that cannot be bound, not a port in use',
      lines: [
        '[2026-12-03 08:20:01 +0000] [15734] [INFO] Starting gunicorn 22.0.0',
        "[2026-12-03 08:20:01 +0000] [15734] [ERROR] Invalid address: ('::1', 52255)",
        '[2026-12-03 08:20:01 +0000] [15734] [ERROR] Retrying in 1 second.',
        "[2026-12-03 08:20:06 +0000] [15734] [ERROR] Can't connect to ('::1', 52255)",
      ],
      has: [['bind-address', 'decisive'], 'bind-failure'],
      not: ['bind-in-use'],
    },
    {
      name: 'bare retries (≤ 22.x) without "Connection in use": the address itself (decisive from the second retry)',
      lines: [
        '[2026-12-03 08:20:07 +0000] [15794] [INFO] Starting gunicorn 20.0.4',
        '[2026-12-03 08:20:07 +0000] [15794] [ERROR] Retrying in 1 second.',
        '[2026-12-03 08:20:08 +0000] [15794] [ERROR] Retrying in 1 second.',
      ],
      has: [['bind-address', 'decisive']],
      not: ['bind-in-use'],
    },
    {
      name: 'look-alike: a single bare retry is only supporting',
      lines: [
        '[2026-12-03 08:20:07 +0000] [15794] [INFO] Starting gunicorn 20.0.4',
        '[2026-12-03 08:20:07 +0000] [15794] [ERROR] Retrying in 1 second.',
      ],
      has: [['bind-address', 'supporting']],
    },
    {
      name: 'Heroku R10 after "Listening at" on loopback: the wrong address, not a slow start',
      lines: [
        '[2024-02-11 18:22:05 +0000] [3211] [INFO] Starting gunicorn 21.2.0',
        '[2024-02-11 18:22:05 +0000] [3211] [INFO] Listening at: http://127.0.0.1:8000 (3211)',
        '2025-05-05T18:21:11.631557+00:00 heroku[web.1]: Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 60 seconds of launch',
      ],
      has: [['wrong-port', 'decisive']],
      not: ['boot-timeout'],
    },
    {
      name: 'look-alike: R10 with no "Listening at" and no Gunicorn line: a start that may be slow (supporting)',
      lines: [
        '2025-05-05T18:21:11.631557+00:00 heroku[web.1]: Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 60 seconds of launch',
      ],
      has: [['boot-timeout', 'supporting']],
      not: ['wrong-port'],
    },
  ],

  timeouts: [
    {
      name: 'with the configured timeout known, one worker timing out that many seconds after its boot, unserved, is a slow start-up',
      configured: { timeout: 30 },
      lines: [
        '[2023-09-22 23:48:13 +0530] [2767] [INFO] Booting worker with pid: 2767',
        '[2023-09-22 23:48:43 +0530] [1305] [CRITICAL] WORKER TIMEOUT (pid:2767)',
      ],
      has: [['boot-timeout', 'decisive']],
      reason: ['boot-timeout', 'your configured timeout is 30 s'],
      not: ['worker-timeout'],
    },
    {
      name: 'look-alike: the same single timeout without the configured timeout is not enough for a loop',
      lines: [
        '[2023-09-22 23:48:13 +0530] [2767] [INFO] Booting worker with pid: 2767',
        '[2023-09-22 23:48:43 +0530] [1305] [CRITICAL] WORKER TIMEOUT (pid:2767)',
      ],
      has: ['worker-timeout'],
      not: ['boot-timeout'],
    },
    {
      name: 'look-alike: a configured 22.0+ (the project pins it) never times out a booting worker',
      configured: { timeout: 30, gunicornVersion: '23.0.0' },
      lines: [
        '[2023-09-22 23:48:13 +0530] [2767] [INFO] Booting worker with pid: 2767',
        '[2023-09-22 23:48:43 +0530] [1305] [CRITICAL] WORKER TIMEOUT (pid:2767)',
      ],
      has: ['worker-timeout'],
      not: ['boot-timeout'],
    },
    {
      name: '22.0+ sync: a timed-out worker that leaves without "Error handling request" was idle (heartbeat)',
      lines: [
        '[2026-11-25 14:52:09 +0000] [10106] [INFO] Starting gunicorn 23.0.0',
        '[2026-11-25 14:52:09 +0000] [10106] [INFO] Using worker: sync',
        '[2026-11-25 14:52:09 +0000] [10107] [INFO] Booting worker with pid: 10107',
        '127.0.0.1 - - [25/Nov/2026:14:52:09 +0000] "GET / HTTP/1.1" 200 3 "-" "Python-urllib/3.11"',
        '[2026-11-25 14:53:11 +0000] [10106] [CRITICAL] WORKER TIMEOUT (pid:10107)',
        '[2026-11-25 14:53:11 +0000] [10107] [INFO] Worker exiting (pid: 10107)',
        '[2026-11-25 14:53:11 +0000] [10112] [INFO] Booting worker with pid: 10112',
      ],
      has: [['timeout-idle', 'decisive']],
      not: ['timeout-busy'],
    },
    {
      name: 'look-alike: 22.0+ sync inside a request logs "Error handling request" + SystemExit — busy, not idle',
      lines: [
        '[2026-11-25 14:52:09 +0000] [10106] [INFO] Starting gunicorn 23.0.0',
        '[2026-11-25 14:52:09 +0000] [10106] [INFO] Using worker: sync',
        '[2026-11-25 14:52:09 +0000] [10107] [INFO] Booting worker with pid: 10107',
        '127.0.0.1 - - [25/Nov/2026:14:52:09 +0000] "GET / HTTP/1.1" 200 3 "-" "Python-urllib/3.11"',
        '[2026-11-25 14:52:11 +0000] [10106] [CRITICAL] WORKER TIMEOUT (pid:10107)',
        '[2026-11-25 14:52:11 +0000] [10107] [ERROR] Error handling request /sleep',
        '[2026-11-25 14:52:11 +0000] [10107] [INFO] Worker exiting (pid: 10107)',
      ],
      has: ['timeout-busy'],
      not: ['timeout-idle'],
    },
    {
      name: 'look-alike: up to 21.2 the in-request SystemExit is not logged, so a quiet exit proves nothing',
      lines: [
        '[2026-11-25 14:52:09 +0000] [10106] [INFO] Starting gunicorn 21.2.0',
        '[2026-11-25 14:52:09 +0000] [10106] [INFO] Using worker: sync',
        '[2026-11-25 14:52:09 +0000] [10107] [INFO] Booting worker with pid: 10107',
        '127.0.0.1 - - [25/Nov/2026:14:52:09 +0000] "GET / HTTP/1.1" 200 3 "-" "Python-urllib/3.11"',
        '[2026-11-25 14:53:11 +0000] [10106] [CRITICAL] WORKER TIMEOUT (pid:10107)',
        '[2026-11-25 14:53:11 +0000] [10107] [INFO] Worker exiting (pid: 10107)',
      ],
      has: ['worker-timeout'],
      not: ['timeout-idle'],
    },
    {
      name: 'workers timed out ~2 s after booting, again and again, before serving (20.0.4): a boot loop',
      lines: SLOW_IMPORT_20,
      has: [['boot-timeout', 'decisive']],
      not: ['worker-timeout', 'timeout-idle'],
      check: (tl) => expect(tl.summary().cadence.join(' ')).toMatch(/time out about 2 s after booting/),
    },
    {
      name: 'look-alike: the same loop on 22.0+ cannot come from the import (the boot is not timed): runtime timeouts',
      lines: SLOW_IMPORT_20.map((l) => l.replace('Starting gunicorn 20.0.4', 'Starting gunicorn 23.0.0')),
      has: [['worker-timeout', 'decisive']],
      not: ['boot-timeout'],
    },
    {
      name: 'a timeout after serving, with the request error right after it: stuck in a request',
      lines: SLOW_REQUEST_23,
      has: [['worker-timeout', 'decisive'], ['timeout-busy', 'decisive'], 'served-then-died'],
      not: ['boot-timeout', 'timeout-idle'],
    },
    {
      name: 'four workers timed out together after serving health checks: idle workers (heartbeat trouble)',
      lines: [
        'app-1  | 127.0.0.1 - - [16/Apr/2024:02:03:01 +0000] "GET /healthz HTTP/1.1" 200 2 "-" "curl/7.88.1" 0.004712',
        'app-1  | [2024-04-16 02:03:36 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:8)',
        'app-1  | [2024-04-16 02:03:36 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:10)',
        'app-1  | [2024-04-16 02:03:37 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:9)',
        'app-1  | [2024-04-16 02:03:37 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:11)',
      ],
      has: [
        ['worker-timeout', 'decisive'],
        ['timeout-idle', 'supporting'],
      ],
      not: ['timeout-busy', 'timeouts-lockstep'],
    },
    {
      name: 'look-alike: the same burst with nothing served anywhere: the pool still starting (lockstep)',
      lines: [
        'app-1  | [2024-04-16 02:03:36 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:8)',
        'app-1  | [2024-04-16 02:03:36 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:10)',
        'app-1  | [2024-04-16 02:03:37 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:9)',
      ],
      has: [
        ['timeouts-lockstep', 'supporting'],
        ['boot-timeout', 'supporting'],
      ],
      not: ['timeout-idle'],
    },
  ],

  kills: [
    {
      name: 'a SIGKILL with no WORKER TIMEOUT before it and no stop under way: the OOM killer',
      lines: [
        ...START_23,
        REQUEST_23,
        '[2026-11-25 14:52:17 +0000] [10213] [ERROR] Worker (pid:10214) was sent SIGKILL! Perhaps out of memory?',
      ],
      has: [['oom-kill', 'decisive'], ['oom-worker', 'decisive'], 'served-then-died'],
      not: ['kill-context-cut'],
      check: (tl) => expect(tl.kills.map((k) => k.kind)).toEqual(['oom']),
    },
    {
      name: "look-alike: a SIGKILL a second after WORKER TIMEOUT is the timeout's escalation, not memory",
      lines: STUCK_23,
      not: ['oom-kill', 'oom-worker'],
      has: [['timeout-busy', 'supporting'], 'worker-timeout'],
      check: (tl) => expect(tl.kills.map((k) => k.kind)).toEqual(['timeout-escalation']),
    },
    {
      name: 'look-alike: a SIGKILL during a graceful stop is graceful_timeout running out, not memory',
      lines: [
        '[2026-11-25 14:54:24 +0000] [12948] [INFO] Starting gunicorn 22.0.0',
        '[2026-11-25 14:54:24 +0000] [12949] [INFO] Booting worker with pid: 12949',
        '127.0.0.1 - - [25/Nov/2026:14:54:24 +0000] "GET / HTTP/1.1" 200 3 "-" "Python-urllib/3.11"',
        '[2026-11-25 14:54:25 +0000] [12948] [INFO] Handling signal: term',
        '[2026-11-25 14:54:26 +0000] [12948] [INFO] Shutting down: Master',
        '[2026-11-25 14:54:26 +0000] [12948] [ERROR] Worker (pid:12949) was sent SIGKILL! Perhaps out of memory?',
      ],
      not: ['oom-kill', 'problem-signs'],
      check: (tl) => expect(tl.kills.map((k) => k.kind)).toEqual(['shutdown-escalation']),
    },
    {
      name: 'a SIGKILL on the first line of the excerpt: what came before it is cut (supporting memory only)',
      lines: [
        '[2026-11-25 14:53:01 +0000] [11309] [ERROR] Worker (pid:11310) was sent SIGKILL! Perhaps out of memory?',
      ],
      has: [
        ['kill-context-cut', 'decisive'],
        ['oom-kill', 'supporting'],
      ],
    },
    {
      name: 'a SIGKILL in the output of a pasted `… | grep` command: the filter may have dropped a WORKER TIMEOUT (supporting memory only)',
      lines: [
        '$ kubectl logs deploy/api --since=1h | grep -iE "signal|boot"',
        '[2023-05-11 18:13:01 +0000] [2] [INFO] Booting worker with pid: 2',
        '[2023-05-11 18:13:10 +0000] [1] [WARNING] Worker with pid 2 was terminated due to signal 9',
      ],
      has: [
        ['log-filtered', 'decisive'],
        ['oom-kill', 'supporting'],
      ],
    },
    {
      name: 'the same lines after an unfiltered command: the kill is memory (decisive)',
      lines: [
        '$ kubectl logs deploy/api --since=1h',
        '[2023-05-11 18:13:01 +0000] [2] [INFO] Booting worker with pid: 2',
        '[2023-05-11 18:13:10 +0000] [1] [WARNING] Worker with pid 2 was terminated due to signal 9',
      ],
      has: [['oom-kill', 'decisive']],
      not: ['log-filtered'],
    },
    {
      name: 'SIGSEGV: a crash, not memory',
      lines: [
        ...START_23.slice(0, 3),
        '[2026-11-25 14:52:18 +0000] [10246] [INFO] Booting worker with pid: 10246',
        '[2026-11-25 14:52:18 +0000] [10245] [ERROR] Worker (pid:10246) was sent SIGSEGV!',
      ],
      has: [['worker-crash', 'decisive']],
      not: ['oom-kill'],
    },
  ],

  exits: [
    {
      name: "exit code 3: Gunicorn's failed boot",
      lines: [...IMPORT_FRAMES_23.slice(0, 4), BOOT_FAILED_23[1]!],
      has: [['boot-failure', 'decisive']],
      not: ['worker-crash'],
    },
    {
      name: 'an exit with code 1 after the boot, logged twice by 23.0, is one crash',
      lines: [
        '[2026-11-25 14:52:19 +0000] [10255] [INFO] Starting gunicorn 23.0.0',
        '[2026-11-25 14:52:19 +0000] [10256] [INFO] Booting worker with pid: 10256',
        '[2026-11-25 14:52:19 +0000] [10255] [ERROR] Worker (pid:10256) exited with code 1',
        '[2026-11-25 14:52:19 +0000] [10255] [ERROR] Worker (pid:10256) exited with code 1.',
        '[2026-11-25 14:52:19 +0000] [10257] [INFO] Booting worker with pid: 10257',
      ],
      has: [['worker-crash', 'decisive']],
      not: ['boot-failure'],
      check: (tl) => expect(tl.facts.get('worker-crash')?.count).toBe(1),
    },
    {
      name: 'look-alike: 21.2\'s "exited with code 1" right after WORKER TIMEOUT is the timeout\'s SystemExit, not a crash',
      lines: [
        '[2026-11-25 14:52:16 +0000] [10203] [INFO] Starting gunicorn 21.2.0',
        '[2026-11-25 14:52:16 +0000] [10204] [INFO] Booting worker with pid: 10204',
        '127.0.0.1 - - [25/Nov/2026:14:52:16 +0000] "GET / HTTP/1.1" 200 3 "-" "Python-urllib/3.11"',
        '[2026-11-25 14:52:19 +0000] [10203] [CRITICAL] WORKER TIMEOUT (pid:10204)',
        '[2026-11-25 14:52:19 +0000] [10204] [INFO] Worker exiting (pid: 10204)',
        '[2026-11-25 14:52:19 +0000] [10203] [ERROR] Worker (pid:10204) exited with code 1',
        '[2026-11-25 14:52:19 +0000] [10203] [ERROR] Worker (pid:10204) exited with code 1.',
      ],
      has: ['worker-timeout'],
      not: ['worker-crash'],
    },
    {
      name: 'every worker exiting within seconds of its boot, before serving: a start-up that gives up, not crashes',
      lines: ARGV_IN_APP_23.filter((l) => !/usage:|error:/.test(l)),
      has: [['boot-failure', 'supporting']],
      not: ['worker-crash'],
      reason: ['boot-failure', 'every worker exited (code 2)'],
    },
  ],

  requests: [
    {
      name: 'a 5xx access line is a problem sign (supporting) among served requests',
      lines: [
        ...START_23,
        REQUEST_23,
        '127.0.0.1 - - [25/Nov/2026:14:52:11 +0000] "GET /sleep HTTP/1.1" 500 0 "-" "-"',
      ],
      has: [['problem-signs', 'supporting'], 'served-requests'],
      not: ['clean-lifecycle'],
      check: (tl) => expect(tl.requests).toBe(2),
    },
    {
      name: 'Heroku H12: the router gave up after 30 s',
      lines: [
        '2024-05-14T16:20:32.556219+00:00 heroku[router]: at=error code=H12 desc="Request timeout" method=POST path="/api/enrich/batch" host=enrich-prod.herokuapp.com request_id=7d1c2b9a-6e4f-4c8d-a0b1-3f2e5d6c7a89 fwd="34.201.77.19" dyno=web.1 connect=1ms service=30000ms status=503 bytes=0 protocol=https',
      ],
      has: [
        ['router-timeout', 'decisive'],
        ['problem-signs', 'decisive'],
      ],
    },
    {
      name: 'look-alike: "Error handling request" with no timeout before it is a request\'s own error, not a stuck worker',
      lines: [
        ...START_23,
        REQUEST_23,
        '[2026-11-25 14:52:19 +0000] [10214] [ERROR] Error handling request /sleep',
        'Traceback (most recent call last):',
        '  File "/tmp/gu/23.0.0/gunicorn/workers/sync.py", line 134, in handle',
        'ZeroDivisionError: division by zero',
      ],
      has: [['problem-signs', 'supporting']],
      not: ['timeout-busy', 'boot-failure', 'import-error'],
    },
    {
      name: 'a proxy refused while Gunicorn listens on loopback inside a container: the wrong address (supporting)',
      lines: [
        'web-1  | [2024-02-11 18:22:05 +0000] [3211] [INFO] Starting gunicorn 21.2.0',
        'web-1  | [2024-02-11 18:22:05 +0000] [3211] [INFO] Listening at: http://127.0.0.1:8000 (3211)',
        'nginx-1  | 2019/08/21 06:12:09 [error] 2811#0: *41 connect() failed (111: Connection refused) while connecting to upstream, client: 172.31.9.201, server: , request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:8000/", host: "example.org"',
      ],
      has: [['wrong-port', 'supporting'], 'platform-docker'],
    },
  ],

  recycle: [
    {
      name: 'max_requests: "Autorestarting worker after current request." and the replacement is no silent death',
      lines: [
        '[2026-11-25 14:52:20 +0000] [10278] [INFO] Starting gunicorn 23.0.0',
        '[2026-11-25 14:52:20 +0000] [10279] [INFO] Booting worker with pid: 10279',
        '127.0.0.1 - - [25/Nov/2026:14:52:20 +0000] "GET / HTTP/1.1" 200 3 "-" "Python-urllib/3.11"',
        '[2026-11-25 14:52:20 +0000] [10279] [INFO] Autorestarting worker after current request.',
        '[2026-11-25 14:52:20 +0000] [10279] [INFO] Worker exiting (pid: 10279)',
        '[2026-11-25 14:52:20 +0000] [10281] [INFO] Booting worker with pid: 10281',
      ],
      has: [['max-requests', 'decisive'], 'clean-lifecycle'],
      not: ['silent-worker-death', 'problem-signs'],
    },
    {
      name: 'the code reloader restarted the worker after a file changed (25.1: "Reloader is on" dates it too)',
      lines: [
        '[2026-11-25 14:53:08 +0000] [11402] [INFO] Booting worker with pid: 11402',
        '[2026-11-25 14:53:08 +0000] [11402] [WARNING] Reloader is on. Use in development only!',
        '[2026-11-25 14:53:11 +0000] [11402] [INFO] Worker reloading: /tmp/gunicorn-doctor-harness/25.1.0/reload/app/reloadme.py modified',
      ],
      has: [
        ['reload', 'decisive'],
        ['version-24-plus', 'supporting'],
      ],
    },
    {
      name: 'SIGHUP: a reload',
      lines: [
        '[2026-11-25 14:55:46 +0000] [14330] [INFO] Handling signal: hup',
        '[2026-11-25 14:55:46 +0000] [14330] [INFO] Hang up: Master',
      ],
      has: [['reload', 'decisive']],
      check: (tl) => expect(tl.reloads).toBe(2),
    },
    {
      name: 'look-alike: SIGWINCH (a terminal resize) is only logged — no reload, no stop',
      lines: [...START_23, '[2026-12-03 08:19:22 +0000] [14771] [INFO] Handling signal: winch'],
      has: [['harmless-signal', 'supporting'], 'clean-lifecycle'],
      not: ['reload', 'problem-signs'],
      check: (tl) => expect(tl.shuttingDown).toBe(false),
    },
  ],

  'boot-failure': [
    {
      name: 'ModuleNotFoundError raised from the app while the worker imports it: import-error',
      lines: [
        ...IMPORT_FRAMES_23,
        '  File "/tmp/gunicorn-doctor-harness/23.0.0/import-error/app/importerror.py", line 2, in <module>',
        '    import nonexistent_pkg_xyz  # noqa: F401',
        "ModuleNotFoundError: No module named 'nonexistent_pkg_xyz'",
        ...BOOT_FAILED_23,
      ],
      has: [
        ['import-error', 'decisive'],
        ['boot-failure', 'decisive'],
      ],
      not: ['app-not-found', 'missing-env', 'worker-crash'],
    },
    {
      name: 'look-alike: ModuleNotFoundError raised by import_app itself is the APP_MODULE missing, not an import error in the app',
      lines: [
        ...IMPORT_FRAMES_23,
        '  File "<frozen importlib._bootstrap>", line 1142, in _find_and_load_unlocked',
        "ModuleNotFoundError: No module named 'myproject'",
        ...BOOT_FAILED_23,
      ],
      has: [['app-not-found', 'decisive'], 'boot-failure'],
      not: ['import-error'],
    },
    {
      name: "KeyError from os.environ's __getitem__: a missing environment variable",
      lines: [
        ...IMPORT_FRAMES_23,
        '  File "/tmp/gunicorn-doctor-harness/23.0.0/missing-env/app/missingenv.py", line 4, in <module>',
        '    DATABASE_URL = os.environ["DATABASE_URL"]',
        '  File "<frozen os>", line 679, in __getitem__',
        "KeyError: 'DATABASE_URL'",
        ...BOOT_FAILED_23,
      ],
      has: [['missing-env', 'decisive']],
      not: ['import-error'],
    },
    {
      name: 'a usage error followed by "Worker exiting" was printed by the app inside the worker: argv-in-app, not config-error',
      lines: ARGV_IN_APP_23,
      has: [
        ['argv-in-app', 'decisive'],
        ['import-error', 'decisive'],
      ],
      not: ['config-error'],
    },
    {
      name: "look-alike: Gunicorn's own usage error, before any worker: config-error, not argv-in-app",
      lines: ['usage: gunicorn [OPTIONS] [APP_MODULE]', 'gunicorn: error: unrecognized arguments: --no-such-flag'],
      has: [['config-error', 'decisive'], 'boot-failure'],
      not: ['argv-in-app', 'import-error'],
    },
  ],

  'idle-stop': [
    {
      name: 'Idling → SIGTERM → exit 0 and the excerpt ends: the idle trap is only possible (supporting)',
      lines: HEROKU_IDLE,
      has: [['idle-stop', 'supporting'], ['stopped-never-back', 'supporting'], 'stopped-at-end'],
      not: ['idle-woke'],
    },
    {
      name: 'the same, then H10 "App crashed": it never came back (decisive)',
      lines: [
        ...HEROKU_IDLE,
        '2026-09-05T16:42:22.142303+00:00 heroku[router]: at=error code=H10 desc="App crashed" method=GET path="/api/v1/invoices?status=open" host=api.tallyhq.io request_id=8d1f3c2e-7a40-4b9b-a1d6-52c0e7f9b3a4 fwd="34.201.17.8" dyno= connect= service= status=503 bytes= protocol=https',
      ],
      has: [
        ['idle-stop', 'decisive'],
        ['stopped-never-back', 'decisive'],
      ],
    },
    {
      name: 'look-alike: "Unidling" after it: a dyno that sleeps and wakes, not the trap',
      lines: [...HEROKU_IDLE, '2026-09-05T18:52:27.118907+00:00 heroku[web.1]: Unidling'],
      has: [['idle-woke', 'decisive']],
      not: ['idle-stop', 'stopped-never-back'],
    },
    {
      name: 'look-alike: an exit 0 without Idling, at the end of the excerpt: stopped at the end, not proven gone',
      lines: [
        '2024-09-02T16:20:43.631503+00:00 heroku[web.1]: Stopping all processes with SIGTERM',
        '2024-09-02T16:20:43.978303+00:00 heroku[web.1]: Process exited with status 0',
      ],
      has: [['stopped-at-end', 'supporting']],
      not: ['idle-stop', 'stopped-never-back'],
    },
  ],

  'lifecycle-summary': [
    {
      name: 'boots, requests and a graceful stop only: a clean lifecycle',
      lines: [...START_23, REQUEST_23, ...STOP_23],
      has: [
        ['clean-lifecycle', 'supporting'],
        ['served-requests', 'supporting'],
        ['gunicorn-log-present', 'supporting'],
      ],
      not: ['problem-signs'],
    },
    {
      name: "an application's error lines with nothing from Gunicorn are the only problem sign",
      lines: ['2024-03-01 10:00:01.123 UTC [4411] FATAL:  password authentication failed for user "shop"'],
      has: [['problem-signs', 'supporting']],
      not: ['clean-lifecycle', 'gunicorn-log-present'],
      reason: ['problem-signs', 'none of them from Gunicorn'],
    },
    {
      name: "look-alike: the same error line beside Gunicorn's lines is not Gunicorn's problem",
      lines: [
        ...START_23,
        REQUEST_23,
        '2024-03-01 10:00:01.123 UTC [4411] FATAL:  password authentication failed for user "shop"',
      ],
      has: ['clean-lifecycle'],
      not: ['problem-signs'],
    },
  ],

  'signature-facts': [
    {
      name: 'a line of a signature that names a fact establishes it, decisive, for the reason the signature gives',
      lines: ['2024-03-01 10:00:01.123 UTC [4411] FATAL:  password authentication failed for user "shop"'],
      signatureFacts: { 'other-error-line': 'dependency-refused' },
      has: [['dependency-refused', 'decisive']],
      reason: ['dependency-refused', "other-error-line's summary"],
    },
    {
      name: 'every such line counts',
      lines: [
        ...START_23,
        ...Array(3).fill('2024-03-01 10:00:01.123 UTC [4411] FATAL:  password authentication failed'),
      ],
      signatureFacts: { 'other-error-line': 'dependency-refused' },
      check: (tl) => expect(tl.facts.get('dependency-refused')?.count).toBe(3),
    },
    {
      name: 'look-alike: the same line when its signature names no fact (every built-in signature today)',
      lines: ['2024-03-01 10:00:01.123 UTC [4411] FATAL:  password authentication failed for user "shop"'],
      signatureFacts: { 'worker-exiting': 'dependency-refused' },
      not: ['dependency-refused'],
    },
  ],
};

// --- the tests --------------------------------------------------------------------------------------------------

const names = newTimeline().detectors.map((d) => d.name);

describe('detectors', () => {
  it('each detector is one file under src/evidence/detectors/ with a header saying what it decides', () => {
    const files = readdirSync(detectorsDir)
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(files).toEqual([...names].sort());
    for (const f of files)
      expect(readFileSync(join(detectorsDir, `${f}.ts`), 'utf8'), `${f}.ts`).toMatch(/^\/\*\*\n \* \S[^\n]*:/);
  });

  it('every detector has a table of at least 3 rows, with a look-alike', () => {
    expect(Object.keys(TABLES).sort()).toEqual([...names].sort());
    for (const [name, rows] of Object.entries(TABLES)) {
      expect(rows.length, name).toBeGreaterThanOrEqual(3);
      expect(
        rows.some((r) => r.name.startsWith('look-alike') && r.not?.length),
        `${name}: a look-alike row`,
      ).toBe(true);
    }
  });
});

for (const [name, rows] of Object.entries(TABLES)) {
  describe(`detector ${name}`, () => {
    it.each(rows.map((r) => [r.name, r] as const))('%s', async (_label, row) => {
      const tl = await timeline(row.lines, row.configured, row.signatureFacts);
      const got = Object.fromEntries([...tl.facts.values()].map((f) => [f.id, f.strength]));
      for (const want of row.has ?? []) {
        const [id, strength] = typeof want === 'string' ? [want, undefined] : want;
        expect(got[id], `${id} should come out (got ${JSON.stringify(got)})`).toBeDefined();
        if (strength) expect(got[id], `${id} strength`).toBe(strength);
      }
      for (const id of row.not ?? [])
        expect(got[id], `${id} must not come out (${tl.facts.get(id)?.reason})`).toBeUndefined();
      if (row.reason) expect(tl.facts.get(row.reason[0])?.reason).toContain(row.reason[1]);
      row.check?.(tl);
    });
  });
}
