/**
 * The pipeline every way of diagnosing shares — `diagnose`, the wizard, replay: logs from files or stdin, prepare
 * (scan + project + context), walk, conclude with the remediation and the project's own findings, sanitise, format.
 * Commands import it; it imports no command.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { QuestionId } from '../flows/questions.js';
import { conclude, exitCodeOf, prepare, type Prepared } from './engine/diagnose.js';
import { memoryBasis } from './engine/remedy.js';
import type { Answer } from './engine/types.js';
import type { Answerer, WalkResult } from './engine/walk.js';
import { errors } from './errors.js';
import { looksBinary } from './evidence/binary.js';
import type { Io } from './io.js';
import { toJson, toMarkdown, toText } from './report/format.js';
import type { Report } from './engine/report.js';
import { num } from './text/words.js';
import {
  catalogOf,
  checkLogFiles,
  contextWithAnswers,
  hasProblemSigns,
  remedyWith,
  sanitize,
  titlesWith,
  versionOf,
  type Format,
  type RunOptions,
} from './common.js';

export interface Diagnosed {
  report: Report;
  /** redacted + escaped: the only form that is ever output */
  safe: Report;
  code: 0 | 1;
  prepared: Prepared;
}

/** Logs from files, '-' for stdin, or stdin itself when no file is given and stdin is not a terminal. */
export function logInputs(files: readonly string[], io: Io) {
  if (files.length === 0) {
    if (io.stdin && !io.stdin.isTTY) return [{ name: 'stdin', stream: io.stdin }];
    throw errors.noInput();
  }
  const out: { name: string; path?: string; stream?: NodeJS.ReadableStream }[] = [];
  let stdinUsed = false;
  for (const f of files) {
    if (f === '-') {
      if (stdinUsed) throw errors.stdinTwice();
      if (!io.stdin) throw errors.noInput();
      stdinUsed = true;
      out.push({ name: 'stdin', stream: io.stdin });
    } else out.push(...checkLogFiles([f], io.cwd));
  }
  return out;
}

export async function prepareFor(
  opts: RunOptions,
  io: Io,
  logs: ReturnType<typeof logInputs>,
  extra: { onProgress?: (bytes: number) => void } = {},
): Promise<Prepared> {
  const inputs: Parameters<typeof prepare>[0] = {
    logs,
    config: opts.config,
    discoverCwd: !opts.config,
    cwd: io.cwd,
    env: io.env,
    platform: opts.platform,
    signal: io.signal,
    onProgress: extra.onProgress,
    threads: opts.threads !== undefined ? Number(opts.threads) : undefined,
  };
  const prepared = await prepare(inputs);
  // the check rules are loaded only when there is a project to check (they are most of `check`'s code)
  if (prepared.project) projectCheck ??= (await import('./check/relevant.js')).projectCheckFor;
  return prepared;
}

/** `projectCheckFor` from src/check/relevant.ts once a project was read (see prepareFor). */
let projectCheck: typeof import('./check/relevant.js').projectCheckFor | undefined;

/** What the first bytes of the log files say before the scan: empty, binary (NUL bytes, mostly control bytes), gzip. */
export interface Peek {
  name: string;
  size?: number;
  gzip: boolean;
  binary: boolean;
}

const PEEK_BYTES = 4096;

export function peekLogs(logs: ReturnType<typeof logInputs>): Peek[] {
  const out: Peek[] = [];
  for (const l of logs) {
    if (l.path === undefined) continue;
    let fd: number | undefined;
    try {
      // only a regular file is opened: opening a pipe (`diagnose <(zcat …)`, a FIFO) here and closing it again
      // would cost the scan its data, and opening it again would wait for a writer that is gone
      if (!statSync(l.path).isFile()) continue;
      fd = openSync(l.path, 'r');
      const st = fstatSync(fd);
      const buf = Buffer.alloc(PEEK_BYTES);
      const n = st.isFile() ? readSync(fd, buf, 0, PEEK_BYTES, 0) : 0;
      const head = buf.subarray(0, n);
      const gzip = n >= 2 && head[0] === 0x1f && head[1] === 0x8b;
      out.push({ name: l.name, size: st.isFile() ? st.size : undefined, gzip, binary: !gzip && looksBinary(head) });
    } catch {
      // unreadable: the scan reports it with its own message
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
  return out;
}

export { looksBinary } from './evidence/binary.js';

/** Warnings about the input itself (empty, binary): in the report, and one line each on stderr. */
export function inputWarnings(peeks: readonly Peek[], prepared: Prepared, logCount: number): string[] {
  const out: string[] = [];
  for (const p of peeks) {
    if (p.size === 0 && logCount > 1) out.push(`${p.name} is empty`);
    if (p.binary)
      out.push(
        `${p.name} looks like a binary file, not a text log (it was scanned anyway; convert UTF-16 logs to UTF-8 first)`,
      );
  }
  if (prepared.stats.bytes === 0) out.push('the input is empty: there is nothing to diagnose');
  return out;
}

const MIB = 1024 * 1024;
/** inputs smaller than this finish before a progress line would help */
export const PROGRESS_MIN_BYTES = 16 * MIB;

/**
 * A progress line on stderr, only when stderr is a terminal and the input is big: percent of bytes for regular
 * files, MB read for streams and .gz (whose inflated size is unknown). Plain text and `\r`: no escape sequence.
 */
export function progressLine(
  io: Io,
  peeks: readonly Peek[],
  logs: ReturnType<typeof logInputs>,
  now: () => number = Date.now,
) {
  const err = io.stderr;
  if (!err.isTTY) return undefined;
  const sized =
    logs.every((l) => l.path !== undefined) &&
    peeks.length === logs.length &&
    peeks.every((p) => p.size !== undefined && !p.gzip);
  const total = sized ? peeks.reduce((a, p) => a + (p.size ?? 0), 0) : undefined;
  if (total !== undefined && total < PROGRESS_MIN_BYTES) return undefined;
  let last = 0;
  let shown = 0;
  const start = now();
  const width = () => Math.max(20, Math.min(80, (err.columns || 80) - 1));
  const put = (text: string) => {
    const w = width();
    const t = text.length > w ? text.slice(0, w) : text;
    err.write(`\r${t.padEnd(Math.max(shown, t.length))}`);
    shown = t.length;
  };
  return {
    onProgress(bytes: number) {
      if (total === undefined && bytes < PROGRESS_MIN_BYTES) return;
      const t = now();
      if (t - last < 100) return;
      last = t;
      const mb = num(Math.round(bytes / MIB));
      const secs = (t - start) / 1000;
      const rate = secs > 0.2 ? ` at ${num(Math.round(bytes / MIB / secs))} MB/s` : '';
      put(
        total !== undefined
          ? `gunicorn-doctor: reading the log… ${Math.min(100, Math.floor((bytes / total) * 100))}% (${mb} of ${num(Math.round(total / MIB))} MB)${rate}`
          : `gunicorn-doctor: reading the log… ${mb} MB${rate}`,
      );
    },
    /** wipe the line (the report or an error follows) */
    clear() {
      if (shown) err.write(`\r${' '.repeat(shown)}\r`);
      shown = 0;
    },
  };
}

/** From a finished walk to the report, its sanitised copy and the exit code. */
export function finish(opts: RunOptions, io: Io, prepared: Prepared, result: WalkResult): Diagnosed {
  const catalog = catalogOf(io);
  const p: Prepared = { ...prepared, context: contextWithAnswers(prepared.context, result.steps) };
  const report = conclude(p, result, {
    version: versionOf(io),
    remedy: remedyWith(catalog),
    titles: titlesWith(catalog),
  });
  const code = exitCodeOf(report, hasProblemSigns(report, prepared.facts));
  if (p.project && projectCheck) {
    const basis = memoryBasis(p);
    const measured =
      basis.workerRssMb !== undefined && basis.from.length
        ? { workerRssMb: basis.workerRssMb, masterRssMb: basis.masterRssMb, workers: p.context.workers }
        : undefined;
    const pc = projectCheck(p.project, report, io.cwd, p.timeline.stopRequested, measured);
    if (pc.length) report.projectCheck = pc;
  }
  return { report, safe: sanitize(report, opts.redact), code, prepared: p };
}

export function replayAnswerer(replay: Map<QuestionId, Answer> | undefined, fallback: Answerer): Answerer {
  return async (q, auto, history) => replay?.get(q) ?? fallback(q, auto, history);
}

/**
 * The report in its format. Text on a terminal is the one-screen summary unless `verbose` (or a file, which always
 * gets everything); the summary's last line says where the rest is.
 */
export function formatReport(
  safe: Report,
  format: Format,
  color: boolean,
  opts: { verbose?: boolean; width?: number; more?: string } = {},
): string {
  if (format === 'json') return toJson(safe);
  if (format === 'md') return toMarkdown(safe);
  return toText(safe, { color, width: opts.width, detail: opts.verbose ? 'full' : 'summary', more: opts.more });
}

/** Where the rest of a summary is: the same command again with --verbose. */
export const MORE_DIAGNOSE =
  'More: add --verbose for the evidence, ruled-out causes, questions and answers, timeline and stats (or --format md / --json for a file).';
