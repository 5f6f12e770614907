/** `gunicorn-doctor diagnose [FILE...|-]`: non-interactive; the report on stdout or in --output; exit 0/1/2. */
import type { QuestionId } from '../../flows/questions.js';
import { conclude, exitCodeOf, prepare, type Prepared } from '../engine/diagnose.js';
import type { Answer } from '../engine/types.js';
import { walk, type Answerer, type WalkResult } from '../engine/walk.js';
import { errors } from '../errors.js';
import type { Io } from '../io.js';
import { writeFileAtomic } from '../report/atomic.js';
import { toJson, toMarkdown, toText } from '../report/format.js';
import type { Report } from '../report/types.js';
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
} from '../run.js';

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
      if (!io.stdin || stdinUsed) throw errors.noInput();
      stdinUsed = true;
      out.push({ name: 'stdin', stream: io.stdin });
    } else out.push(...checkLogFiles([f], io.cwd));
  }
  return out;
}

export async function prepareFor(opts: RunOptions, io: Io, logs: ReturnType<typeof logInputs>): Promise<Prepared> {
  return prepare({
    logs,
    config: opts.config,
    discoverCwd: !opts.config,
    cwd: io.cwd,
    env: io.env,
    platform: opts.platform,
    signal: io.signal,
  });
}

/** From a finished walk to the report, its sanitised copy and the exit code. */
export function finish(opts: RunOptions, io: Io, prepared: Prepared, result: WalkResult): Diagnosed {
  const catalog = catalogOf(io);
  const p: Prepared = { ...prepared, context: contextWithAnswers(prepared.context, result.steps) };
  const report = conclude(p, result, { version: versionOf(io), remedy: remedyWith(catalog), titles: titlesWith(catalog) });
  const code = exitCodeOf(report, hasProblemSigns(report, prepared.facts));
  return { report, safe: sanitize(report, opts.redact), code, prepared: p };
}

export function replayAnswerer(replay: Map<QuestionId, Answer> | undefined, fallback: Answerer): Answerer {
  return async (q, auto, history) => replay?.get(q) ?? fallback(q, auto, history);
}

export function formatReport(safe: Report, format: Format, color: boolean): string {
  return format === 'json' ? toJson(safe) : format === 'md' ? toMarkdown(safe) : toText(safe, { color });
}

export async function diagnose(opts: RunOptions, io: Io): Promise<number> {
  const logs = logInputs(opts.positionals, io);
  const replay = opts.answers ? await readAnswers(opts.answers, io.cwd) : undefined;
  const prepared = await prepareFor(opts, io, logs);
  const answerer = replayAnswerer(replay, async (q, auto) => auto ?? { question: q, choice: 'unsure', from: 'default', evidence: [] });
  const result = await walk(answerer, prepared.auto);
  const d = finish(opts, io, prepared, result);
  const format = opts.format ?? 'text';
  if (opts.output) {
    const text = formatReport(d.safe, format, false);
    try {
      writeFileAtomic(opts.output, text);
    } catch (e) {
      throw errors.cannotWrite(opts.output, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
    }
    io.stderr.write(`gunicorn-doctor: wrote ${opts.output} (${d.safe.diagnoses[0]?.cause ?? 'no diagnosis'})\n`);
  } else {
    io.stdout.write(formatReport(d.safe, format, io.color));
  }
  return d.code;
}
