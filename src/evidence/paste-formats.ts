/**
 * Paste formats the normaliser (normalize.ts) does not strip, as data: the prefixes log-search UIs, shippers and
 * custom logging formats put before a message (a level word, a bare timestamp after a source name, a container path,
 * a time-zone abbreviation). When no anchored pattern matched a candidate line, the line scanner (file-scanner.ts,
 * FileScanner.retry) tries the candidate's patterns again from the word holding its literal — but only when the text
 * before that word is one of these prefixes, so prose that merely mentions a message stays unrecognised.
 *
 * Each format carries sample lines it must make recognised and counter-samples it must leave alone;
 * test/unit/paste-formats.test.ts checks every one, so a new format brings its own test.
 *
 * Owns: the formats and the generic code that applies them. Imports nothing (normalize.ts describes the prefixes
 * it strips the same way, in words beside each regex).
 */

export interface PasteFormat {
  name: string;
  /** what the prefix looks like, in words */
  recognises: string;
  /** the text before the word holding the literal (or its last `tail` characters) must match this, whole */
  prefix: RegExp;
  /** test only the last `tail` characters before the word (a level word ends a prefix of any length) */
  tail?: number;
  /** at most this many characters before the word */
  maxPrefix?: number;
  /** only when the normaliser stripped a timestamp prefix before the message (its time is known) */
  afterTimestamp?: boolean;
  /** real-looking lines this format must make recognised, each with the signature it must yield */
  samples: { line: string; sig: string }[];
  /** lines it must leave unrecognised */
  counterSamples: string[];
}

/** level words, lower case as log-search UIs and CSV exports print them */
const LEVEL_WORDS = 'debug|info|notice|warn|warning|err|error|crit|critical|fatal|alert|emerg';

export const PASTE_FORMATS: readonly PasteFormat[] = [
  {
    name: 'level word',
    recognises:
      'a prefix ending in a level word, bare (` - INFO - `), [bracketed] (`iad [info] `) or "quoted" (a CSV cell ' +
      '`,"error","`), and separators',
    prefix: new RegExp(
      `(?:\\[(?:${LEVEL_WORDS})\\]|"(?:${LEVEL_WORDS}|stderr|stdout)"|(?:^|\\s)(?:DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|CRITICAL|FATAL)(?=[\\s,|"]|$))[\\s,|"'-]*$`,
    ),
    tail: 64,
    samples: [
      {
        line: '2024-10-21 11:08:16,937 - gunicorn.error - INFO - Autorestarting worker after current request.',
        sig: 'autorestart',
      },
      {
        line: '2024-10-21 11:08:16,991 - gunicorn.error - INFO - Booting worker with pid: 5190',
        sig: 'booting-worker',
      },
      {
        line: '"2023-04-11T13:56:43.005Z","host","svc","error","ModuleNotFoundError: No module named \'psycopg2\'"',
        sig: 'exc-module-not-found',
      },
      { line: '2024-05-01T10:00:01.870Z web.1 [error] Traceback (most recent call last):', sig: 'traceback-start' },
    ],
    counterSamples: [
      'How do I fix WORKER TIMEOUT (pid:123) errors?',
      'ERROR budget exceeded, then Booting worker with pid: 5190',
      'we saw "Worker exiting (pid: 4422)" in the info panel',
    ],
  },
  {
    name: 'source and timestamp',
    recognises:
      'a whole prefix made of an RFC 3339 timestamp the normaliser does not know, optionally after one source ' +
      'token (`web 2024-01-20T08:14:55.512Z `, DigitalOcean) and before one path-like one',
    prefix:
      /^(?:[\w.-]{1,64} )?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?(?: [\w.-]+(?:\/[\w.-]+)+)? +$/,
    maxPrefix: 160,
    samples: [
      { line: 'web 2024-01-20T08:14:55.512331112Z usage: gunicorn [OPTIONS] [APP_MODULE]', sig: 'config-usage' },
      {
        line: "web 2024-01-20T08:14:55.512389472Z gunicorn: error: argument -w/--workers: invalid int value: '${WEB_CONCURRENCY:-2}'",
        sig: 'config-argparse-error',
      },
    ],
    counterSamples: [
      'see web 2024-01-20T08:14:55.512331112Z usage: gunicorn [OPTIONS] [APP_MODULE]',
      'web 2024-01-20T08:14:55.512331112Z said usage: gunicorn [OPTIONS] [APP_MODULE]',
    ],
  },
  {
    name: 'container path',
    recognises:
      'one path-like source token after a timestamp the normaliser stripped (`ecs/api/<task id> `, CloudWatch)',
    prefix: /^[\w.-]+(?:\/[\w.-]+)+ +$/,
    maxPrefix: 160,
    afterTimestamp: true,
    samples: [
      {
        line: '2025-01-22T14:03:40.217000+00:00 ecs/checkout-api/6b0f2e9d4c7a41b8a3e5d1c0f9e8b7a6 Traceback (most recent call last):',
        sig: 'traceback-start',
      },
      {
        line: "2024-11-21T15:40:03.552000+00:00 ecs/api/1b9e0c4f7a2d43f59e3c8b1a6d5f4e2c ModuleNotFoundError: No module named 'uvicorn'",
        sig: 'exc-module-not-found',
      },
    ],
    counterSamples: [
      'ecs/api/1b9e0c4f7a2d43f59e3c8b1a6d5f4e2c Traceback (most recent call last):',
      '2025-01-22T14:03:40.217000+00:00 see ecs/api/1b9e0c4f Traceback (most recent call last):',
    ],
  },
  {
    name: 'time-zone abbreviation',
    recognises:
      'a time-zone abbreviation left after a timestamp the normaliser stripped (`2022-06-08 13:44:12.904 CEST `, ' +
      'Cloud Logging, PostgreSQL)',
    prefix: /^(?:UTC|GMT|[ECMPAH][SD]T|[CEW]ES?T|BST|IST|JST|KST|AE[SD]T|NZ[SD]T|AK[SD]T) +$/,
    maxPrefix: 160,
    afterTimestamp: true,
    samples: [
      { line: '2022-06-08 13:44:12.904 CEST Traceback (most recent call last):', sig: 'traceback-start' },
      {
        line: '2022-06-08 13:44:12.904 CEST psycopg2.OperationalError: could not connect to server: No such file or directory',
        sig: 'exc-db-operational',
      },
      { line: "2024-05-14 09:31:06.644 CEST  KeyError: 'DB_PASSWORD'", sig: 'exc-keyerror-env' },
    ],
    counterSamples: [
      'CEST Traceback (most recent call last):',
      '2022-06-08 13:44:12.904 XYZT Traceback (most recent call last):',
    ],
  },
];

/** characters that end a word before a literal: the message is retried from the start of the word holding it */
const WORD_END = ' \t"\',;|[](){}<>=';

/** The start of the word holding position i of msg (`ValueError: ` for the literal `Error: `). */
export function wordStart(msg: string, i: number): number {
  let w = i;
  while (w > 0 && !WORD_END.includes(msg[w - 1])) w--;
  return w;
}

/** Whether the normaliser stripped a timestamp prefix before the message (what `afterTimestamp` asks for). */
export function stampedBefore(n: { time?: number; prefixLen: number }): boolean {
  return n.time !== undefined && n.prefixLen > 0;
}

/** Whether format f recognises msg[0, w) as a prefix; `stamped`: see stampedBefore. */
export function pastePrefixIs(f: PasteFormat, msg: string, w: number, stamped: boolean): boolean {
  if (f.maxPrefix !== undefined && w > f.maxPrefix) return false;
  if (f.afterTimestamp === true && !stamped) return false;
  const from = f.tail !== undefined && w > f.tail ? w - f.tail : 0;
  return f.prefix.test(msg.slice(from, w));
}

/** The first paste format that recognises msg[0, w) as a prefix (undefined: none, the text is prose). */
export function pastePrefix(msg: string, w: number, stamped: boolean): PasteFormat | undefined {
  for (let k = 0; k < PASTE_FORMATS.length; k++)
    if (pastePrefixIs(PASTE_FORMATS[k], msg, w, stamped)) return PASTE_FORMATS[k];
  return undefined;
}
