/** `check`'s fixes are diffs `git apply` takes in the project root (issue #12: `a/Procfile`, not the --config path). */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

it('every fix diff names files relative to the project root and applies there with git apply', () => {
  const project = join(root, 'test/check/diagnose/heroku-workers');
  const r = spawnSync(process.execPath, [join(root, 'dist/src/cli.js'), 'check', '--json', '--config', project], {
    cwd: root,
    encoding: 'utf8',
    timeout: 20_000,
  });
  const rep = JSON.parse(r.stdout) as { findings: { fix?: { files: { diff: string }[] } }[] };
  const diffs = rep.findings.flatMap((f) => f.fix?.files.map((x) => x.diff) ?? []);
  expect(diffs.length).toBeGreaterThan(0);
  for (const d of diffs) {
    expect(d.split('\n').slice(0, 2)).toEqual(['--- a/Procfile', '+++ b/Procfile']);
    const dir = mkdtempSync(join(tmpdir(), 'gd-check-'));
    try {
      cpSync(project, dir, { recursive: true });
      writeFileSync(join(dir, 'fix.diff'), d);
      const a = spawnSync('git', ['apply', '--check', 'fix.diff'], { cwd: dir, encoding: 'utf8' });
      expect(a.status, a.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}, 30_000);
