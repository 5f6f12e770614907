/**
 * One function per command, and the wiring they share (inputs, catalog, remediation, sanitising, replay).
 * Commands are imported lazily so each pays only for what it uses.
 */
import { closeSync, openSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { questionTable, type QuestionId } from '../flows/questions.js';
import { loadCatalog, type Catalog } from './catalog/causes.js';
import { readBundle } from './catalog/bundle.js';
import type { Answer, Context, Diagnosis } from './engine/types.js';
import type { Prepared } from './engine/diagnose.js';
import { projectEdit, remedyFor } from './engine/remedy.js';
import { DoctorError, errors, fsWhy } from './errors.js';
import { packageRoot, packageVersion, type Io } from './io.js';
import { escapeDeep } from './report/escape.js';
import { DEFAULT_THREADS, MAX_THREADS } from './evidence/threads.js';
import { didYouMean } from './ui/didyoumean.js';
import { compileUserPatterns, redactReport } from './report/redact.js';
import type { Report } from './report/types.js';

export type Command = 'wizard' | 'diagnose' | 'explain' | 'runbook';
export type Format = 'text' | 'md' | 'json';

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
  /** --verbose (diagnose): the full text report after the summary */
  verbose?: boolean;
}

export const COMMANDS: readonly Command[] = ['wizard', 'diagnose', 'explain', 'runbook'];
export const FORMATS: readonly Format[] = ['text', 'md', 'json'];

export async function run(opts: RunOptions, io: Io): Promise<number> {
  validate(opts);
  if (opts.config !== undefined && (opts.command === 'wizard' || opts.command === 'diagnose')) checkConfig(opts.config, io.cwd);
  switch (opts.command) {
    case 'wizard':
      return (await import('./commands/wizard.js')).wizard(opts, io);
    case 'diagnose':
      return (await import('./commands/diagnose.js')).diagnose(opts, io);
    case 'explain':
      return (await import('./commands/explain.js')).explain(opts, io);
    case 'runbook':
      return (await import('./commands/runbook.js')).runbook(opts, io);
  }
}

export const PLATFORMS = Object.keys(questionTable.platform.choices).filter((c) => c !== 'unsure');

function validate(opts: RunOptions): void {
  if (opts.format && !FORMATS.includes(opts.format)) throw errors.badFormat(opts.format, didYouMean(opts.format, FORMATS));
  if (opts.platform !== undefined) {
    const p = opts.platform.toLowerCase();
    const alias: Record<string, string> = { compose: 'docker', 'docker-compose': 'docker', k8s: 'kubernetes', vm: 'systemd', none: 'bare' };
    opts.platform = alias[p] ?? p;
    if (!PLATFORMS.includes(opts.platform)) throw errors.badPlatform(opts.platform, PLATFORMS, didYouMean(opts.platform, PLATFORMS));
  }
  for (const r of opts.redact) {
    try {
      compileUserPatterns([r]);
    } catch (e) {
      throw errors.badRedact(r, (e as Error).message.replace(/^Invalid regular expression: /, ''));
    }
  }
  if (opts.threads !== undefined) {
    const t = opts.threads.trim();
    if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > MAX_THREADS) throw errors.badThreads(opts.threads, MAX_THREADS, DEFAULT_THREADS);
  }
  if (opts.command === 'explain' && opts.positionals.length > 1) throw errors.tooManyArgs('explain');
  if (opts.command === 'runbook' && opts.positionals.length > 0) throw errors.tooManyArgs('runbook');
}

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
    catalogCache = { root, catalog: bundled ? { pages: new Map(bundled.causes.map((c) => [c.id, c])), problems: [] } : loadCatalog(root) };
  }
  return catalogCache.catalog;
}

/** --config must name something readable: a missing or unreadable project path is an error, not a silent "no project". */
export function checkConfig(path: string, cwd: string): void {
  const abs = resolve(cwd, path);
  let st;
  try {
    st = statSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw errors.badConfig(path, code === 'ENOENT' ? 'no such file or directory' : fsWhy(code));
  }
  try {
    if (st.isDirectory()) readdirSync(abs);
    else closeSync(openSync(abs, 'r'));
  } catch (e) {
    throw errors.badConfig(path, fsWhy((e as NodeJS.ErrnoException).code));
  }
}

/** Log files must exist and be readable files: fail early with one line, not a stack from deep in a stream. */
export function checkLogFiles(paths: readonly string[], cwd: string): { name: string; path: string }[] {
  return paths.map((p) => {
    const abs = resolve(cwd, p);
    let st;
    try {
      st = statSync(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw errors.unreadable(p, fsWhy(code));
    }
    if (st.isDirectory()) throw errors.unreadable(p, 'it is a directory (give the log file itself)');
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
  kubernetes: 'kubectl logs deploy/web --since=2h --timestamps > web.log; kubectl describe pod -l app=web > describe.txt; kubectl logs deploy/web --previous > previous.log',
  systemd: 'journalctl -u gunicorn --since "-2h" -o short-iso > web.log',
  bare: "gunicorn's own output with --log-level info (and --access-logfile -), from a start until a few restarts",
};

const KERNEL: Record<string, string> = {
  kubernetes: 'kubectl describe pod <pod>  (Last State: OOMKilled / Reason, Restart Count, Events) and on the node: dmesg -T | grep -iE "killed process|out of memory|segfault"',
  heroku: 'heroku logs -n 1500 | grep -E "R14|R15|Error R"  (Heroku reports memory kills as R14/R15)',
  docker: 'docker inspect --format "{{.State.OOMKilled}} {{.State.ExitCode}}" <container>; on the host: dmesg -T | grep -iE "killed process|out of memory|segfault"',
  systemd: 'journalctl -k --since "-2h" | grep -iE "killed process|out of memory|segfault"; systemctl status <unit>',
  bare: 'dmesg -T | grep -iE "killed process|out of memory|segfault"',
};

/** What to collect next for the questions this log leaves open (a death without a cause, a cut excerpt, a stop). */
export function evidenceToCollect(facts: ReadonlyMap<string, unknown>, platform: string | undefined): string[] {
  const out: string[] = [];
  if (facts.has('silent-worker-death') || facts.has('worker-died-unknown') || facts.has('kill-context-cut')) {
    out.push(`a worker died and this log does not say why; the kernel or platform does: ${KERNEL[platform ?? 'bare'] ?? KERNEL.bare}`);
  }
  if (facts.has('kill-context-cut') || facts.has('timeouts-lockstep')) {
    out.push('the lines before the first kill or timeout (a longer excerpt): a WORKER TIMEOUT just before a SIGKILL makes it a timeout, the time since "Booting worker" tells a slow start-up');
  }
  if (facts.has('stopped-at-end')) out.push('the log after the stop: does a new "Starting gunicorn" follow, or only errors (H10, 502/503)?');
  return out;
}

function collectNext(platform: string | undefined): string[] {
  const cmds = platform && COLLECT[platform] ? [COLLECT[platform]!] : Object.entries(COLLECT).map(([k, v]) => `${k}: ${v}`);
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
const NUMBER_KEYS = ['workers', 'timeout', 'memoryLimitMb', 'maxRequests'] as const;

/** Replayed numbers: only the known keys, only positive finite numbers. */
function replayValues(path: string, v: unknown): Answer['values'] {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw errors.badAnswers(path, 'the values of an answer must be a mapping, e.g. {workers: 4}');
  const out: NonNullable<Answer['values']> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (!(NUMBER_KEYS as readonly string[]).includes(k)) continue;
    if (x === null || x === undefined) continue;
    if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0) throw errors.badAnswers(path, `${k} must be a positive number`);
    out[k as (typeof NUMBER_KEYS)[number]] = x;
  }
  return Object.keys(out).length ? out : undefined;
}

/** --answers FILE: a saved JSON report, a list of {question, choice}, or a mapping question → choice (JSON or YAML). */
export async function readAnswers(path: string, cwd: string): Promise<Map<QuestionId, Answer>> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), 'utf8');
  } catch (e) {
    throw errors.badAnswers(path, fsWhy((e as NodeJS.ErrnoException).code, (e as Error).message));
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    try {
      data = (await import('yaml')).parse(text);
    } catch (e) {
      throw errors.badAnswers(path, `not JSON or YAML (${(e as Error).message.split('\n')[0]})`);
    }
  }
  const list: { question: string; choice: string; values?: Answer['values'] }[] = [];
  const d = data as Record<string, unknown> | unknown[] | null;
  if (d && typeof d === 'object' && !Array.isArray(d) && 'schemaVersion' in d && d.schemaVersion !== REPORT_SCHEMA) {
    throw errors.badAnswers(path, `it is a report of schema version ${JSON.stringify(d.schemaVersion)}; this gunicorn-doctor reads schema ${REPORT_SCHEMA}`);
  }
  if (Array.isArray(d)) list.push(...(d as typeof list));
  else if (d && typeof d === 'object' && Array.isArray((d as { answers?: unknown }).answers)) list.push(...((d as { answers: typeof list }).answers));
  else if (d && typeof d === 'object') {
    for (const [q, c] of Object.entries(d)) list.push({ question: q, choice: String(c) });
  } else throw errors.badAnswers(path, 'expected a mapping question → choice, or a list of answers');
  const out = new Map<QuestionId, Answer>();
  for (const a of list) {
    if (!a || typeof a.question !== 'string' || typeof a.choice !== 'string') throw errors.badAnswers(path, 'every answer needs a question and a choice');
    const def = questionTable[a.question as QuestionId];
    if (!def) throw errors.badAnswers(path, `unknown question "${a.question}"`);
    if (!(a.choice in def.choices)) throw errors.badAnswers(path, `"${a.choice}" is not a choice of ${a.question} (${Object.keys(def.choices).join(', ')})`);
    out.set(a.question as QuestionId, { question: a.question as QuestionId, choice: a.choice, from: 'replay', evidence: [], values: replayValues(path, a.values) });
  }
  return out;
}

export { DoctorError };
