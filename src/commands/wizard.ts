/**
 * The guided wizard: one question at a time with its "why", "I'm not sure", "← Back", and what the logs say
 * pre-selected; then the cause page filled for the user's platform and numbers, and a menu (save, path, restart).
 */
import { relative, resolve } from 'node:path';
import { questionTable, type NumberField, type QuestionId } from '../../flows/questions.js';
import { filledPage, pageMarkdown } from '../catalog/causes.js';
import type { Answer, Numbers } from '../engine/types.js';
import { walk, type Answerer, type AutoAnswer, type WalkStep } from '../engine/walk.js';
import { errors } from '../errors.js';
import type { Io, Prompter, SelectChoice } from '../io.js';
import { writeFileAtomic, type WriteError } from '../report/atomic.js';
import { applyEdit, type FileEdit } from '../report/edit.js';
import { fileEdits, plannedChanges } from '../engine/remedy.js';
import { escapeLine } from '../report/escape.js';
import { valuesFromContext } from '../report/fill.js';
import { choiceLabel, cite, fromLabel, mdCode, toJson, toMarkdown } from '../report/format.js';
import { makeRedactor, compileUserPatterns } from '../report/redact.js';
import type { Report } from '../report/types.js';
import { style } from '../ui/style.js';
import { catalogOf, readAnswers, type RunOptions } from '../run.js';
import { diagnose, finish, logInputs, prepareFor, replayAnswerer } from './diagnose.js';

export const BACK = '__back';

/** Log text shown in a prompt: redacted, escaped, one line, bounded. */
function shown(text: string, redactPatterns: readonly string[]): string {
  const r = makeRedactor(compileUserPatterns(redactPatterns))(text).text;
  const l = escapeLine(r);
  return l.length > 160 ? `${l.slice(0, 157)}…` : l;
}

/** A name from the file system, a project file or an answers file as shown in a message: redacted, escaped, one line. */
function shownName(name: string, redactPatterns: readonly string[]): string {
  return escapeLine(makeRedactor(compileUserPatterns(redactPatterns))(name).text);
}

/** The select prompt for one question: message, why, the cited line, choices (+ Back), default. */
export function questionPrompt(q: QuestionId, auto: Answer | undefined, canGoBack: boolean, opts: { color: boolean; redact: readonly string[] }) {
  const def = questionTable[q];
  const st = style(opts.color);
  let message = `${def.message}\n  ${st.dim(`Why we ask: ${def.why}`)}`;
  const ev = auto?.evidence[0];
  if (auto && auto.from !== 'default') {
    const what = ev ? `${fromLabel(auto)}: ${cite(ev)}  ${shown(ev.text, opts.redact)}` : `${fromLabel(auto)}${auto.reason ? ` (${shown(auto.reason, opts.redact)})` : ''}`;
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

export function validNumber(v: string): true | string {
  const t = v.trim();
  if (t === '') return true;
  return /^\d+(\.\d+)?$/.test(t) && Number(t) > 0 ? true : 'Enter a positive number, or leave it blank';
}

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
  const have = fields.filter((f) => current[FIELD_CONTEXT[f.key]] !== undefined).map((f) => `${f.key} ${current[FIELD_CONTEXT[f.key]]}`);
  const choices: SelectChoice[] = [
    { value: 'known', name: have.length ? `Confirm or change them (${have.join(', ')})` : 'Enter them (any may be left blank)' },
    { value: 'unsure', name: def.choices.unsure ?? "I don't know them" },
  ];
  if (canGoBack) choices.push({ value: BACK, name: '← Back' });
  const pick = await prompter.select({ message: `${def.message}\n  ${st.dim(`Why we ask: ${def.why}`)}`, choices, default: 'known' });
  if (pick === BACK) return 'back';
  if (pick === 'unsure') return { question: q, choice: 'unsure', from: 'user', evidence: [] };
  const values: Numbers = {};
  for (const f of fields) {
    const k = FIELD_CONTEXT[f.key];
    const v = await prompter.input({ message: f.message, default: current[k] !== undefined ? String(current[k]) : undefined, validate: validNumber });
    if (v.trim() !== '') values[k] = Number(v.trim());
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
    notes.push(`"${def.message}": the new evidence says "${label(now.choice)}"${ev ? ` (${ev.source}:${ev.line})` : ''}, which replaces your answer "${label(a.choice)}".`);
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
      return { question: q, choice: def.otherwise, from: 'platform', evidence: [], reason: `only applies to ${def.platforms.join(', ')}` };
    }
    return undefined;
  };
}

/** The interactive answerer. Auto-answers are defaults the user confirms or overrides. */
export function wizardAnswerer(prompter: Prompter, opts: { color: boolean; redact: readonly string[]; known: Numbers }): Answerer {
  return async (q, auto, history: readonly WalkStep[]) => {
    const def = questionTable[q];
    const canGoBack = history.length > 0;
    if (auto?.from === 'platform') return auto;
    if (def.kind === 'numbers') return askNumbers(q, auto, opts.known, canGoBack, prompter, opts.color);
    const p = questionPrompt(q, auto, canGoBack, opts);
    const choice = await prompter.select(p);
    if (choice === BACK) return 'back';
    if (auto && choice === auto.choice) return auto;
    return { question: q, choice, from: 'user', evidence: [] };
  };
}

/** The final page as Markdown: title, confidence, evidence, then the filled cause page. */
export function finalPageMarkdown(safe: Report, io: Io): string {
  const d = safe.diagnoses[0]!;
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
    for (const f of safe.projectCheck) head.push(`- ${mdCode(`${f.location.path}:${f.location.line}`)} ${mdCode(f.rule)}: ${f.message.replace(/([\\*_[\]<>#|`])/g, '\\$1')}`);
    head.push('');
  }
  if (d.alternatives?.length && d.confidence !== 'high') {
    head.push('**Also possible:**', '');
    for (const a of d.alternatives) head.push(`- ${mdCode(a.cause)}${a.reason ? ` — ${a.reason}` : ''}${a.tellApart ? `. To tell them apart: ${a.tellApart}` : ''}`);
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
      mine.push(`**${f.path}**${f.note ? ` — ${f.note}` : ''}`, '', '```' + (f.diff ? 'diff' : ''), (f.diff ?? f.snippet ?? '').trimEnd(), '```', '');
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
  if (!io.interactive) {
    if (!opts.logs.length) throw errors.noTty();
    io.stderr.write('gunicorn-doctor: no terminal for the wizard, so here is the diagnosis (as `gunicorn-doctor diagnose` prints it; use diagnose for its exit codes)\n');
    // the wizard completed in the only way it can: exit 0 (DESIGN §5); `diagnose` is the command whose exit code reports a problem
    await diagnose({ ...opts, command: 'diagnose', positionals: opts.logs }, io);
    return 0;
  }
  let logs = opts.logs.length ? logInputs(opts.logs, io) : [];
  const replay = opts.answers ? await readAnswers(opts.answers, io.cwd) : undefined;
  // load the prompts library while the evidence is read
  const askModule = io.prompter ? undefined : import('../ui/ask.js');
  const st = style(io.color);
  const nameOf = (n: string) => shownName(n, opts.redact);
  if (logs.length) io.stdout.write(st.dim(`Reading ${logs.map((l) => nameOf(l.name)).join(', ')}…\n`));
  let prepared = await prepareFor(opts, io, logs);
  const prompter = io.prompter ?? (await askModule!).createPrompter({ signal: io.signal }, io.color);
  if (logs.length) {
    const s = prepared.stats;
    io.stdout.write(st.dim(`Read ${s.lines} lines, ${s.recognizedLines} recognised. Answers your log gives are pre-selected; press Enter to accept.\n`));
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
    const result = await walk(answerer, withHistoryPlatform(prepared.auto));
    const d = finish(opts, io, prepared, result);
    const page = catalogOf(io).pages.get(d.report.diagnoses[0]!.cause);
    let editable: FileEdit[] = [];
    if (page && d.prepared.project?.command) {
      const platform = d.prepared.context.platform ?? 'bare';
      editable = fileEdits(d.prepared, plannedChanges(page, d.prepared).changes, platform).filter((e) => e.before !== undefined);
    }
    const { renderMarkdown } = await import('../ui/render.js');
    io.stdout.write('\n' + (await renderMarkdown(finalPageMarkdown(d.safe, io), { color: io.color, width: io.stdout.columns })));
    for (;;) {
      const next = await prompter.select({
        message: 'What next?',
        choices: [
          { value: 'save-md', name: 'Save the report (Markdown)' },
          { value: 'save-json', name: 'Save the report (JSON)' },
          ...(editable.length ? [{ value: 'apply', name: `Apply the change to ${editable.map((e) => nameOf(relative(io.cwd, e.path) || e.path)).join(', ')} (a .bak copy is kept)` }] : []),
          { value: 'more-logs', name: 'Add another log and check again (your answers are kept)' },
          { value: 'path', name: 'Show the path taken' },
          { value: 'restart', name: 'Start over' },
          { value: 'quit', name: 'Quit' },
        ],
      });
      if (next === 'quit') return 0;
      if (next === 'restart') break;
      if (next === 'apply') {
        const ok = await prompter.select({
          message: `Write the change to ${editable.map((e) => nameOf(e.path)).join(', ')}?`,
          choices: [{ value: 'no', name: 'No, leave my files alone' }, { value: 'yes', name: 'Yes, write it (keeps a .bak copy)' }],
          default: 'no',
        });
        if (ok !== 'yes') continue;
        for (const e of editable) {
          try {
            const done = await applyEdit(e.path, e);
            io.stdout.write(`Changed ${nameOf(done.path)}${done.backup ? ` (backup: ${nameOf(done.backup)})` : ''}\n`);
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
        for (const a of result.steps) if (a.from === 'user') kept.set(a.question, a);
        prepared = await prepareFor(opts, io, logs);
        for (const note of reweigh(kept, prepared.auto)) io.stdout.write(st.dim(`${nameOf(note)}\n`));
        continue outer;
      }
      if (next === 'path') {
        io.stdout.write(pathTaken(d.safe, io.color));
        continue;
      }
      const ext = next === 'save-json' ? 'json' : 'md';
      const file = await prompter.input({ message: 'Save to', default: `gunicorn-doctor-report.${ext}` });
      const target = resolve(io.cwd, file.trim() || `gunicorn-doctor-report.${ext}`);
      try {
        writeFileAtomic(target, ext === 'json' ? toJson(d.safe) : toMarkdown(d.safe));
        io.stdout.write(`Saved ${nameOf(target)}${d.safe.redactions ? ` (${d.safe.redactions} value(s) redacted)` : ''}\n`);
      } catch (e) {
        io.stderr.write(`gunicorn-doctor: cannot write ${nameOf(target)}: ${nameOf((e as WriteError).why ?? (e as Error).message)}\n`);
      }
    }
  }
}
