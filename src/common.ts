/**
 * What the commands share (src/commands/*): the run options, inputs, catalog, remediation, sanitising, replay.
 * A leaf for them: it imports no command, so nothing imports a command back (src/run.ts dispatches to them).
 */
import { PLATFORMS } from './project/types.js';
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { questionTable, type QuestionId } from '../flows/questions.js';
import { loadCatalog, type Catalog } from './catalog/causes.js';
import { readBundle } from './catalog/bundle.js';
import type { Answer, Context, Diagnosis } from './engine/types.js';
import type { Prepared } from './engine/diagnose.js';
import { projectEdit, remedyFor } from './engine/remedy.js';
import { DoctorError, errors, fsWhy, useRedactor } from './errors.js';
import { packageRoot, packageVersion, pipeStream, type Io } from './io.js';
import { escapeDeep, escapeText } from './report/escape.js';
import { compileUserPatterns, redact, redactReport } from './report/redact.js';
import type { Report } from './engine/report.js';

// error lines are redacted like every other output (src/errors.ts)
useRedactor((s) => redact(s).text);

export type Command = 'wizard' | 'diagnose' | 'explain' | 'runbook' | 'check';
export type Format = 'text' | 'md' | 'json' | 'sarif';

export interface RunOptions {
  command: Command;
  positionals: string[];
  /** --log FILE (wizard) */
  logs: string[];
  format?: Format;
  output?: string;
  config?: string;
  platform?: string;
  answers?: string;
  redact: string[];
  /** --threads N (diagnose): scanner threads for one big plain file */
  threads?: string;
  /** check: --fix (apply the safe fixes) and --yes (without asking) */
  fix?: boolean;
  yes?: boolean;
  /** --verbose (diagnose): the full text report after the summary */
  verbose?: boolean;
}

export const COMMANDS: readonly Command[] = ['wizard', 'diagnose', 'explain', 'runbook', 'check'];
export const FORMATS: readonly Format[] = ['text', 'md', 'json'];

export { PLATFORMS };

export function rootOf(io: Io): string {
  try {
    return io.root ?? packageRoot();
  } catch {
    throw errors.noPackageRoot();
  }
}

export function versionOf(io: Io): string {
  return packageVersion(rootOf(io));
}

let catalogCache: { root: string; catalog: Catalog } | undefined;
export function catalogOf(io: Io): Catalog {
  const root = rootOf(io);
  if (catalogCache?.root !== root) {
    const bundled = readBundle(root);
    catalogCache = {
      root,
      catalog: bundled ? { pages: new Map(bundled.causes.map((c) => [c.id, c])), problems: [] } : loadCatalog(root),
    };
  }
  return catalogCache.catalog;
}

/** statSync, or the error `fail` makes of its code (one line for the user, never a stack). */
function statOr(abs: string, fail: (code: string | undefined) => Error) {
  try {
    return statSync(abs);
  } catch (e) {
    throw fail((e as NodeJS.ErrnoException).code);
  }
}

/**
 * --config must name something readable: a missing or unreadable project path is an error, not a silent "no project".
 */
export function checkConfig(path: string, cwd: string): void {
  const abs = resolve(cwd, path);
  const st = statOr(abs, (code) =>
    errors.badConfig(path, code === 'ENOENT' ? 'no such file or directory' : fsWhy(code)),
  );
  // a pipe or a device (a link to /dev/zero) would be opened and read without end: only files and directories
  if (!st.isDirectory() && !st.isFile())
    throw errors.badConfig(
      path,
      `it is ${st.isFIFO() ? 'a named pipe' : st.isSocket() ? 'a socket' : 'a device'}, not a project file or directory`,
    );
  try {
    if (st.isDirectory()) readdirSync(abs);
    else closeSync(openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK));
  } catch (e) {
    throw errors.badConfig(path, fsWhy((e as NodeJS.ErrnoException).code));
  }
}

/** Log files must exist and be readable files: fail early with one line, not a stack from deep in a stream. A named
 * pipe (`<(zcat …)` too) becomes a stream whose open waits for a writer only so long (io.ts pipeStream); a device
 * or socket is refused. */
export function checkLogFiles(
  paths: readonly string[],
  cwd: string,
): { name: string; path?: string; stream?: NodeJS.ReadableStream }[] {
  return paths.map((p) => {
    const abs = resolve(cwd, p);
    const st = statOr(abs, (code) => errors.unreadable(p, fsWhy(code)));
    if (st.isDirectory()) throw errors.unreadable(p, 'it is a directory (give the log file itself)');
    if (st.isFIFO()) return { name: p, stream: pipeStream(abs) };
    if (!st.isFile())
      throw errors.unreadable(
        p,
        `it is ${st.isSocket() ? 'a socket' : 'a device'}, not a log file (pipe the output in instead)`,
      );
    return { name: p, path: abs };
  });
}

/** The numbers and context the user gave during the walk override what was detected. */
export function contextWithAnswers(ctx: Context, answers: readonly Answer[]): Context {
  const out: Context = { ...ctx, sources: { ...ctx.sources } };
  for (const a of answers) {
    if (a.from !== 'user' && a.from !== 'replay') continue;
    const src = a.from === 'user' ? 'user' : 'answers file';
    if (a.question === 'platform' && a.choice !== 'unsure') {
      out.platform = a.choice;
      out.sources.platform = src;
    }
    if (a.question === 'worker-class' && a.choice !== 'unsure') {
      out.workerClass = a.choice === 'async' ? 'gevent' : a.choice;
      out.sources.workerClass = src;
    }
    if (a.values) {
      for (const [k, v] of Object.entries(a.values)) {
        if (typeof v === 'number' && Number.isFinite(v)) {
          (out as unknown as Record<string, unknown>)[k] = v;
          out.sources[k] = src;
        }
      }
    }
  }
  return out;
}

/** The remediation of a diagnosis: its page's Fix cut to the platform and filled with the user's numbers and the
 * computed settings, the change to the user's own file, and how to verify (src/engine/remedy.ts). */
export function remedyWith(catalog: Catalog) {
  const remedy = remedyFor(catalog, projectEdit);
  return (d: Diagnosis, p: Prepared): Diagnosis => {
    const out = remedy(d, p);
    if (d.cause === 'undiagnosed' && !out.collectNext) out.collectNext = collectNext(p.context.platform);
    // not sure: the log that would decide it, for what this log leaves open
    if (d.confidence !== 'high') {
      const more = evidenceToCollect(p.facts, p.context.platform);
      if (more.length) out.collectNext = [...more, ...(out.collectNext ?? [])];
    }
    return out;
  };
}

const COLLECT: Record<string, string> = {
  heroku: 'heroku logs -n 1500 --dyno web > web.log   (or --tail while it happens)',
  docker: 'docker compose logs --timestamps --since 2h web > web.log',
  kubernetes:
    'kubectl logs deploy/web --since=2h --timestamps > web.log; kubectl describe pod -l app=web > describe.txt; kubectl logs deploy/web --previous > previous.log',
  systemd: 'journalctl -u gunicorn --since "-2h" -o short-iso > web.log',
  bare: "gunicorn's own output with --log-level info (and --access-logfile -), from a start until a few restarts",
};

const KERNEL: Record<string, string> = {
  kubernetes:
    'kubectl describe pod <pod>  (Last State: OOMKilled / Reason, Restart Count, Events) and on the node: dmesg -T | grep -iE "killed process|out of memory|segfault"',
  heroku: 'heroku logs -n 1500 | grep -E "R14|R15|Error R"  (Heroku reports memory kills as R14/R15)',
  docker:
    'docker inspect --format "{{.State.OOMKilled}} {{.State.ExitCode}}" <container>; on the host: dmesg -T | grep -iE "killed process|out of memory|segfault"',
  systemd: 'journalctl -k --since "-2h" | grep -iE "killed process|out of memory|segfault"; systemctl status <unit>',
  bare: 'dmesg -T | grep -iE "killed process|out of memory|segfault"',
};

/** What to collect next for the questions this log leaves open (a death without a cause, a cut excerpt, a stop). */
export function evidenceToCollect(facts: ReadonlyMap<string, unknown>, platform: string | undefined): string[] {
  const out: string[] = [];
  if (
    facts.has('silent-worker-death') ||
    facts.has('worker-died-unknown') ||
    facts.has('kill-context-cut') ||
    facts.has('log-filtered')
  ) {
    out.push(
      `a worker died and this log does not say why; the kernel or platform does: ${KERNEL[platform ?? 'bare'] ?? KERNEL.bare}`,
    );
  }
  if (facts.has('log-filtered'))
    out.push(
      'the same log without the grep (or grep also for "WORKER TIMEOUT"): a timeout just before a SIGKILL makes it a timeout, not memory',
    );
  if (facts.has('kill-context-cut') || facts.has('timeouts-lockstep')) {
    out.push(
      'the lines before the first kill or timeout (a longer excerpt): a WORKER TIMEOUT just before a SIGKILL makes it a timeout, the time since "Booting worker" tells a slow start-up',
    );
  }
  if (facts.has('stopped-at-end'))
    out.push('the log after the stop: does a new "Starting gunicorn" follow, or only errors (H10, 502/503)?');
  return out;
}

function collectNext(platform: string | undefined): string[] {
  const cmds =
    platform && COLLECT[platform] ? [COLLECT[platform]] : Object.entries(COLLECT).map(([k, v]) => `${k}: ${v}`);
  return [...cmds, 'then: gunicorn-doctor diagnose web.log (add --config . from the project directory)'];
}

export function titlesWith(catalog: Catalog) {
  return (cause: string) => {
    const p = catalog.pages.get(cause);
    return p ? { title: p.title, phase: p.phase, summary: p.summary } : undefined;
  };
}

/** The single exit path for report data: redacted, then escaped, before any output. */
export function sanitize(report: Report, redact: readonly string[]): Report {
  const { report: r } = redactReport(report, compileUserPatterns(redact));
  return escapeDeep(r);
}

/** Problem signs for an `undiagnosed` verdict: errors, kills or timeouts in the evidence. */
export function hasProblemSigns(report: Report, facts: ReadonlyMap<string, unknown>): boolean {
  const t = report.timeline;
  if (facts.has('problem-signs')) return true;
  if (t && (t.kills.length > 0 || t.timeouts > 0 || t.workerDeaths > 0)) return true;
  const v = report.diagnoses[0]?.variant;
  if (v === 'boot' || v === 'stopped') return true;
  return report.answers.some((a) => a.question === 'user-impact' && a.choice === 'yes');
}

const REPORT_SCHEMA = 1;

/** The answers-file schema's limits: its size, the number of answers, and the range of every number. */
export const ANSWERS_LIMITS = {
  bytes: 1024 * 1024,
  answers: 500,
  values: {
    workers: { min: 1, max: 1024, unit: '' },
    timeout: { min: 1, max: 86_400, unit: ' s' },
    memoryLimitMb: { min: 16, max: 4 * 1024 * 1024, unit: ' MB' },
    maxRequests: { min: 1, max: 1_000_000_000, unit: '' },
    workerRssMb: { min: 1, max: 65_536, unit: ' MB' },
  },
} as const;
type NumberKey = keyof typeof ANSWERS_LIMITS.values;

/** A value from the answers file as it may be quoted in a message: redacted, escaped, one line, short. */
function quoted(v: unknown): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  const r = escapeText(redact(s).text).replace(/\s+/g, ' ');
  return `"${(r.length > 60 ? `${r.slice(0, 57)}…` : r).replace(/"/g, '\\"')}"`;
}

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Replayed numbers: only the known keys, each a finite number in its range. */
function replayValues(path: string, v: unknown): Answer['values'] {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v))
    throw errors.badAnswers(path, 'the values of an answer must be a mapping, e.g. {workers: 4}');
  const out: NonNullable<Answer['values']> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (!own(ANSWERS_LIMITS.values, k))
      throw errors.badAnswers(
        path,
        `unknown value ${quoted(k)} (known: ${Object.keys(ANSWERS_LIMITS.values).join(', ')})`,
      );
    if (x === null || x === undefined) continue;
    const lim = ANSWERS_LIMITS.values[k as NumberKey];
    if (typeof x !== 'number' || !Number.isFinite(x) || x < lim.min || x > lim.max) {
      throw errors.badAnswers(
        path,
        `${k} must be a number from ${lim.min} to ${lim.max}${lim.unit} (found ${quoted(x)})`,
      );
    }
    out[k as NumberKey] = x;
  }
  return Object.keys(out).length ? out : undefined;
}

/** The text of the answers file: a regular file (a pipe or device is not waited on), at most ANSWERS_LIMITS.bytes. */
function answersText(path: string, cwd: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(resolve(cwd, path), constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (st.isDirectory()) throw errors.badAnswers(path, 'it is a directory');
    if (!st.isFile())
      throw errors.badAnswers(path, 'it is not a regular file (a pipe or a device); save the answers to a file');
    const max = ANSWERS_LIMITS.bytes;
    if (st.size > max) throw errors.badAnswers(path, `it is larger than ${max / 1024 / 1024} MB`);
    const buf = Buffer.alloc(st.size + 1);
    let n = 0;
    for (let r; n < buf.length && (r = readSync(fd, buf, n, buf.length - n, n)) > 0;) n += r;
    if (n > max) throw errors.badAnswers(path, `it is larger than ${max / 1024 / 1024} MB`);
    return buf.toString('utf8', 0, n);
  } catch (e) {
    if (e instanceof DoctorError) throw e;
    throw errors.badAnswers(path, fsWhy((e as NodeJS.ErrnoException).code, (e as Error).message));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * --answers FILE: a saved JSON report, a list of {question, choice[, values]}, or a mapping question → choice (JSON
 * or YAML), validated against that schema: known questions and choices only (own keys: `__proto__`, `constructor`
 * and the like are unknown questions), numbers in range, at most ANSWERS_LIMITS.answers answers; one line says what
 * is wrong, quoting the file's values redacted.
 */
export async function readAnswers(path: string, cwd: string): Promise<Map<QuestionId, Answer>> {
  const text = answersText(path, cwd);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    try {
      data = (await import('yaml')).parse(text, { maxAliasCount: 100, uniqueKeys: true });
    } catch (e) {
      throw errors.badAnswers(path, `not JSON or YAML (${escapeText((e as Error).message.split('\n')[0] ?? '')})`);
    }
  }
  const list: unknown[] = [];
  const d = data as Record<string, unknown> | unknown[] | null;
  if (d && typeof d === 'object' && !Array.isArray(d) && own(d, 'schemaVersion') && d.schemaVersion !== REPORT_SCHEMA) {
    throw errors.badAnswers(
      path,
      `it is a report of schema version ${typeof d.schemaVersion === 'number' ? d.schemaVersion : quoted(d.schemaVersion)}; this gunicorn-doctor reads schema ${REPORT_SCHEMA}`,
    );
  }
  if (Array.isArray(d)) list.push(...d);
  else if (d && typeof d === 'object' && own(d, 'answers') && Array.isArray((d as { answers?: unknown }).answers))
    list.push(...(d as { answers: unknown[] }).answers);
  else if (d && typeof d === 'object') {
    for (const [q, c] of Object.entries(d)) {
      if (c !== null && typeof c === 'object')
        throw errors.badAnswers(
          path,
          `the answer to ${quoted(q)} must be a choice, not a ${Array.isArray(c) ? 'list' : 'mapping'}`,
        );
      list.push({ question: q, choice: String(c) });
    }
  } else throw errors.badAnswers(path, 'expected a mapping question → choice, or a list of answers');
  if (list.length > ANSWERS_LIMITS.answers)
    throw errors.badAnswers(path, `${list.length} answers; at most ${ANSWERS_LIMITS.answers} are read`);
  const out = new Map<QuestionId, Answer>();
  for (const item of list) {
    const a = item as { question?: unknown; choice?: unknown; values?: unknown } | null;
    if (!a || typeof a !== 'object' || typeof a.question !== 'string' || typeof a.choice !== 'string')
      throw errors.badAnswers(path, 'every answer needs a question and a choice (strings)');
    if (!own(questionTable, a.question)) throw errors.badAnswers(path, `unknown question ${quoted(a.question)}`);
    const def = questionTable[a.question as QuestionId];
    if (!own(def.choices, a.choice))
      throw errors.badAnswers(
        path,
        `${quoted(a.choice)} is not a choice of ${a.question} (${Object.keys(def.choices).join(', ')})`,
      );
    out.set(a.question as QuestionId, {
      question: a.question as QuestionId,
      choice: a.choice,
      from: 'replay',
      evidence: [],
      values: replayValues(path, a.values),
    });
  }
  return out;
}

export { DoctorError };
