/**
 * Write a file atomically: a temp file next to the target, fsync, then rename. An interrupted run leaves at most
 * a temp file, which `cleanupTempFiles` (called by cli.ts on SIGINT) removes.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const pending = new Set<string>();

export function writeFileAtomic(path: string, data: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  pending.add(tmp);
  try {
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    pending.delete(tmp);
  }
}

/** Remove temp files of writes that have not finished (sync: safe in a signal handler). */
export function cleanupTempFiles(): void {
  for (const tmp of pending) rmSync(tmp, { force: true });
  pending.clear();
}
