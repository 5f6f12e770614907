/** Units behind the CLI hardening: reader errors → one-line input errors, binary sniffing, the progress line. */
import { describe, expect, it } from 'vitest';
import { looksBinary, progressLine } from '../../src/pipeline.js';
import { EXIT, exitCodeOf, formatError, isInterrupt, toDoctorError } from '../../src/errors.js';
import { InputError } from '../../src/evidence/read.js';
import type { Io } from '../../src/io.js';

describe('errors', () => {
  it('reader errors become input errors naming the input, not "internal error"', () => {
    const e = toDoctorError(new InputError('web.log', 'EACCES', 'web.log: permission denied'));
    expect(e.code).toBe('input');
    expect(e.message).toBe('cannot read web.log: permission denied');
    const g = toDoctorError(
      new InputError(
        'x.gz',
        'GZIP',
        'x.gz: corrupt or truncated gzip data (unexpected end of file)',
        Object.assign(new Error('unexpected end of file'), { code: 'Z_BUF_ERROR' }),
      ),
    );
    expect(g.message).toBe('cannot read x.gz: corrupt or truncated gzip data (unexpected end of file)');
    expect(g.hint).toMatch(/gzip -t/);
    expect(exitCodeOf(g)).toBe(EXIT.failed);
  });

  it('an aborted read is an interrupt: exit 130, nothing printed', () => {
    const a = new InputError('big.log', 'ABORT_ERR', 'big.log: aborted');
    expect(isInterrupt(a)).toBe(true);
    expect(exitCodeOf(a)).toBe(EXIT.interrupted);
    expect(formatError(a, false)).toBe('');
  });

  it('fs errors with a path read as words', () => {
    const e = Object.assign(new Error('EISDIR: illegal operation on a directory'), { code: 'EISDIR', path: '/tmp/x' });
    expect(formatError(e, false)).toBe(
      'gunicorn-doctor: cannot read /tmp/x: it is a directory\nhint: check the path and its permissions\n',
    );
  });

  it('an internal error whose message is a heading + list keeps the first item', () => {
    const out = formatError(
      new Error('invalid signature catalog (3 problems):\n  - a.yaml: event "x" is unknown\n  - b.yaml: y'),
      false,
    );
    expect(out).toBe(
      'gunicorn-doctor: internal error: invalid signature catalog (3 problems): a.yaml: event "x" is unknown\nhint: please report this with DEBUG=gunicorn-doctor set\n',
    );
  });

  it('messages are one line without control characters', () => {
    const e = toDoctorError(new InputError('a\u001b[2J\nb.log', 'ENOENT', 'a\u001b[2J\nb.log: no such file'));
    const out = formatError(e, false);
    expect(out.split('\n')).toHaveLength(3);
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });
});

describe('looksBinary', () => {
  it.each([
    ['text', Buffer.from('[INFO] Booting worker with pid: 17\n'.repeat(50)), false],
    ['text with colour codes', Buffer.from('\u001b[32mINFO\u001b[0m ok\n'.repeat(50)), false],
    ['text with one stray NUL', Buffer.from('line\u0000 with a nul\n' + 'x\n'.repeat(200)), false],
    ['an ELF header', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(200)]), true],
    ['UTF-16LE text', Buffer.from('Booting worker with pid: 17\r\n'.repeat(20), 'utf16le'), true],
    ['empty', Buffer.alloc(0), false],
  ])('%s', (_n, buf, want) => expect(looksBinary(buf)).toBe(want));
});

describe('progressLine', () => {
  const io = (isTTY: boolean, sink: string[]): Io => ({
    stdout: { write: () => true },
    stderr: { write: (s: string) => sink.push(s), isTTY, columns: 100 },
    env: {},
    cwd: '/',
    color: false,
    interactive: false,
  });
  const MB = 1024 * 1024;

  it('is off when stderr is not a TTY, and for small files', () => {
    expect(
      progressLine(
        io(false, []),
        [{ name: 'a', size: 100 * MB, gzip: false, binary: false }],
        [{ name: 'a', path: '/a' }],
      ),
    ).toBeUndefined();
    expect(
      progressLine(io(true, []), [{ name: 'a', size: MB, gzip: false, binary: false }], [{ name: 'a', path: '/a' }]),
    ).toBeUndefined();
  });

  it('shows percent for files, MB for streams and .gz, throttled, and wipes itself', () => {
    const sink: string[] = [];
    let t = 0;
    const p = progressLine(
      io(true, sink),
      [{ name: 'a', size: 100 * MB, gzip: false, binary: false }],
      [{ name: 'a', path: '/a' }],
      () => t,
    )!;
    p.onProgress(0);
    t = 1000;
    p.onProgress(50 * MB);
    p.onProgress(60 * MB); // within 100 ms: skipped
    expect(sink.join('')).toContain('50% (50 of 100 MB)');
    expect(sink.join('')).not.toContain('60%');
    p.clear();
    expect(sink.at(-1)).toMatch(/^\r +\r$/);
    expect(sink.join('')).not.toContain('\u001b');
    const s2: string[] = [];
    const q = progressLine(io(true, s2), [], [{ name: 'stdin', stream: process.stdin }], () => (t += 200))!;
    q.onProgress(MB); // small so far: quiet
    q.onProgress(40 * MB);
    expect(s2.join('')).toMatch(/reading the log… 40 MB$/);
    const s3: string[] = [];
    const g = progressLine(
      io(true, s3),
      [{ name: 'a.gz', size: 100 * MB, gzip: true, binary: false }],
      [{ name: 'a.gz', path: '/a.gz' }],
      () => (t += 200),
    )!;
    g.onProgress(300 * MB);
    expect(s3.join('')).toMatch(/300 MB$/);
  });
});

// ---- round two (issue #16): the one atomic writer, the wizard's names, parsers at 10^5 lines, caps, answers files
// ----

import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
  statSync as statOf,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cleanupTempFiles, writeFileAtomic, WriteError } from '../../src/atomic.js';
import { applyEdit } from '../../src/remedy/edit.js';
import { parseConfPy } from '../../src/project/confpy.js';
import { readDockerfile } from '../../src/project/dockerfile.js';
import { discoverProject, DISCOVERY_CAPS } from '../../src/project/discover.js';
import { ANSWERS_LIMITS, readAnswers } from '../../src/run.js';
import { pipeStream, releaseWaitingPipes } from '../../src/io.js';
import { wizard } from '../../src/commands/wizard.js';
import { scriptedIo } from '../support/scripted-io.js';
import type { Prompter } from '../../src/io.js';

const dirOf = () => mkdtempSync(join(tmpdir(), 'gd-h2-'));

describe('the one atomic writer', () => {
  it('keeps the mode of the file it replaces, and leaves no temp file', () => {
    const d = dirOf();
    const f = join(d, 'report.json');
    writeFileSync(f, 'old');
    chmodSync(f, 0o600);
    writeFileAtomic(f, 'new');
    expect(readFileSync(f, 'utf8')).toBe('new');
    expect(statOf(f).mode & 0o777).toBe(0o600);
    expect(readdirSync(d)).toEqual(['report.json']);
  });

  it('never writes through a symlink at the target: refused, the link and what it points to untouched', () => {
    const d = dirOf();
    writeFileSync(join(d, 'victim'), 'precious');
    symlinkSync(join(d, 'victim'), join(d, 'out.md'));
    expect(() => writeFileAtomic(join(d, 'out.md'), 'x')).toThrow(/symbolic link/);
    expect(readFileSync(join(d, 'victim'), 'utf8')).toBe('precious');
    expect(lstatSync(join(d, 'out.md')).isSymbolicLink()).toBe(true);
  });

  it('refuses a pipe, a directory (and, as root, a device) with a clear reason', () => {
    const d = dirOf();
    const fifo = join(d, 'p');
    if (spawnSync('mkfifo', [fifo]).status === 0) {
      expect(() => writeFileAtomic(fifo, 'x')).toThrow(/named pipe, not a regular file/);
      expect(lstatSync(fifo).isFIFO()).toBe(true);
    }
    mkdirSync(join(d, 'dir'));
    expect(() => writeFileAtomic(join(d, 'dir'), 'x')).toThrow(/directory/);
    const dev = join(d, 'null');
    if (spawnSync('mknod', [dev, 'c', '1', '3']).status === 0) {
      expect(() => writeFileAtomic(dev, 'x')).toThrow(/a device/);
      expect(lstatSync(dev).isCharacterDevice()).toBe(true);
    }
    expect(readdirSync(d).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('a write error is a WriteError in words, with no temp file left', () => {
    const d = dirOf();
    let err: unknown;
    try {
      writeFileAtomic(join(d, 'no', 'such', 'r.md'), 'x');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WriteError);
    expect((err as WriteError).why).toBe('no such directory');
    cleanupTempFiles();
    expect(readdirSync(d)).toEqual([]);
  });

  it('applyEdit: a planted .bak symlink is replaced, not followed; the file keeps its mode', async () => {
    const d = dirOf();
    const proc = join(d, 'Procfile');
    writeFileSync(proc, 'web: gunicorn app:app --timeout 30\n');
    chmodSync(proc, 0o750);
    writeFileSync(join(d, 'bashrc'), 'export PS1=x\n');
    symlinkSync(join(d, 'bashrc'), `${proc}.bak`);
    const r = await applyEdit(proc, {
      before: 'web: gunicorn app:app --timeout 30\n',
      after: 'web: gunicorn app:app --timeout 25\n',
    });
    expect(readFileSync(join(d, 'bashrc'), 'utf8')).toBe('export PS1=x\n');
    expect(lstatSync(r.backup!).isSymbolicLink()).toBe(false);
    expect(readFileSync(r.backup!, 'utf8')).toBe('web: gunicorn app:app --timeout 30\n');
    expect(readFileSync(proc, 'utf8')).toBe('web: gunicorn app:app --timeout 25\n');
    expect(statOf(proc).mode & 0o777).toBe(0o750);
    expect(statOf(r.backup!).mode & 0o777).toBe(0o750);
  });

  it('applyEdit refuses a target that is itself a symlink', async () => {
    const d = dirOf();
    writeFileSync(join(d, 'real'), 'web: x\n');
    symlinkSync(join(d, 'real'), join(d, 'Procfile'));
    await expect(applyEdit(join(d, 'Procfile'), { before: 'web: x\n', after: 'web: y\n' })).rejects.toThrow(
      /symbolic link/,
    );
    expect(readlinkSync(join(d, 'Procfile'))).toBe(join(d, 'real'));
    expect(readFileSync(join(d, 'real'), 'utf8')).toBe('web: x\n');
  });
});

describe('project parsers are linear (10^5 lines well under a second)', () => {
  const N = 100_000;
  // CPU time of this process (the shared machine's load stretches wall time, not the work done)
  const timed = (f: () => unknown) => {
    const t = process.cpuUsage();
    f();
    const d = process.cpuUsage(t);
    return (d.user + d.system) / 1000;
  };
  it.each([
    ['gunicorn.conf.py: an unclosed bracket then 10^5 lines', () => parseConfPy('x = (\n' + 'a,\n'.repeat(N))],
    [
      'gunicorn.conf.py: workers = ( 1 + … over 10^5 lines',
      () => parseConfPy('workers = (\n' + '1 +\n'.repeat(N) + '1)\n'),
    ],
    ['gunicorn.conf.py: an annotation then 500 KB of blanks', () => parseConfPy('x: a' + ' '.repeat(5 * N))],
    [
      'Dockerfile: exec-form CMD of 10^5 escaped tokens',
      () => readDockerfile('Dockerfile', 'FROM x\nCMD [' + Array(N).fill('"a\\/b"').join(',') + ']\n'),
    ],
    [
      'Dockerfile: ENV over 10^5 continued lines',
      () =>
        readDockerfile(
          'Dockerfile',
          'FROM x\nENV ' + Array.from({ length: N }, (_, i) => `K${i}=v`).join(' \\\n') + '\n',
        ),
    ],
    ['Dockerfile: a line of 10^5 "\\ "', () => readDockerfile('Dockerfile', 'FROM x\nRUN ' + '\\ '.repeat(N) + 'x\n')],
  ])('%s', (_n, f) => {
    expect(timed(f)).toBeLessThan(1000);
  });

  it('what they read is unchanged: the conf value, the exec-form lines', () => {
    const c = parseConfPy('workers = (\n  2 +\n  1)  # three\ntimeout = 30\n');
    expect(c.values.get('workers')?.value).toBe(3);
    expect(c.values.get('timeout')?.line).toBe(4);
    const d = readDockerfile('Dockerfile', 'FROM x\nCMD ["gunicorn", \\\n  "a\\/b", \\\n  "--workers", "3"]\n');
    expect(d.final?.cmd?.tokens.map((t) => [t.value, t.line])).toEqual([
      ['gunicorn', 2],
      ['a/b', 3],
      ['--workers', 4],
      ['3', 4],
    ]);
  });
});

describe('discovery is bounded', () => {
  it(`reads at most ${DISCOVERY_CAPS.yamlPerDir} YAML files of a directory, and says so`, async () => {
    const d = dirOf();
    for (let i = 0; i < 1500; i++) writeFileSync(join(d, `m${String(i).padStart(5, '0')}.yaml`), 'kind: ConfigMap\n');
    writeFileSync(join(d, 'Procfile'), 'web: gunicorn app:app --workers 3\n');
    const t = performance.now();
    const p = await discoverProject(d, {});
    expect(performance.now() - t).toBeLessThan(5000);
    expect(p.settings.workers?.value).toBe(3);
    expect(p.unreadable.map((u) => u.reason).join('\n')).toMatch(/1300 more project file\(s\) not read/);
  });

  it('a link to a device or a pipe named like a project file is skipped, not read', async () => {
    const d = dirOf();
    symlinkSync('/dev/zero', join(d, 'gunicorn.conf.py'));
    const t = performance.now();
    const p = await discoverProject(join(d, 'gunicorn.conf.py'), {});
    expect(performance.now() - t).toBeLessThan(1000);
    expect(p.unreadable.map((u) => u.reason).join('\n')).toMatch(/not a regular file/);
  });
});

describe('answers files: a schema with limits, one line on what is wrong', () => {
  const write = (text: string) => {
    const d = dirOf();
    writeFileSync(join(d, 'a.json'), text);
    return readAnswers('a.json', d);
  };
  it.each([
    ['__proto__ as a question', '{"__proto__": "yes"}', /unknown question "__proto__"/],
    ['constructor as a question', '{"constructor": "yes"}', /unknown question "constructor"/],
    ['toString as a choice', '{"platform": "toString"}', /"toString" is not a choice of platform/],
    [
      '__proto__ as a choice',
      '[{"question": "platform", "choice": "__proto__"}]',
      /"__proto__" is not a choice of platform/,
    ],
    [
      'a number out of range',
      '[{"question": "settings", "choice": "known", "values": {"workers": 1e308}}]',
      /workers must be a number from 1 to 1024 \(found "1e\+308"\)/,
    ],
    [
      'a negative timeout',
      '[{"question": "settings", "choice": "known", "values": {"timeout": -5}}]',
      /timeout must be a number from 1 to 86400 s/,
    ],
    [
      'an unknown value key',
      '[{"question": "settings", "choice": "known", "values": {"__proto__": 4}}]',
      /unknown value "__proto__"/,
    ],
    ['a mapping as a choice', '{"platform": {"x": 1}}', /the answer to "platform" must be a choice, not a mapping/],
    [
      'a secret in a value is quoted redacted',
      '{"platform": "postgres://u:hunter2@db/x"}',
      /"postgres:\/\/u:\[REDACTED\]@db\/x" is not a choice/,
    ],
    [
      'an escape sequence in a value is quoted escaped',
      '{"platform": "\\u001b]0;owned\\u0007"}',
      /"\\x1b\]0;owned\\x07" is not a choice/,
    ],
  ])('%s', async (_n, text, want) => {
    await expect(write(text)).rejects.toThrow(want);
  });

  it('a file over the size limit is refused before it is parsed', async () => {
    await expect(write(' '.repeat(ANSWERS_LIMITS.bytes + 1) + '{}')).rejects.toThrow(/larger than 1 MB/);
  });

  it('a valid file still replays', async () => {
    const m = await write(
      '[{"question": "settings", "choice": "known", "values": {"workers": 4, "timeout": 30}}, {"question": "platform", "choice": "heroku"}]',
    );
    expect(m.get('settings')?.values).toEqual({ workers: 4, timeout: 30 });
    expect(m.get('platform')?.choice).toBe('heroku');
  });
});

describe('a named pipe given as a log', () => {
  it('fails after the timeout when nobody writes, and can be released at once', async () => {
    const d = dirOf();
    const fifo = join(d, 'p');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return;
    const s = pipeStream(fifo, 300);
    const t = performance.now();
    await expect(
      (async () => {
        for await (const _ of s as AsyncIterable<Buffer>) void _;
      })(),
    ).rejects.toThrow(/no process opened the named pipe for writing within 0 s|within/);
    expect(performance.now() - t).toBeLessThan(2000);
    const s2 = pipeStream(fifo, 60_000);
    const t2 = performance.now();
    setTimeout(releaseWaitingPipes, 100);
    const chunks: Buffer[] = [];
    for await (const c of s2 as AsyncIterable<Buffer>) chunks.push(c);
    expect(chunks).toEqual([]);
    expect(performance.now() - t2).toBeLessThan(2000);
  });
});

describe("the wizard's names and warnings", () => {
  it('a log named with OSC/CSI sequences and a project warning holding a secret are shown escaped and redacted', async () => {
    const d = dirOf();
    const evil = 'x\u001b]0;owned\u0007\u001b[31m.log';
    writeFileSync(join(d, evil), '[2024-05-01 10:00:00 +0000] [1] [INFO] Starting gunicorn 21.2.0\n');
    writeFileSync(join(d, 'gunicorn.conf.py'), 'workers = compute("postgres://app:hunter2@db/app")\n');
    const prompter: Prompter = {
      select: async (spec) => (spec.message === 'What next?' ? 'quit' : (spec.default ?? spec.choices[0]!.value)),
      input: async () => '',
    };
    const io = scriptedIo(prompter, d);
    await wizard({ command: 'wizard', positionals: [], logs: [evil], redact: [], config: d }, io);
    const all = io.text() + io.errText();
    expect(all).toContain('Reading x\\x1b]0;owned\\x07\\x1b[31m.log');
    expect(all).not.toContain('\u001b');
    expect(all).not.toContain('\u0007');
    expect(all).toMatch(/warning: .*workers = compute\("postgres:\/\/app:\[REDACTED\]@db\/app"\)/);
    expect(all).not.toContain('hunter2');
  });
});

describe('numbers in user text (src/text/words.ts, no Intl: its ICU data costs ~8 MB RSS per run)', () => {
  it('groups thousands and keeps one decimal as Intl.NumberFormat("en-US") does', async () => {
    const { num } = await import('../../src/text/words.js');
    const ref = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
    for (const x of [0, 1, 999, 1000, 1234567, 2.25, 12.95, 99.95, 123456.78, 1e9, -3.96, -1234.5])
      expect(num(x), String(x)).toBe(ref.format(x));
    expect(num(-0.04)).toBe('0'); // Intl says "-0"
  });
});
