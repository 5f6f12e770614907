/**
 * THE atomic writer: every file gunicorn-doctor writes (--output, the wizard's saved reports, an applied edit and its
 * `.bak`) goes through `writeFileAtomic`. A temp file is created next to the target (O_CREAT|O_EXCL: never through a
 * link), filled completely (writeSync's byte count is looped on), given the target's mode, fsynced, then renamed over
 * the target. rename(2) replaces a symlink planted at the target instead of following it, and the target is refused
 * when it is a symlink, a directory, a device, a pipe or a socket. On any error the temp file is removed; an
 * interrupted run leaves at most a temp file, which `cleanupTempFiles` (called by cli.ts on SIGINT/SIGTERM) removes.
 */
import {
  closeSync,
  fchmodSync,
  fchownSync,
  fsyncSync,
  lstatSync,
  openSync,
  readlinkSync,
  renameSync,
  rmSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

const pending = new Set<string>();

/**
 * Who this run is, told once by cli.ts (the only module that reads `process`, see eslint.layers.js): the pid keeps
 * temp names of concurrent runs apart, and only as root is the owner of a replaced file kept. Until told (a test
 * calling the writer directly), pid 0 and not root.
 */
const self = { pid: 0, root: false };

export function atomicWriterRunsAs(pid: number, root: boolean): void {
  self.pid = pid;
  self.root = root;
}

/** A file that cannot be written, with the reason in plain words. `code` is a Node errno code or ENOTREG. */
export class WriteError extends Error {
  override readonly name = 'WriteError';
  constructor(
    readonly path: string,
    readonly code: string,
    readonly why: string,
  ) {
    super(`cannot write ${path}: ${why}`);
  }
}

const WRITE_WHY: Record<string, string> = {
  ENOENT: 'no such directory',
  ENOTDIR: 'a parent is not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'the file is too large for the file system',
  EIO: 'input/output error',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
};

/** Plain words for a write error code. */
export function writeWhy(code: string | undefined, fallback = 'unknown error'): string {
  return (code && WRITE_WHY[code]) ?? code ?? fallback;
}

function kindOf(st: Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * What is at `path` now (lstat: links are not followed). Throws a WriteError when it is anything but a regular file
 * or nothing; a symlink is refused unless `replaceLink` (the `.bak` of an edit: a link there is replaced, never
 * followed).
 */
export function checkWritable(path: string, opts: { replaceLink?: boolean } = {}): Stats | undefined {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new WriteError(path, code ?? 'EIO', writeWhy(code, (e as Error).message));
  }
  if (st.isSymbolicLink()) {
    if (opts.replaceLink) return undefined;
    let to = '';
    try {
      to = ` to ${readlinkSync(path)}`;
    } catch {
      // unreadable link: name it without its target
    }
    throw new WriteError(path, 'ENOTREG', `it is a symbolic link${to}; name the file itself`);
  }
  const kind = kindOf(st);
  if (kind) throw new WriteError(path, 'ENOTREG', `it is ${kind}, not a regular file; nothing was written`);
  return st;
}

/**
 * Write `data` to `path` atomically. Keeps the mode (and, as root, the owner) of the file it replaces; a new file
 * gets 0666 minus the umask (`mode` overrides). Throws WriteError with a one-line reason; no temp file is left.
 */
let tmpSeq = 0;

export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  opts: { mode?: number; replaceLink?: boolean } = {},
): void {
  const before = checkWritable(path, opts);
  // unique enough, and opened with O_EXCL ('wx'): a name that exists is an error, never a file overwritten
  // (no node:crypto here: it costs `--version` several ms of start-up)
  const tmp = join(
    dirname(path),
    `.${basename(path)}.${self.pid}.${(++tmpSeq).toString(36)}${Math.random().toString(36).slice(2, 10)}.tmp`,
  );
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  pending.add(tmp);
  try {
    let fd: number;
    try {
      fd = openSync(tmp, 'wx', opts.mode ?? 0o666);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new WriteError(path, code ?? 'EIO', writeWhy(code, (e as Error).message));
    }
    try {
      let off = 0;
      while (off < buf.length) {
        const n = writeSync(fd, buf, off, buf.length - off);
        if (n <= 0) throw Object.assign(new Error('short write'), { code: 'EIO' });
        off += n;
      }
      const mode = opts.mode ?? (before ? before.mode & 0o7777 : undefined);
      if (mode !== undefined) fchmodSync(fd, mode);
      if (before && self.root) {
        try {
          fchownSync(fd, before.uid, before.gid);
        } catch {
          // the owner could not be kept (e.g. on a file system without owners): the content still is
        }
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // the target may have been replaced while we wrote: check again right before the rename
    checkWritable(path, opts);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    if (err instanceof WriteError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new WriteError(path, code ?? 'EIO', writeWhy(code, (err as Error).message));
  } finally {
    pending.delete(tmp);
  }
}

/** Remove temp files of writes that have not finished (sync: safe in a signal handler). */
export function cleanupTempFiles(): void {
  for (const tmp of pending) rmSync(tmp, { force: true });
  pending.clear();
}
