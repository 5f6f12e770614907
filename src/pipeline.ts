/**
 * The pipeline every way of diagnosing shares: `diagnoseInputs` goes from the input files (or stdin) and the options
 * to the report, its sanitised copy and the exit code — logs and project read, prepare (timeline + context), walk,
 * conclude with the remediation and the project's own findings, sanitise. `diagnose` and replay (--answers) call it,
 * the test case runner (test/support/run-case.ts) too; the wizard, which reads once and walks again on "Start over",
 * calls its two halves, `readEvidence` and `walkEvidence`. The reading (files, project discovery) is here; the
 * engine (src/engine/diagnose.ts) is handed what was read. Commands import this module; it imports no command.
 */
import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import type { QuestionId } from '../flows/questions.js';
import { conclude, diagnoseAnswer, exitCodeOf, prepare, type Prepared } from './engine/diagnose.js';
import { memoryBasis } from './engine/remedy.js';
import type { Answer } from './engine/types.js';
import { walk, type Answerer, type AutoAnswer, type WalkResult } from './engine/walk.js';
import { errors } from './errors.js';
import { looksBinary } from './evidence/binary.js';
import type { Hit } from './evidence/events.js';
import type { Io } from './io.js';
import type { ProjectInfo } from './project/types.js';
import type { CompiledSignatures } from './catalog/signatures.js';
import { escapeLine } from './report/escape.js';
import { toJson, toMarkdown, toText } from './report/format.js';
import type { Report } from './engine/report.js';
import { num } from './text/words.js';
import {
  catalogOf,
  checkLogFiles,
  contextWithAnswers,
  hasProblemSigns,
  readAnswers,
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

/** The logs to read: what logInputs returns. */
export type LogInputs = ReturnType<typeof logInputs>;

/**
 * The one function from inputs to report. The logs are `opts.positionals` unless the caller checked them already
 * (`diagnose` checks --output between the two, so that a bad log is reported first); the questions the evidence
 * leaves open are answered by the --answers file, else by `answerer` (by default the evidence's answer or "not
 * sure"). Warnings about the input itself (empty, binary) go into the report and, one line each, to stderr.
 */
export async function diagnoseInputs(
  opts: RunOptions,
  io: Io,
  how: { logs?: LogInputs; answerer?: Answerer } = {},
): Promise<Diagnosed> {
  const logs = how.logs ?? logInputs(opts.positionals, io);
  const replay = opts.answers ? await readAnswers(opts.answers, io.cwd) : undefined;
  const { prepared, peeks } = await readEvidence(opts, io, logs);
  // Ctrl-C while the input was read (a pipe released by the signal reads as empty): say nothing more
  if (io.signal?.aborted) throw errors.interrupted();
  const notes = inputWarnings(peeks, prepared, logs.length);
  prepared.warnings.unshift(...notes);
  for (const n of notes) io.stderr.write(`gunicorn-doctor: warning: ${escapeLine(n)}\n`);
  return walkEvidence(opts, io, prepared, replayAnswerer(replay, how.answerer ?? diagnoseAnswer));
}

/**
 * The first half of diagnoseInputs: the logs and the project read into the evidence, with a progress line on a
 * terminal for a big input. The peeks are what the first bytes of each file said (for inputWarnings).
 */
export async function readEvidence(
  opts: RunOptions,
  io: Io,
  logs: LogInputs,
): Promise<{ prepared: Prepared; peeks: Peek[] }> {
  const peeks = peekLogs(logs);
  const progress = progressLine(io, peeks, logs);
  try {
    const project = await projectOf(opts, io);
    const sigs = logs.length ? await signatures() : undefined;
    const read = sigs && scanner(opts, io, logs, sigs, progress?.onProgress);
    const signatureFacts = sigs && signatureFactsOf(sigs);
    const prepared = await prepare({ project, platform: opts.platform, read, signatureFacts });
    // the check rules are loaded only when there is a project to check (they are most of `check`'s code)
    if (prepared.project) projectCheck ??= (await import('./check/relevant.js')).projectCheckFor;
    return { prepared, peeks };
  } finally {
    progress?.clear();
  }
}

/** The second half of diagnoseInputs: the walk with `answerer` over the evidence, and its conclusion. */
export async function walkEvidence(
  opts: RunOptions,
  io: Io,
  prepared: Prepared,
  answerer: Answerer,
  auto: AutoAnswer = prepared.auto,
): Promise<Diagnosed> {
  return finish(opts, io, prepared, await walk(answerer, auto));
}

const PROJECT_FILE =
  /^(Procfile|gunicorn(\.conf|_config)?\.py|Dockerfile.*|(docker-)?compose.*\.ya?ml|.*\.service|requirements.*\.txt|pyproject\.toml|Pipfile|k8s|kubernetes|deploy|manifests)$/;

/** A cheap look before loading the discovery code (and its YAML parser): does cwd hold any project file? */
function looksLikeProject(dir: string): boolean {
  try {
    return readdirSync(dir).some((f) => PROJECT_FILE.test(f));
  } catch {
    return false;
  }
}

/** The project: --config (a file or a directory), else the working directory when it holds a project file. */
async function projectOf(opts: RunOptions, io: Io): Promise<ProjectInfo | undefined> {
  if (!opts.config && !looksLikeProject(io.cwd)) return undefined;
  const { discoverProject } = await import('./project/discover.js');
  return discoverProject(opts.config ?? io.cwd, { env: io.env });
}

/** The signatures of the content bundle (or of its YAML sources), compiled. */
async function signatures(): Promise<CompiledSignatures> {
  const [{ compileSignatures, readSignatureDefs }, { readBundle }, { packageRoot }] = await Promise.all([
    import('./catalog/signatures.js'),
    import('./catalog/bundle.js'),
    import('./catalog/root.js'),
  ]);
  return compileSignatures(readBundle(packageRoot())?.signatures ?? readSignatureDefs());
}

/** signature id → the fact its lines establish, for the signatures that name one (`fact:`) */
function signatureFactsOf(sigs: CompiledSignatures) {
  return new Map(sigs.list.flatMap((s) => (s.def.fact ? [[s.id, { fact: s.def.fact, reason: s.def.summary }]] : [])));
}

/** Reads the logs with the signatures of the content bundle (or its YAML sources), each recognised line to `sink`. */
function scanner(
  opts: RunOptions,
  io: Io,
  logs: LogInputs,
  sigs: CompiledSignatures,
  onProgress: ((bytes: number) => void) | undefined,
) {
  return async (sink: (h: Hit) => void) => {
    const { scan } = await import('./evidence/scan.js');
    return scan(logs, sigs, sink, {
      signal: io.signal,
      onProgress,
      threads: opts.threads !== undefined ? Number(opts.threads) : undefined,
    });
  };
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
function finish(opts: RunOptions, io: Io, prepared: Prepared, result: WalkResult): Diagnosed {
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
