import { describe, it, expect } from 'vitest';
import { normalizeLine } from '../../src/evidence/normalize.js';

const G = '[2024-05-01 10:00:03 +0000] [17] [ERROR] Worker (pid:9) was sent SIGKILL! Perhaps out of memory?';
const MSG = 'Worker (pid:9) was sent SIGKILL! Perhaps out of memory?';
const T = Date.UTC(2024, 4, 1, 10, 0, 3);

type Row = [
  string,
  string,
  Partial<{ message: string; time: number; pid: number; level: string; origin: string; proc: string }>,
];
const rows: Row[] = [
  ['plain gunicorn', G, { message: MSG, time: T, pid: 17, level: 'ERROR' }],
  [
    'fly.io tag, unprefixed message',
    '2024-05-01T10:00:03Z app[3d8d9e1f0b1e87] ams [info]  File "/app/x.py", line 3, in <module>',
    { message: 'File "/app/x.py", line 3, in <module>', time: T, proc: 'app' },
  ],
  [
    'dashboard time with PM (Render)',
    'May  1 10:00:03 PM  ModuleNotFoundError: No module named x',
    { message: 'ModuleNotFoundError: No module named x', time: Date.UTC(new Date().getUTCFullYear(), 4, 1, 22, 0, 3) },
  ],
  [
    'no tz',
    '[2024-05-01 10:00:03] [17] [INFO] Booting worker with pid: 17',
    { message: 'Booting worker with pid: 17', time: T, pid: 17, level: 'INFO' },
  ],
  [',ms', '[2024-05-01 10:00:03,250] [17] [INFO] x', { message: 'x', time: T + 250 }],
  ['tz offset', '[2024-05-01 12:00:03 +0200] [17] [INFO] x', { time: T }],
  ['negative tz', '[2024-05-01 05:00:03 -0500] [17] [INFO] x', { time: T }],
  ['level before pid', '[2024-05-01 10:00:03 +0000] [ERROR] [17] x', { message: 'x', pid: 17, level: 'ERROR' }],
  [
    'custom: ts LEVEL [pid]',
    '2024-05-01 10:00:03,000 ERROR [17] x',
    { message: 'x', pid: 17, level: 'ERROR', time: T },
  ],
  [
    'logfmt',
    'time=2024-05-01T10:00:03Z level=error pid=17 msg="Worker exiting (pid: 17)"',
    { message: 'Worker exiting (pid: 17)', level: 'ERROR', pid: 17, time: T },
  ],
  [
    'json',
    '{"asctime": "2024-05-01 10:00:03,000", "levelname": "WARNING", "process": 17, "message": "WORKER TIMEOUT (pid:9)"}',
    { message: 'WORKER TIMEOUT (pid:9)', level: 'WARNING', pid: 17, time: T },
  ],
  [
    'python basicConfig',
    'INFO:gunicorn.error:Booting worker with pid: 9',
    { message: 'Booting worker with pid: 9', level: 'INFO' },
  ],
  ['syslog format [pid]', '[17] Booting worker with pid: 17', { message: 'Booting worker with pid: 17', pid: 17 }],
  ['markdown quote', '> ' + G, { message: MSG, pid: 17 }],
  ['nested quote', '> > ' + G, { message: MSG }],
  ['list', '- ' + G, { message: MSG }],
  ['indent', '    ' + G, { message: MSG }],
  ['gutter', '12 | ' + G, { message: MSG, pid: 17 }],
  ['indented gutter', '  7 |     ' + G, { message: MSG }],
  ['fence', '```', { message: '' }],
  ['fence with lang', '```log', { message: '' }],
  ['quoted fence', '> ```', { message: '' }],
  ['CR', G + '\r', { message: MSG }],
  [
    'ANSI',
    '\x1b[32m[2024-05-01 10:00:03 +0000]\x1b[0m [17] [\x1b[31mERROR\x1b[0m] ' + MSG,
    { message: MSG, level: 'ERROR', pid: 17 },
  ],
  ['OSC', '\x1b]0;title\x07' + G, { message: MSG }],
  [
    'HTML',
    '<span style="color:#f00">[2024-05-01 10:00:03 +0000] [17] [ERROR]</span> Failed to find attribute &#39;app&#39; in &quot;x&quot; &lt;y&gt;',
    { message: 'Failed to find attribute \'app\' in "x" <y>' },
  ],
  [
    'heroku app',
    '2021-03-02T10:00:03.123456+00:00 app[web.1]: ' + G,
    { message: MSG, origin: 'heroku-app', proc: 'web.1', time: T, pid: 17 },
  ],
  [
    'heroku app, unprefixed msg',
    '2021-03-02T10:00:03.123456+00:00 app[web.1]: Failed to find attribute',
    { message: 'Failed to find attribute', origin: 'heroku-app', time: Date.UTC(2021, 2, 2, 10, 0, 3, 123) },
  ],
  [
    'heroku router',
    '2018-04-10T03:30:53.848866+00:00 heroku[router]: at=error code=H12',
    { message: 'at=error code=H12', origin: 'heroku-router', proc: 'router' },
  ],
  [
    'heroku platform',
    '2018-04-10T03:30:53.848866+00:00 heroku[web.1]: Idling',
    { message: 'Idling', origin: 'heroku-platform', proc: 'web.1' },
  ],
  [
    'heroku old no µs',
    '2010-10-06T21:51:37-07:00 heroku[web.1]: State changed from up to down',
    { message: 'State changed from up to down', time: Date.UTC(2010, 9, 7, 4, 51, 37), origin: 'heroku-platform' },
  ],
  [
    'syslog drain',
    '<158>1 2016-09-30T23:59:12.550028+00:00 host heroku router - - at=info method=GET',
    { message: 'at=info method=GET', origin: 'heroku-router', time: Date.UTC(2016, 8, 30, 23, 59, 12, 550) },
  ],
  [
    'syslog drain app',
    '<190>1 2016-09-30T23:59:12+00:00 host app web.1 - - hello',
    { message: 'hello', origin: 'heroku-app', proc: 'web.1' },
  ],
  [
    'papertrail',
    'Sep 17 04:46:15 myapp app/web.1: ' + G,
    { message: MSG, origin: 'heroku-app', proc: 'web.1', pid: 17, time: T },
  ],
  [
    'papertrail router',
    'Sep 17 04:46:15 myapp heroku/router: at=error code=H10',
    { message: 'at=error code=H10', origin: 'heroku-router' },
  ],
  [
    'log-search UI: ISO time and a bare drain tag',
    '2022-11-07T06:13:13.568472+00:00  app/web.1  10.1.5.77 - - [07/Nov/2022:06:13:13 +0000] "GET / HTTP/1.1" 200 3 "-" "-"',
    {
      message: '10.1.5.77 - - [07/Nov/2022:06:13:13 +0000] "GET / HTTP/1.1" 200 3 "-" "-"',
      origin: 'heroku-app',
      proc: 'web.1',
    },
  ],
  [
    'log-search UI: platform line',
    '2022-11-07T06:13:10.001592+00:00  heroku/web.1  State changed from starting to up',
    { message: 'State changed from starting to up', origin: 'heroku-platform', proc: 'web.1' },
  ],
  ['compose v2', 'web-1  | ' + G, { message: MSG, origin: 'compose', proc: 'web-1' }],
  ['compose v1', 'web_1  | ' + G, { message: MSG, origin: 'compose', proc: 'web_1' }],
  ['compose project', 'proj-web-1  | ' + G, { message: MSG, proc: 'proj-web-1' }],
  ['compose + docker -t', 'web-1  | 2024-05-01T10:00:03.000000000Z ' + G, { message: MSG, origin: 'compose' }],
  ['docker logs -t', '2024-05-01T10:00:03.123456789Z ' + G, { message: MSG, time: T }],
  [
    'docker -t unprefixed',
    '2024-05-01T10:00:03.123456789Z Failed to find attribute',
    { message: 'Failed to find attribute', time: T + 123 },
  ],
  ['kubectl --prefix', '[pod/web-5d9f/web] ' + G, { message: MSG, origin: 'kubectl', proc: 'web-5d9f/web' }],
  [
    'kubectl --prefix --timestamps',
    '[pod/web-5d9f/web] 2024-05-01T10:00:03Z ' + G,
    { message: MSG, origin: 'kubectl' },
  ],
  [
    'journald',
    'May 01 10:00:03 host gunicorn[1234]: ' + G,
    { message: MSG, origin: 'journald', proc: 'gunicorn', pid: 17 },
  ],
  [
    'journald systemd',
    'Apr 05 08:24:14 web01 systemd[1]: gunicorn.service: Main process exited, code=killed, status=9/KILL',
    {
      message: 'gunicorn.service: Main process exited, code=killed, status=9/KILL',
      origin: 'journald',
      proc: 'systemd',
    },
  ],
  [
    'journald truncated (no host)',
    'Apr 05 08:24:14 systemd[1]: Started x.',
    { message: 'Started x.', origin: 'journald' },
  ],
  ['journald boot separator', '-- Boot 0123456789abcdef --', { message: '' }],
  [
    'journald logs begin',
    '-- Logs begin at Mon 2024-01-01 00:00:00 UTC, end at Tue 2024-01-02 00:00:00 UTC. --',
    { message: '' },
  ],
  ['journald short-iso', '2024-05-01T10:00:03+0000 host gunicorn[1234]: ' + G, { message: MSG, origin: 'journald' }],
  ['syslog', 'May  1 10:00:03 host gunicorn: ' + G, { message: MSG, origin: 'syslog' }],
  [
    'supervisord',
    '2024-01-01 12:00:00,123 INFO exited: web (exit status 3; not expected)',
    {
      message: 'exited: web (exit status 3; not expected)',
      origin: 'supervisord',
      level: 'INFO',
      time: Date.UTC(2024, 0, 1, 12, 0, 0, 123),
    },
  ],
  ['supervisord WARN', '2024-01-01 12:00:00,123 WARN received SIGTERM', { level: 'WARNING', origin: 'supervisord' }],
  [
    'dmesg',
    '[12345.678901] Out of memory: Killed process 7677 (python)',
    { message: 'Out of memory: Killed process 7677 (python)', origin: 'kernel' },
  ],
  ['dmesg padded', '[  123.456] Out of memory: x', { message: 'Out of memory: x', origin: 'kernel' }],
  [
    'journal kernel',
    'Mar  1 10:00:00 host kernel: [ 1234.567890] Out of memory: x',
    { message: 'Out of memory: x', origin: 'kernel' },
  ],
  [
    'dmesg -T',
    '[Mon Sep 17 04:46:15 2024] Out of memory: x',
    { message: 'Out of memory: x', origin: 'kernel', time: Date.UTC(2024, 8, 17, 4, 46, 15) },
  ],
  [
    'quote + heroku + gunicorn',
    '> 2021-03-02T10:00:03.123456+00:00 app[web.1]: ' + G,
    { message: MSG, origin: 'heroku-app', pid: 17 },
  ],
  ['gutter + compose + ANSI', '3 | \x1b[36mweb-1  |\x1b[0m ' + G, { message: MSG, origin: 'compose' }],
  [
    'access line untouched',
    '127.0.0.1 - - [24/Nov/2026:13:34:28 +0000] "GET / HTTP/1.1" 200 0 "-" "-"',
    { message: '127.0.0.1 - - [24/Nov/2026:13:34:28 +0000] "GET / HTTP/1.1" 200 0 "-" "-"' },
  ],
  ['traceback line', "KeyError: 'DATABASE_URL'", { message: "KeyError: 'DATABASE_URL'" }],
  ['k8s describe indent', '      Reason:       OOMKilled', { message: 'Reason:       OOMKilled' }],
];

describe('normalizeLine', () => {
  it.each(rows)('%s', (_name, raw, want) => {
    const n = normalizeLine(raw);
    for (const [k, v] of Object.entries(want)) expect((n as unknown as Record<string, unknown>)[k], k).toEqual(v);
  });

  it('orders mixed time zones correctly', () => {
    const a = normalizeLine('[2024-05-01 12:00:00 +0200] [1] [INFO] a').time!;
    const b = normalizeLine('[2024-05-01 10:30:00 +0000] [1] [INFO] b').time!;
    const c = normalizeLine('2024-05-01T06:45:00-04:00 app[web.1]: c').time!;
    expect(a).toBeLessThan(b);
    expect(b).toBeLessThan(c);
  });

  it('prefers the inner Gunicorn timestamp over the platform one', () => {
    const n = normalizeLine('2021-03-02T10:00:03.999999+00:00 app[web.1]: [2021-03-02 10:00:01 +0000] [4] [INFO] x');
    expect(n.time).toBe(Date.UTC(2021, 2, 2, 10, 0, 1));
  });

  it('lets a zoned outer timestamp win over a zone-less inner one', () => {
    const n = normalizeLine('2021-03-02T10:00:03.000+00:00 app[web.1]: [2021-03-02 12:00:01] [4] [INFO] x');
    expect(n.time).toBe(Date.UTC(2021, 2, 2, 10, 0, 3));
  });

  it('reads a Python logging format with the logger in parentheses and a `(name - pid: N)` tail', () => {
    const n = normalizeLine(
      '[2017-11-22 17:29:35] [INFO] (gunicorn.error) Handling signal: winch (webapi     - pid: 26201)',
    );
    expect(n.message).toBe('Handling signal: winch');
    expect(n.pid).toBe(26201);
    expect(n.level).toBe('INFO');
  });

  it('reads a bare syslog tag and a Papertrail drain tag without a colon', () => {
    expect(normalizeLine('gunicorn[9371]: Failed to read config file: /srv/gunicorn.cfg')).toMatchObject({
      message: 'Failed to read config file: /srv/gunicorn.cfg',
      pid: 9371,
      origin: 'journald',
    });
    expect(normalizeLine('Jul 19 08:37:03Z gliglish heroku/web.2 Restarting')).toMatchObject({
      message: 'Restarting',
      origin: 'heroku-platform',
      proc: 'web.2',
    });
  });

  it('is linear on 1 MB hostile lines', () => {
    const MB = 1 << 20;
    const hostile = [
      '[a '.repeat(MB / 3),
      'a'.repeat(MB) + '!',
      '1'.repeat(MB),
      ' '.repeat(MB) + 'x',
      '> '.repeat(MB / 2),
      '- '.repeat(MB / 2),
      '[' + '2024-05-01 10:00:03 '.repeat(MB / 20),
      'web-1 ' + ' '.repeat(MB) + 'x',
      '<158>1 2016-09-30T23:59:12Z ' + 'a '.repeat(MB / 2),
      'Sep 17 04:46:15 ' + 'a'.repeat(MB),
      '{"message": "' + 'x'.repeat(MB),
      '\x1b['.repeat(MB / 2),
      '<span '.repeat(MB / 6),
      '&#'.repeat(MB / 2),
      'level=x '.repeat(MB / 8),
      '[1] '.repeat(MB / 4),
      '12 | '.repeat(MB / 5),
      // a Python logging format whose `(name - pid: N)` tail is looked for after a long run of blanks
      '[2017-11-22 17:29:35] [INFO] (gunicorn.error) a' + ' '.repeat(MB) + 'x',
      '[2017-11-22 17:29:35] [INFO] (gunicorn.error) ' + ' ('.repeat(MB / 2),
      'gunicorn[' + '1'.repeat(MB),
      'Jul 19 08:37:03Z host ' + ' '.repeat(MB) + 'x',
    ];
    for (const h of hostile) {
      const t0 = performance.now();
      normalizeLine(h);
      expect(performance.now() - t0, JSON.stringify(h.slice(0, 16))).toBeLessThan(300);
    }
  });
});

describe('normalizeLine: generic fallback for unknown shippers (a Gunicorn bracket prefix later in the line)', () => {
  it('fly.io: <iso> app[id] region [info] [gunicorn prefix] message', () => {
    const n = normalizeLine('2024-05-01T10:00:00.101Z app[3d8d9e4f1a2b78] iad [info] ' + G);
    expect(n).toMatchObject({ message: MSG, pid: 17, level: 'ERROR', time: T });
  });

  it('Datadog CSV export: the cell quote is dropped', () => {
    const n = normalizeLine('"2023-04-11T13:56:43.005Z","i-0a1b2c3d4e5f60718","checkout-web","critical","' + G + '"');
    expect(n).toMatchObject({ message: MSG, pid: 17, level: 'ERROR', time: T });
  });

  it('docker json-file: the log text is parsed, with its own prefix and the record time', () => {
    const line = JSON.stringify({ log: G + '\n', stream: 'stderr', time: '2024-05-01T10:00:03.5Z' });
    expect(normalizeLine(line)).toMatchObject({ message: MSG, pid: 17, level: 'ERROR', time: T });
    const tb = normalizeLine(
      '{"log":"Traceback (most recent call last):\\n","stream":"stderr","time":"2024-05-01T10:00:03.5Z"}',
    );
    expect(tb).toMatchObject({ message: 'Traceback (most recent call last):', time: T + 500 });
  });

  it('docker json-file record that is not valid JSON (cut): tail removed, \\" and \\\\ unescaped', () => {
    const raw =
      '{"log":"[2024-05-01 10:00:03 +0000] [17] [ERROR] Error in \\"app\\" at C:\\\\x\\n","stream":"stderr","ti';
    expect(normalizeLine(raw)).toMatchObject({ message: 'Error in "app" at C:\\x', pid: 17, level: 'ERROR', time: T });
  });

  it('does not strip when a known prefix already gave the level; any other text before a bracket prefix goes', () => {
    expect(normalizeLine('[2024-05-01 10:00:03 +0000] [17] [INFO] saw ' + G).message).toBe('saw ' + G);
    expect(normalizeLine('web | myhost | ' + G)).toMatchObject({ message: MSG, pid: 17 });
    // a bracket prefix past the first 1 KiB is not looked for
    expect(normalizeLine('x'.repeat(1100) + ' ' + G).message).toBe('x'.repeat(1100) + ' ' + G);
  });
});

describe('hand-read common prefixes ≡ the general loop', () => {
  it('on every line of the case inputs and of a generated log, plus edge shapes', async () => {
    const { normalizeLineFast, normalizeLineSlow, normalizeLine } = await import('../../src/evidence/normalize.js');
    const { readdirSync, readFileSync, existsSync } = await import('node:fs');
    const { execFileSync } = await import('node:child_process');
    const { join } = await import('node:path');
    const root = join(import.meta.dirname, '../..');
    const dir = join(root, 'test', 'cases');
    const lines: string[] = [];
    for (const d of readdirSync(dir))
      if (existsSync(join(dir, d, 'input.log')))
        lines.push(...readFileSync(join(dir, d, 'input.log'), 'utf8').split('\n'));
    lines.push(
      ...execFileSync(process.execPath, [join(root, 'bench', 'genlog.mjs'), '--size', '2M', '--seed', '11'], {
        maxBuffer: 16 << 20,
      })
        .toString('latin1')
        .split('\n'),
    );
    const g = '[2024-05-01 10:00:03 +0000] [12] [INFO] Booting worker with pid: 12';
    const h = '2026-11-24T10:14:23.236477+00:00 app[web.1]: ';
    lines.push(
      g,
      h + g,
      g.replace(' +0000', ''),
      g.replace(' +0000', ' '),
      g.replace(' +0000', '+02:00'),
      g.replace(' +0000', ' Z'),
      g.replace(' +0000', ',123 -0530'),
      g.replace('10:00:03', '10:00:03.1234567890'),
      g.replace('[INFO] ', '[WARN] '),
      g.replace('[INFO] ', '[INFO]  '),
      g.replace('[INFO] Booting', '[INFO] [x] Booting'),
      g.replace('[INFO] Booting', '[INFO] level=debug Booting'),
      g.replace('[INFO] ', ''),
      g.replace('[12] ', ''),
      g.replace('[12]', '[12345678901]'),
      g.replace('[INFO] Booting', '[INFO] 2024-05-01 x'),
      h.replace('+00:00', '') + g,
      h.replace('+00:00', 'Z') + g,
      h.replace('app[web.1]', 'heroku[router]') + g,
      h.replace('.236477', '') + g,
      h.replace('.236477', ',236') + g,
      h + g.replace(' +0000', ''),
      h + 'plain message',
      h.replace('web.1', 'w'.repeat(65)) + g,
      '[2024-05-01T10:00:03Z] [1] [ERROR] x',
      g + '   \r',
    );
    let fast = 0;
    for (const line of lines) {
      const f = normalizeLineFast(line);
      if (f === undefined) continue;
      fast++;
      expect(f, line).toEqual(normalizeLineSlow(line));
      expect(normalizeLine(line), line).toEqual(normalizeLineSlow(line));
    }
    expect(fast).toBeGreaterThan(1000);
  });
});

describe('zone abbreviations after a bare timestamp', () => {
  it('set the offset and stay in the message', async () => {
    const { normalizeLine } = await import('../../src/evidence/normalize.js');
    const n = normalizeLine('2022-06-08 13:44:12.904 CEST Traceback (most recent call last):');
    expect(n.time).toBe(Date.UTC(2022, 5, 8, 11, 44, 12, 904));
    expect(n.message).toBe('CEST Traceback (most recent call last):');
    expect(normalizeLine('2024-03-01 10:00:01.123 PST [4411] FATAL:  x').time).toBe(
      Date.UTC(2024, 2, 1, 18, 0, 1, 123),
    );
    // not a zone: no offset, time as written
    expect(normalizeLine('2024-03-01 10:00:01 IST app started').time).toBe(Date.UTC(2024, 2, 1, 10, 0, 1));
    expect(normalizeLine('2024-03-01 10:00:01 WORKER TIMEOUT').time).toBe(Date.UTC(2024, 2, 1, 10, 0, 1));
  });
});

describe("Python logging's asctime:LEVEL:logger: format", () => {
  it('reads the time and level and leaves logger:message', async () => {
    const { normalizeLine } = await import('../../src/evidence/normalize.js');
    expect(normalizeLine('2024-03-05 11:20:44,118:ERROR:superset.app:Refusing to start')).toMatchObject({
      time: Date.UTC(2024, 2, 5, 11, 20, 44, 118),
      level: 'ERROR',
      message: 'superset.app:Refusing to start',
    });
    // a colon not followed by a level word is not a prefix
    expect(normalizeLine('2024-03-05 11:20:44:nothing').prefixLen).toBe(0);
  });
});
