#!/usr/bin/env node
// `npm start` without a needless rebuild: `node scripts/fresh.mjs` runs `npm run build` only when a build input
// (src, flows, content, the build scripts, package.json, the tsconfigs) is newer than the last successful build;
// `node scripts/fresh.mjs stamp` (the end of `npm run build`) records that build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const STAMP = join(root, 'dist', '.build-stamp');
const INPUTS = ['src', 'flows', 'content', 'scripts', 'package.json', 'npm-shrinkwrap.json', 'tsconfig.json', 'tsconfig.build.json'];
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

if (process.argv[2] === 'stamp') {
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  process.exit(0);
}

const stamp = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
const outputs = OUTPUTS.every((o) => existsSync(join(root, o)));
const changed = INPUTS.map((i) => newest(join(root, i))).reduce((a, b) => Math.max(a, b), 0);
if (outputs && stamp && changed <= stamp) process.exit(0); // up to date
const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(r.status ?? 1);
