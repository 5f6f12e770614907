import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The package root (the directory holding package.json), from src/ under vitest or dist/src/ when built. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'content'))) return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('internal: cannot find the gunicorn-doctor package root');
    dir = up;
  }
}
