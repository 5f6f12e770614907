/**
 * The seed rows end to end (../shared/seeds: 000 Heroku respawn loop, 001 idle Eco dyno, 002 Heroku's Gunicorn
 * guide), each on a project fixture through the built CLI, asserting the exact lines proposed; and the fixed point:
 * applying the proposed diff (with `git apply`, so the diff must be valid for the project root) and reading the
 * same log again proposes nothing new.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// each test runs the CLI several times (and git): generous on a loaded machine
vi.setConfig({ testTimeout: 60_000 });

const root = join(import.meta.dirname, '..');
const bin = join(root, 'dist', 'src', 'cli.js');
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

interface Rem {
  files: { path: string; diff?: string; snippet?: string; note?: string }[];
  commands: string[];
  steps: string[];
  reasoning?: string[];
  markdown: string;
}
function diagnose(
  project: string,
  log: string,
): { cause: string; confidence: string; rem: Rem; context: Record<string, unknown> } {
  const r = spawnSync(process.execPath, [bin, 'diagnose', '--json', '--config', project, log], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: root },
    timeout: 20_000,
  });
  const j = JSON.parse(r.stdout);
  const d = j.diagnoses[0];
  return { cause: d.cause, confidence: d.confidence, rem: d.remediation, context: j.context };
}
/** a scratch copy of a fixture project, as a git work tree so `git apply` can check and apply the proposed diff */
function scratch(fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'gd-seed-'));
  temps.push(dir);
  cpSync(join(root, 'test', 'projects', fixture), dir, { recursive: true });
  return dir;
}
function apply(dir: string, diff: string) {
  writeFileSync(join(dir, '.fix.diff'), diff);
  const r = spawnSync('git', ['apply', '--check', '.fix.diff'], { cwd: dir, encoding: 'utf8' });
  expect(r.status, `git apply --check: ${r.stderr}`).toBe(0);
  expect(spawnSync('git', ['apply', '.fix.diff'], { cwd: dir }).status).toBe(0);
  rmSync(join(dir, '.fix.diff'));
}
const added = (diff: string) =>
  diff
    .split('\n')
    .filter((l) => l.startsWith('+') && !l.startsWith('+++'))
    .map((l) => l.slice(1));

describe('seed 000: a Heroku app whose workers keep respawning, Procfile `web: gunicorn app:app`', () => {
  it('R10 (no bind on $PORT) → their Procfile gains --bind 0.0.0.0:$PORT, unquoted so $PORT expands, with the reason', () => {
    const dir = scratch('heroku-seed000');
    const d = diagnose(dir, 'test/cases/boot-port-bind--blind6-heroku-r10-loopback-bind/input.log');
    expect(d.cause).toBe('boot-port-bind');
    expect(d.rem.files).toHaveLength(1);
    expect(d.rem.files[0]!.diff!.split('\n').slice(0, 2)).toEqual(['--- a/Procfile', '+++ b/Procfile']);
    expect(added(d.rem.files[0]!.diff!)).toEqual(['web: gunicorn --bind 0.0.0.0:$PORT app:app']);
    expect(d.rem.reasoning!.join('\n')).toMatch(/^bind = 0\.0\.0\.0:\$PORT: the platform routes to this address/m);
    apply(dir, d.rem.files[0]!.diff!);
    // then the respawns behind the router: a timeout justified by the router's 30 s, added to the same line
    const t = diagnose(
      dir,
      'test/cases/platform-router-timeout--heroku-h12-gunicorn-timeout-120-wrapped-22.0/input.log',
    );
    expect(t.cause).toBe('platform-router-timeout');
    expect(added(t.rem.files[0]!.diff!)).toEqual(['web: gunicorn --timeout 25 --bind 0.0.0.0:$PORT app:app']);
    expect(t.rem.reasoning!.join('\n')).toMatch(/timeout: Use 25 s: below the 30 s router/);
    apply(dir, t.rem.files[0]!.diff!);
    expect(readFileSync(join(dir, 'Procfile'), 'utf8')).toBe(
      'web: gunicorn --timeout 25 --bind 0.0.0.0:$PORT app:app\n',
    );
    // the fixed point: the same logs again change nothing
    expect(
      diagnose(dir, 'test/cases/platform-router-timeout--heroku-h12-gunicorn-timeout-120-wrapped-22.0/input.log').rem
        .files,
    ).toEqual([]);
    expect(diagnose(dir, 'test/cases/boot-port-bind--blind6-heroku-r10-loopback-bind/input.log').rem.files).toEqual([]);
  });
});

describe('seed 001: the idle Eco dyno, Procfile `web: gunicorn "app:create_app()"`', () => {
  it('recover now, then the options with their costs; the waitress line in the form that works for an app factory', () => {
    const d = diagnose(
      join(root, 'test/projects/heroku-idle-seed001'),
      'test/cases/platform-idle-no-restart--heroku-seed-001-real/input.log',
    );
    expect(d.cause).toBe('platform-idle-no-restart');
    expect(d.rem.files).toEqual([]); // nothing in their files is a setting to change: no "usual file" either
    expect(d.rem.commands[0]).toMatch(/^heroku restart\b/);
    expect(d.rem.markdown).toContain(
      "web: waitress-serve --port=$PORT --threads=${WEB_CONCURRENCY:-2} --call 'app:create_app'",
    );
    expect(d.rem.markdown).not.toMatch(/no project file was read/i);
    expect(d.rem.steps.join('\n')).toMatch(/costs money/i);
    expect(d.rem.markdown).toMatch(/Not a fix: pinging/);
  });
});

describe("seed 002: Heroku's Gunicorn guide, Procfile `web: gunicorn hello:app --log-file -`", () => {
  it('memory kills: WEB_CONCURRENCY from the measured samples, max-requests with jitter in the Procfile, log-runtime-metrics, preload trade-offs', () => {
    const dir = scratch('heroku-seed002');
    const d = diagnose(dir, 'examples/heroku-memory.log');
    expect(d.cause).toBe('runtime-memory-oom');
    // the Procfile does not pass --workers: the count lives in WEB_CONCURRENCY (Gunicorn's default for workers)
    expect(d.rem.commands).toContain('heroku config:set WEB_CONCURRENCY=3');
    expect(d.rem.commands.some((c) => c.startsWith('heroku labs:enable log-runtime-metrics'))).toBe(true);
    expect(added(d.rem.files[0]!.diff!)).toEqual([
      'web: gunicorn --max-requests 1000 --max-requests-jitter 100 hello:app --log-file -',
    ]);
    const why = d.rem.reasoning!.join('\n');
    expect(why).toMatch(
      /Per-worker memory ≈112 MB from the log's own sample: 496\.9 MB in total at examples\/heroku-memory\.log:63 \(quota 512 MB\), with 4 workers running then/,
    );
    expect(why).toMatch(/workers = \(409 − master 50 \(estimate\)\) \/ 112 = 3\.2 → 3 workers/);
    expect(why).toMatch(/max_requests_jitter = 100 \(10% of 1000\)/);
    expect(why).toMatch(/workers: set with WEB_CONCURRENCY, not in the Procfile/);
    expect(d.rem.steps.join('\n')).toMatch(/preload_app.*copy-on-write/s);
    // no contradiction: nothing tells them to put --workers in the Procfile, and no settings example duplicates the
    // diff
    expect(d.rem.markdown).not.toMatch(/--workers/);
    expect(d.rem.markdown).not.toMatch(/no project file was read/i);
    apply(dir, d.rem.files[0]!.diff!);
    const again = diagnose(dir, 'examples/heroku-memory.log');
    expect(again.rem.files).toEqual([]);
    expect(again.rem.commands).toContain('heroku config:set WEB_CONCURRENCY=3');
  });

  it("timeouts behind the router: Gunicorn's timeout under the router's 30 s, in their Procfile, with the reason", () => {
    const d = diagnose(
      join(root, 'test/projects/heroku-seed002'),
      'test/cases/platform-router-timeout--heroku-h12-gunicorn-timeout-120-wrapped-22.0/input.log',
    );
    expect(d.cause).toBe('platform-router-timeout');
    expect(added(d.rem.files[0]!.diff!)).toEqual(['web: gunicorn --timeout 25 hello:app --log-file -']);
    expect(d.rem.reasoning!.join('\n')).toMatch(
      /below the 30 s router so Gunicorn frees \(and logs\) the stuck worker before H12/,
    );
  });

  it('the fixed point with --workers in the Procfile: 4 → 3 from the samples, and 3 again after applying it (never from the configured count)', () => {
    const dir = scratch('heroku-seed002');
    writeFileSync(join(dir, 'Procfile'), 'web: gunicorn hello:app --workers 4 --log-file -\n');
    const first = diagnose(dir, 'examples/heroku-memory.log');
    expect(first.rem.commands.join('\n')).not.toMatch(/WEB_CONCURRENCY/); // --workers wins over it: edit the flag
    expect(added(first.rem.files[0]!.diff!)).toEqual([
      'web: gunicorn --max-requests 1000 --max-requests-jitter 100 hello:app --workers 3 --log-file -',
    ]);
    expect(first.rem.reasoning!.join('\n')).toMatch(
      /workers: changed on the command line, which wins over GUNICORN_CMD_ARGS, gunicorn\.conf\.py and WEB_CONCURRENCY/,
    );
    apply(dir, first.rem.files[0]!.diff!);
    const second = diagnose(dir, 'examples/heroku-memory.log');
    expect(second.rem.files).toEqual([]);
    expect(second.rem.reasoning!.join('\n')).toMatch(/Current workers = 3 already match/);
    // 8 configured workers: the same log still says 3 (it measured 4 running), not a number scaled by the 8
    writeFileSync(join(dir, 'Procfile'), 'web: gunicorn hello:app --workers 8 --log-file -\n');
    expect(added(diagnose(dir, 'examples/heroku-memory.log').rem.files[0]!.diff!)[0]).toContain('--workers 3');
  });
});

describe('Heroku: a Procfile that reads ${WEB_CONCURRENCY:-N}', () => {
  it('Heroku sets WEB_CONCURRENCY on every dyno, so the config var is the fix (the default is changed too), and nothing claims the flag wins', () => {
    const dir = scratch('heroku-procfile');
    writeFileSync(
      join(dir, 'Procfile'),
      'web: gunicorn myproject.wsgi:application --bind 0.0.0.0:$PORT --workers ${WEB_CONCURRENCY:-8} --log-file -\n',
    );
    const d = diagnose(dir, 'examples/heroku-memory.log');
    expect(d.rem.commands).toContain('heroku config:set WEB_CONCURRENCY=3');
    expect(added(d.rem.files[0]!.diff!)[0]).toContain('--workers ${WEB_CONCURRENCY:-3}');
    const why = d.rem.reasoning!.join('\n');
    expect(why).toMatch(/takes the count from WEB_CONCURRENCY, which Heroku sets on every dyno/);
    expect(why).not.toMatch(/workers: changed on the command line/);
  });
});
