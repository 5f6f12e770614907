/**
 * The BUILT binary (`npm run build` first: `npm test` does it in pretest), as a user runs it, through
 * child_process: flags, commands, exit codes (DESIGN §5), errors without stacks, no colour without a TTY.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'dist', 'src', 'cli.js');
const causes = readdirSync(join(root, 'content', 'causes'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => f.replace(/\.md$/, ''))
  .sort();
let tmp = '';

function cli(args: string[], opts: { input?: string; env?: Record<string, string>; cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: opts.cwd ?? tmp,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: tmp, ...opts.env },
    timeout: 20_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const TIMEOUT_LOG = `[2024-05-01 10:00:00 +0000] [1] [INFO] Starting gunicorn 21.2.0
[2024-05-01 10:00:00 +0000] [1] [INFO] Listening at: http://0.0.0.0:8000 (1)
[2024-05-01 10:00:00 +0000] [1] [INFO] Using worker: sync
[2024-05-01 10:00:00 +0000] [17] [INFO] Booting worker with pid: 17
[2024-05-01 10:00:00 +0000] [18] [INFO] Booting worker with pid: 18
10.0.0.1 - - [01/May/2024:10:00:05 +0000] "GET /health?api_key=SUPERSECRET123 HTTP/1.1" 200 2 "-" "curl"
[2024-05-01 10:00:31 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:17)
[2024-05-01 10:00:31 +0000] [17] [INFO] Worker exiting (pid: 17)
[2024-05-01 10:00:32 +0000] [1] [ERROR] Worker (pid:17) exited with code 1
[2024-05-01 10:00:32 +0000] [1] [ERROR] Worker (pid:17) exited with code 1.
[2024-05-01 10:00:32 +0000] [19] [INFO] Booting worker with pid: 19
[2024-05-01 10:01:05 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:18) \u001b]0;pwned\u0007 postgres://app:hunter2@db/app
[2024-05-01 10:01:05 +0000] [18] [INFO] Worker exiting (pid: 18)
[2024-05-01 10:01:06 +0000] [1] [ERROR] Worker (pid:18) exited with code 1
[2024-05-01 10:01:06 +0000] [20] [INFO] Booting worker with pid: 20
`;

beforeAll(() => {
  if (!existsSync(bin)) throw new Error('dist/src/cli.js is missing: run `npm run build` first');
  tmp = mkdtempSync(join(tmpdir(), 'gd-cli-'));
  writeFileSync(join(tmp, 'web.log'), TIMEOUT_LOG);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('cli', () => {
  it('--help lists the commands and the exit codes', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    for (const s of [
      'diagnose',
      'explain',
      'runbook',
      '--log',
      '--json',
      '--format',
      '--output',
      '--config',
      '--platform',
      '--answers',
      '--no-color',
      '--version',
      'Exit codes',
      '130',
    ])
      expect(r.out).toContain(s);
    expect(cli(['help']).out).toBe(r.out);
  });

  it('--version prints the package.json version', () => {
    const r = cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  });

  it('explain without a cause lists every cause with its title', () => {
    const r = cli(['explain']);
    expect(r.code).toBe(0);
    for (const id of causes) expect(r.out).toContain(id);
  });

  it.each(causes)('explain %s renders its page', (id) => {
    const r = cli(['explain', id]);
    expect(r.code, r.err).toBe(0);
    for (const h of ["What's happening", 'Fix', 'How to confirm', 'Prevent it', 'gunicorn.conf.py'])
      expect(r.out).toContain(h);
    expect(r.out).not.toMatch(/\{\{/);
    expect(r.out).not.toContain('\u001b');
  });

  it('explain with --platform keeps only that platform', () => {
    const r = cli(['explain', 'runtime-worker-timeout', '--platform', 'kubernetes']);
    // rendered by marked-terminal without colour: headings keep their '#' marks, no bold/code markers
    expect(r.out).toMatch(/^### Kubernetes$/m);
    expect(r.out).not.toMatch(/^### Heroku$/m);
    expect(r.out).not.toMatch(/\*\*|`/);
  });

  it('explain of an unknown cause exits 2 with the list', () => {
    const r = cli(['explain', 'no-such-cause']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^gunicorn-doctor: unknown cause "no-such-cause"\nhint: known causes: /);
    for (const id of causes) expect(r.err).toContain(id);
  });

  it('runbook is Markdown with a mermaid flowchart and every cause', () => {
    const r = cli(['runbook']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('```mermaid\nflowchart TD');
    for (const id of causes) expect(r.out).toContain(id);
    expect(r.out).toContain('*Why we ask:*');
  });

  it('runbook --output writes the file atomically', () => {
    const out = join(tmp, 'runbook.md');
    const r = cli(['runbook', '--output', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('```mermaid');
    expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it.each([
    [['--bogus'], /^gunicorn-doctor: Unknown option '--bogus'\nhint: /],
    [['frobnicate'], /^gunicorn-doctor: unknown command "frobnicate"\nhint: /],
    [['diagnose', '--format', 'xml', 'web.log'], /^gunicorn-doctor: unknown --format "xml"\nhint: /],
    [['diagnose', '--platform', 'mars', 'web.log'], /^gunicorn-doctor: unknown --platform "mars"\nhint: /],
    [['diagnose', 'missing.log'], /^gunicorn-doctor: cannot read missing.log: no such file\nhint: /],
    [['diagnose', '--redact', '(', 'web.log'], /^gunicorn-doctor: --redact "\(" is not a valid regular expression/],
    [['runbook', 'extra'], /^gunicorn-doctor: too many arguments/],
  ])('usage errors exit 2 with one line and a hint, no stack: %j', (args, re) => {
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(re);
    expect(r.err.trim().split('\n')).toHaveLength(2);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('DEBUG=gunicorn-doctor adds the stack', () => {
    const r = cli(['diagnose', 'missing.log'], { env: { DEBUG: 'gunicorn-doctor' } });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\n\s+at /);
  });

  it('the wizard without a TTY exits 2 and points to diagnose', () => {
    const r = cli([]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('gunicorn-doctor: the wizard needs an interactive terminal');
    expect(r.err).toContain('hint: ');
    expect(r.err).toContain('diagnose');
  });

  it('the wizard without a TTY but with --log prints the diagnosis, with a note on stderr', () => {
    const r = cli(['--log', 'web.log']);
    expect(r.code).toBe(0); // the wizard completed; diagnose is the command whose exit code reports the problem
    expect(r.err).toContain('no terminal for the wizard');
    expect(r.out).toContain('Cause: runtime-worker-timeout');
  });

  it('diagnose: a worker-timeout log → exit 1, text report', () => {
    const r = cli(['diagnose', 'web.log']);
    expect(r.code, r.err).toBe(1);
    // the summary: cause, confidence and why, the deciding line, the fix; where the rest is
    expect(r.out).toContain('Cause: runtime-worker-timeout');
    expect(r.out).toMatch(/Confidence: \w+ — /);
    expect(r.out).toContain('web.log:7');
    expect(r.out).toContain('add --verbose');
    expect(r.out).not.toContain('RULED OUT');
    const v = cli(['diagnose', 'web.log', '--verbose']);
    expect(v.code).toBe(1);
    expect(v.out.startsWith(r.out.split('\nMore: ')[0]!)).toBe(true);
    for (const h of ['DIAGNOSIS', 'EVIDENCE', 'RULED OUT', 'QUESTIONS AND ANSWERS', 'TIMELINE', 'STATS'])
      expect(v.out).toContain(h);
  });

  it('diagnose reads stdin when piped, and "-"', () => {
    const a = cli(['diagnose', '--json'], { input: TIMEOUT_LOG });
    const b = cli(['diagnose', '-', '--json'], { input: TIMEOUT_LOG });
    expect(a.code).toBe(1);
    const ja = JSON.parse(a.out);
    expect(ja.schemaVersion).toBe(1);
    expect(ja.tool.name).toBe('gunicorn-doctor');
    expect(ja.diagnoses[0].cause).toBe('runtime-worker-timeout');
    expect(JSON.parse(b.out).diagnoses[0].cause).toBe('runtime-worker-timeout');
  });

  it('diagnose --format md and --output', () => {
    const out = join(tmp, 'report.md');
    const r = cli(['diagnose', 'web.log', '--format', 'md', '--output', out]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    const md = readFileSync(out, 'utf8');
    expect(md).toMatch(/^# gunicorn-doctor report/);
    expect(md).toContain('## Evidence');
  });

  it('diagnose of a clean start exits 0', () => {
    const clean = TIMEOUT_LOG.split('\n').slice(0, 6).join('\n') + '\n';
    const r = cli(['diagnose', '--json'], { input: clean });
    expect(r.code, r.out).toBe(0);
  });

  it('secrets are redacted and escape sequences neutralised in every format', () => {
    for (const fmt of ['text', 'md', 'json']) {
      const r = cli(['diagnose', 'web.log', '--format', fmt, '--redact', 'pid:1[78]']);
      expect(r.out).not.toContain('hunter2');
      expect(r.out).not.toContain('SUPERSECRET123');
      expect(r.out).not.toContain('\u001b');
      expect(r.out).not.toContain('\u0007');
      expect(r.out).not.toContain('pid:17');
      expect(r.out).toContain('[REDACTED]');
    }
  });

  it('no ESC byte anywhere with NO_COLOR', () => {
    for (const args of [
      ['--help'],
      ['explain'],
      ['explain', 'runtime-memory-oom'],
      ['diagnose', 'web.log'],
      ['runbook'],
    ]) {
      const r = cli(args, { env: { NO_COLOR: '1' } });
      expect(r.out + r.err).not.toContain('\u001b');
    }
  });

  it('--answers replays answers', () => {
    writeFileSync(join(tmp, 'answers.yaml'), 'restart-timing: interval\nrecycle-signs: max-requests\n');
    const r = cli(['diagnose', '--json', '--answers', 'answers.yaml'], { input: 'nothing useful\n' });
    const j = JSON.parse(r.out);
    expect(j.diagnoses[0].cause).toBe('recycle-max-requests');
    expect(j.answers.find((a: { question: string }) => a.question === 'recycle-signs').from).toBe('replay');
    writeFileSync(join(tmp, 'bad.yaml'), 'restart-timing: sometimes\n');
    const bad = cli(['diagnose', '--answers', 'bad.yaml'], { input: 'x\n' });
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('"sometimes" is not a choice of restart-timing');
  });
});
