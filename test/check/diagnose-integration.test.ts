/**
 * diagnose (and through `finish`, the wizard) with a project: the check findings that lead to the diagnosed cause
 * are in the report (`projectCheck`) and in a short "Project check" section; others are left to `check`.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wizard } from '../../src/commands/wizard.js';
import type { Prompter } from '../../src/io.js';
import { scriptedIo } from '../support/scripted-io.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'dist', 'src', 'cli.js');
const P = (n: string) => join(import.meta.dirname, 'diagnose', n);
const CASE = (n: string) => join(ROOT, 'test', 'cases', n, 'input.log');

function diagnose(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'diagnose', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
    timeout: 30_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('diagnose with a project: findings for the diagnosed cause', () => {
  it('a memory kill on Heroku names the fixed --workers that the basic dyno cannot hold, and only that', () => {
    const r = diagnose(['--config', P('heroku-workers'), 'examples/heroku-memory.log', '--json']);
    const rep = JSON.parse(r.out);
    expect(rep.diagnoses[0].cause).toBe('runtime-memory-oom');
    expect(rep.projectCheck.map((f: { rule: string }) => f.rule)).toEqual(['workers-exceed-memory']); // not max-requests-jitter: another cause
    expect(rep.projectCheck[0].location).toMatchObject({
      path: 'test/check/diagnose/heroku-workers/Procfile',
      line: 1,
    });
    // the rule's typical-worker estimate is set beside what this log measured, so the two numbers do not disagree
    // silently
    expect(rep.projectCheck[0].message).toMatch(
      /In this log one worker measured ≈112 MB: 8 × 112 \+ 50 = 946 MB \(the fix above is computed from that\)\.$/,
    );
    const text = diagnose(['--config', P('heroku-workers'), 'examples/heroku-memory.log']).out;
    // in the summary (the first screen) and in the full report
    expect(text).toMatch(
      /In your project \(gunicorn-doctor check\):\n {4}warning workers-exceed-memory test\/check\/diagnose\/heroku-workers\/Procfile:1: workers = 8 \(set on the command line\) need ≈1250 MB/,
    );
    expect(
      diagnose(['--verbose', '--config', P('heroku-workers'), join(ROOT, 'examples/heroku-memory.log')]).out,
    ).toMatch(
      /PROJECT CHECK\n {2}- warning workers-exceed-memory test\/check\/diagnose\/heroku-workers\/Procfile:1: workers = 8 \(set on the command line\) need ≈1250 MB/,
    );
    expect(diagnose(['--config', P('heroku-workers'), 'examples/heroku-memory.log', '--format', 'md']).out).toContain(
      '## Project check',
    );
  });

  it('a slow start-up on Kubernetes: the liveness window beside when the log shows the kubelet stopped it', () => {
    const log = CASE('boot-slow-startup--wild-kubectl-liveness-kills-before-boot-finishes-26.1');
    const rep = JSON.parse(diagnose(['--config', P('k8s-slow-boot'), log, '--json']).out);
    expect(rep.diagnoses[0].cause).toBe('boot-slow-startup');
    const f = rep.projectCheck.find((x: { rule: string }) => x.rule === 'k8s-liveness-startup');
    // "Starting gunicorn" 12:00:02, "Handling signal: term" 12:00:47 (line 11), no request served
    expect(f.message).toMatch(
      /gives the app 15 s to answer .* In this log Gunicorn was told to stop 45 s after it started \(.*input\.log:11\), before it served\.$/,
    );
  });

  it('a slow start-up: the liveness window beside the time the log shows the app was stopped after', () => {
    const rep = JSON.parse(
      diagnose(['--config', P('k8s-slow-boot'), CASE('boot-slow-startup--heroku-preload-r10-26.1'), '--json']).out,
    );
    expect(rep.diagnoses[0].cause).toBe('boot-slow-startup');
    const f = rep.projectCheck.find((x: { rule: string }) => x.rule === 'k8s-liveness-startup');
    expect(f.message).toMatch(
      /gives the app 15 s to answer .* In this log the app was stopped 64 s after Gunicorn started, before it served\.$/,
    );
  });

  it('no project finding for a cause none of them leads to, and none without a project', () => {
    const healthy = JSON.parse(
      diagnose(['--config', P('heroku-workers'), CASE('boot-slow-startup--heroku-preload-r10-26.1'), '--json']).out,
    );
    expect(healthy.projectCheck).toEqual([]); // every key is always present (schema/report.schema.json)
    const none = JSON.parse(diagnose(['--config', join(ROOT, 'examples'), 'examples/heroku-memory.log', '--json']).out);
    expect(none.projectCheck).toEqual([]);
  });
});

describe('the wizard with a project', () => {
  it('shows the project finding for the diagnosed cause on its result page (Enter through every question)', async () => {
    const enter: Prompter = {
      select: async (spec) => (spec.message === 'What next?' ? 'quit' : (spec.default ?? spec.choices[0]!.value)),
      input: async (spec) => spec.default ?? '',
    };
    const io = scriptedIo(enter, ROOT);
    const code = await wizard(
      {
        command: 'wizard',
        positionals: [],
        logs: ['examples/heroku-memory.log'],
        config: P('heroku-workers'),
        redact: [],
      },
      io,
    );
    expect(code).toBe(0);
    expect(io.text()).toContain('In your project (gunicorn-doctor check):');
    // the page is wrapped to the terminal: compare with the line breaks folded
    expect(io.text().replace(/\s+/g, ' ')).toMatch(
      /workers-exceed-memory.*workers = 8 \(set on the command line\) need ≈1250 MB/,
    );
  });
});
