/**
 * check's outputs and contract: JSON validated against schema/check.schema.json, SARIF against the OASIS SARIF
 * 2.1.0 schema (test/check/sarif-schema-2.1.0.json) and the fields GitHub code scanning reads, the README rule table
 * equal to the generated one, and the BUILT binary's exit codes, --fix, bad input and speed.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvDraft04 from 'ajv-draft-04';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/engine.js';
import { RULES } from '../../src/check/rules/index.js';
import { ruleTable, TABLE_END, TABLE_START } from '../../src/check/table.js';
import { check, formatCheck } from '../../src/commands/check.js';
import type { Prompter, SelectSpec } from '../../src/io.js';
import { scriptedIo } from '../support/scripted-io.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'dist', 'src', 'cli.js');
const RULE_DIR = join(import.meta.dirname, 'rules');
const tmp = mkdtempSync(join(tmpdir(), 'gd-check-out-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const validateCheck = new Ajv2020({ strict: true, allErrors: true }).compile(
  JSON.parse(readFileSync(join(ROOT, 'schema', 'check.schema.json'), 'utf8')),
);
const validateSarif = new ajvDraft04.default({ strict: false, allErrors: true, validateFormats: false }).compile(
  JSON.parse(readFileSync(join(import.meta.dirname, 'sarif-schema-2.1.0.json'), 'utf8')),
);

const fixtures = readdirSync(RULE_DIR).flatMap((id) =>
  ['invalid', 'valid'].flatMap((k) => {
    const d = join(RULE_DIR, id, k);
    return existsSync(d) ? readdirSync(d).map((c) => join(d, c)) : [];
  }),
);

function cli(args: string[], cwd: string, input = '') {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: tmp },
    timeout: 20_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function project(name: string, files: Record<string, string>): string {
  const d = join(tmp, name);
  mkdirSync(d, { recursive: true });
  for (const [f, t] of Object.entries(files)) writeFileSync(join(d, f), t);
  return d;
}

const opts = { color: false, redact: [], root: ROOT };

describe('JSON and SARIF outputs', () => {
  it('every fixture project gives a JSON report valid against schema/check.schema.json', async () => {
    let findings = 0;
    for (const dir of fixtures) {
      const run = await runCheck({ target: '.', cwd: dir, version: '0.0.0-test' });
      const json = JSON.parse(formatCheck(run, 'json', opts));
      expect(validateCheck(json), `${dir}: ${JSON.stringify(validateCheck.errors)}`).toBe(true);
      findings += json.findings.length;
    }
    expect(findings).toBeGreaterThan(fixtures.length);
  });

  it('the schema rejects what it must (a missing field, an unknown severity)', async () => {
    const run = await runCheck({
      target: '.',
      cwd: join(RULE_DIR, 'heroku-bind-port', 'invalid', 'fixed-port'),
      version: '1',
    });
    const json = JSON.parse(formatCheck(run, 'json', opts));
    expect(validateCheck(json)).toBe(true);
    expect(validateCheck({ ...json, summary: undefined })).toBe(false);
    expect(validateCheck({ ...json, findings: [{ ...json.findings[0], severity: 'fatal' }] })).toBe(false);
  });

  it('every fixture project gives SARIF 2.1.0 valid against the OASIS schema, with what code scanning reads', async () => {
    for (const dir of fixtures) {
      const run = await runCheck({ target: '.', cwd: dir, version: '0.0.0-test' });
      const sarif = JSON.parse(formatCheck(run, 'sarif', opts));
      expect(validateSarif(sarif), `${dir}: ${JSON.stringify(validateSarif.errors?.slice(0, 3))}`).toBe(true);
      expect(sarif.version).toBe('2.1.0');
      const r = sarif.runs[0];
      expect(r.tool.driver.name).toBe('gunicorn-doctor');
      expect(r.results.length).toBe(run.report.findings.length);
      for (const res of r.results) {
        expect(r.tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
        expect(res.message.text.length).toBeGreaterThan(0);
        expect(['error', 'warning', 'note']).toContain(res.level);
        const loc = res.locations[0].physicalLocation;
        expect(loc.artifactLocation.uri).not.toMatch(/^\/|^\.\.|\\/);
        expect(existsSync(join(dir, decodeURIComponent(loc.artifactLocation.uri))), loc.artifactLocation.uri).toBe(
          true,
        );
        expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
      }
      for (const d of r.tool.driver.rules) expect(d.help.markdown).toContain(`# ${d.id}`);
    }
  });
});

describe('README', () => {
  it('holds the rule table generated from the rule files', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const a = readme.indexOf(TABLE_START);
    const b = readme.indexOf(TABLE_END);
    expect(a, 'README.md has the check-rules markers').toBeGreaterThan(0);
    expect(
      readme.slice(a + TABLE_START.length, b).trim(),
      'regenerate it: npm run build && node scripts/rules-table.mjs --write',
    ).toBe(ruleTable(RULES));
  });
});

describe('gunicorn-doctor check (built binary)', () => {
  it('a clean project: "no findings", exit 0, well under a second', () => {
    const d = project('clean', {
      Procfile: 'web: gunicorn app:app --workers 2 --timeout 25 --max-requests 1000 --max-requests-jitter 100\n',
      'requirements.txt': 'flask==3.0.3\ngunicorn==23.0.0\n',
    });
    cli(['check'], d); // warm the file cache
    // the best of three runs: the shared machine's load adds to single runs, not to what check costs
    let ms = Infinity;
    let r = cli(['check'], d);
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      r = cli(['check'], d);
      ms = Math.min(ms, performance.now() - t0);
    }
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(/^gunicorn-doctor check: no findings in \. \(heroku\): \d+ rules checked$/);
    expect(r.err).toBe('');
    expect(ms).toBeLessThan(1000);
  });

  it('exit 1 with an error-level finding, summary first; 0 with warnings only', () => {
    const bad = cli(['check', '--config', join(RULE_DIR, 'heroku-bind-port', 'invalid', 'fixed-port')], tmp);
    expect(bad.code).toBe(1);
    expect(bad.out.split('\n')[0]).toMatch(/^gunicorn-doctor check: 1 error, /);
    expect(bad.out).toContain('heroku-bind-port');
    expect(bad.out).toContain('leads to: boot-port-bind');
    const warn = cli(['check', '--config', join(RULE_DIR, 'max-requests-jitter', 'invalid', 'procfile')], tmp);
    expect(warn.code).toBe(0);
    expect(warn.out.split('\n')[0]).toMatch(/^gunicorn-doctor check: 0 errors, 1 warning, 0 info/);
  });

  it('--format md, --json and --format sarif to --output', () => {
    const dir = join(RULE_DIR, 'docker-shell-form', 'invalid', 'shell-form-cmd');
    const md = cli(['check', '--config', dir, '--format', 'md'], tmp);
    expect(md.out).toMatch(/^# gunicorn-doctor check\n\n\*\*0 errors, 2 warnings, 1 info/);
    expect(md.out).toContain('```diff');
    const json = cli(['check', '--config', dir, '--json'], tmp);
    expect(validateCheck(JSON.parse(json.out))).toBe(true);
    const out = join(tmp, 'check.sarif');
    const s = cli(['check', '--config', dir, '--format', 'sarif', '--output', out], tmp);
    expect(s.code).toBe(0);
    expect(validateSarif(JSON.parse(readFileSync(out, 'utf8')))).toBe(true);
    expect(s.err).toContain('wrote');
  });

  it('exit 2 with one line and a hint: a missing project, a bad format, --fix elsewhere, --fix without a terminal', () => {
    mkdirSync(join(tmp, 'empty'), { recursive: true });
    for (const args of [
      ['check', '--config', 'empty'],
      ['check', '--config', 'nope'],
      ['check', '--format', 'xml'],
      ['diagnose', '--fix'],
      ['check', 'extra'],
    ]) {
      const r = cli(args, tmp);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/^gunicorn-doctor: .+\nhint: .+\n$/);
    }
    const d = project('nofix-tty', { Procfile: 'web: gunicorn app:app --bind 0.0.0.0:8000\n' });
    const r = cli(['check', '--fix'], d);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--yes');
    expect(readFileSync(join(d, 'Procfile'), 'utf8')).toBe('web: gunicorn app:app --bind 0.0.0.0:8000\n');
  });

  it('--platform picks the launch to judge when a project has several', () => {
    const d = project('two-platforms', {
      Procfile: 'web: gunicorn app:app --bind 0.0.0.0:8000\n',
      Dockerfile:
        'FROM python:3.12-slim\nCMD ["gunicorn", "app:app", "--bind", "0.0.0.0:8000", "--worker-tmp-dir", "/dev/shm", "--graceful-timeout", "8"]\n',
    });
    const heroku = JSON.parse(cli(['check', '--json'], d).out);
    expect(heroku.project.platform).toBe('heroku');
    expect(heroku.findings.map((f: { rule: string }) => f.rule)).toEqual(['heroku-bind-port']);
    const docker = cli(['check', '--json', '--platform', 'docker'], d);
    expect(docker.code).toBe(0);
    expect(JSON.parse(docker.out)).toMatchObject({ project: { platform: 'docker' }, findings: [] });
  });

  it('project text is escaped and redacted in every format (a file is untrusted like a log)', () => {
    const d = project('hostile', {
      Procfile: 'web: gunicorn app:app --bind 0.0.0.0:8000 --name \u001b]0;pwned\u0007 postgres://app:hunter2@db/app\n',
    });
    for (const f of ['text', 'md', 'json', 'sarif']) {
      const r = cli(['check', '--format', f], d);
      expect(r.code, f).toBe(1);
      expect(r.out, f).not.toMatch(/\u001b|\u0007/);
      expect(r.out, f).not.toContain('hunter2');
      expect(r.out, f).toContain('heroku-bind-port');
    }
  });

  it('--fix --yes writes the safe fixes of every rule at once, keeps .bak copies, and checks again', () => {
    const d = join(tmp, 'fixall');
    cpSync(join(RULE_DIR, 'docker-shell-form', 'invalid', 'shell-form-cmd'), d, { recursive: true });
    rmSync(join(d, 'expect.json'));
    const before = readFileSync(join(d, 'Dockerfile'), 'utf8');
    const r = cli(['check', '--fix', '--yes'], d);
    expect(r.err).toContain('--- a/Dockerfile');
    expect(r.err).toMatch(/changed Dockerfile \(backup: Dockerfile\.bak\)/);
    expect(r.err).toMatch(/after --fix: no findings/);
    expect(r.code).toBe(0);
    expect(readFileSync(join(d, 'Dockerfile.bak'), 'utf8')).toBe(before);
    expect(readFileSync(join(d, 'Dockerfile'), 'utf8')).toBe(
      'FROM python:3.12-slim\nCOPY . /app\nCMD exec gunicorn --graceful-timeout 8 --worker-tmp-dir /dev/shm app:app --bind 0.0.0.0:8000\n',
    );
  });

  it('--fix leaves unsafe fixes alone and says when there is nothing to apply', () => {
    const d = join(tmp, 'unsafe');
    cpSync(join(RULE_DIR, 'workers-exceed-memory', 'invalid', 'heroku-fixed-workers'), d, { recursive: true });
    const r = cli(['check', '--fix', '--yes'], d);
    expect(r.err).toContain('no safe fix to apply');
    expect(readFileSync(join(d, 'Procfile'), 'utf8')).toBe('web: gunicorn app:app --workers 8\n');
  });

  it('an unreadable or unparsable file is a one-line warning naming it; the other files are still checked; nothing runs', () => {
    const d = project('broken', {
      'k8s.yaml': 'apiVersion: apps/v1\nkind: Deployment\nspec: [unclosed\n',
      Dockerfile: 'FROM python:3.12-slim\nCMD gunicorn app:app --bind 0.0.0.0:8000\n',
      'gunicorn.conf.py': 'import os\nos.system("touch PWNED")\nworkers = 2\n',
      'entrypoint.sh': '#!/bin/sh\ntouch PWNED2\n',
    });
    writeFileSync(join(d, 'requirements.txt'), 'gunicorn==23.0.0\n');
    chmodSync(join(d, 'requirements.txt'), 0o000);
    const r = cli(['check', '--json'], d);
    chmodSync(join(d, 'requirements.txt'), 0o644);
    const json = JSON.parse(r.out);
    expect(validateCheck(json)).toBe(true);
    expect(json.warnings.some((w: string) => w.includes('k8s.yaml') && /invalid YAML/.test(w))).toBe(true);
    if (process.getuid?.() !== 0) expect(json.warnings.some((w: string) => w.includes('requirements.txt'))).toBe(true);
    expect(json.findings.map((f: { rule: string }) => f.rule)).toContain('docker-shell-form');
    for (const line of r.err.trim().split('\n')) expect(line).toMatch(/^gunicorn-doctor: warning: \S+/);
    expect(existsSync(join(d, 'PWNED'))).toBe(false);
    expect(existsSync(join(d, 'PWNED2'))).toBe(false);
  });
});

describe('check --fix in a terminal', () => {
  it('asks before writing (default No); "No" leaves the files, "Yes" writes them with .bak copies', async () => {
    const d = join(tmp, 'ask');
    cpSync(join(RULE_DIR, 'heroku-router-timeout', 'invalid', 'timeout-120'), d, { recursive: true });
    const asked: SelectSpec[] = [];
    const answer = (choice: string): Prompter => ({
      select: async (spec) => {
        asked.push(spec);
        return choice;
      },
      input: async () => '',
    });
    const no = scriptedIo(answer('no'), d);
    expect(await check({ command: 'check', positionals: [], logs: [], redact: [], fix: true }, no)).toBe(0);
    expect(asked[0]).toMatchObject({ message: 'Write this change?', default: 'no' });
    expect(no.errText()).toContain('+web: gunicorn app:app --timeout 25');
    expect(no.errText()).toContain('nothing was written');
    expect(existsSync(join(d, 'Procfile.bak'))).toBe(false);
    const yes = scriptedIo(answer('yes'), d);
    expect(await check({ command: 'check', positionals: [], logs: [], redact: [], fix: true }, yes)).toBe(0);
    expect(readFileSync(join(d, 'Procfile'), 'utf8')).toBe('web: gunicorn app:app --timeout 25\n');
    expect(readFileSync(join(d, 'Procfile.bak'), 'utf8')).toBe('web: gunicorn app:app --timeout 120\n');
    expect(yes.errText()).toMatch(/after --fix: no findings/);
  });
});
