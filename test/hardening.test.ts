/**
 * Hardening of the BUILT binary (`npm run build` first; built here when dist/ is missing), through child_process:
 * bad input (one line + hint, exit 2, no stack), terminal safety of every output, redaction, Ctrl-C, progress.
 */
import { execFileSync, spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'dist', 'src', 'cli.js');
let tmp = '';

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: Buffer;
  err: string;
  ms: number;
}

function cli(
  args: string[],
  opts: { input?: string | Buffer; env?: Record<string, string>; cwd?: string; uid?: number } = {},
): Run {
  const o: SpawnSyncOptions = {
    cwd: opts.cwd ?? tmp,
    input: opts.input ?? '',
    env: { PATH: process.env.PATH ?? '', HOME: tmp, NO_COLOR: '1', ...opts.env },
    timeout: 30_000,
    maxBuffer: 64 * 1024 * 1024,
  };
  if (opts.uid !== undefined) Object.assign(o, { uid: opts.uid, gid: opts.uid });
  const t = performance.now();
  const r = spawnSync(process.execPath, [bin, ...args], o);
  return {
    code: r.status,
    signal: r.signal,
    out: r.stdout as Buffer,
    err: (r.stderr as Buffer).toString('utf8'),
    ms: performance.now() - t,
  };
}

const STACK = /\n\s+at .+[:(]/;
// every character a terminal could act on (C0 but TAB/LF, DEL, C1), and the bidi controls
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Valid UTF-8 (so no raw C1 byte such as 0x9b) without a single unsafe character: nothing can act on a terminal. */
function expectTerminalSafe(buf: Buffer | string, what: string) {
  const b = typeof buf === 'string' ? Buffer.from(buf, 'utf8') : buf;
  const s = b.toString('utf8');
  expect(Buffer.compare(Buffer.from(s, 'utf8'), b), `${what}: output is not valid UTF-8`).toBe(0);
  expect(b.includes(0x1b), `${what}: an ESC byte`).toBe(false);
  const m = UNSAFE.exec(s);
  expect(
    m
      ? `U+${m[0].codePointAt(0)!.toString(16)} at ${m.index}: ${JSON.stringify(s.slice(Math.max(0, m.index - 40), m.index + 20))}`
      : '',
    what,
  ).toBe('');
}

/** One error line + one hint line, exit 2, no stack. */
function expectOneLineError(r: Run, message: RegExp) {
  expect(r.code, r.err).toBe(2);
  const lines = r.err.trimEnd().split('\n');
  expect(lines, r.err).toHaveLength(2);
  expect(lines[0]).toMatch(/^gunicorn-doctor: /);
  expect(lines[0]).toMatch(message);
  expect(lines[1]).toMatch(/^hint: \S/);
  expect(r.err).not.toMatch(STACK);
  expectTerminalSafe(r.err, 'stderr');
  expect(r.out.length).toBe(0);
}

const TS = (s: number) =>
  `2024-05-01 10:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')} +0000`;
const BOOT = [
  `[${TS(0)}] [1] [INFO] Starting gunicorn 21.2.0`,
  `[${TS(0)}] [1] [INFO] Listening at: http://0.0.0.0:8000 (1)`,
  `[${TS(0)}] [1] [INFO] Using worker: sync`,
  `[${TS(0)}] [17] [INFO] Booting worker with pid: 17`,
  `[${TS(0)}] [18] [INFO] Booting worker with pid: 18`,
  `10.0.0.1 - - [01/May/2024:10:00:05 +0000] "GET /health HTTP/1.1" 200 2 "-" "curl"`,
];
/** a worker-timeout restart loop whose WORKER TIMEOUT lines carry `extra` (they are the cited evidence) */
function timeoutLog(extra: string[]): string {
  const lines = [...BOOT];
  let pid = 17;
  let t = 31;
  for (const x of extra) {
    lines.push(`[${TS(t)}] [1] [CRITICAL] WORKER TIMEOUT (pid:${pid}) ${x}`);
    lines.push(`[${TS(t)}] [${pid}] [INFO] Worker exiting (pid: ${pid})`);
    lines.push(`[${TS(t + 1)}] [1] [ERROR] Worker (pid:${pid}) exited with code 1`);
    lines.push(`[${TS(t + 1)}] [${pid + 2}] [INFO] Booting worker with pid: ${pid + 2}`);
    pid++;
    t += 34;
  }
  return lines.join('\n') + '\n';
}

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

beforeAll(() => {
  if (!existsSync(bin)) execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  tmp = mkdtempSync(join(tmpdir(), 'gd-hard-'));
  chmodSync(tmp, 0o755); // readable by the unprivileged user of the permission tests
  writeFileSync(join(tmp, 'web.log'), timeoutLog(['', '']));
  // 20 MB of realistic traffic with a restart story (bench/genlog.mjs)
  writeFileSync(
    join(tmp, 'big.log'),
    execFileSync(process.execPath, [join(root, 'bench', 'genlog.mjs'), '--size', '20M', '--seed', '3'], {
      maxBuffer: 64 * 1024 * 1024,
    }),
  );
}, 60_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Can an unprivileged user run the CLI here (root drops to nobody to meet EACCES)? */
function unprivileged(): number | undefined {
  if (!isRoot) return undefined;
  const r = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(bin)})`], {
    uid: NOBODY,
    gid: NOBODY,
    cwd: tmp,
  });
  return r.status === 0 ? NOBODY : -1;
}

describe('bad input: one line + hint, exit 2, no stack trace', () => {
  it.each([
    ['a missing file', ['diagnose', 'missing.log'], /cannot read missing\.log: no such file$/],
    ['a directory', ['diagnose', 'adir'], /cannot read adir: it is a directory/],
    ['a truncated .gz', ['diagnose', 'trunc.log.gz'], /cannot read trunc\.log\.gz: corrupt or truncated gzip data/],
    ['a corrupt .gz', ['diagnose', 'corrupt.gz'], /cannot read corrupt\.gz: corrupt or truncated gzip data/],
    ['an unknown command', ['frobnicate'], /unknown command "frobnicate"/],
    ['an unknown flag', ['diagnose', '--frob', 'web.log'], /Unknown option '--frob'/],
    ['a flag without its value', ['diagnose', 'web.log', '--output'], /--output/],
    [
      '--answers: invalid JSON/YAML',
      ['diagnose', '--answers', 'broken.json', 'web.log'],
      /cannot use the answers file broken\.json: not JSON or YAML/,
    ],
    [
      '--answers: another schemaVersion',
      ['diagnose', '--answers', 'v9.json', 'web.log'],
      /answers file v9\.json: it is a report of schema version 9/,
    ],
    [
      '--answers: values that are not numbers',
      ['diagnose', '--answers', 'badvalues.json', 'web.log'],
      /workers must be a number from 1 to 1024/,
    ],
    ['--answers: missing', ['diagnose', '--answers', 'nope.yaml', 'web.log'], /answers file nope\.yaml: no such file/],
    [
      '--config: missing',
      ['diagnose', '--config', 'no/such/dir', 'web.log'],
      /cannot read --config no\/such\/dir: no such file or directory/,
    ],
    [
      '--config: missing, for the wizard too',
      ['--config', 'nothere', '--log', 'web.log'],
      /cannot read --config nothere/,
    ],
    [
      '--redact: invalid regex',
      ['diagnose', '--redact', '([a-', 'web.log'],
      /--redact "\(\[a-" is not a valid regular expression/,
    ],
    ['--threads: not a number', ['diagnose', '--threads', 'many', 'web.log'], /--threads "many" is not a whole number/],
    ['--threads: zero', ['diagnose', '--threads', '0', 'web.log'], /--threads "0"/],
    [
      '--output: into a missing directory (checked before the scan)',
      ['diagnose', 'web.log', '--output', 'no/dir/r.md'],
      /cannot write no\/dir\/r\.md: no such directory/,
    ],
    ['--output: a directory', ['diagnose', 'web.log', '--output', 'adir'], /cannot write adir: it is a directory/],
    ["stdin '-' twice", ['diagnose', '-', '-'], /stdin \('-'\) can be read only once/],
    ['a file name with escape sequences', ['diagnose', 'evil\u001b]0;owned\u0007\u001b[2J.log'], /cannot read evil/],
  ])('%s', (_what, args, message) => {
    mkdirSync(join(tmp, 'adir'), { recursive: true });
    const gz = gzipSync(Buffer.from(timeoutLog(['x'])));
    writeFileSync(join(tmp, 'trunc.log.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    writeFileSync(
      join(tmp, 'corrupt.gz'),
      Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('definitely not deflate data')]),
    );
    writeFileSync(join(tmp, 'broken.json'), '{"restart-timing": [unclosed\n  - : :\n');
    writeFileSync(
      join(tmp, 'v9.json'),
      JSON.stringify({ schemaVersion: 9, answers: [{ question: 'restart-timing', choice: 'interval' }] }),
    );
    writeFileSync(
      join(tmp, 'badvalues.json'),
      JSON.stringify([{ question: 'settings', choice: 'known', values: { workers: 'lots' } }]),
    );
    const r = cli(args);
    expectOneLineError(r, message);
  });

  it('DEBUG=gunicorn-doctor shows the stack of a reader error', () => {
    const r = cli(['diagnose', 'trunc.log.gz'], { env: { DEBUG: 'gunicorn-doctor' } });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(STACK);
  });

  it('permission denied (as an unprivileged user when the tests run as root)', (ctx) => {
    const f = join(tmp, 'secret.log');
    writeFileSync(f, timeoutLog(['x']));
    chmodSync(f, 0o000);
    const cfg = join(tmp, 'gunicorn.conf.py');
    writeFileSync(cfg, 'workers = 2\n');
    chmodSync(cfg, 0o000);
    try {
      let uid: number | undefined;
      let readable = true;
      try {
        readFileSync(f);
      } catch {
        readable = false;
      }
      if (readable) {
        uid = unprivileged();
        if (uid === undefined || uid < 0) ctx.skip(); // root can read a 000 file and cannot drop privileges here
      }
      expectOneLineError(cli(['diagnose', 'secret.log'], { uid }), /cannot read secret\.log: permission denied$/);
      expectOneLineError(
        cli(['diagnose', '--config', 'gunicorn.conf.py', 'web.log'], { uid }),
        /cannot read --config gunicorn\.conf\.py: permission denied$/,
      );
    } finally {
      chmodSync(f, 0o644);
      rmSync(cfg, { force: true });
    }
  });

  it('the wizard without a TTY exits 2 and points to diagnose', () => {
    const r = cli([]);
    expectOneLineError(r, /the wizard needs an interactive terminal/);
    expect(r.err).toMatch(/hint: .*gunicorn-doctor diagnose/);
  });
});

describe('odd input that is not an error', () => {
  it('an empty file: a diagnosis that recognised nothing, exit 0 (undiagnosed without problem signs, DESIGN §5), a warning', () => {
    writeFileSync(join(tmp, 'empty.log'), '');
    const r = cli(['diagnose', 'empty.log', '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out.toString('utf8'));
    expect(j.diagnoses[0].cause).toBe('undiagnosed');
    expect(j.stats.lines).toBe(0);
    expect(j.warnings.join('\n')).toMatch(/empty/);
    expect(r.err).toMatch(/^gunicorn-doctor: warning: the input is empty/);
    expect(r.err).not.toMatch(STACK);
    // also from stdin
    const s = cli(['diagnose', '--json'], { input: '' });
    expect(s.code).toBe(0);
    expect(JSON.parse(s.out.toString('utf8')).warnings.join('\n')).toMatch(/empty/);
  });

  it('a binary file (a copy of /bin/ls): no crash, a clear warning, a safe report', (ctx) => {
    const src = ['/bin/ls', '/usr/bin/ls', process.execPath].find(
      (p) => existsSync(p) && statSync(p).size < 200 * 1024 * 1024,
    );
    if (!src) ctx.skip();
    copyFileSync(src!, join(tmp, 'ls.log'));
    for (const fmt of ['text', 'md', 'json']) {
      const r = cli(['diagnose', 'ls.log', '--format', fmt]);
      expect([0, 1], r.err).toContain(r.code);
      expect(r.err).toMatch(/gunicorn-doctor: warning: ls\.log looks like a binary file/);
      expect(r.err).not.toMatch(STACK);
      expectTerminalSafe(r.out, `binary ${fmt}`);
      expect(r.out.toString('utf8')).toMatch(/binary file/);
    }
  });

  it('invalid UTF-8 still diagnoses; bad bytes become U+FFFD', () => {
    const log = Buffer.concat([
      Buffer.from(timeoutLog(['caf'])).subarray(0, -1),
      Buffer.from([0xe9, 0xff, 0xfe, 0xc3, 0x28, 0x0a]),
    ]);
    writeFileSync(join(tmp, 'latin1.log'), log);
    const r = cli(['diagnose', 'latin1.log', '--json']);
    expect(r.code, r.err).toBe(1);
    const j = JSON.parse(r.out.toString('utf8'));
    expect(j.diagnoses[0].cause).toBe('runtime-worker-timeout');
    expectTerminalSafe(r.out, 'latin1');
  });

  it('a 10 MB line without a newline: works, fast, says the line was cut', () => {
    writeFileSync(join(tmp, 'long.log'), timeoutLog(['a', 'b']) + 'x'.repeat(10 * 1024 * 1024));
    const r = cli(['diagnose', 'long.log', '--json']);
    expect(r.code, r.err).toBe(1);
    const j = JSON.parse(r.out.toString('utf8'));
    expect(j.diagnoses[0].cause).toBe('runtime-worker-timeout');
    expect(j.warnings.join('\n')).toMatch(/very long line/);
    expect(r.ms).toBeLessThan(8000);
    const only = cli(['diagnose', '-', '--json'], { input: 'y'.repeat(10 * 1024 * 1024) });
    expect(only.code, only.err).toBe(0);
    expect(only.ms).toBeLessThan(8000);
  });

  it.each([
    ['| head -1', 'head -1'],
    ['| true (reader gone before the first write)', 'true'],
  ])('stdout closed early %s: quiet, exit 0 or the diagnosis code', (_n, reader) => {
    const r = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" "${bin}" diagnose big.log 2>err.txt | ${reader} >/dev/null; echo "\${PIPESTATUS[0]}"`,
      ],
      { cwd: tmp, encoding: 'utf8', timeout: 30_000 },
    );
    const code = Number(r.stdout.trim());
    expect([0, 1], `exit ${code}`).toContain(code);
    expect(readFileSync(join(tmp, 'err.txt'), 'utf8')).toBe('');
  });
});

const EVIL = [
  'A\u001b[2JB',
  '\u001b]8;;http://evil.example/\u0007click\u001b]8;;\u0007',
  '\u001b]52;c;ZWNobyBwd25lZA==\u0007',
  'c1\u009b31m\u0085\u0090q\u009c',
  'del\u007f nul\u0000 bs\b\b cr\rFAKE',
  'bidi\u202eevil\u202c \u2066iso\u2069 \u200fmark',
  '\u001bP+q\u001b\\ dcs',
];

describe('terminal safety: nothing from a log can act on the terminal', () => {
  const rawC1 = Buffer.concat([
    Buffer.from(`[${TS(3)}] [1] [CRITICAL] WORKER TIMEOUT (pid:30) raw `),
    Buffer.from([0x9b, 0x32, 0x4a, 0x1b, 0x5b, 0x33, 0x31, 0x6d]),
    Buffer.from(' tail\n'),
  ]);

  beforeAll(() => {
    // the first WORKER TIMEOUT lines are the cited evidence: every sequence rides on one of them
    writeFileSync(
      join(tmp, 'evil.log'),
      Buffer.concat([
        Buffer.from(timeoutLog([EVIL.slice(0, 3).join(' '), EVIL.slice(3, 5).join(' '), EVIL.slice(5).join(' ')])),
        rawC1,
      ]),
    );
  });

  it.each(['text', 'md', 'json'])(
    '--format %s (stdout and --output) with NO_COLOR: no ESC byte, no control, valid UTF-8',
    (fmt) => {
      const r = cli(['diagnose', 'evil.log', '--format', fmt]);
      expect(r.code, r.err).toBe(1);
      expect(r.err, 'a log with a stray NUL is still text').toBe('');
      expectTerminalSafe(r.out, `stdout ${fmt}`);
      const out = `evil-out.${fmt}`;
      const w = cli(['diagnose', 'evil.log', '--format', fmt, '--output', out]);
      expect(w.code).toBe(1);
      const file = readFileSync(join(tmp, out));
      expectTerminalSafe(file, `--output ${fmt}`);
      // the cited lines still show the rest of their text, the escapes made visible
      const text =
        fmt === 'json'
          ? (
              JSON.parse(file.toString('utf8')) as { diagnoses: { evidence: { text: string }[] }[] }
            ).diagnoses[0]!.evidence.map((e) => e.text).join('\n')
          : file.toString('utf8');
      for (const want of [
        'A\\x1b[2JB',
        '\\x1b]8;;http://evil.example/\\x07click',
        '\\x1b]52;c;ZWNobyBwd25lZA==\\x07',
        'c1\\x9b31m',
        'del\\x7f nul\\x00 bs\\x08\\x08 cr\\rFAKE',
        'bidi\\u202eevil',
        '\\u2066iso\\u2069',
        '\\u200fmark',
      ]) {
        expect(text, fmt).toContain(want);
      }
    },
  );

  it('with colour (a real TTY through script(1)): the only escapes are our own SGR codes', (ctx) => {
    const script = ['/usr/bin/script', '/bin/script'].find(existsSync);
    if (!script || process.platform !== 'linux') ctx.skip();
    const r = spawnSync(script!, ['-qec', `"${process.execPath}" "${bin}" diagnose evil.log`, '/dev/null'], {
      cwd: tmp,
      env: { PATH: process.env.PATH ?? '', HOME: tmp, TERM: 'xterm-256color' },
      timeout: 30_000,
    });
    const s = (r.stdout as Buffer).toString('utf8');
    expect(s).toContain('DIAGNOSIS');
    const escapes = s.match(/\u001b[^]{0,12}/g) ?? [];
    expect(escapes.length, 'colour is on under a TTY').toBeGreaterThan(0);
    for (const e of escapes) expect(e, 'only SGR').toMatch(/^\u001b\[[0-9;]*m/);
    expect(s.replace(/\u001b\[[0-9;]*m/g, '').replace(/\r\n/g, '\n')).not.toMatch(UNSAFE);
  });

  it('file names with escapes are shown escaped (citations, the "wrote" note)', () => {
    const name = 'x\u001b]0;owned\u0007.log';
    writeFileSync(join(tmp, name), timeoutLog(['a']));
    for (const fmt of ['text', 'md', 'json']) {
      const r = cli(['diagnose', name, '--format', fmt, '--output', `o\u001b[2J.${fmt}`]);
      expect(r.code, r.err).toBe(1);
      expectTerminalSafe(r.err, 'stderr');
      expect(r.err).toContain('wrote o\\x1b[2J.');
      expectTerminalSafe(readFileSync(join(tmp, `o\u001b[2J.${fmt}`)), fmt);
    }
  });
});

describe('redaction', () => {
  const SECRETS = {
    url: 'postgres://appuser:pa55w0rdXYZ@db.internal:5432/app',
    jwt: 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    cookie: 'Cookie: sessionid=COOKIESECRET3; csrftoken=CSRFSECRET4',
    setCookie: 'Set-Cookie: session=SETCOOKIESECRET5; Path=/; HttpOnly',
    apiKey: 'api_key=APIKEYSECRET1',
    token: 'token=TOKSECRET2',
    aws: 'AKIAIOSFODNN7EXAMPLE',
    github: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
    stripe: 'sk_live_51HabcdefghijklmnopQRST',
    slack: 'xoxb-123456789012-1234567890123-AbCdEfGhIjKl',
    email: 'alice.secret@example.com',
    quoted: '"password": "two words"',
    atInPassword: 'mysql://root:p@ss:w0rdQ@db/app',
  };
  const LEAKS = [
    'pa55w0rdXYZ',
    'eyJhbGciOiJIUzI1NiJ9',
    'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    'COOKIESECRET3',
    'CSRFSECRET4',
    'SETCOOKIESECRET5',
    'APIKEYSECRET1',
    'TOKSECRET2',
    'AKIAIOSFODNN7EXAMPLE',
    'ghp_abcdefghij',
    'sk_live_51H',
    'xoxb-1234',
    'alice.secret',
    'two words',
    'w0rdQ',
    'ss:w0rd',
  ];

  beforeAll(() => {
    // each WORKER TIMEOUT line (the cited evidence) carries a few secrets in the app output next to it
    const v = Object.values(SECRETS);
    writeFileSync(
      join(tmp, 'secrets.log'),
      timeoutLog([`calling ${v[0]} ${v[1]}`, v.slice(2, 4).join(' '), v.slice(4, 10).join(' '), v.slice(10).join(' ')]),
    );
  });

  it.each(['text', 'md', 'json'])(
    '--format %s: no secret in stdout, --output or stderr; the count is reported',
    (fmt) => {
      const r = cli(['diagnose', 'secrets.log', '--format', fmt, ...(fmt === 'text' ? ['--verbose'] : [])]);
      expect(r.code, r.err).toBe(1);
      const w = cli(['diagnose', 'secrets.log', '--format', fmt, '--output', `sec.${fmt}`]);
      const file = readFileSync(join(tmp, `sec.${fmt}`), 'utf8');
      for (const s of [r.out.toString('utf8'), file, r.err, w.err]) {
        for (const leak of LEAKS) expect(s, leak).not.toContain(leak);
      }
      const out = r.out.toString('utf8');
      // the evidence was cited (so redaction was exercised), masked
      expect(out).toContain('WORKER TIMEOUT (pid:20)');
      expect(out).toContain('postgres://appuser:[REDACTED]@db.internal');
      const n = cli(['diagnose', 'secrets.log', '--json']);
      const count = JSON.parse(n.out.toString('utf8')).redactions as number;
      // distinct values (one cited line appears in several places of the report; the Cookie rule masks to the end of
      // its line)
      expect(count).toBeGreaterThanOrEqual(10);
      if (fmt === 'text') expect(out).toContain(`Redacted: ${count} values`);
      if (fmt === 'md') expect(out).toContain(`**Redacted:** ${count} values`);
      if (fmt === 'json') expect(JSON.parse(out).redactions).toBe(count);
    },
  );

  it('secrets in project files (--config) are redacted in the remediation', () => {
    mkdirSync(join(tmp, 'proj'), { recursive: true });
    writeFileSync(
      join(tmp, 'proj', 'Procfile'),
      'web: DATABASE_URL=postgres://u:ProcPassw0rd@db/app gunicorn app:app --workers 4 --timeout 30\n',
    );
    const r = cli(['diagnose', 'web.log', '--config', 'proj', '--json']);
    expect(r.code, r.err).toBe(1);
    const s = r.out.toString('utf8');
    expect(s).toContain('Procfile');
    expect(s).not.toContain('ProcPassw0rd');
  });

  it('--redact REGEX adds patterns (repeatable); the count includes them', () => {
    const base = JSON.parse(cli(['diagnose', 'secrets.log', '--json']).out.toString('utf8'));
    const r = cli(['diagnose', 'secrets.log', '--json', '--redact', 'db\\.internal', '--redact', 'pid:2[01]']);
    const s = r.out.toString('utf8');
    expect(s).not.toContain('db.internal');
    expect(s).not.toContain('pid:20');
    expect(JSON.parse(s).redactions).toBeGreaterThan(base.redactions);
  });
});

describe('--threads', () => {
  // src/pipeline.ts hands it to the scanner (ScanOptions.threads)
  it('is accepted and gives the same diagnosis as the default', () => {
    const base = JSON.parse(cli(['diagnose', 'big.log', '--json']).out.toString('utf8'));
    for (const n of ['1', '2']) {
      const r = cli(['diagnose', 'big.log', '--json', '--threads', n]);
      expect([0, 1], r.err).toContain(r.code);
      const j = JSON.parse(r.out.toString('utf8'));
      expect(j.diagnoses[0].cause).toBe(base.diagnoses[0].cause);
      expect(j.stats.lines).toBe(base.stats.lines);
    }
  });
});

describe('pipes given as paths (a FIFO, `diagnose <(zcat …)`)', () => {
  it('are read once, plain or gzip: no hang, same diagnosis as the file', () => {
    const ex = join(root, 'examples', 'heroku-memory.log');
    const base = JSON.parse(cli(['diagnose', ex, '--json']).out.toString('utf8'));
    for (const writer of [`cat "${ex}"`, `gzip -c "${ex}"`]) {
      const fifo = join(tmp, `in-${writer.length}.fifo`);
      const script = `rm -f "${fifo}"; mkfifo "${fifo}"; (${writer} > "${fifo}" &); exec "${process.execPath}" "${bin}" diagnose --json "${fifo}"`;
      const r = spawnSync('sh', ['-c', script], {
        cwd: tmp,
        env: { PATH: process.env.PATH ?? '', HOME: tmp, NO_COLOR: '1' },
        timeout: 30_000,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(r.signal, `${writer}: killed by the timeout (a hang)`).toBe(null);
      expect([0, 1], String(r.stderr)).toContain(r.status);
      expect(JSON.parse(String(r.stdout)).diagnoses[0].cause, writer).toBe(base.diagnoses[0].cause);
    }
  });
});

describe('without WebAssembly (node --jitless)', () => {
  it('the scanner falls back to its general path: same diagnosis, same counts', () => {
    const base = JSON.parse(cli(['diagnose', 'big.log', '--json']).out.toString('utf8'));
    const r = spawnSync(process.execPath, ['--jitless', bin, 'diagnose', 'big.log', '--json'], {
      cwd: tmp,
      env: { PATH: process.env.PATH ?? '', HOME: tmp, NO_COLOR: '1' },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    });
    expect([0, 1], String(r.stderr)).toContain(r.status);
    const j = JSON.parse(String(r.stdout));
    expect(j.diagnoses[0].cause).toBe(base.diagnoses[0].cause);
    expect(j.stats.lines).toBe(base.stats.lines);
    expect(j.stats.recognizedLines).toBe(base.stats.recognizedLines);
  }, 60_000); // --jitless interprets everything: a functional check, not a timing one
});

describe('Ctrl-C and progress', () => {
  /** Start a diagnose, SIGINT it after `after` ms (or when `ready` says so), resolve its exit. */
  function interrupt(
    args: string[],
    opts: { after?: number; feed?: (stdin: NodeJS.WritableStream) => void; env?: Record<string, string> } = {},
  ) {
    return new Promise<{
      code: number | null;
      signal: NodeJS.Signals | null;
      err: string;
      exitedBeforeSignal: boolean;
    }>((done) => {
      const p = spawn(process.execPath, [bin, ...args], {
        cwd: tmp,
        env: { PATH: process.env.PATH ?? '', HOME: tmp, NO_COLOR: '1', ...opts.env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let err = '';
      let exited = false;
      let signalled = false;
      p.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
      p.stdout.resume();
      // the child may leave (exit 130) before the pipe drains: a write error here is expected, not a failure
      p.stdin.on('error', () => {});
      if (opts.feed) opts.feed(p.stdin);
      else p.stdin.end();
      const t = setTimeout(() => {
        signalled = !exited;
        if (signalled) p.kill('SIGINT');
      }, opts.after ?? 400);
      p.on('exit', (code, signal) => {
        exited = true;
        clearTimeout(t);
        done({ code, signal, err, exitedBeforeSignal: !signalled });
      });
    });
  }

  it('SIGINT in the middle of a streamed log: exit 130, no out.md, no temp file, no message', async () => {
    const big = readFileSync(join(tmp, 'big.log'));
    const r = await interrupt(['diagnose', '-', '--output', 'int-out.md'], {
      after: 600,
      // 8 MB now, the rest never: the scan is mid-input when Ctrl-C comes
      feed: (stdin) => stdin.write(big.subarray(0, 8 * 1024 * 1024)),
    });
    expect(r.exitedBeforeSignal).toBe(false);
    expect(r.code, r.err).toBe(130);
    expect(r.err).toBe('');
    const left = readdirSync(tmp).filter((f) => f.startsWith('int-out') || f.startsWith('.int-out'));
    expect(left).toEqual([]);
  });

  it('SIGINT during the scan of a big file: exit 130 and nothing written', async () => {
    // big enough that the scan is still running when the signal comes (repeat the 20 MB log)
    const f = join(tmp, 'huge.log');
    if (!existsSync(f)) {
      const big = readFileSync(join(tmp, 'big.log'));
      writeFileSync(f, Buffer.concat(Array.from({ length: 10 }, () => big)));
    }
    const r = await interrupt(['diagnose', '--output', 'huge-out.md', 'huge.log'], { after: 500 });
    if (r.exitedBeforeSignal) return; // a machine fast enough to finish 200 MB in 0.5 s: nothing to interrupt
    expect(r.code, r.err).toBe(130);
    expect(r.err).not.toMatch(/internal error|aborted|\n\s+at /);
    expect(readdirSync(tmp).filter((f) => f.includes('huge-out'))).toEqual([]);
  }, 30_000);

  it('no progress output when stderr is not a terminal', () => {
    const r = cli(['diagnose', 'big.log']);
    expect(r.err).toBe('');
  });

  it('a progress line on a TTY stderr for a big file (percent) and a big stream (MB), wiped afterwards', (ctx) => {
    const script = ['/usr/bin/script', '/bin/script'].find(existsSync);
    if (!script || process.platform !== 'linux') ctx.skip();
    const run = (cmd: string) =>
      (
        spawnSync(script!, ['-qec', cmd, '/dev/null'], {
          cwd: tmp,
          env: { PATH: process.env.PATH ?? '', HOME: tmp, NO_COLOR: '1' },
          timeout: 30_000,
        }).stdout as Buffer
      ).toString('utf8');
    const file = run(`"${process.execPath}" "${bin}" diagnose big.log > prog.txt`);
    expect(file).toMatch(/reading the log… \d+% \(\d+ of 20 MB\)/);
    expect(file).toMatch(/\r +\r$/); // the line is wiped before the report
    expect(file).not.toContain('\u001b');
    expect(readFileSync(join(tmp, 'prog.txt'), 'utf8')).toContain('DIAGNOSIS');
    const stream = run(`"${process.execPath}" "${bin}" diagnose - < big.log > prog2.txt`);
    expect(stream).toMatch(/reading the log… \d+ MB/);
    const small = run(`"${process.execPath}" "${bin}" diagnose web.log > prog3.txt`);
    expect(small).not.toContain('reading the log');
  });
});

// ---- round two (issue #16): files it writes, write errors, inputs that stall it, signals
// -----------------------------

describe('files it writes (--output)', () => {
  it('over a 0600 file: the mode is kept', () => {
    const f = join(tmp, 'keep-mode.json');
    writeFileSync(f, '{}');
    chmodSync(f, 0o600);
    const r = cli(['diagnose', 'web.log', '--json', '--output', 'keep-mode.json']);
    expect(r.code, r.err).toBe(1);
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(f, 'utf8')).schemaVersion).toBe(1);
  });

  it('a symlink, a named pipe or a device is refused (exit 2, one line), and left as it was', () => {
    writeFileSync(join(tmp, 'precious.txt'), 'precious');
    rmSync(join(tmp, 'link.md'), { force: true });
    symlinkSync(join(tmp, 'precious.txt'), join(tmp, 'link.md'));
    expectOneLineError(
      cli(['diagnose', 'web.log', '--output', 'link.md']),
      /cannot write link\.md: it is a symbolic link/,
    );
    expect(readFileSync(join(tmp, 'precious.txt'), 'utf8')).toBe('precious');
    expect(lstatSync(join(tmp, 'link.md')).isSymbolicLink()).toBe(true);
    rmSync(join(tmp, 'out.fifo'), { force: true });
    if (spawnSync('mkfifo', [join(tmp, 'out.fifo')]).status === 0) {
      expectOneLineError(
        cli(['diagnose', 'web.log', '--output', 'out.fifo']),
        /cannot write out\.fifo: it is a named pipe, not a regular file/,
      );
      expect(lstatSync(join(tmp, 'out.fifo')).isFIFO()).toBe(true);
    }
    rmSync(join(tmp, 'null.dev'), { force: true });
    if (spawnSync('mknod', [join(tmp, 'null.dev'), 'c', '1', '3']).status === 0) {
      expectOneLineError(
        cli(['diagnose', 'web.log', '--output', 'null.dev']),
        /cannot write null\.dev: it is a device/,
      );
      expect(lstatSync(join(tmp, 'null.dev')).isCharacterDevice()).toBe(true);
      expectOneLineError(cli(['runbook', '--output', 'null.dev']), /cannot write null\.dev: it is a device/);
    }
  });

  it('on a full disk: one line, exit 2, no file and no temp file left (a small tmpfs, as root)', (ctx) => {
    const mnt = join(tmp, 'full');
    mkdirSync(mnt, { recursive: true });
    if (!isRoot || spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8k', 'tmpfs', mnt]).status !== 0) return ctx.skip();
    try {
      // a report well over 8 KB
      writeFileSync(join(tmp, 'many.log'), timeoutLog(Array.from({ length: 40 }, (_, i) => `x${i}`.repeat(40))));
      const r = cli(['diagnose', 'many.log', '--json', '--output', 'full/r.json']);
      expectOneLineError(r, /cannot write full\/r\.json: no space left on the device/);
      expect(readdirSync(mnt)).toEqual([]);
    } finally {
      spawnSync('umount', [mnt]);
    }
  });
});

describe('stdout write errors', () => {
  it('> /dev/full: one line on stderr, exit 2 (not a silent exit 1)', (ctx) => {
    if (!existsSync('/dev/full')) return ctx.skip();
    for (const args of [['diagnose', 'web.log'], ['diagnose', 'web.log', '--json'], ['runbook']]) {
      const r = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" ${args.join(' ')} > /dev/full`], {
        cwd: tmp,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
      });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(
        /^gunicorn-doctor: cannot write to stdout: no space left on the device; the output is incomplete\nhint: /,
      );
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(2);
    }
  });

  it('a closed pipe (| head) stays quiet', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" runbook | head -1`], {
      cwd: tmp,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
  });
});

describe('inputs that stall it', () => {
  it("--redact '(a+)+$' is refused at once (it would never finish on a line of a's)", () => {
    writeFileSync(join(tmp, 'aaa.log'), timeoutLog(['a'.repeat(40)]));
    const r = cli(['diagnose', 'aaa.log', '--redact', '(a+)+$']);
    expectOneLineError(r, /--redact "\(a\+\)\+\$" is refused: a repeated group contains another repeat/);
    expect(r.ms).toBeLessThan(5000);
  });

  it('--config: a link to /dev/zero or a named pipe is refused without reading it', () => {
    rmSync(join(tmp, 'zero.py'), { force: true });
    symlinkSync('/dev/zero', join(tmp, 'zero.py'));
    const z = cli(['diagnose', 'web.log', '--config', 'zero.py']);
    expectOneLineError(z, /cannot read --config zero\.py: it is a device/);
    expect(z.ms).toBeLessThan(5000);
    rmSync(join(tmp, 'conf.fifo'), { force: true });
    if (spawnSync('mkfifo', [join(tmp, 'conf.fifo')]).status !== 0) return;
    expectOneLineError(
      cli(['diagnose', 'web.log', '--config', 'conf.fifo']),
      /cannot read --config conf\.fifo: it is a named pipe/,
    );
  });

  it('--answers: a named pipe is refused without waiting for a writer', () => {
    rmSync(join(tmp, 'ans.fifo'), { force: true });
    if (spawnSync('mkfifo', [join(tmp, 'ans.fifo')]).status !== 0) return;
    const r = cli(['diagnose', 'web.log', '--answers', 'ans.fifo']);
    expectOneLineError(r, /answers file ans\.fifo: it is not a regular file/);
  });

  it('--answers: __proto__ and a workers of 1e308 are validation messages, not internal errors', () => {
    writeFileSync(join(tmp, 'proto.json'), '{"__proto__": {"x": 1}}');
    expectOneLineError(
      cli(['diagnose', 'web.log', '--answers', 'proto.json']),
      /answers file proto\.json: the answer to "__proto__" must be a choice/,
    );
    writeFileSync(
      join(tmp, 'huge.json'),
      '[{"question": "settings", "choice": "known", "values": {"workers": 1e308}}]',
    );
    expectOneLineError(
      cli(['diagnose', 'web.log', '--answers', 'huge.json']),
      /workers must be a number from 1 to 1024/,
    );
  });

  /** spawn, send `sig` after `after` ms, resolve the exit and how long it took after the signal */
  function signalled(args: string[], sig: NodeJS.Signals, after: number) {
    return new Promise<{ code: number | null; err: string; msAfterSignal: number; early: boolean }>((done) => {
      const p = spawn(process.execPath, [bin, ...args], {
        cwd: tmp,
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      let sent = 0;
      p.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
      const t = setTimeout(() => {
        sent = performance.now();
        p.kill(sig);
      }, after);
      p.on('exit', (code) => {
        clearTimeout(t);
        done({ code, err, msAfterSignal: sent ? performance.now() - sent : 0, early: !sent });
      });
    });
  }

  it('a named pipe with no writer given as a log: SIGINT → 130 and SIGTERM → 143 at once, nothing printed', async () => {
    rmSync(join(tmp, 'log.fifo'), { force: true });
    if (spawnSync('mkfifo', [join(tmp, 'log.fifo')]).status !== 0) return;
    const i = await signalled(['diagnose', 'log.fifo'], 'SIGINT', 700);
    expect(i.code, i.err).toBe(130);
    expect(i.err).toBe('');
    expect(i.msAfterSignal).toBeLessThan(1000);
    const t = await signalled(['diagnose', 'log.fifo'], 'SIGTERM', 700);
    expect(t.code, t.err).toBe(143);
    expect(t.msAfterSignal).toBeLessThan(1000);
  }, 20_000);

  it('a .gz where nearly every line matches: SIGINT ends it quickly with 130 and no --output file', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 400_000; i++)
      lines.push(
        `[2024-05-01 10:00:${String(i % 60).padStart(2, '0')} +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:${17 + (i % 50)})`,
      );
    writeFileSync(join(tmp, 'hot.log.gz'), gzipSync(lines.join('\n') + '\n'));
    const r = await signalled(['diagnose', 'hot.log.gz', '--output', 'hot-out.json'], 'SIGINT', 1200);
    if (r.early) return; // a machine fast enough to finish first: nothing to interrupt
    expect(r.code, r.err).toBe(130);
    expect(r.msAfterSignal).toBeLessThan(1000);
    expect(readdirSync(tmp).filter((f) => f.includes('hot-out'))).toEqual([]);
  }, 60_000);
});

describe('redaction, round two: what hides a secret from the rules', () => {
  const E = '\u001b';
  const HIDDEN = [
    [`${E}[36mpassword${E}[0m=ColourPw111`, 'ColourPw111'],
    [`${E}[35mpostgres://u:ColourUrl222@db/app`, 'ColourUrl222'],
    [`${E}[31mghp_abcdefghijklmnopqrstuvwxyz0123456789${E}[0m`, 'abcdefghijklmnopqrstuvwxyz0123456789'],
    ['pass\u009bword=COneCtl333', 'COneCtl333'],
    ['GET /x?password%3DEncoded444 HTTP/1.1', 'Encoded444'],
    ['AccountName=a;AccountKey=QXp1cmVLZXk1NTU=', 'QXp1cmVLZXk1NTU='],
    ['NEW_RELIC_LICENSE_KEY=eu01xxNewRelic666', 'eu01xxNewRelic666'],
    ['GET /cb?code=OauthCode777&state=1', 'OauthCode777'],
    ['mysql -u root -pMysqlPw888 app', 'MysqlPw888'],
  ] as const;

  it.each(['text', 'md', 'json'])('--format %s: none of them survives', (fmt) => {
    writeFileSync(join(tmp, 'hidden.log'), timeoutLog(HIDDEN.map(([line]) => line)));
    const r = cli(['diagnose', 'hidden.log', '--format', fmt]);
    expect(r.code, r.err).toBe(1);
    const out = r.out.toString('utf8');
    expect(out).toContain('WORKER TIMEOUT');
    for (const [, secret] of HIDDEN) expect(out, secret).not.toContain(secret);
  });

  it('a line cut by the 64 KiB cap just before the @ of a URL: its password is still masked', () => {
    const head = `[${TS(40)}] [1] [ERROR] Exception in worker process: `;
    const tail = ' postgres://u:CutBeforeAt999';
    const pad = 'x'.repeat(64 * 1024 - head.length - tail.length);
    writeFileSync(join(tmp, 'cut.log'), `${BOOT.join('\n')}\n${head}${pad}${tail}@db/app\n`);
    const r = cli(['diagnose', 'cut.log', '--json']);
    const out = r.out.toString('utf8');
    expect(out).toContain('postgres://u:[REDACTED]');
    expect(out).not.toContain('CutBeforeAt999');
  });
});
