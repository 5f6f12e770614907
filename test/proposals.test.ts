/**
 * Every fix the doctor proposes is checked by the real tools (issue #12, "machine-checked suggestions"):
 * - the production `diagnose --json` (src/commands/diagnose.ts, in-process) on every case in test/cases without a
 *   project, and on representative cases of every cause with every project fixture in test/projects;
 * - every fenced code block of every cause page's Fix section, filled with values the suggestion code computes for
 *   typical contexts;
 * collected (test/support/check-proposals/collect.ts: diffs, file snippets, the filled Fix Markdown, `commands`),
 * deduplicated, and checked in one batch per Python: Debian's Gunicorn 20.1 (+ waitress, `sh -n`) and the vendored
 * Gunicorn 23.0.0 (test/vendor/). Diffs go through `git apply --check` in a copy of the project.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../src/commands/diagnose.js';
import { loadCatalog } from '../src/catalog/causes.js';
import type { Io } from '../src/io.js';
import { fillPlaceholders, valuesFromContext } from '../src/catalog/fill.js';
import { suggestAll, type SuggestContext } from '../src/remedy/suggest.js';
import type { Report } from '../src/engine/report.js';
import type { Diagnosis } from '../src/engine/types.js';
import {
  checkDiff,
  fileItems,
  itemKey,
  markdownProposals,
  PY,
  remediationProposals,
  runChecker,
  type CheckRun,
  type Item,
  type Unreadable,
} from './support/check-proposals/collect.js';

const root = join(import.meta.dirname, '..');
const CASES = join(root, 'test', 'cases');
const PROJECTS = join(root, 'test', 'projects');

/**
 * What the checkers may reject, each with why: only the deliberate `<name>` markers. The wrong proposals this list
 * held when the checkers were written (diff paths, unquoted app factories, Procfile lines offered as
 * gunicorn.conf.py, a repeated and single-quoted --bind, $PORT outside Heroku) are fixed; an entry that no longer
 * matches any failure fails the test so it is taken out. `proposal` and `message` are regular expressions matched
 * against the checked line and the checker's complaint.
 */
const KNOWN_WRONG: { proposal: RegExp; message: RegExp; reason: string }[] = [
  {
    proposal: /<[a-z][a-z0-9_]*>/,
    message: /^unfilled value /,
    reason:
      'by design (DESIGN: "an unknown value stays visible as a <timeout>-style marker: never a silent guess"): a value neither the log nor the project gives is shown as <name> for the reader to fill in; the checkers fill it with a typical value and check the rest of the line',
  },
];

const PYTHON = existsSync(PY);
if (!PYTHON && process.env.CI)
  throw new Error('CI: /usr/bin/python3 with python3-gunicorn is needed (.ci/run installs it)');

/** Where a proposal came from, for the failure message. */
interface Origin {
  source: string;
  where: string;
}

class Collected {
  items = new Map<string, { item: Item; origins: Origin[] }>();
  diffs = new Map<string, { diff: string; project?: string; origins: Origin[] }>();
  add(item: Item, o: Origin) {
    const k = itemKey(item);
    const e = this.items.get(k) ?? { item, origins: [] };
    if (e.origins.length < 5) e.origins.push(o);
    this.items.set(k, e);
  }
  addDiff(diff: string, project: string | undefined, o: Origin) {
    const k = JSON.stringify([diff, project]);
    const e = this.diffs.get(k) ?? { diff, project, origins: [] };
    if (e.origins.length < 5) e.origins.push(o);
    this.diffs.set(k, e);
  }
}

/** `gunicorn-doctor diagnose --json [--config DIR] LOG`, in-process through the command itself. */
async function diagnoseJson(log: string, config: string | undefined, cwd: string): Promise<Report> {
  let out = '';
  const io: Io = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: () => true },
    env: {},
    cwd,
    color: false,
    interactive: false,
    root,
  };
  await diagnose({ command: 'diagnose', positionals: [log], logs: [], format: 'json', redact: [], config }, io);
  return JSON.parse(out) as Report;
}

const caseDirs = readdirSync(CASES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(CASES, d.name, 'input.log')))
  .map((d) => d.name)
  .sort();
const projects = readdirSync(PROJECTS).sort();

/** Per cause, the first case: the logs that take each project to each cause (the Fix depends on the cause and the
 * platform, which the project gives; the numbers come from the log). */
function representativeCases(): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const name of caseDirs) {
    const e = JSON.parse(readFileSync(join(CASES, name, 'expected.json'), 'utf8')) as {
      cause: string;
      variant?: string | null;
      knownGap?: unknown;
    };
    if (e.knownGap) continue;
    if (seen.has(e.cause)) continue;
    seen.add(e.cause);
    out.push(name);
  }
  return out;
}

/** Contexts a cause page's placeholders are filled for: the numbers come from the suggestion code, as in a report. */
const TYPICAL: { app: string; ctx: SuggestContext }[] = [
  {
    app: 'shop.wsgi:application',
    ctx: { platform: 'heroku', memoryLimitMb: 512, workerRssMb: 150, workers: 4, timeout: 30 },
  },
  {
    app: 'app:create_app()',
    ctx: {
      platform: 'docker',
      memoryLimitMb: 1024,
      workerRssMb: 200,
      workers: 9,
      timeout: 120,
      workerClass: 'gthread',
      threads: 4,
      maxRequests: 500,
    },
  },
  {
    app: 'app:app',
    ctx: {
      platform: 'kubernetes',
      memoryLimitMb: 2048,
      workerRssMb: 300,
      workers: 2,
      timeout: 60,
      gracefulTimeout: 30,
      killWindowSeconds: 30,
    },
  },
];

const collected = new Collected();
const diffResults: { origins: Origin[]; diff: string; errors: string[] }[] = [];
const unreadable = new Map<string, { text: string; message: string; origins: Origin[] }>();
const addUnreadable = (u: Unreadable, source: string) => {
  const e = unreadable.get(u.text) ?? { text: u.text, message: u.message, origins: [] };
  if (e.origins.length < 5) e.origins.push({ source, where: u.where });
  unreadable.set(u.text, e);
};
let debian: CheckRun | undefined;
let gunicorn23: CheckRun | undefined;
const counts = { reports: 0, pageBlocks: 0 };
const timing = { reports: 0, diffs: 0, python: 0 };
let empty: string;

const show = (it: Item) => it.text ?? JSON.stringify(it.argv);

interface Failure {
  proposal: string;
  message: string;
  origins: Origin[];
}

/** Every complaint of a checker about a proposal, with where it was proposed. */
function failures(): Failure[] {
  const out: Failure[] = [];
  for (const [k, e] of collected.items) {
    for (const run of [debian!, gunicorn23!]) {
      for (const m of run.results.get(k)?.errors ?? []) {
        const message = m.startsWith('gunicorn') ? `${m} [Gunicorn ${run.gunicorn}]` : m;
        if (!out.some((f) => f.proposal === show(e.item) && f.message.replace(/ \[Gunicorn .*\]$/, '') === m))
          out.push({ proposal: show(e.item), message, origins: e.origins });
      }
    }
  }
  for (const d of diffResults) for (const m of d.errors) out.push({ proposal: d.diff, message: m, origins: d.origins });
  for (const u of unreadable.values()) out.push({ proposal: u.text, message: u.message, origins: u.origins });
  return out;
}

/** Failures grouped by complaint (numbers and paths folded), a few proposals and origins each. */
function describeFailures(list: readonly Failure[]): string {
  const groups = new Map<string, Failure[]>();
  for (const f of list) {
    const k = f.message
      .replace(/^unfilled value .*?:/, 'unfilled value <…>:')
      .replace(/^(YAML does not parse: [^:"]*).*/, '$1')
      .replace(/\/[^\s'"|]*/g, '<path>')
      .replace(/\d+/g, 'N');
    groups.set(k, [...(groups.get(k) ?? []), f]);
  }
  const out: string[] = [];
  for (const [, fs] of groups) {
    out.push(`${fs.length}× ${fs[0]!.message}`);
    for (const f of fs.slice(0, 3)) {
      out.push(
        `    proposed: ${f.proposal.length > 300 ? f.proposal.slice(0, 300) + '…' : f.proposal}`.replace(
          /\n/g,
          '\n              ',
        ),
      );
      out.push(
        `    from: ${f.origins
          .slice(0, 2)
          .map((o) => `${o.source} → ${o.where}`)
          .join('; ')}${f.origins.length > 2 ? ' …' : ''}`,
      );
    }
  }
  return out.join('\n');
}

describe.skipIf(!PYTHON)('every proposed fix passes the real tools', () => {
  beforeAll(async () => {
    if (!PYTHON) return;
    empty = mkdtempSync(join(tmpdir(), 'gd-proposals-'));
    const t0 = Date.now();
    const runs: { log: string; project?: string; source: string }[] = [];
    for (const name of caseDirs) runs.push({ log: join(CASES, name, 'input.log'), source: `case ${name}` });
    const reps = representativeCases();
    // as a user types it: `diagnose --config test/projects/x LOG` from the repository root
    for (const p of projects)
      for (const name of reps)
        runs.push({
          log: join(CASES, name, 'input.log'),
          project: `test/projects/${p}`,
          source: `case ${name} --config test/projects/${p}`,
        });
    for (const r of runs) {
      const report = await diagnoseJson(r.log, r.project, r.project ? root : empty);
      counts.reports++;
      for (const d of report.diagnoses.slice(0, 1)) {
        const { items, diffs, unreadable: bad } = remediationProposals(d);
        for (const u of bad) addUnreadable(u, r.source);
        for (const p of items) collected.add(p.item, { source: r.source, where: p.where });
        for (const p of diffs) collected.addDiff(p.diff, r.project, { source: r.source, where: p.where });
      }
    }
    timing.reports = Date.now() - t0;
    const catalog = loadCatalog(root);
    for (const page of catalog.pages.values()) {
      for (const t of TYPICAL) {
        const numbers = Object.fromEntries(Object.entries(suggestAll(t.ctx)).map(([k, s]) => [k, s.value]));
        const values = valuesFromContext(
          {
            app: t.app,
            workers: Number(t.ctx.workers) || undefined,
            timeout: t.ctx.timeout,
            memoryLimitMb: t.ctx.memoryLimitMb,
            maxRequests: Number(t.ctx.maxRequests) || undefined,
          },
          numbers,
        );
        const bad: Unreadable[] = [];
        const found = markdownProposals(
          fillPlaceholders(page.fix, values),
          `Fix (${t.ctx.platform}, app ${t.app})`,
          bad,
        );
        for (const u of bad) addUnreadable(u, `content/causes/${page.id}.md`);
        for (const p of found) {
          counts.pageBlocks++;
          collected.add(p.item, { source: `content/causes/${page.id}.md`, where: p.where });
        }
      }
    }
    const t1 = Date.now();
    const work = new Map<string, string>();
    for (const d of collected.diffs.values()) {
      // one reusable copy per project (checkDiff restores it after each diff)
      const key = d.project ?? '';
      if (!work.has(key)) {
        const dir = mkdtempSync(join(tmpdir(), 'gd-project-'));
        if (d.project) cpSync(join(root, d.project), dir, { recursive: true });
        work.set(key, dir);
      }
      const r = checkDiff(d.diff, d.project && join(root, d.project), { projectArg: d.project, work: work.get(key) });
      diffResults.push({ origins: d.origins, diff: d.diff, errors: r.errors });
      for (const item of r.items)
        for (const o of d.origins) collected.add(item, { source: o.source, where: `${o.where}, the patched file` });
    }
    for (const dir of work.values()) rmSync(dir, { recursive: true, force: true });
    timing.diffs = Date.now() - t1;
    const items = [...collected.items.values()].map((e) => e.item);
    if (process.env.PROPOSALS_DUMP)
      writeFileSync(
        process.env.PROPOSALS_DUMP,
        JSON.stringify({ items: items.map((it) => ({ id: itemKey(it), ...it })) }),
      );
    const t2 = Date.now();
    debian = runChecker(items);
    gunicorn23 = runChecker(items, { vendored: true });
    timing.python = Date.now() - t2;
    console.log(
      `proposals: ${counts.reports} reports (${timing.reports} ms), ${counts.pageBlocks} page items, ${collected.diffs.size} diffs (${timing.diffs} ms), ` +
        `${collected.items.size} unique items through Gunicorn ${debian.gunicorn} + waitress ${debian.waitress} and Gunicorn ${gunicorn23.gunicorn} (${timing.python} ms)`,
    );
  }, 120_000);

  afterAll(() => {
    if (empty) rmSync(empty, { recursive: true, force: true });
  });

  it('runs the checkers on the right versions: Debian Gunicorn 20.1 + waitress, vendored Gunicorn 23.0.0', () => {
    expect(debian!.gunicorn).toMatch(/^20\.1\./);
    expect(debian!.waitress).toBeTruthy();
    expect(gunicorn23!.gunicorn).toBe('23.0.0');
    expect(gunicorn23!.gunicornPath).toContain(join('test', 'vendor', 'gunicorn-23.0.0'));
  });

  it('collects proposals from reports, projects and cause pages', () => {
    expect(counts.reports).toBeGreaterThan(caseDirs.length);
    expect(counts.pageBlocks).toBeGreaterThan(50);
    const checked = new Set([...debian!.results.values()].flatMap((r) => r.checked));
    for (const c of ['gunicorn', 'gunicorn.conf.py', 'waitress', 'sh -n']) expect(checked, c).toContain(c);
    expect(diffResults.length).toBeGreaterThan(5);
  });

  it('no proposal is rejected, except the known ones listed with their reason', () => {
    const all = failures();
    // the whole list, one line per complaint, for whoever fixes the generator
    if (process.env.PROPOSALS_REPORT)
      writeFileSync(
        process.env.PROPOSALS_REPORT,
        all
          .map(
            (f) =>
              `${f.message}\n  proposed: ${f.proposal.replace(/\n/g, '\n            ')}\n  from: ${f.origins.map((o) => `${o.source} → ${o.where}`).join('\n        ')}\n`,
          )
          .join('\n'),
      );
    const unexpected = all.filter(
      (f) => !KNOWN_WRONG.some((k) => k.proposal.test(f.proposal) && k.message.test(f.message)),
    );
    const stale = KNOWN_WRONG.filter((k) => !all.some((f) => k.proposal.test(f.proposal) && k.message.test(f.message)));
    expect(describeFailures(unexpected), `${unexpected.length} proposals rejected by the real tools`).toBe('');
    expect(
      stale.map((k) => `${k.proposal} / ${k.message}: ${k.reason}`),
      'KNOWN_WRONG entries that no longer fail: take them out',
    ).toEqual([]);
  });
});

/** The checkers reject the bad forms issue #12 names (and accept their corrected forms). */
describe.skipIf(!PYTHON)('the checkers reject what does not work when pasted', () => {
  const sh = (text: string): Item => ({ kind: 'shell', text });
  // every line of these tests, checked in one batch per Gunicorn version
  const LINES = {
    r10: sh("gunicorn app:app --bind 0.0.0.0:$PORT --bind '0.0.0.0:$PORT'"),
    bindOk: sh('gunicorn app:app --bind 0.0.0.0:$PORT'),
    bindDefaultOk: sh('gunicorn app:app --bind "0.0.0.0:${PORT:-8000}"'),
    workers25: sh('gunicorn app:app --workers 2.5'),
    jitter: sh('gunicorn app:app --max-requests 1000 --max-requests-jitter -1'),
    unknown: sh('gunicorn app:app --wrokers 3'),
    twice: { kind: 'argv', argv: ['gunicorn', 'app:app', '-w', '2', '--workers', '3'] } as Item,
    gunicornOk: sh(
      'gunicorn "app:create_app()" --workers 3 --threads 4 --timeout 25 --graceful-timeout 20 --max-requests 1000 --max-requests-jitter 100',
    ),
    confBad: {
      kind: 'conf',
      text: 'workers = "three"\nmax_request = 1000\ndef post_fork(server):\n    pass\n',
    } as Item,
    confOk: {
      kind: 'conf',
      text: 'import os\nworkers = int(os.environ.get("WEB_CONCURRENCY", "3"))\nbind = f"0.0.0.0:{os.environ.get(\'PORT\', \'8000\')}"\ndef post_fork(server, worker):\n    pass\n',
    } as Item,
    waitressUnquoted: sh('waitress-serve --port=$PORT --threads=1 app:create_app()'),
    waitressQuoted: sh('waitress-serve --port=$PORT --threads=1 "app:create_app()"'),
    waitressUnknown: sh('waitress-serve --port=$PORT --workers=2 app:app'),
    waitressOk: sh("waitress-serve --port=$PORT --threads=1 --call 'app:create_app'"),
    envBad: sh('heroku config:set GUNICORN_CMD_ARGS="--log-levle info" WEB_CONCURRENCY=2.5'),
    envOk: sh('heroku config:set GUNICORN_CMD_ARGS="--log-level info --access-logfile -" WEB_CONCURRENCY=3'),
    composePort: { kind: 'argv', argv: ['gunicorn', 'app:app', '--bind=0.0.0.0:$PORT'], env: { PORT: null } } as Item,
    composePortDefault: {
      kind: 'words',
      text: 'gunicorn app:app --bind 0.0.0.0:${PORT:-8000}',
      env: { PORT: null },
    } as Item,
    k8sPort: { kind: 'argv', argv: ['gunicorn', 'app:app', '--bind', '0.0.0.0:$PORT'], noExpand: true } as Item,
  };
  let runs: { debian: CheckRun; g23: CheckRun };
  beforeAll(() => {
    runs = { debian: runChecker(Object.values(LINES)), g23: runChecker(Object.values(LINES), { vendored: true }) };
  });
  /** the complaints about one line, joined; `g23`: under Gunicorn 23.0.0 */
  const errs = (name: keyof typeof LINES, g23 = false) =>
    (g23 ? runs.g23 : runs.debian).results.get(itemKey(LINES[name]))!.errors.join('\n');

  it('gunicorn: a repeated flag and a single-quoted $PORT (the R10 fix without a Procfile)', () => {
    expect(errs('r10')).toMatch(/bind given twice/);
    expect(errs('r10')).toMatch(/\$PORT is inside single quotes/);
    expect(errs('r10', true)).toMatch(/bind given twice/);
    expect([errs('bindOk'), errs('bindDefaultOk'), errs('bindOk', true), errs('bindDefaultOk', true)]).toEqual([
      '',
      '',
      '',
      '',
    ]);
  });

  it('gunicorn: --workers 2.5, --max-requests-jitter -1, an unknown option, -w and --workers together — on 20.1 and 23.0', () => {
    for (const g23 of [false, true]) {
      expect(errs('workers25', g23)).toMatch(/workers: invalid int value: '2\.5'/);
      expect(errs('jitter', g23)).toMatch(/max_requests_jitter.*-1/);
      expect(errs('unknown', g23)).toMatch(/unknown option --wrokers/);
      expect(errs('twice', g23)).toMatch(/workers given twice/);
      expect(errs('gunicornOk', g23)).toBe('');
    }
  });

  it('gunicorn.conf.py: an invalid value, a misspelt setting, a hook of the wrong arity — on 20.1 and 23.0', () => {
    for (const g23 of [false, true]) {
      expect(errs('confBad', g23)).toMatch(/invalid value for workers/);
      expect(errs('confBad', g23)).toMatch(/max_request is not a Gunicorn setting \(did you mean max_requests\?\)/);
      expect(errs('confBad', g23)).toMatch(/post_fork.*arity/);
      expect(errs('confOk', g23)).toBe('');
    }
  });

  it('waitress: an app factory written as a call (seed 001), unquoted or quoted; --call is the working form', () => {
    expect(errs('waitressUnquoted')).toMatch(/sh -n: .*Syntax error/);
    expect(errs('waitressQuoted')).toMatch(/is a call.*needs --call 'app:create_app'/);
    expect(errs('waitressUnknown')).toMatch(/option --workers not recognized/);
    expect(errs('waitressOk')).toBe('');
    expect(runs.debian.results.get(itemKey(LINES.waitressOk))!.checked).toContain('waitress');
  });

  it('$PORT where nothing sets it: compose and systemd expand it to nothing, Kubernetes passes it literally', () => {
    expect(errs('composePort')).toMatch(
      /bind address '0\.0\.0\.0:' is not usable.*\$PORT is set only on Heroku-style platforms/,
    );
    expect(errs('k8sPort')).toMatch(/bind address '0\.0\.0\.0:\$PORT' is not usable/);
    expect(errs('composePortDefault')).toBe('');
  });

  it('GUNICORN_CMD_ARGS and WEB_CONCURRENCY set from a shell line are checked too', () => {
    expect(errs('envBad')).toMatch(/GUNICORN_CMD_ARGS: unknown option --log-levle/);
    expect(errs('envBad')).toMatch(/WEB_CONCURRENCY='2\.5'/);
    expect(errs('envOk')).toBe('');
  });

  it('diffs: a//abs/path and a path relative to the repository instead of the project are rejected by git apply --check', () => {
    const project = join(PROJECTS, 'heroku-procfile');
    const [release, web] = readFileSync(join(project, 'Procfile'), 'utf8').split('\n');
    const hunk = (path: string) =>
      `--- a/${path}\n+++ b/${path}\n@@ -1,2 +1,2 @@\n ${release}\n-${web}\n+${web} --graceful-timeout 25\n`;
    const abs = checkDiff(hunk(join(project, 'Procfile')), project);
    expect(abs.errors.join('\n')).toMatch(/a\/\/.*not a\/<path relative to the project root>/);
    expect(abs.errors.join('\n')).toMatch(/git apply --check/);
    expect(checkDiff(hunk('test/projects/heroku-procfile/Procfile'), project).errors.join('\n')).toMatch(
      /git apply --check: .*No such file/i,
    );
    const ok = checkDiff(hunk('Procfile'), project);
    expect(ok.errors).toEqual([]);
    expect(ok.items.map((i) => i.text)).toEqual([`${web!.replace(/^web:\s*/, '')} --graceful-timeout 25`]);
  });
});

/** The collector finds the launching lines in every kind of file and block the doctor proposes. */
describe('the collector finds what a proposal launches', () => {
  const file = (p: string) => fileItems(p, readFileSync(join(PROJECTS, p), 'utf8'));

  it('Procfile, Dockerfile (shell and exec form, ENV), compose (list and string), Kubernetes, systemd', () => {
    expect(file('heroku-conf-py/Procfile')).toEqual([
      { kind: 'shell', text: 'gunicorn -c gunicorn_config.py app:app' },
    ]);
    expect(file('docker-shell-cmd/Dockerfile')).toContainEqual({
      kind: 'shell',
      text: expect.stringMatching(
        /^gunicorn app\.main:app +-w 4 -t 60 +-b 0\.0\.0\.0:8000 --worker-tmp-dir \/dev\/shm$/,
      ),
    });
    expect(file('docker-exec-entrypoint-sh-c/Dockerfile')).toContainEqual({
      kind: 'argv',
      argv: ['sh', '-c', expect.stringContaining('exec gunicorn mysite.wsgi')],
    });
    expect(file('gunicorn-cmd-args-env/Dockerfile')).toContainEqual({
      kind: 'words',
      text: 'GUNICORN_CMD_ARGS="--workers 3 --timeout 50 --bind 0.0.0.0:8080"',
    });
    expect(file('compose-deploy-limits/compose.yaml')).toEqual([
      {
        kind: 'argv',
        argv: ['gunicorn', 'api.wsgi:application', '--workers=6', '--max-requests', '500'],
        env: { PORT: null },
      },
      { kind: 'argv', argv: ['GUNICORN_CMD_ARGS=--timeout 45'], env: { PORT: null } },
    ]);
    expect(file('compose-mem-limit/docker-compose.yml')).toEqual([
      { kind: 'words', text: 'gunicorn app:app --workers 9 --bind 0.0.0.0:8000 --timeout 30', env: { PORT: null } },
    ]);
    // Kubernetes expands no $VAR in command/args; compose and systemd have no PORT
    expect(file('k8s-multidoc/k8s/app.yaml')).toEqual([
      {
        kind: 'argv',
        argv: ['gunicorn', 'shop.wsgi:application', '--bind=0.0.0.0:8000', '--workers', '4', '--timeout', '90'],
        noExpand: true,
      },
    ]);
    expect(file('systemd-unit/gunicorn.service')).toContainEqual({
      kind: 'words',
      text: expect.stringMatching(
        /^\/srv\/app\/venv\/bin\/gunicorn +--workers 3 +--timeout 60 +--bind unix:\/run\/gunicorn\.sock +app\.wsgi:application$/,
      ),
      env: { PORT: null },
    });
    expect(file('conf-py-expression/gunicorn.conf.py')).toEqual([
      { kind: 'conf', text: readFileSync(join(PROJECTS, 'conf-py-expression/gunicorn.conf.py'), 'utf8') },
    ]);
  });

  it('Markdown blocks by language, a Procfile line left in a comment, and remediation.commands', () => {
    const md = [
      '```procfile',
      '# Option 2 (waitress):',
      'web: waitress-serve --port=$PORT --call app:create_app',
      '```',
      '```bash',
      'heroku config:set WEB_CONCURRENCY=3',
      '# web: gunicorn app:app --threads 4',
      '# just a comment',
      '```',
      '```python',
      'workers = 3',
      '```',
    ].join('\n');
    expect(markdownProposals(md, 'md').map((p) => p.item)).toEqual([
      { kind: 'shell', text: 'waitress-serve --port=$PORT --call app:create_app' },
      { kind: 'shell', text: 'heroku config:set WEB_CONCURRENCY=3' },
      { kind: 'shell', text: 'gunicorn app:app --threads 4' },
      { kind: 'conf', text: 'workers = 3\n' },
    ]);
    const d = {
      remediation: { platform: 'heroku', steps: [], files: [], verify: [], commands: ['heroku restart'] },
    } as unknown as Diagnosis;
    expect(remediationProposals(d).items).toEqual([
      { item: { kind: 'shell', text: 'heroku restart' }, where: 'commands[0]' },
    ]);
  });

  it('a snippet that is not what its file name says is reported, not skipped', () => {
    const d = {
      remediation: {
        platform: 'docker',
        steps: [],
        verify: [],
        files: [
          { path: 'docker-compose.yml', snippet: 'RUN pip install -r requirements.txt\nCMD ["gunicorn", "app:app"]\n' },
        ],
      },
    } as unknown as Diagnosis;
    const r = remediationProposals(d);
    expect(r.unreadable).toEqual([
      {
        where: 'files[0] docker-compose.yml (snippet)',
        text: expect.any(String),
        message: expect.stringMatching(/^YAML does not parse/),
      },
    ]);
  });
});
