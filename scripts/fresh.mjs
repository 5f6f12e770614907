#!/usr/bin/env node
// `npm start` without a needless rebuild: `node scripts/fresh.mjs` runs `npm run build` only when a build input
// (src, flows, content, the build scripts, package.json, the tsconfigs) is newer than the last successful build;
// `node scripts/fresh.mjs stamp` (the end of `npm run build`) records that build; `--check` only says which
// (exit 0 up to date, 1 stale). FRESH_ROOT points it at another tree (its test).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = process.env.FRESH_ROOT || join(fileURLToPath(import.meta.url), '..', '..');
const STAMP = join(root, 'dist', '.build-stamp');
const INPUTS = [
  'src',
  'flows',
  'content',
  'scripts',
  'package.json',
  'npm-shrinkwrap.json',
  'tsconfig.json',
  'tsconfig.build.json',
];
const OUTPUTS = ['dist/src/cli.js', 'dist/content.json'];

function newest(path) {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs; // a deleted file changes its directory's mtime
  for (const e of readdirSync(path)) m = Math.max(m, newest(join(path, e)));
  return m;
}

export function upToDate() {
  const stamp = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
  if (!stamp || !OUTPUTS.every((o) => existsSync(join(root, o)))) return false;
  return INPUTS.every((i) => newest(join(root, i)) <= stamp);
}

const mode = process.argv[2];
if (mode === 'stamp') {
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
} else if (mode === '--check') {
  const fresh = upToDate();
  process.stdout.write(fresh ? 'up to date\n' : 'stale\n');
  process.exitCode = fresh ? 0 : 1;
} else if (!upToDate()) {
  const r = spawnSync('npm', ['run', 'build', '--silent'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  process.exitCode = r.status ?? 1;
}
