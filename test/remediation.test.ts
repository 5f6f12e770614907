/**
 * Remediation that fits the user's project, end to end through the built CLI: `diagnose --json --config DIR` on
 * a project and its log gives the cause, the context read from the project's files (with where each value came
 * from), a change to *their* file with numbers that fix the problem, and a Markdown report that contains the change.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'dist', 'src', 'cli.js');
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: root },
    timeout: 20_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const json = (args: string[]) => JSON.parse(run(['diagnose', '--json', ...args]).out);
const plusLine = (diff: string) => diff.split('\n').find((l) => l.startsWith('+') && !l.startsWith('+++'))!;

describe('remediation for the user project', () => {
  it('docker compose with a 512 MB limit and 9 workers, no memory measured in the log: the count stays, the estimate is only a starting point; recycling goes in their command', () => {
    const r = json([
      '--config',
      'test/projects/compose-mem-limit',
      'test/cases/runtime-memory-oom--container-compose-exited-137-25.1/input.log',
    ]);
    const d = r.diagnoses[0];
    expect(d.cause).toBe('runtime-memory-oom');
    expect(r.context.platform).toBe('docker');
    expect(r.context.memoryLimitMb).toBe(512);
    expect(r.context.workers).toBe(9);
    expect(r.context.sources.memoryLimitMb).toMatch(/docker-compose\.yml:8$/);
    const f = d.remediation.files[0];
    expect(f.path).toMatch(/compose-mem-limit\/docker-compose\.yml$/);
    // a worker count changed on a guess would be a confident wrong answer: only measured memory changes it
    expect(plusLine(f.diff)).toMatch(/--workers 9\b/);
    expect(plusLine(f.diff)).toMatch(/--max-requests 1000 --max-requests-jitter 100/);
    const why = d.remediation.reasoning.join(' ');
    expect(why).toMatch(/so the worker count is not changed/);
    expect(why).toMatch(/docker stats/);
    expect(why).toMatch(/Only as a starting point: .* → 2 workers for 512 MB/);
    expect(d.remediation.verify.length).toBeGreaterThan(0);
  });

  it('Heroku Procfile with --timeout 120 behind the 30 s router: their Procfile line with a timeout under 30', () => {
    const r = json([
      '--config',
      'test/projects/heroku-procfile',
      'test/cases/platform-router-timeout--heroku-h12-gunicorn-timeout-120-wrapped-22.0/input.log',
    ]);
    const d = r.diagnoses[0];
    expect(d.cause).toBe('platform-router-timeout');
    expect(r.context.platform).toBe('heroku');
    expect(r.context.timeout).toBe(120);
    const f = d.remediation.files[0];
    expect(f.path).toMatch(/heroku-procfile\/Procfile$/);
    const line = plusLine(f.diff);
    expect(line).toContain('--bind 0.0.0.0:$PORT'); // the rest of their line is kept
    expect(Number(/--timeout (\d+)/.exec(line)![1])).toBeLessThan(30);
  });

  it('the seed 001 idle dyno: the idle trap with its real options, and a Markdown report that carries them', () => {
    const args = [
      '--config',
      'test/projects/heroku-idle-seed001',
      'test/cases/platform-idle-no-restart--heroku-seed-001-real/input.log',
    ];
    const r = json(args);
    expect(r.diagnoses[0].cause).toBe('platform-idle-no-restart');
    expect(r.context.platform).toBe('heroku');
    expect(r.context.sources.platform).toMatch(/^(config .*Procfile|log )/);
    const md = run(['diagnose', '--format', 'md', ...args]).out;
    expect(md).toContain('heroku restart');
    expect(md).toMatch(/waitress/);
    expect(md).toMatch(/not a fix/i);
  });

  it('the Markdown report contains the change to the user file', () => {
    const md = run([
      'diagnose',
      '--format',
      'md',
      '--config',
      'test/projects/compose-mem-limit',
      'test/cases/runtime-memory-oom--container-compose-exited-137-25.1/input.log',
    ]).out;
    expect(md).toMatch(/```diff[\s\S]*docker-compose\.yml[\s\S]*--workers \d/);
  });

  it('an unparsable project file: one warning naming it, and the usual file for the platform the log shows, said so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gd-bad-'));
    try {
      writeFileSync(join(dir, 'gunicorn.conf.py'), 'workers = (\n');
      const r = run([
        'diagnose',
        '--json',
        '--config',
        dir,
        'test/cases/platform-router-timeout--heroku-h12-gunicorn-timeout-120-wrapped-22.0/input.log',
      ]);
      const j = JSON.parse(r.out);
      expect(j.warnings.filter((w: string) => w.includes('gunicorn.conf.py'))).toHaveLength(1);
      // the project only defaults to "bare"; the log's Heroku lines decide the platform, and so the usual file
      expect(j.context.platform).toBe('heroku');
      const f = j.diagnoses[0].remediation.files[0];
      expect(f.path).toBe('Procfile');
      expect(f.note).toMatch(
        /none of the project files read \(gunicorn\.conf\.py\) starts Gunicorn .* so this is the usual file for the platform/,
      );
      // the app is the one the log shows Heroku launching
      expect(f.snippet).toBe('web: gunicorn dash.wsgi --bind 0.0.0.0:$PORT --timeout 25\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
