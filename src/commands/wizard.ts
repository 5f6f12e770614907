/**
 * The guided wizard: one question at a time with its "why", "I'm not sure", "← Back", and what the logs say
 * pre-selected; then the cause page filled for the user's platform and numbers, and a menu (save, path, restart).
 */
import { statSync } from 'node:fs';
import { wrapAnsi } from 'fast-wrap-ansi';
import { join, relative, resolve } from 'node:path';
import { questionTable, type NumberField, type QuestionId } from '../../flows/questions.js';
import { filledPage, pageMarkdown } from '../catalog/causes.js';
import type { Answer, Numbers } from '../engine/types.js';
import type { Answerer, AutoAnswer, WalkStep } from '../engine/walk.js';
import { errors } from '../errors.js';
import type { Io, Prompter, SelectChoice } from '../io.js';
import { writeFileAtomic, type WriteError } from '../atomic.js';
import { applyEdit, type FileEdit } from '../remedy/edit.js';
import { fileEdits, plannedChanges } from '../engine/remedy.js';
import { escapeLine, escapeText } from '../report/escape.js';
import { valuesFromContext } from '../catalog/fill.js';
import {
  choiceLabel,
  cite,
  detailsMarkdown,
  fromLabel,
  mdCode,
  summaryLines,
  toJson,
  toMarkdown,
  valuesText,
} from '../report/format.js';
import { count, num } from '../text/words.js';
import { dockerMemoryMb } from '../project/units.js';
import { makeRedactor, compileUserPatterns } from '../report/redact.js';
import type { Report } from '../engine/report.js';
import { style } from '../text/style.js';
import { catalogOf, readAnswers, type RunOptions } from '../common.js';
import { logInputs, readEvidence, replayAnswerer, walkEvidence, type LogInputs } from '../pipeline.js';

export const BACK = '__back';

/** Log text shown in a prompt: redacted, escaped, one line, bounded. */
function shown(text: string, redactPatterns: readonly string[]): string {
  const r = makeRedactor(compileUserPatterns(redactPatterns))(text).text;
  const l = escapeLine(r);
  return l.length > 160 ? `${l.slice(0, 157)}…` : l;
}

/**
 * A name from the file system, a project file or an answers file as shown in a message: redacted, escaped, one line.
 */
function shownName(name: string, redactPatterns: readonly string[]): string {
  return escapeLine(makeRedactor(compileUserPatterns(redactPatterns))(name).text);
}

/** The select prompt for one question: message, why, the cited line, choices (+ Back), default. */
export function questionPrompt(
  q: QuestionId,
  auto: Answer | undefined,
  canGoBack: boolean,
  opts: { color: boolean; redact: readonly string[] },
) {
  const def = questionTable[q];
  const st = style(opts.color);
  let message = `${def.message}\n  ${st.dim(`Why we ask: ${def.why}`)}`;
  const ev = auto?.evidence[0];
  if (auto && auto.from !== 'default') {
    const what = ev
      ? `${fromLabel(auto)}: ${cite(ev)}  ${shown(ev.text, opts.redact)}`
      : `${fromLabel(auto)}${auto.reason ? ` (${shown(auto.reason, opts.redact)})` : ''}`;
    message += `\n  ${st.cyan(what)}`;
  }
  const choices: SelectChoice[] = Object.entries(def.choices).map(([value, name]) => ({
    value,
    name: auto?.choice === value ? `${name}  ${st.cyan(`← ${fromLabel(auto)}`)}` : name,
  }));
  if (canGoBack) choices.push({ value: BACK, name: '← Back' });
  // with nothing from the logs or the project, every question defaults to "I'm not sure": a reflexive Enter must not
  // invent an answer (test/enter-through.test.ts: Enter through the wizard gives what diagnose gives)
  return { message, choices, default: auto?.choice ?? 'unsure' };
}

const FIELD_CONTEXT: Record<NumberField['key'], keyof Numbers> = {
  workers: 'workers',
  timeout: 'timeout',
  memoryLimitMb: 'memoryLimitMb',
  workerRssMb: 'workerRssMb',
  maxRequests: 'maxRequests',
};

/**
 * A count or a number of seconds: a positive whole number (Gunicorn's --workers, --timeout and --max-requests are
 * ints).
 */
export function validNumber(v: string): true | string {
  const t = v.trim().replace(/,/g, '');
  if (t === '') return true;
  if (/^\d+\.\d*$/.test(t) || /^\d*\.\d+$/.test(t)) return 'Enter a whole number (no fractions), or leave it blank';
  return /^\d+$/.test(t) && Number(t) > 0 ? true : 'Enter a positive whole number, or leave it blank';
}

/**
 * A memory size: a number of MB, or with a unit — 512M, 512MB, 512Mi, 1g, 1.5GB, 1Gi (binary units, as the platforms
 * mean them).
 */
export function parseMemoryMb(v: string): number | undefined {
  const t = v.trim().replace(/,/g, '');
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) > 0 ? Number(t) : undefined;
  if (!/^\d+(\.\d+)?\s*[kmgt]i?b?$/i.test(t)) return undefined;
  const mb = dockerMemoryMb(t);
  return mb !== undefined && mb > 0 ? mb : undefined;
}

export function validMemory(v: string): true | string {
  if (v.trim() === '') return true;
  return parseMemoryMb(v) !== undefined
    ? true
    : 'Enter a size such as 512 (MB), 512M, 512Mi, 1g or 1.5GB, or leave it blank';
}

const FIELD_INPUT: Record<
  NumberField['key'],
  { validate: (v: string) => true | string; parse: (v: string) => number }
> = {
  workers: { validate: validNumber, parse: (v) => Number(v.trim().replace(/,/g, '')) },
  timeout: { validate: validNumber, parse: (v) => Number(v.trim().replace(/,/g, '')) },
  maxRequests: { validate: validNumber, parse: (v) => Number(v.trim().replace(/,/g, '')) },
  memoryLimitMb: { validate: validMemory, parse: (v) => parseMemoryMb(v) ?? NaN }, // validated first
  workerRssMb: { validate: validMemory, parse: (v) => parseMemoryMb(v) ?? NaN },
};

/** The `numbers` question: confirm or type each value (blank = unknown). */
async function askNumbers(
  q: QuestionId,
  auto: Answer | undefined,
  known: Numbers,
  canGoBack: boolean,
  prompter: Prompter,
  color: boolean,
): Promise<Answer | 'back'> {
  const def = questionTable[q];
  const st = style(color);
  const fields = def.fields ?? [];
  const current: Numbers = { ...known, ...(auto?.values ?? {}) };
  const have = valuesText(Object.fromEntries(fields.map((f) => [f.key, current[FIELD_CONTEXT[f.key]]])));
  const choices: SelectChoice[] = [
    { value: 'known', name: have ? `Confirm or change them (${have})` : 'Enter them (any may be left blank)' },
    { value: 'unsure', name: def.choices.unsure ?? "I don't know them" },
  ];
  if (canGoBack) choices.push({ value: BACK, name: '← Back' });
  const pick = await prompter.select({
    message: `${def.message}\n  ${st.dim(`Why we ask: ${def.why}`)}`,
    choices,
    default: 'known',
  });
  if (pick === BACK) return 'back';
  if (pick === 'unsure') return { question: q, choice: 'unsure', from: 'user', evidence: [] };
  const values: Numbers = {};
  for (const f of fields) {
    const k = FIELD_CONTEXT[f.key];
    const io = FIELD_INPUT[f.key];
    const v = await prompter.input({
      message: f.message,
      default: current[k] !== undefined ? String(current[k]) : undefined,
      validate: io.validate,
    });
    if (v.trim() !== '') values[k] = io.parse(v);
  }
  const any = Object.keys(values).length > 0;
  return { question: q, choice: any ? 'known' : 'unsure', from: 'user', evidence: [], values };
}

/**
 * After more evidence arrives: drops the kept answers the evidence now settles — an "I'm not sure" the logs can
 * answer, and any answer a decisive line contradicts. Returns one note per replaced answer.
 */
export function reweigh(kept: Map<QuestionId, Answer>, auto: AutoAnswer): string[] {
  const notes: string[] = [];
  for (const [q, a] of [...kept]) {
    const now = auto(q, []);
    if (!now || now.choice === a.choice) continue;
    if (a.choice === 'unsure') {
      kept.delete(q);
      continue;
    }
    if (now.strength !== 'decisive') continue;
    kept.delete(q);
    const def = questionTable[q];
    const label = (c: string) => (def.choices as Record<string, string>)[c] ?? c;
    const ev = now.evidence[0];
    notes.push(
      `"${def.message}": the new evidence says "${label(now.choice)}"${ev ? ` (${ev.source}:${ev.line})` : ''}, which replaces your answer "${label(a.choice)}".`,
    );
  }
  return notes;
}

/** Platform-only questions answer themselves once the user has told us the platform. */
export function withHistoryPlatform(auto: AutoAnswer): AutoAnswer {
  return (q, history) => {
    const a = auto(q, history);
    if (a) return a;
    const def = questionTable[q];
    const plat = history.find((s) => s.question === 'platform')?.choice;
    if (def.platforms && def.otherwise && plat && plat !== 'unsure' && !def.platforms.includes(plat)) {
      return {
        question: q,
        choice: def.otherwise,
        from: 'platform',
        evidence: [],
        reason: `only applies to ${def.platforms.join(', ')}`,
      };
    }
    return undefined;
  };
}

/** The answer an earlier answer of the user's already gives (`settledBy` in flows/questions.ts), if any. */
export function settledAnswer(q: QuestionId, history: readonly WalkStep[]): Answer | undefined {
  const rule = questionTable[q].settledBy as
    { question: QuestionId; choices: Readonly<Record<string, string>> } | undefined;
  if (!rule) return undefined;
  const earlier = history.find((s) => s.question === rule.question);
  if (!earlier || (earlier.from !== 'user' && earlier.from !== 'replay')) return undefined;
  const choice = rule.choices[earlier.choice];
  if (choice === undefined) return undefined;
  const said = choiceLabel(rule.question, earlier.choice);
  return { question: q, choice, from: earlier.from, evidence: [], reason: `you answered "${said}"` };
}

/** The interactive answerer. Auto-answers are defaults the user confirms or overrides. */
export function wizardAnswerer(
  prompter: Prompter,
  opts: { color: boolean; redact: readonly string[]; known: Numbers },
): Answerer {
  // Back from a question goes to the previous question the user saw: answers given without asking (platform-only
  // questions, questions an earlier answer settled) are passed through on the way back
  let goingBack = false;
  return async (q, auto, history: readonly WalkStep[]) => {
    const def = questionTable[q];
    const canGoBack = history.length > 0;
    const given = auto?.from === 'platform' ? auto : settledAnswer(q, history);
    if (given) {
      if (goingBack && history.length) return 'back';
      return given;
    }
    goingBack = false;
    if (def.kind === 'numbers') {
      const a = await askNumbers(q, auto, opts.known, canGoBack, prompter, opts.color);
      goingBack = a === 'back';
      return a;
    }
    const p = questionPrompt(q, auto, canGoBack, opts);
    const choice = await prompter.select(p);
    if (choice === BACK) {
      goingBack = true;
      return 'back';
    }
    if (auto && choice === auto.choice) return auto;
    return { question: q, choice, from: 'user', evidence: [] };
  };
}

/** The final page as Markdown: title, confidence, evidence, then the filled cause page. */
export function finalPageMarkdown(safe: Report, io: Io): string {
  const d = safe.diagnoses[0];
  const page = catalogOf(io).pages.get(d.cause);
  const head = [
    `# ${d.title}`,
    '',
    `**Cause:** \`${d.cause}${d.variant ? `.${d.variant}` : ''}\` · **Confidence:** ${d.confidence}${safe.context.platform ? ` · **Platform:** ${safe.context.platform}` : ''}`,
    '',
  ];
  if (d.evidence.length) {
    head.push('**Evidence:**', '');
    for (const e of d.evidence) head.push(`- ${mdCode(cite(e))} ${mdCode(e.text)}`);
    head.push('');
  }
  if (safe.projectCheck?.length) {
    head.push('**In your project (gunicorn-doctor check):**', '');
    for (const f of safe.projectCheck)
      head.push(
        `- ${mdCode(`${f.location.path}:${f.location.line}`)} ${mdCode(f.rule)}: ${f.message.replace(/([\\*_[\]<>#|`])/g, '\\$1')}`,
      );
    head.push('');
  }
  if (d.alternatives?.length && d.confidence !== 'high') {
    head.push('**Also possible:**', '');
    for (const a of d.alternatives)
      head.push(
        `- ${mdCode(a.cause)}${a.reason ? ` — ${a.reason}` : ''}${a.tellApart ? `. To tell them apart: ${a.tellApart}` : ''}`,
      );
    head.push('');
  }
  if (d.collectNext?.length) {
    head.push('**Collect next:**', '', ...d.collectNext.map((c) => `- ${mdCode(c)}`), '');
  }
  if (!page) return head.join('\n') + (d.summary ? `\n${d.summary}\n` : '');
  const filled = filledPage(page, valuesFromContext(safe.context), safe.context.platform);
  // the Fix computed for this user (suggested numbers, their platform) replaces the generic one
  const body = pageMarkdown(filled, d.remediation?.markdown ?? filled.fix).replace(/^# .*\n+/, '');
  const r = d.remediation;
  const mine: string[] = [];
  if (r?.files.length) {
    mine.push('## The change for your project', '');
    for (const f of r.files) {
      mine.push(
        `**${f.path}**${f.note ? ` — ${f.note}` : ''}`,
        '',
        '```' + (f.diff ? 'diff' : ''),
        (f.diff ?? f.snippet ?? '').trimEnd(),
        '```',
        '',
      );
    }
    if (r.reasoning?.length) mine.push('How the numbers were computed:', '', ...r.reasoning.map((x) => `- ${x}`), '');
  }
  return head.join('\n') + '\n' + (mine.length ? mine.join('\n') + '\n' : '') + body;
}

function pathTaken(safe: Report, color: boolean): string {
  const st = style(color);
  const lines = safe.answers.map((a, i) => {
    const ev = a.evidence[0] ? ` (${cite(a.evidence[0])})` : '';
    return `  ${String(i + 1).padStart(2)}. ${a.question} → ${st.bold(choiceLabel(a.question, a.choice))} ${st.dim(`[${fromLabel(a)}${ev}]`)}`;
  });
  const d = safe.diagnoses[0];
  lines.push(`      ⇒ ${st.bold(d ? `${d.cause}${d.variant ? `.${d.variant}` : ''}` : '?')}`);
  return `The path taken:\n${lines.join('\n')}\n`;
}

export async function wizard(opts: RunOptions, io: Io): Promise<number> {
  // without a terminal, src/run.ts prints the diagnosis of the --log files instead (the wizard is not started)
  if (!io.interactive) throw errors.noTty();
  let logs = opts.logs.length ? logInputs(opts.logs, io) : [];
  const replay = opts.answers ? await readAnswers(opts.answers, io.cwd) : undefined;
  // load the prompts library while the evidence is read
  const askModule = io.prompter ? undefined : import('../ui/ask.js');
  const newPrompter = async () =>
    (await (askModule ?? import('../ui/ask.js'))).createPrompter(
      { signal: io.signal },
      io.color,
      () => io.stdout.columns,
    );
  const st = style(io.color);
  const nameOf = (n: string) => shownName(n, opts.redact);
  let prepared = await readWithProgress(opts, io, logs);
  const prompter = io.prompter ?? (await newPrompter());
  if (logs.length) {
    const s = prepared.stats;
    say(
      io,
      st.dim(
        `Read ${count(s.lines, 'line')}, ${num(s.recognizedLines)} recognised. Answers your log gives are pre-selected; press Enter to accept.`,
      ),
    );
  }
  for (const w of prepared.warnings) io.stderr.write(`gunicorn-doctor: warning: ${nameOf(w)}\n`);
  const known: Numbers = {
    workers: prepared.context.workers,
    timeout: prepared.context.timeout,
    memoryLimitMb: prepared.context.memoryLimitMb,
    maxRequests: prepared.context.maxRequests,
  };
  const ask = wizardAnswerer(prompter, { color: io.color, redact: opts.redact, known });
  const kept = new Map<QuestionId, Answer>(replay ?? []);
  outer: for (;;) {
    const answerer = replayAnswerer(kept.size ? kept : undefined, ask);
    const d = await walkEvidence(opts, io, prepared, answerer, withHistoryPlatform(prepared.auto));
    const page = catalogOf(io).pages.get(d.report.diagnoses[0].cause);
    let editable: FileEdit[] = [];
    if (page && d.prepared.project?.command) {
      const platform = d.prepared.context.platform ?? 'bare';
      editable = fileEdits(d.prepared, plannedChanges(page, d.prepared).changes, platform).filter(
        (e) => e.before !== undefined,
      );
    }
    // the short answer first: one screen, the full report behind "Show the full report"
    io.stdout.write('\n' + summaryLines(d.safe, { color: io.color, width: io.stdout.columns }).join('\n') + '\n\n');
    for (;;) {
      const next = await prompter.select({
        message: 'What next?',
        choices: [
          {
            value: 'full',
            name: 'Show the full report (evidence, the cause explained, ruled-out causes, questions and answers, timeline)',
          },
          ...(editable.length
            ? [
                {
                  value: 'apply',
                  name: `Apply the change to ${editable.map((e) => nameOf(shownPath(io, e.path))).join(', ')} (shows the diff first; a .bak copy is kept)`,
                },
              ]
            : []),
          { value: 'save-md', name: 'Save the report (Markdown)' },
          { value: 'save-json', name: 'Save the report (JSON)' },
          { value: 'more-logs', name: 'Add another log and check again (your answers are kept)' },
          { value: 'path', name: 'Show the path taken' },
          { value: 'restart', name: 'Start over' },
          { value: 'quit', name: 'Quit' },
        ],
      });
      if (next === 'quit') return 0;
      if (next === 'restart') break;
      if (next === 'full') {
        const { renderMarkdown } = await import('../ui/render.js');
        const md = finalPageMarkdown(d.safe, io) + '\n' + detailsMarkdown(d.safe, { width: io.stdout.columns });
        const text = await renderMarkdown(md, { color: io.color, links: io.links, width: io.stdout.columns });
        await showPaged(text, io);
        continue;
      }
      if (next === 'apply') {
        const diffs = editable.map((e) => `  ${nameOf(e.path)}\n${diffText(e, io.color)}`).join('\n');
        const ok = await prompter.select({
          message: `Write this change?\n${diffs}`,
          choices: [
            { value: 'no', name: 'No, leave my files alone' },
            {
              value: 'yes',
              name: `Yes, write it to ${editable.map((e) => nameOf(shownPath(io, e.path))).join(', ')} (keeps a .bak copy)`,
            },
          ],
          default: 'no',
        });
        if (ok !== 'yes') {
          say(io, 'Nothing was changed.');
          continue;
        }
        for (const e of editable) {
          try {
            const done = await applyEdit(e.path, e);
            say(
              io,
              `Changed ${nameOf(resolve(io.cwd, done.path))}${done.backup ? ` (the old version is in ${nameOf(resolve(io.cwd, done.backup))})` : ''}`,
            );
          } catch (err) {
            io.stderr.write(`gunicorn-doctor: did not change ${nameOf(e.path)}: ${nameOf((err as Error).message)}\n`);
          }
        }
        editable = [];
        continue;
      }
      if (next === 'more-logs') {
        const file = (await prompter.input({ message: 'Path of the additional log' })).trim();
        if (!file) continue;
        try {
          logs = [...logs, ...logInputs([file], io)];
        } catch (err) {
          io.stderr.write(`gunicorn-doctor: ${nameOf((err as Error).message)}\n`);
          continue;
        }
        // keep what the user answered; the logs answer the rest again — and where the new evidence decides a
        // question the other way, the evidence wins (said on screen, with the line)
        for (const a of d.report.answers) if (a.from === 'user') kept.set(a.question, a);
        prepared = await readWithProgress(opts, io, logs);
        for (const note of reweigh(kept, prepared.auto)) say(io, st.dim(nameOf(note)));
        continue outer;
      }
      if (next === 'path') {
        io.stdout.write(pathTaken(d.safe, io.color));
        continue;
      }
      const ext = next === 'save-json' ? 'json' : 'md';
      const target = await chooseReportFile(prompter, io, `gunicorn-doctor-report.${ext}`);
      if (!target) {
        io.stdout.write('Not saved.\n');
        continue;
      }
      try {
        writeFileAtomic(target, ext === 'json' ? toJson(d.safe) : toMarkdown(d.safe));
        say(
          io,
          `Saved the report to ${nameOf(target)}${d.safe.redactions ? ` (${count(d.safe.redactions, 'value')} redacted)` : ''}`,
        );
      } catch (e) {
        io.stderr.write(
          `gunicorn-doctor: cannot write ${nameOf(target)}: ${nameOf((e as WriteError).why ?? (e as Error).message)}\n`,
        );
      }
    }
  }
}

/** A line of the wizard's own, wrapped to the terminal at word boundaries (a path or URL stays whole). */
function say(io: Io, text: string): void {
  io.stdout.write(
    `${io.stdout.columns ? wrapAnsi(text, Math.max(30, io.stdout.columns - 1), { hard: false, trim: true, wordWrap: true }) : text}\n`,
  );
}

/** A path as the user typed it or as it sits under the working directory. */
function shownPath(io: Io, path: string): string {
  return escapeLine(relative(io.cwd, path) || path);
}

/** The diff of one edit, its changed lines coloured, indented under the question. */
function diffText(e: FileEdit, color: boolean): string {
  const st = style(color);
  const diff = escapeText(e.diff ?? '').replace(/\n$/, '');
  return diff
    .split('\n')
    .filter((l) => !/^(---|\+\+\+) /.test(l))
    .map((l) => `    ${/^\+/.test(l) ? st.green(l) : /^-/.test(l) ? st.red(l) : l}`)
    .join('\n');
}

/**
 * Where to save a report: asks for a name; an existing file is overwritten only after a Yes (the default is No, and
 * No asks for another name). Blank cancels. Returns the absolute path.
 */
export async function chooseReportFile(prompter: Prompter, io: Io, suggested: string): Promise<string | undefined> {
  let name = suggested;
  for (;;) {
    const typed = (await prompter.input({ message: 'Save to (leave blank to cancel)', default: name })).trim();
    if (!typed) return undefined;
    const target = resolve(io.cwd, typed);
    let st;
    try {
      st = statSync(target);
    } catch {
      return target; // a new file
    }
    if (st.isDirectory()) {
      io.stderr.write(`gunicorn-doctor: ${escapeLine(target)} is a directory; give a file name\n`);
      name = join(typed, suggested);
      continue;
    }
    const overwrite = await prompter.select({
      message: `${escapeLine(target)} already exists. Replace it?`,
      choices: [
        { value: 'no', name: 'No, choose another name' },
        { value: 'yes', name: 'Yes, replace it' },
      ],
      default: 'no',
    });
    if (overwrite === 'yes') return target;
    name = typed.replace(/(\.[a-z]+)?$/i, (ext) => `-2${ext}`);
  }
}

/** Reads the logs (with the same progress line `diagnose` shows) and the project: the first half of the pipeline. */
async function readWithProgress(opts: RunOptions, io: Io, logs: LogInputs) {
  if (logs.length)
    say(io, style(io.color).dim(`Reading ${logs.map((l) => shownName(l.name, opts.redact)).join(', ')}…`));
  return (await readEvidence(opts, io, logs)).prepared;
}

/**
 * Long text through the pager: `io.pager` (cli.ts sets it from $PAGER, else `less -R`, when stdout is a terminal);
 * without one, or when it cannot be started, the text is printed as it is.
 */
export async function showPaged(text: string, io: Io): Promise<void> {
  if (!io.pager) {
    io.stdout.write(text);
    return;
  }
  const { runPager } = await import('../ui/pager.js');
  if (!(await runPager(io.pager, text, io.env, io.signal))) io.stdout.write(text);
}
