/**
 * `gunicorn-doctor check [--config DIR]`: the project's files read statically (nothing is executed), every rule
 * run, the findings as text / Markdown / JSON / SARIF; exit 0 without error-level findings, 1 with one, 2 when it
 * could not run. `--fix` shows the safe fixes as one diff per file, asks, and writes them with a `.bak` copy.
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { planEdits, runCheck, type CheckRun } from '../check/engine.js';
import {
  checkJson,
  checkMarkdown,
  checkSarif,
  checkText,
  sanitizeCheck,
  summaryLine,
  type CheckFormat,
} from '../check/format.js';
import { RULES } from '../check/rules/index.js';
import type { FixPlan } from '../check/types.js';
import { errors, fsWhy } from '../errors.js';
import type { Io } from '../io.js';
import type { Platform } from '../project/types.js';
import { writeFileAtomic } from '../atomic.js';
import { applyEdit, unifiedDiff } from '../remedy/edit.js';
import { escapeLine, escapeText } from '../report/escape.js';
import { checkConfig, rootOf, versionOf, type RunOptions } from '../common.js';

export function ruleDoc(root: string, id: string): string | undefined {
  try {
    return readFileSync(join(root, 'content', 'rules', `${id}.md`), 'utf8');
  } catch {
    return undefined;
  }
}

export function formatCheck(
  run: CheckRun,
  format: CheckFormat,
  opts: { color: boolean; redact: readonly string[]; root: string },
): string {
  const safe = sanitizeCheck(run.report, opts.redact);
  switch (format) {
    case 'json':
      return checkJson(safe);
    case 'md':
      return checkMarkdown(safe);
    case 'sarif':
      return checkSarif(safe, RULES, (id) => ruleDoc(opts.root, id));
    default:
      return checkText(safe, opts.color);
  }
}

export async function check(opts: RunOptions, io: Io): Promise<number> {
  if (opts.positionals.length) throw errors.tooManyArgs('check (give the project with --config DIR)');
  const target = opts.config ?? '.';
  checkConfig(target, io.cwd);
  const format = (opts.format ?? 'text') as CheckFormat;
  const input = { target, cwd: io.cwd, platform: opts.platform as Platform | undefined, version: versionOf(io) };
  const run = await runCheck(input);
  if (!run.project.files.length && !run.project.unreadable.length) throw errors.noProjectFiles(target);
  const root = rootOf(io);
  // text and Markdown on the terminal list what was not checked themselves; a file or a machine format does not
  if (opts.output || format === 'json' || format === 'sarif')
    for (const w of run.report.warnings) io.stderr.write(`gunicorn-doctor: warning: ${escapeLine(w)}\n`);
  const text = formatCheck(run, format, { color: io.color && !opts.output, redact: opts.redact, root });
  if (opts.output) {
    try {
      writeFileAtomic(resolve(io.cwd, opts.output), text);
    } catch (e) {
      throw errors.cannotWrite(opts.output, fsWhy((e as NodeJS.ErrnoException).code, (e as Error).message));
    }
    io.stderr.write(`gunicorn-doctor: wrote ${escapeLine(opts.output)} (${escapeLine(summaryLine(run.report))})\n`);
  } else {
    io.stdout.write(text);
  }
  if (!opts.fix) return run.report.summary.errors ? 1 : 0;
  const after = await fix(run, opts, io);
  return (after ?? run).report.summary.errors ? 1 : 0;
}

/** Apply the safe fixes: one combined diff per file, a confirmation (or --yes), `.bak` copies. Returns the check
 * of the fixed project when something was written. */
async function fix(run: CheckRun, opts: RunOptions, io: Io): Promise<CheckRun | undefined> {
  const out = io.stderr;
  const safe = run.plans.filter((p): p is FixPlan => !!p?.safe);
  const edits = planEdits(run.project, safe, run.read);
  if (!edits.length) {
    out.write('gunicorn-doctor: --fix: no safe fix to apply\n');
    return undefined;
  }
  const show = (p: string) => relative(io.cwd, p) || p;
  out.write(`\ngunicorn-doctor: --fix would change ${edits.map((e) => show(e.path)).join(', ')}:\n`);
  for (const e of edits) out.write(escapeText(unifiedDiff(show(e.path), e.before, e.after)));
  let yes = opts.yes === true;
  if (!yes) {
    if (!io.interactive && !io.prompter) throw errors.fixNeedsConfirmation();
    const prompter = io.prompter ?? (await import('../ui/ask.js')).createPrompter({ signal: io.signal }, io.color);
    const ok = await prompter.select({
      message: `Write ${edits.length === 1 ? 'this change' : 'these changes'}?`,
      choices: [
        { value: 'no', name: 'No, leave my files alone' },
        { value: 'yes', name: 'Yes, write it (keeps a .bak copy)' },
      ],
      default: 'no',
    });
    yes = ok === 'yes';
  }
  if (!yes) {
    out.write('gunicorn-doctor: nothing was written\n');
    return undefined;
  }
  let wrote = 0;
  for (const e of edits) {
    try {
      const done = await applyEdit(e.path, e);
      wrote++;
      out.write(
        `gunicorn-doctor: changed ${escapeLine(show(done.path))}${done.backup ? ` (backup: ${escapeLine(show(done.backup))})` : ''}\n`,
      );
    } catch (err) {
      out.write(`gunicorn-doctor: did not change ${escapeLine(show(e.path))}: ${escapeLine((err as Error).message)}\n`);
    }
  }
  if (!wrote) return undefined;
  const again = await runCheck({
    target: opts.config ?? '.',
    cwd: io.cwd,
    platform: opts.platform as Platform | undefined,
    version: versionOf(io),
  });
  out.write(`gunicorn-doctor: after --fix: ${escapeLine(summaryLine(again.report))}\n`);
  return again;
}
