/**
 * CLI conventions (issue #13), through the BUILT binary: per-command --help, "did you mean" for commands, options,
 * option values and cause ids, the --threads default taken from the code, plural-correct counts with thousands
 * separators, and `npm start` not rebuilding an unchanged tree.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_THREADS, MAX_THREADS } from '../src/evidence/threads.js';
import { didYouMean, editDistance } from '../src/ui/didyoumean.js';
import { bytes, count, num } from '../src/text/words.js';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'dist', 'src', 'cli.js');
let tmp = '';

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: tmp,
    input: '',
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: tmp },
    timeout: 20_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  if (!existsSync(bin)) throw new Error('dist/src/cli.js is missing: run `npm run build` first');
  tmp = mkdtempSync(join(tmpdir(), 'gd-conv-'));
  writeFileSync(join(tmp, 'web.log'), '[2024-05-01 10:00:00 +0000] [1] [INFO] Starting gunicorn 21.2.0\n');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('help', () => {
  it.each(['diagnose', 'explain', 'runbook', 'wizard'])(
    '`%s --help` (and `help` with it) describes that command only',
    (cmd) => {
      const a = cli([cmd, '--help']);
      expect(a.code).toBe(0);
      expect(a.out).toMatch(/^Usage: gunicorn-doctor/);
      expect(cli(['help', cmd]).out).toBe(a.out);
      expect(a.out).toContain('Exit codes');
      expect(a.out).not.toBe(cli(['--help']).out);
      for (const line of a.out.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    },
  );

  it('the general help fits 80 columns too', () => {
    for (const line of cli(['--help']).out.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it('each command lists only its options', () => {
    const d = cli(['diagnose', '--help']).out;
    for (const o of ['--json', '--format', '--output', '--verbose', '--threads', '--config']) expect(d).toContain(o);
    expect(d).not.toContain('--log FILE');
    const e = cli(['explain', '--help']).out;
    expect(e).toContain('--platform');
    expect(e).not.toContain('--json');
  });

  it('the --threads default is the code constant (not a second copy in the help text)', () => {
    const h = cli(['--help']).out.replace(/\s+/g, ' ');
    expect(h).toContain(`(default: ${DEFAULT_THREADS}; at most ${MAX_THREADS})`);
    const bad = cli(['diagnose', 'web.log', '--threads', '0']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`the default is ${DEFAULT_THREADS}`);
  });
});

describe('did you mean', () => {
  it.each([
    [['diagnos', 'web.log'], /unknown command "diagnos"\nhint: did you mean "diagnose"\?/],
    [['dignose'], /did you mean "diagnose"\?/],
    [
      ['diagnose', '--jsn', 'web.log'],
      /Unknown option '--jsn'\nhint: did you mean --json\? run `gunicorn-doctor diagnose --help`/,
    ],
    [['diagnose', '--verbos', 'web.log'], /did you mean --verbose\?/],
    [
      ['explain', 'runtime-worker-timout'],
      /unknown cause "runtime-worker-timout"\nhint: did you mean "runtime-worker-timeout"\?/,
    ],
    [['diagnose', '--format', 'jsn', 'web.log'], /unknown --format "jsn"\nhint: did you mean json\?/],
    [['diagnose', '--platform', 'herku', 'web.log'], /unknown --platform "herku"\nhint: did you mean heroku\?/],
    [['help', 'diagnos'], /did you mean "diagnose"\?/],
  ])('%j', (args, re) => {
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(re);
    expect(r.err.trim().split('\n')).toHaveLength(2);
  });

  it('no guess when nothing is close', () => {
    expect(cli(['frobnicate']).err).not.toContain('did you mean');
    expect(cli(['--zzzzzz']).err).not.toContain('did you mean');
    expect(didYouMean('xyz', ['diagnose', 'explain'])).toBeUndefined();
  });

  it('distance counts a swap as one edit; a unique prefix is a match', () => {
    expect(editDistance('daignose', 'diagnose')).toBe(1);
    expect(didYouMean('run', ['runbook', 'diagnose'])).toBe('runbook');
    expect(didYouMean('diagnose', ['diagnose'])).toBeUndefined(); // not a typo
  });
});

describe('numbers in user text', () => {
  it('plural only when not one, thousands separated', () => {
    expect(count(1, 'line')).toBe('1 line');
    expect(count(0, 'line')).toBe('0 lines');
    expect(count(1234567, 'line')).toBe('1,234,567 lines');
    expect(num(2.25)).toBe('2.3');
    expect(bytes(1536)).toBe('1.5 KB');
    expect(bytes(700 * 1024 * 1024)).toBe('700 MB');
    expect(bytes(1)).toBe('1 byte');
  });

  it('the verbose report counts with words and separators', () => {
    const big = Array.from(
      { length: 1200 },
      (_, i) => `10.0.0.1 - - [01/May/2024:10:00:05 +0000] "GET /${i} HTTP/1.1" 200 2 "-" "curl"`,
    ).join('\n');
    writeFileSync(join(tmp, 'many.log'), `[2024-05-01 10:00:00 +0000] [1] [INFO] Starting gunicorn 21.2.0\n${big}\n`);
    const r = cli(['diagnose', 'many.log', '--verbose']);
    expect(r.out).toContain('1 master start,');
    expect(r.out).toContain('1,201 lines');
    expect(r.out).toContain('1,200 requests');
    expect(r.out).not.toMatch(/\(s\)/);
  });
});

describe('npm start on an unchanged tree', () => {
  // a fake tree (FRESH_ROOT): no real build runs while other tests use dist/
  const fresh = (dir: string, ...args: string[]) =>
    spawnSync(process.execPath, [join(root, 'scripts', 'fresh.mjs'), ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, FRESH_ROOT: dir },
      timeout: 30_000,
    });

  it('skips the build when the last build is newer than every input, and notices any changed input', () => {
    const dir = join(tmp, 'tree');
    for (const d of ['src', 'flows', 'content', 'dist/src']) mkdirSync(join(dir, d), { recursive: true });
    writeFileSync(join(dir, 'src', 'a.ts'), 'export {};\n');
    writeFileSync(join(dir, 'package.json'), '{}\n');
    expect(fresh(dir, '--check').stdout).toBe('stale\n'); // never built
    writeFileSync(join(dir, 'dist', 'src', 'cli.js'), '');
    writeFileSync(join(dir, 'dist', 'content.json'), '{}');
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(dir, 'src', 'a.ts'), past, past);
    utimesSync(join(dir, 'src'), past, past);
    utimesSync(join(dir, 'package.json'), past, past);
    for (const d of ['flows', 'content']) utimesSync(join(dir, d), past, past);
    expect(fresh(dir, 'stamp').status).toBe(0);
    const t0 = Date.now();
    const r = fresh(dir, '--check');
    expect(r.stdout).toBe('up to date\n');
    expect(r.status).toBe(0);
    expect(Date.now() - t0).toBeLessThan(3000); // a tsc build takes 7–20 s on this machine
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'src', 'a.ts'), later, later);
    expect(fresh(dir, '--check').stdout).toBe('stale\n');
  });

  it('npm start runs the check first; every build stamps dist', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.prestart).toBe('node scripts/fresh.mjs');
    expect(pkg.scripts.postbuild).toContain('node scripts/fresh.mjs stamp');
  });
});
