/**
 * The edges the commands see. cli.ts builds the real Io from `process`; tests pass scripted ones.
 * Only light node: modules here, so `--version` and `--help` stay near bare-node startup.
 */
import { closeSync, constants, createReadStream, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Out {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface SelectChoice {
  value: string;
  name: string;
  description?: string;
}

export interface SelectSpec {
  message: string;
  choices: SelectChoice[];
  default?: string;
}

export interface InputSpec {
  message: string;
  default?: string;
  validate?: (value: string) => true | string;
}

/** What the wizard needs from a terminal. The real one (ui/ask.ts) wraps @inquirer/prompts. */
export interface Prompter {
  select(spec: SelectSpec): Promise<string>;
  input(spec: InputSpec): Promise<string>;
}

export interface Io {
  stdout: Out;
  stderr: Out;
  /** stdin as a stream (diagnose reads logs from it) */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
  /** colour on stdout (TTY, no NO_COLOR, no --no-color) */
  color: boolean;
  /** OSC 8 hyperlinks on stdout (colour on, a terminal that shows them) */
  links?: boolean;
  /** the pager command for long output ($PAGER, else `less -R`); only set when stdout is a terminal */
  pager?: string;
  /** both stdin and stdout are terminals: the wizard may ask */
  interactive: boolean;
  /** the prompter; when absent the wizard loads ui/ask.ts */
  prompter?: Prompter;
  signal?: AbortSignal;
  /** where to find content/ (defaults to the package root) */
  root?: string;
}

export { packageRoot } from './catalog/root.js';
import { packageRoot as rootDir } from './catalog/root.js';

export function packageVersion(root = rootDir()): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

// ---- named pipes given where a log is expected ------------------------------------------------------------------

/** How long a named pipe given as a log may wait for a writer before it is an error. */
export const FIFO_WRITER_TIMEOUT_MS = 10_000;

/** Pipes whose open(2) is still waiting for a writer (it blocks a libuv thread, which process.exit would wait for). */
const waiting = new Set<string>();

/** Open the pipe for writing without blocking and close it again: a reader blocked in open(2) on it returns (and
 * then reads end-of-file). Nothing is written. */
function release(path: string): void {
  try {
    closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // no reader any more (ENXIO) or gone: nothing to release
  }
}

/** Unblock every pipe still waiting for a writer: called on SIGINT/SIGTERM so the process can exit at once. */
export function releaseWaitingPipes(): void {
  for (const p of waiting) release(p);
  waiting.clear();
}

/**
 * A named pipe (or `<(…)`, /dev/fd/N) given as a log, as a stream. Its open waits for a writer at most
 * `timeoutMs`: then the stream fails with "no process opened … for writing" instead of waiting forever.
 */
export function pipeStream(path: string, timeoutMs = FIFO_WRITER_TIMEOUT_MS): NodeJS.ReadableStream {
  const stream = createReadStream(path);
  waiting.add(path);
  const timer = setTimeout(() => {
    if (!waiting.delete(path)) return;
    const secs = Math.round(timeoutMs / 1000);
    stream.destroy(
      Object.assign(new Error(`no process opened the named pipe for writing within ${secs} s`), { code: 'ENOWRITER' }),
    );
    release(path);
  }, timeoutMs);
  timer.unref();
  const done = () => {
    waiting.delete(path);
    clearTimeout(timer);
  };
  stream.once('open', done);
  stream.once('close', done);
  return stream;
}
