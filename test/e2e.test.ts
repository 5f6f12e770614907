/**
 * The built CLI in a real terminal (tmux): the first question is on screen quickly, Enter all the way reaches a
 * cause page with its remediation, Quit exits 0, Ctrl-C exits 130, NO_COLOR paints nothing.
 * Skipped only when tmux is not installed (CI installs it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const bin = join(import.meta.dirname, '..', 'dist', 'src', 'cli.js');
const sessions: string[] = [];
let tmp = '';

const tmux = (...args: string[]) => spawnSync('tmux', args, { encoding: 'utf8' });
const screen = (s: string, opts: { history?: boolean; escapes?: boolean } = {}) =>
  tmux('capture-pane', '-p', '-t', s, ...(opts.history ? ['-S', '-2000'] : []), ...(opts.escapes ? ['-e'] : []))
    .stdout ?? '';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(pred: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (pred()) return true;
    await sleep(25);
  }
  return pred();
}

function start(cmd: string, env = ''): { name: string; codeFile: string } {
  const name = `gd-e2e-${process.pid}-${sessions.length}-${Date.now().toString(36)}`;
  const codeFile = join(tmp, `${name}.code`);
  sessions.push(name);
  // a pane inherits the tmux server's environment (which may carry the test runner's CI, NO_COLOR or FORCE_COLOR):
  // start every program from a clean, terminal-like one so the test sees what a user's terminal would
  const clean = 'env -u NO_COLOR -u FORCE_COLOR -u CI TERM=xterm-256color';
  const r = tmux(
    'new-session',
    '-d',
    '-x',
    '120',
    '-y',
    '40',
    '-s',
    name,
    '-c',
    tmp,
    `${clean} ${env} ${cmd}; echo EXIT=$? > ${codeFile}; sleep 60`,
  );
  if (r.status !== 0) throw new Error(`tmux new-session failed: ${r.stderr}`);
  return { name, codeFile };
}
const exitOf = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8').trim() : '');

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'gd-e2e-'));
});
afterAll(() => {
  for (const s of sessions) tmux('kill-session', '-t', s);
  rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(!hasTmux)('e2e in tmux', () => {
  it('first question within a second; Enter through to a cause page; Quit exits 0', async () => {
    const t0 = Date.now();
    // the full report goes through $PAGER: cat here (less would wait for a key)
    const { name, codeFile } = start(`node ${bin}`, 'PAGER=cat');
    expect(await waitFor(() => screen(name).includes('Where does this Gunicorn run?'), 1000), screen(name)).toBe(true);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(screen(name)).toContain('Why we ask:');
    // a prompt is waiting when the last prompt line is still "? …" (answered ones turn into "✔ …")
    const waiting = () =>
      screen(name)
        .split('\n')
        .filter((l) => /^[?✔] /.test(l))
        .at(-1)
        ?.startsWith('? ') ?? false;
    let guard = 0;
    while (guard++ < 40) {
      expect(await waitFor(waiting, 3000), screen(name)).toBe(true);
      if (/^\? What next\?/m.test(screen(name))) break;
      const before = screen(name);
      tmux('send-keys', '-t', name, 'Enter');
      await waitFor(() => screen(name) !== before, 1500);
    }
    let all = screen(name, { history: true });
    expect(all).toContain('What next?');
    expect(all).toContain('Cause:');
    expect(all).toContain('Confidence');
    // answered questions keep whole words: an answer that does not fit after its question goes on its own line
    expect(all).not.toMatch(/I'm not s\nure|I'm no\nt sure/);
    // the first choice: the full report (through PAGER=cat), then the menu again
    const menu = screen(name);
    tmux('send-keys', '-t', name, 'Enter');
    await waitFor(() => screen(name) !== menu && waiting(), 3000);
    all = screen(name, { history: true });
    expect(all).toContain('Fix');
    expect(all).toContain('gunicorn.conf.py');
    expect(all).toContain('Prevent it');
    for (let i = 0; i < 10 && !/❯ Quit/.test(screen(name)); i++) {
      tmux('send-keys', '-t', name, 'Down');
      await waitFor(() => false, 80);
    }
    expect(await waitFor(() => /❯ Quit/.test(screen(name)), 2000), screen(name).split('\n').slice(-12).join('\n')).toBe(
      true,
    );
    tmux('send-keys', '-t', name, 'Enter');
    expect(await waitFor(() => exitOf(codeFile) !== '', 3000)).toBe(true);
    expect(exitOf(codeFile)).toBe('EXIT=0');
  }, 60_000);

  it('Ctrl-C at a question exits 130 and writes nothing', async () => {
    const { name, codeFile } = start(`node ${bin}`);
    expect(await waitFor(() => screen(name).includes('Where does this Gunicorn run?'), 3000)).toBe(true);
    tmux('send-keys', '-t', name, 'Enter');
    await waitFor(() => screen(name).includes('Which Gunicorn version'), 2000);
    tmux('send-keys', '-t', name, 'C-c');
    expect(await waitFor(() => exitOf(codeFile) !== '', 3000)).toBe(true);
    expect(exitOf(codeFile)).toBe('EXIT=130');
    expect(screen(name)).not.toMatch(/\n\s+at /); // no stack
  }, 30_000);

  it('NO_COLOR paints nothing in a real terminal; colour otherwise', async () => {
    const plain = start(`node ${bin} explain runtime-worker-timeout`, 'NO_COLOR=1');
    const color = start(`node ${bin} explain runtime-worker-timeout`);
    expect(await waitFor(() => exitOf(plain.codeFile) !== '' && exitOf(color.codeFile) !== '', 5000)).toBe(true);
    expect(exitOf(plain.codeFile)).toBe('EXIT=0');
    expect(screen(plain.name, { history: true, escapes: true })).not.toContain('\u001b');
    expect(screen(color.name, { history: true, escapes: true })).toContain('\u001b');
  }, 30_000);
});
