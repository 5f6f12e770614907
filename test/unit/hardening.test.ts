/** Units behind the CLI hardening: reader errors → one-line input errors, binary sniffing, the progress line. */
import { describe, expect, it } from 'vitest';
import { looksBinary, progressLine } from '../../src/commands/diagnose.js';
import { EXIT, exitCodeOf, formatError, isInterrupt, toDoctorError } from '../../src/errors.js';
import { InputError } from '../../src/evidence/read.js';
import type { Io } from '../../src/io.js';

describe('errors', () => {
  it('reader errors become input errors naming the input, not "internal error"', () => {
    const e = toDoctorError(new InputError('web.log', 'EACCES', 'web.log: permission denied'));
    expect(e.code).toBe('input');
    expect(e.message).toBe('cannot read web.log: permission denied');
    const g = toDoctorError(new InputError('x.gz', 'GZIP', 'x.gz: corrupt or truncated gzip data (unexpected end of file)', Object.assign(new Error('unexpected end of file'), { code: 'Z_BUF_ERROR' })));
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
    expect(formatError(e, false)).toBe('gunicorn-doctor: cannot read /tmp/x: it is a directory\nhint: check the path and its permissions\n');
  });

  it('an internal error whose message is a heading + list keeps the first item', () => {
    const out = formatError(new Error('invalid signature catalog (3 problems):\n  - a.yaml: event "x" is unknown\n  - b.yaml: y'), false);
    expect(out).toBe('gunicorn-doctor: internal error: invalid signature catalog (3 problems): a.yaml: event "x" is unknown\nhint: please report this with DEBUG=gunicorn-doctor set\n');
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
    expect(progressLine(io(false, []), [{ name: 'a', size: 100 * MB, gzip: false, binary: false }], [{ name: 'a', path: '/a' }])).toBeUndefined();
    expect(progressLine(io(true, []), [{ name: 'a', size: MB, gzip: false, binary: false }], [{ name: 'a', path: '/a' }])).toBeUndefined();
  });

  it('shows percent for files, MB for streams and .gz, throttled, and wipes itself', () => {
    const sink: string[] = [];
    let t = 0;
    const p = progressLine(io(true, sink), [{ name: 'a', size: 100 * MB, gzip: false, binary: false }], [{ name: 'a', path: '/a' }], () => t)!;
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
    const g = progressLine(io(true, s3), [{ name: 'a.gz', size: 100 * MB, gzip: true, binary: false }], [{ name: 'a.gz', path: '/a.gz' }], () => (t += 200))!;
    g.onProgress(300 * MB);
    expect(s3.join('')).toMatch(/300 MB$/);
  });
});
