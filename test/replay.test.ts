/**
 * Replay: a saved JSON report (what the wizard saves, what a customer attaches to a ticket) replays the same walk
 * non-interactively with `--answers`, including the answers a person gave; an answers file may override the log.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'dist', 'src', 'cli.js');
const tmp = mkdtempSync(join(tmpdir(), 'gd-replay-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: tmp,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: tmp },
    timeout: 20_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('replay with --answers', () => {
  it('a saved report replays to the same diagnosis, answers marked as replayed', () => {
    const log = join(root, 'test/cases/runtime-worker-timeout--slow-request-gu2010/input.log');
    const first = run(['diagnose', '--json', log]);
    expect(first.code).toBe(1);
    writeFileSync(join(tmp, 'report.json'), first.out);
    const again = run(['diagnose', '--json', '--answers', 'report.json', log]);
    expect(again.code).toBe(1);
    const a = JSON.parse(first.out);
    const b = JSON.parse(again.out);
    expect(b.diagnoses[0].cause).toBe(a.diagnoses[0].cause);
    expect(b.answers.map((x: { question: string; choice: string }) => `${x.question}=${x.choice}`)).toEqual(
      a.answers.map((x: { question: string; choice: string }) => `${x.question}=${x.choice}`),
    );
    expect(b.answers.some((x: { from: string }) => x.from === 'replay')).toBe(true);
  });

  it("a person's answer overrides what the log says, and the walk follows it", () => {
    const log = join(root, 'test/cases/runtime-worker-timeout--slow-request-gu2010/input.log');
    // the log proves a timeout; a support engineer replays the customer's statement that workers were idle
    writeFileSync(join(tmp, 'idle.json'), JSON.stringify([{ question: 'timeout-during-request', choice: 'no' }]));
    const r = run(['diagnose', '--json', '--answers', 'idle.json', log]);
    const j = JSON.parse(r.out);
    expect(j.diagnoses[0].cause).toBe('runtime-heartbeat-tmpdir');
    expect(j.answers.find((x: { question: string }) => x.question === 'timeout-during-request').from).toBe('replay');
  });
});
