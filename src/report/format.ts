/**
 * Report → plain text and Markdown, from one document model so both carry the same content as the JSON:
 * diagnosis, variant, confidence, evidence (file:line), ruled-out causes, questions and who answered them,
 * remediation, timeline cadence, stats, warnings. Every report string is escaped for the terminal here.
 */
import { timelineChart } from './chart.js';
import { questionTable, type QuestionId } from '../../flows/questions.js';
import type { Answer, EvidenceRef } from '../engine/types.js';
import { style as makeStyle } from '../text/style.js';
import { escapeLine, escapeText } from './escape.js';
import type { Report } from '../engine/report.js';
import { count, num } from '../text/words.js';
import { wrapAnsi } from 'fast-wrap-ansi';

type Item =
  | { kind: 'kv'; key: string; value: string }
  | { kind: 'bullet'; text: string; code?: string }
  | { kind: 'para'; text: string }
  | { kind: 'code'; lang: string; text: string; title?: string }
  | { kind: 'md'; text: string };

interface Block {
  heading: string;
  items: Item[];
}

const L = escapeLine;

export function cite(e: EvidenceRef): string {
  return `${L(e.source)}:${e.line}`;
}

const FROM_LABEL: Record<string, string> = {
  log: 'from your log',
  config: 'from your project files',
  user: 'your answer',
  flag: 'from a command-line flag',
  default: 'not known (default)',
  platform: 'not asked on this platform',
  replay: 'from the answers file',
};

export function fromLabel(a: Pick<Answer, 'from'>): string {
  return FROM_LABEL[a.from] ?? a.from;
}

export function choiceLabel(q: string, choice: string): string {
  const def = questionTable[q as QuestionId];
  return def?.choices[choice] ?? choice;
}

/** The numbers of the `settings` answer as people name them (never the internal key, e.g. `memoryLimitMb`). */
export const VALUE_LABEL: Record<string, (v: number) => string> = {
  workers: (v) => count(v, 'worker'),
  timeout: (v) => `timeout ${num(v)} s`,
  memoryLimitMb: (v) => `memory limit ${num(v)} MB`,
  maxRequests: (v) => `max_requests ${num(v)}`,
  workerRssMb: (v) => `${num(v)} MB per worker`,
};

export function valuesText(values: Answer['values']): string {
  return Object.entries(values ?? {})
    .filter(([, x]) => typeof x === 'number')
    .map(([k, x]) => VALUE_LABEL[k]?.(x as number) ?? `${k} ${num(x as number)}`)
    .join(', ');
}

function answerLine(a: Answer): { text: string; code?: string } {
  let text = `${L(a.question)}: ${L(choiceLabel(a.question, a.choice))} [${L(a.choice)}], ${fromLabel(a)}`;
  if (a.evidence[0]) text += ` (${cite(a.evidence[0])})`;
  const v = valuesText(a.values);
  if (v) text += `; ${v}`;
  if (a.reason && !/^from /.test(a.reason)) text += ` — ${L(a.reason)}`;
  return { text, code: a.evidence[0] ? L(a.evidence[0].text) : undefined };
}

/** Markdown as plain text for the text report: headings as labels, code blocks indented, no fences or emphasis. */
export function mdToPlain(md: string): string[] {
  const out: string[] = [];
  let code = false;
  for (const line of md.trim().split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) {
      code = !code;
      continue;
    }
    if (code) out.push(`    ${line}`);
    else {
      const h = /^#{1,6}\s+(.*)$/.exec(line);
      out.push(h ? `${h[1]}:` : line.replace(/\*\*([^*]+)\*\*/g, '$1'));
    }
  }
  return out;
}

/**
 * The chart's columns for a terminal of `width` (row labels, frame and the "max N of M" note take ~42); 60 when
 * unknown.
 */
export function chartColumns(width: number | undefined): number {
  return width ? Math.max(20, Math.min(60, width - 42)) : 60;
}

/** The document model both renderers share. */
export function reportBlocks(report: Report, opts: { width?: number } = {}): Block[] {
  const blocks: Block[] = [];
  const [primary, ...secondary] = report.diagnoses;
  if (primary) {
    const items: Item[] = [
      {
        kind: 'kv',
        key: 'Cause',
        value: `${L(primary.title)} (${L(primary.cause)}${primary.variant ? `.${L(primary.variant)}` : ''})`,
      },
    ];
    if (primary.variant) items.push({ kind: 'kv', key: 'Variant', value: L(primary.variant) });
    items.push({ kind: 'kv', key: 'Phase', value: L(primary.phase) });
    items.push({ kind: 'kv', key: 'Confidence', value: L(primary.confidence) });
    if (primary.summary) items.push({ kind: 'para', text: escapeText(primary.summary) });
    blocks.push({ heading: 'Diagnosis', items });
    blocks.push({
      heading: 'Evidence',
      items: primary.evidence.length
        ? primary.evidence.map((e) => ({
            kind: 'bullet' as const,
            text: `${cite(e)}${e.time ? ` (${L(e.time)})` : ''}`,
            code: L(e.text),
          }))
        : [{ kind: 'para', text: 'No log line decides this cause; it rests on the answers below.' }],
    });
    const r = primary.remediation;
    if (r) {
      const items: Item[] = [{ kind: 'kv', key: 'Platform', value: L(r.platform) }];
      // the change to the user's own files first: it is what they came for
      for (const f of r.files) {
        if (f.snippet)
          items.push({
            kind: 'code',
            lang: langOf(f.path),
            text: escapeText(f.snippet),
            title: L(f.path) + (f.note ? ` — ${L(f.note)}` : ''),
          });
        if (f.diff)
          items.push({
            kind: 'code',
            lang: 'diff',
            text: escapeText(f.diff),
            title: L(f.path) + (f.note ? ` — ${L(f.note)}` : ''),
          });
        if (!f.snippet && !f.diff)
          items.push({ kind: 'bullet', text: `${L(f.path)}${f.note ? `: ${L(f.note)}` : ''}` });
      }
      // the steps are the Fix section's list: shown once, inside the Fix text when there is one (JSON keeps both)
      if (r.markdown) items.push({ kind: 'md', text: escapeText(r.markdown) });
      else for (const s of r.steps) items.push({ kind: 'bullet', text: escapeText(s) });
      for (const v of r.verify) items.push({ kind: 'bullet', text: `Verify: ${escapeText(v)}` });
      for (const x of r.reasoning ?? []) items.push({ kind: 'bullet', text: `Why: ${escapeText(x)}` });
      blocks.push({ heading: 'Remediation', items });
    }
    if (report.projectCheck?.length) {
      // `check` findings in the project that lead to this cause (the trap that set it up)
      blocks.push({
        heading: 'Project check',
        items: report.projectCheck.map((f) => ({
          kind: 'bullet' as const,
          text: `${L(f.severity)} ${L(f.rule)} ${L(f.location.path)}:${f.location.line}: ${L(f.message)}${f.fix ? ` Fix: ${L(f.fix)} (gunicorn-doctor check shows the change).` : ''}`,
        })),
      });
    }
    if (primary.alternatives?.length && primary.confidence !== 'high') {
      blocks.push({
        heading: 'Also possible',
        items: primary.alternatives.map((a) => ({
          kind: 'bullet' as const,
          text: `${L(a.cause)}${a.reason ? `: ${L(a.reason)}` : ''}${a.tellApart ? ` — to tell them apart: ${L(a.tellApart)}` : ''}`,
        })),
      });
    }
    if (primary.collectNext?.length) {
      blocks.push({
        heading: 'Collect next',
        items: primary.collectNext.map((c) => ({ kind: 'bullet' as const, text: escapeText(c) })),
      });
    }
    if (primary.ruledOut.length) {
      // causes ruled out by the same answer share one line
      const byReason = new Map<string, string[]>();
      for (const x of primary.ruledOut) byReason.set(x.reason, [...(byReason.get(x.reason) ?? []), x.cause]);
      blocks.push({
        heading: 'Ruled out',
        items: [...byReason].map(([reason, causes]) => ({
          kind: 'bullet' as const,
          text: `${causes.map(L).join(', ')}: ${L(reason)}`,
        })),
      });
    }
  }
  if (secondary.length) {
    blocks.push({
      heading: 'Also found',
      items: secondary.map((d) => ({
        kind: 'bullet' as const,
        text: `${L(d.title)} (${L(d.cause)}${d.variant ? `.${L(d.variant)}` : ''}), ${L(d.confidence)} confidence${d.evidence[0] ? `, ${cite(d.evidence[0])}` : ''}`,
        code: d.evidence[0] ? L(d.evidence[0].text) : undefined,
      })),
    });
  }
  if (report.answers.length) {
    blocks.push({
      heading: 'Questions and answers',
      items: report.answers.map((a) => ({ kind: 'bullet' as const, ...answerLine(a) })),
    });
  }
  const c = report.context;
  const ctxItems: Item[] = [];
  const put = (key: string, v: unknown, src?: string) => {
    if (v === undefined || v === null || v === '') return;
    ctxItems.push({ kind: 'kv', key, value: `${L(String(v))}${src ? ` (${L(src)})` : ''}` });
  };
  put('Platform', c.platform, c.sources?.platform);
  put('Gunicorn', c.gunicornVersion, c.sources?.gunicornVersion);
  put('Worker class', c.workerClass, c.sources?.workerClass);
  put('Workers', c.workers, c.sources?.workers);
  put('Threads', c.threads, c.sources?.threads);
  put('Timeout (s)', c.timeout, c.sources?.timeout);
  put('Graceful timeout (s)', c.gracefulTimeout, c.sources?.gracefulTimeout);
  put('Memory limit (MB)', c.memoryLimitMb, c.sources?.memoryLimitMb);
  put('max_requests', c.maxRequests, c.sources?.maxRequests);
  put('App', c.app, c.sources?.app);
  put('Bind', c.bind, c.sources?.bind);
  put('Per-worker memory (MB)', c.workerRssMb, c.sources?.workerRssMb);
  if (ctxItems.length) blocks.push({ heading: 'Context', items: ctxItems });
  const t = report.timeline;
  if (t) {
    const items: Item[] = [
      {
        kind: 'kv',
        key: 'Events',
        value: [
          count(t.masterStarts, 'master start'),
          count(t.workerBoots, 'worker boot'),
          count(t.workerDeaths, 'worker death'),
          count(t.timeouts, 'timeout'),
          count(t.recycles, 'recycle'),
          count(t.reloads, 'reload'),
          count(t.platformEvents, 'platform event'),
          count(t.requests, 'request'),
        ].join(', '),
      },
    ];
    for (const k of t.kills.slice(0, 10)) {
      items.push({
        kind: 'bullet',
        text: `${k.time ? `${L(k.time)} ` : ''}${L(k.kind)}${k.signal ? ` ${L(k.signal)}` : ''}${k.pid !== undefined ? ` pid ${k.pid}` : ''} (${L(k.source)}:${k.line})`,
      });
    }
    if (t.kills.length > 10) items.push({ kind: 'bullet', text: `… and ${num(t.kills.length - 10)} more` });
    for (const line of t.cadence) items.push({ kind: 'bullet', text: `Cadence: ${L(line)}` });
    if (t.memory.length) {
      const mb = t.memory.map((m) => m.mb);
      items.push({
        kind: 'bullet',
        text: `Memory samples: ${num(t.memory.length)}, ${num(Math.min(...mb))}–${num(Math.max(...mb))} MB`,
      });
    }
    const chart = timelineChart(t, chartColumns(opts.width));
    // 'chart': a drawing, laid out as it is (src/ui/render.ts does not wrap it)
    if (chart.length)
      items.push({ kind: 'code', lang: 'chart', text: escapeText(chart.join('\n')), title: 'Over time' });
    blocks.push({ heading: 'Timeline', items });
  }
  const s = report.stats;
  if (s) {
    blocks.push({
      heading: 'Stats',
      items: [
        {
          kind: 'kv',
          key: 'Read',
          value: `${count(s.files, 'file')}, ${count(s.lines, 'line')}, ${count(s.bytes, 'byte')}, ${num(s.recognizedLines)} recognized, ${num(s.unknownLines)} unrecognized, ${s.seconds.toFixed(2)} s`,
        },
        ...(report.redactions
          ? [{ kind: 'kv' as const, key: 'Redacted', value: count(report.redactions, 'value') }]
          : []),
      ],
    });
  }
  if (report.warnings.length)
    blocks.push({ heading: 'Warnings', items: report.warnings.map((w) => ({ kind: 'bullet' as const, text: L(w) })) });
  return blocks;
}

function langOf(path: string): string {
  if (/procfile$/i.test(path)) return 'procfile';
  if (/\.py$/.test(path)) return 'python';
  if (/\.ya?ml$/.test(path)) return 'yaml';
  if (/dockerfile$/i.test(path)) return 'dockerfile';
  if (/\.(service|ini|conf)$/.test(path)) return 'ini';
  return '';
}

/** Inline code that survives any backticks in the text. */
export function mdCode(s: string): string {
  const runs = s.match(/`+/g) ?? [];
  const n = runs.reduce((m, r) => Math.max(m, r.length), 0) + 1;
  const fence = '`'.repeat(n);
  const pad = s.startsWith('`') || s.endsWith('`') || s.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

function mdFence(lang: string, text: string): string {
  const runs = text.match(/`{3,}/g) ?? [];
  const n = Math.max(
    3,
    runs.reduce((m, r) => Math.max(m, r.length + 1), 0),
  );
  const f = '`'.repeat(n);
  return `${f}${lang}\n${text.replace(/\n$/, '')}\n${f}`;
}

/** Markdown text from a plain line: keep it literal (no emphasis, links or HTML from a log). */
function mdText(s: string): string {
  return s.replace(/([\\*_[\]<>#|])/g, '\\$1');
}

// ---- the summary block: what a paged engineer reads first -----------------------------------------------------

/** The rows the summary block may take: one standard terminal screen. */
export const SUMMARY_ROWS = 24;

const isBranch = (a: Answer) => {
  const k = questionTable[a.question as QuestionId]?.kind;
  return k !== 'context' && k !== 'numbers';
};

/** Why this confidence, in one line: who answered the questions, what is still open, what else is possible. */
export function confidenceWhy(report: Report): string {
  const d = report.diagnoses[0];
  if (!d) return '';
  const branch = report.answers.filter(isBranch);
  const byEvidence = branch.filter((a) => a.from === 'log' || a.from === 'config').length;
  const unsure = branch.filter((a) => a.choice === 'unsure').length;
  const parts = [`${num(byEvidence)} of ${count(branch.length, 'question')} answered by your log or project`];
  if (unsure) parts.push(`${count(unsure, 'question')} not known`);
  const alt = d.alternatives?.[0];
  if (d.confidence === 'high')
    parts.push(
      d.evidence.length ? 'a cited line decides it and no other cause fits as well' : 'no other cause fits as well',
    );
  else if (alt) parts.push(`also possible: ${L(alt.cause)}`);
  else if (!d.evidence.length) parts.push('no log line decides it');
  return parts.join('; ');
}

/** The one or two lines that decided it: the evidence of the last questions the log answered, in log order. */
export function decidingLines(report: Report, max = 2): EvidenceRef[] {
  const out: EvidenceRef[] = [];
  const seen = new Set<string>();
  for (const a of [...report.answers].reverse()) {
    if (!isBranch(a) || a.choice === 'unsure') continue;
    const e = a.evidence[0];
    if (!e || seen.has(`${e.source}:${e.line}`)) continue;
    seen.add(`${e.source}:${e.line}`);
    out.push(e);
    if (out.length >= max) break;
  }
  // one line from the answers: the diagnosis' other cited lines complete it (a kill and the exit it caused)
  for (const e of report.diagnoses[0]?.evidence ?? []) {
    if (out.length >= max) break;
    if (seen.has(`${e.source}:${e.line}`)) continue;
    seen.add(`${e.source}:${e.line}`);
    out.push(e);
  }
  return out.sort((a, b) => (a.source === b.source ? a.line - b.line : a.source < b.source ? -1 : 1));
}

/** The changed lines of a unified diff (no headers, hunks or context). */
export function changedLines(diff: string): string[] {
  return diff.split('\n').filter((l) => /^[-+]/.test(l) && !/^(---|\+\+\+)( |$)/.test(l));
}

/** Inline Markdown as plain text (the summary is plain): no backticks, no emphasis markers. */
function plainInline(s: string): string {
  return s.replace(/`+([^`]+?)`+/g, '$1').replace(/\*\*([^*]+)\*\*/g, '$1');
}

const platformOf = (p: string | undefined) => (p && p !== 'unknown' ? ` (${L(p)})` : '');

interface Row {
  text: string;
  first: string;
  rest: string;
  /** 0: always kept; higher numbers are dropped first when the block would not fit */
  drop: number;
}

export interface SummaryOptions {
  color?: boolean;
  /** terminal columns; without it lines are not wrapped (a pipe or a file) */
  width?: number;
  /** the last line: where the rest of the report is */
  more?: string;
  /** rows available (default SUMMARY_ROWS) */
  rows?: number;
}

/**
 * The summary: cause, confidence and why, the deciding lines, the fix (the diff when there is one) — wrapped to the
 * width and cut to fit `rows` (the least important lines go first; the cause, the confidence and the fix's first
 * line always stay).
 */
export function summaryLines(report: Report, opts: SummaryOptions = {}): string[] {
  const st = makeStyle(!!opts.color);
  const d = report.diagnoses[0];
  const rows: Row[] = [];
  const put = (text: string, drop: number, first = '  ', rest = first + '  ') => rows.push({ text, first, rest, drop });
  if (!d) {
    put(st.bold('No diagnosis.'), 0, '');
  } else {
    put(st.bold(`DIAGNOSIS: ${L(d.title)}`), 0, '', '  ');
    put(`Cause: ${L(d.cause)}${d.variant ? `.${L(d.variant)}` : ''}`, 0);
    put(`Confidence: ${st.bold(L(d.confidence))} — ${confidenceWhy(report)}`, 0);
    const lines = decidingLines(report);
    if (lines.length) {
      put(lines.length === 1 ? 'The deciding line:' : 'The deciding lines:', 1);
      lines.forEach((e, i) => put(`${cite(e)}  ${st.dim(L(e.text))}`, i === 0 ? 1 : 3, '    ', '      '));
    }
    const r = d.remediation;
    const diffs = (r?.files ?? []).flatMap((f) => (f.diff ? [{ ...f, diff: f.diff }] : []));
    if (diffs.length) {
      const f = diffs[0];
      put(
        `${st.bold('Fix')}${platformOf(r?.platform)}: change ${L(f.path)}${diffs.length > 1 ? ` (and ${count(diffs.length - 1, 'more file')} in the full report)` : ''}`,
        0,
      );
      const changed = changedLines(escapeText(f.diff));
      changed
        .slice(0, 6)
        .forEach((l, i) => put(l.startsWith('+') ? st.green(l) : st.red(l), i < 2 ? 2 : 4, '    ', '      '));
      if (changed.length > 6) put(`… ${count(changed.length - 6, 'more changed line')} in the full report`, 4, '    ');
      // the computation behind the first number changed ("(409 − 50) / 116 = 3.1 → 3 workers")
      const why = r?.reasoning?.find((x) => x.includes('→')) ?? r?.reasoning?.[0];
      if (why) put(st.dim(`Why: ${plainInline(escapeText(why))}`), 5, '    ', '      ');
    } else if (d.cause === 'undiagnosed' || !r) {
      const next = d.collectNext ?? [];
      if (next.length) {
        put(`${st.bold('Collect next')}:`, 0);
        next.slice(0, 2).forEach((c, i) => put(`- ${plainInline(escapeText(c))}`, i === 0 ? 1 : 3, '    ', '      '));
      }
    } else {
      const steps = r.steps.length ? r.steps : r.files.map((f) => `${f.path}${f.note ? `: ${f.note}` : ''}`);
      put(`${st.bold('Fix')}${platformOf(r.platform)}:`, 0);
      steps
        .slice(0, 3)
        .forEach((x, i) => put(`- ${plainInline(escapeText(x))}`, i === 0 ? 1 : 3 + i, '    ', '      '));
      if (steps.length > 3) put(`… ${count(steps.length - 3, 'more step')} in the full report`, 6, '    ');
    }
  }
  if (d && d.cause !== 'undiagnosed') {
    // commands are part of the fix (a config var that holds a setting, the platform's restart): the first ones here
    const cmds = d.remediation?.commands ?? [];
    if (cmds.length) {
      put(`${st.bold('Run')}:`, 2);
      cmds.slice(0, 2).forEach((c, i) => put(L(c), i === 0 ? 2 : 4, '    ', '      '));
      if (cmds.length > 2) put(`… ${count(cmds.length - 2, 'more command')} in the full report`, 5, '    ');
    }
  }
  // what the project's own files already show about this cause (gunicorn-doctor check)
  const pc = report.projectCheck ?? [];
  if (pc.length) {
    put(`${st.bold('In your project')} (gunicorn-doctor check):`, 1);
    pc.slice(0, 2).forEach((f, i) =>
      put(
        `${L(f.severity)} ${L(f.rule)} ${L(f.location.path)}:${f.location.line}: ${L(f.message)}`,
        i === 0 ? 1 : 4,
        '    ',
        '      ',
      ),
    );
    if (pc.length > 2) put(`… ${count(pc.length - 2, 'more finding')} in the full report`, 5, '    ');
  }
  // what is wrong with the input itself (empty, binary, cut lines): it changes how far the answer can be trusted
  report.warnings.slice(0, 2).forEach((w, i) => put(st.yellow(`Warning: ${L(w)}`), i === 0 ? 2 : 4, '', '  '));
  if (report.warnings.length > 2)
    put(st.yellow(`… ${count(report.warnings.length - 2, 'more warning')} in the full report`), 5, '', '  ');
  if (opts.more) put(st.dim(opts.more), 0, '', '  ');
  const limit = opts.rows ?? SUMMARY_ROWS;
  const wrapRow = (r: Row) => {
    if (!opts.width) return [r.first + r.text];
    const avail = Math.max(10, opts.width - r.rest.length);
    return wrapAnsi(r.text, avail, { hard: false, trim: true, wordWrap: true })
      .split('\n')
      .map((l, i) => (i === 0 ? r.first : r.rest) + l);
  };
  let kept = rows;
  const height = (rs: Row[]) => rs.reduce((n, r) => n + wrapRow(r).length, 0);
  for (let level = 6; level > 0 && height(kept) > limit; level--) kept = kept.filter((r) => r.drop < level);
  return kept.flatMap(wrapRow);
}

/** The summary as Markdown (the first section of a Markdown report). */
export function summaryMarkdown(report: Report): string {
  const d = report.diagnoses[0];
  if (!d) return '## Summary\n\nNo diagnosis.\n';
  const out = ['## Summary', '', `**${mdText(L(d.title))}**`, ''];
  out.push(`- **Cause:** ${mdCode(`${L(d.cause)}${d.variant ? `.${L(d.variant)}` : ''}`)}`);
  out.push(`- **Confidence:** ${L(d.confidence)} — ${mdText(confidenceWhy(report))}`);
  const lines = decidingLines(report);
  for (const e of lines) out.push(`- **Deciding line:** ${mdCode(cite(e))} ${mdCode(L(e.text))}`);
  const f = d.remediation?.files.find((x) => x.diff);
  const diff = f?.diff;
  if (f && diff)
    out.push(
      '',
      `**Fix:** change ${mdCode(L(f.path))}`,
      '',
      mdFence('diff', changedLines(escapeText(diff)).join('\n')),
    );
  return out.join('\n') + '\n';
}

function blocksMarkdown(blocks: readonly Block[]): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    out.push(`## ${b.heading}`, '');
    for (const it of b.items) {
      switch (it.kind) {
        case 'kv':
          out.push(`- **${it.key}:** ${mdText(it.value)}`);
          break;
        case 'bullet':
          out.push(`- ${mdText(it.text)}${it.code !== undefined ? `: ${mdCode(it.code)}` : ''}`);
          break;
        case 'para':
          out.push('', mdText(it.text), '');
          break;
        case 'md':
          out.push('', it.text.trim(), '');
          break;
        case 'code':
          out.push('', ...(it.title ? [`**${mdText(it.title)}**`, ''] : []), mdFence(it.lang, it.text), '');
          break;
      }
    }
    out.push('');
  }
  return out;
}

const tidy = (lines: readonly string[]) =>
  lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd() + '\n';

export function toMarkdown(report: Report): string {
  const out: string[] = [
    `# gunicorn-doctor report`,
    '',
    `_${L(report.tool.name)} ${L(report.tool.version)}, report schema ${report.schemaVersion}_`,
    '',
  ];
  out.push(summaryMarkdown(report), '');
  out.push(...blocksMarkdown(reportBlocks(report)));
  return tidy(out);
}

/** The sections the wizard's cause page does not already hold: other findings, ruled out, questions and answers,
 * context, timeline, stats, warnings (the wizard's full report is the page followed by these). */
const PAGE_HAS = new Set(['Diagnosis', 'Evidence', 'Remediation', 'Also possible', 'Collect next']);
export function detailsMarkdown(report: Report, opts: { width?: number } = {}): string {
  return tidy(blocksMarkdown(reportBlocks(report, opts).filter((b) => !PAGE_HAS.has(b.heading))));
}

export interface TextOptions {
  color?: boolean;
  /** terminal columns: the summary is wrapped to them (and cut to one screen) */
  width?: number;
  /** 'summary': the summary block only, ending on `more`; 'full' (default): the summary, then every section */
  detail?: 'summary' | 'full';
  /** the summary's last line when the rest is elsewhere (e.g. "run again with --verbose for …") */
  more?: string;
}

export function toText(report: Report, opts: TextOptions = {}): string {
  const st = makeStyle(!!opts.color);
  const summary = summaryLines(report, {
    color: opts.color,
    width: opts.width,
    more: opts.detail === 'summary' ? opts.more : undefined,
  });
  if (opts.detail === 'summary') return summary.join('\n') + '\n';
  const out: string[] = [...summary, '', st.bold(`gunicorn-doctor ${L(report.tool.version)} report`), ''];
  for (const b of reportBlocks(report, { width: opts.width })) {
    out.push(st.bold(b.heading.toUpperCase()));
    for (const it of b.items) {
      switch (it.kind) {
        case 'kv':
          out.push(`  ${it.key}: ${it.key === 'Cause' ? st.bold(it.value) : it.value}`);
          break;
        case 'bullet':
          out.push(`  - ${it.text}${it.code !== undefined ? `\n      ${st.dim(it.code)}` : ''}`);
          break;
        case 'para':
          out.push(...wrap(it.text, 96).map((l) => `  ${l}`));
          break;
        case 'md':
          out.push(...mdToPlain(it.text).map((l) => `  ${l}`));
          break;
        case 'code':
          if (it.title) out.push(`  ${it.title}:`);
          out.push(
            ...it.text
              .replace(/\n$/, '')
              .split('\n')
              .map((l) => `    ${l}`),
          );
          break;
      }
    }
    out.push('');
  }
  return out.join('\n').trimEnd() + '\n';
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let cur = '';
    for (const w of para.split(/\s+/).filter(Boolean)) {
      if (cur && cur.length + 1 + w.length > width) {
        lines.push(cur);
        cur = w;
      } else cur = cur ? `${cur} ${w}` : w;
    }
    lines.push(cur);
  }
  return lines;
}

/** The context keys every JSON report carries (null when unknown). */
export const CONTEXT_KEYS = [
  'platform',
  'gunicornVersion',
  'workerClass',
  'app',
  'bind',
  'workers',
  'workerRssMb',
  'threads',
  'timeout',
  'gracefulTimeout',
  'memoryLimitMb',
  'maxRequests',
  'maxRequestsJitter',
  'killWindowSeconds',
] as const;

const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);
const evidenceJson = (e: EvidenceRef) => ({
  source: e.source,
  line: e.line,
  time: orNull(e.time),
  text: e.text,
  sig: orNull(e.sig),
});

/**
 * The report as the JSON contract has it (schema/report.schema.json): every key present, empty rather than missing
 * — [] for lists, null for an unknown value or an absent object — so consumers never test for a key.
 */
export function jsonReport(report: Report): Record<string, unknown> {
  const diag = (d: Report['diagnoses'][number]) => ({
    cause: d.cause,
    variant: d.variant ?? null,
    title: d.title,
    phase: d.phase,
    summary: orNull(d.summary),
    confidence: d.confidence,
    evidence: d.evidence.map(evidenceJson),
    ruledOut: d.ruledOut.map((r) => ({ cause: r.cause, reason: r.reason })),
    alternatives: (d.alternatives ?? []).map((a) => ({
      cause: a.cause,
      score: a.score,
      reason: orNull(a.reason),
      tellApart: orNull(a.tellApart),
    })),
    collectNext: d.collectNext ?? [],
    remediation: d.remediation
      ? {
          platform: d.remediation.platform,
          steps: d.remediation.steps,
          commands: d.remediation.commands ?? [],
          files: d.remediation.files.map((f) => ({
            path: f.path,
            snippet: orNull(f.snippet),
            diff: orNull(f.diff),
            note: orNull(f.note),
          })),
          verify: d.remediation.verify,
          markdown: orNull(d.remediation.markdown),
          reasoning: d.remediation.reasoning ?? [],
        }
      : null,
  });
  const c = report.context;
  const t = report.timeline;
  return {
    schemaVersion: report.schemaVersion,
    tool: { name: report.tool.name, version: report.tool.version },
    diagnoses: report.diagnoses.map(diag),
    alternatives: (report.alternatives ?? report.diagnoses[0]?.alternatives ?? []).map((a) => ({
      cause: a.cause,
      score: a.score,
      reason: orNull(a.reason),
      tellApart: orNull(a.tellApart),
    })),
    answers: report.answers.map((a) => ({
      question: a.question,
      choice: a.choice,
      from: a.from,
      strength: orNull(a.strength),
      fact: orNull(a.fact),
      reason: orNull(a.reason),
      evidence: a.evidence.map(evidenceJson),
      values: a.values ? Object.fromEntries(Object.entries(a.values).filter(([, v]) => v !== undefined)) : null,
    })),
    context: { ...Object.fromEntries(CONTEXT_KEYS.map((k) => [k, orNull(c[k])])), sources: c.sources ?? {} },
    timeline: {
      masterStarts: t.masterStarts,
      workerBoots: t.workerBoots,
      workerDeaths: t.workerDeaths,
      timeouts: t.timeouts,
      recycles: t.recycles,
      reloads: t.reloads,
      platformEvents: t.platformEvents,
      requests: t.requests,
      kills: t.kills.map((k) => ({
        time: orNull(k.time),
        pid: orNull(k.pid),
        signal: orNull(k.signal),
        kind: k.kind,
        source: k.source,
        line: k.line,
      })),
      memory: t.memory.map((m) => ({ time: orNull(m.time), mb: m.mb, quotaMb: orNull(m.quotaMb) })),
      cadence: t.cadence,
      points: t.points.map((p) => ({ t: p.t, kind: p.kind, value: orNull(p.value) })),
    },
    stats: { ...report.stats },
    warnings: report.warnings,
    path: report.path,
    redactions: report.redactions ?? 0,
    projectCheck: (report.projectCheck ?? []).map((f) => ({
      rule: f.rule,
      severity: f.severity,
      cause: f.cause,
      location: { ...f.location },
      message: f.message,
      docs: f.docs,
      fix: orNull(f.fix),
    })),
  };
}

export function toJson(report: Report): string {
  return JSON.stringify(jsonReport(report), null, 2) + '\n';
}
