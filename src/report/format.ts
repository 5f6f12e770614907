/**
 * Report → plain text and Markdown, from one document model so both carry the same content as the JSON:
 * diagnosis, variant, confidence, evidence (file:line), ruled-out causes, questions and who answered them,
 * remediation, timeline cadence, stats, warnings. Every report string is escaped for the terminal here.
 */
import { timelineChart } from './chart.js';
import { questionTable, type QuestionId } from '../../flows/questions.js';
import type { Answer, EvidenceRef } from '../engine/types.js';
import { style as makeStyle } from '../ui/style.js';
import { escapeLine, escapeText } from './escape.js';
import type { Report } from './types.js';

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

function answerLine(a: Answer): { text: string; code?: string } {
  let text = `${L(a.question)}: ${L(choiceLabel(a.question, a.choice))} [${L(a.choice)}], ${fromLabel(a)}`;
  if (a.evidence[0]) text += ` (${cite(a.evidence[0])})`;
  if (a.values) {
    const v = Object.entries(a.values).filter(([, x]) => x !== undefined).map(([k, x]) => `${k}=${x}`);
    if (v.length) text += `; ${v.join(', ')}`;
  }
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

/** The document model both renderers share. */
export function reportBlocks(report: Report): Block[] {
  const blocks: Block[] = [];
  const [primary, ...secondary] = report.diagnoses;
  if (primary) {
    const items: Item[] = [
      { kind: 'kv', key: 'Cause', value: `${L(primary.title)} (${L(primary.cause)}${primary.variant ? `.${L(primary.variant)}` : ''})` },
    ];
    if (primary.variant) items.push({ kind: 'kv', key: 'Variant', value: L(primary.variant) });
    items.push({ kind: 'kv', key: 'Phase', value: L(primary.phase) });
    items.push({ kind: 'kv', key: 'Confidence', value: L(primary.confidence) });
    if (primary.summary) items.push({ kind: 'para', text: escapeText(primary.summary) });
    blocks.push({ heading: 'Diagnosis', items });
    blocks.push({
      heading: 'Evidence',
      items: primary.evidence.length
        ? primary.evidence.map((e) => ({ kind: 'bullet' as const, text: `${cite(e)}${e.time ? ` (${L(e.time)})` : ''}`, code: L(e.text) }))
        : [{ kind: 'para', text: 'No log line decides this cause; it rests on the answers below.' }],
    });
    const r = primary.remediation;
    if (r) {
      const items: Item[] = [{ kind: 'kv', key: 'Platform', value: L(r.platform) }];
      // the change to the user's own files first: it is what they came for
      for (const f of r.files) {
        if (f.snippet) items.push({ kind: 'code', lang: langOf(f.path), text: escapeText(f.snippet), title: L(f.path) + (f.note ? ` — ${L(f.note)}` : '') });
        if (f.diff) items.push({ kind: 'code', lang: 'diff', text: escapeText(f.diff), title: L(f.path) + (f.note ? ` — ${L(f.note)}` : '') });
        if (!f.snippet && !f.diff) items.push({ kind: 'bullet', text: `${L(f.path)}${f.note ? `: ${L(f.note)}` : ''}` });
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
        items: report.projectCheck.map((f) => ({ kind: 'bullet' as const, text: `${L(f.severity)} ${L(f.rule)} ${L(f.location.path)}:${f.location.line}: ${L(f.message)}${f.fix ? ` Fix: ${L(f.fix)} (gunicorn-doctor check shows the change).` : ''}` })),
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
      blocks.push({ heading: 'Collect next', items: primary.collectNext.map((c) => ({ kind: 'bullet' as const, text: escapeText(c) })) });
    }
    if (primary.ruledOut.length) {
      // causes ruled out by the same answer share one line
      const byReason = new Map<string, string[]>();
      for (const x of primary.ruledOut) byReason.set(x.reason, [...(byReason.get(x.reason) ?? []), x.cause]);
      blocks.push({
        heading: 'Ruled out',
        items: [...byReason].map(([reason, causes]) => ({ kind: 'bullet' as const, text: `${causes.map(L).join(', ')}: ${L(reason)}` })),
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
    blocks.push({ heading: 'Questions and answers', items: report.answers.map((a) => ({ kind: 'bullet' as const, ...answerLine(a) })) });
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
  if (ctxItems.length) blocks.push({ heading: 'Context', items: ctxItems });
  const t = report.timeline;
  if (t) {
    const items: Item[] = [
      {
        kind: 'kv',
        key: 'Events',
        value: `${t.masterStarts} master start(s), ${t.workerBoots} worker boot(s), ${t.workerDeaths} worker death(s), ${t.timeouts} timeout(s), ${t.recycles} recycle(s), ${t.reloads} reload(s), ${t.platformEvents} platform event(s), ${t.requests} request(s)`,
      },
    ];
    for (const k of t.kills.slice(0, 10)) {
      items.push({ kind: 'bullet', text: `${k.time ? `${L(k.time)} ` : ''}${L(k.kind)}${k.signal ? ` ${L(k.signal)}` : ''}${k.pid !== undefined ? ` pid ${k.pid}` : ''} (${L(k.source)}:${k.line})` });
    }
    if (t.kills.length > 10) items.push({ kind: 'bullet', text: `… and ${t.kills.length - 10} more` });
    for (const line of t.cadence) items.push({ kind: 'bullet', text: `Cadence: ${L(line)}` });
    if (t.memory.length) {
      const mb = t.memory.map((m) => m.mb);
      items.push({ kind: 'bullet', text: `Memory samples: ${t.memory.length}, ${Math.min(...mb)}–${Math.max(...mb)} MB` });
    }
    const chart = timelineChart(t);
    if (chart.length) items.push({ kind: 'code', lang: 'text', text: escapeText(chart.join('\n')), title: 'Over time' });
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
          value: `${s.files} file(s), ${s.lines} line(s), ${s.bytes} byte(s), ${s.recognizedLines} recognized, ${s.unknownLines} unrecognized, ${s.seconds.toFixed(2)} s`,
        },
        ...(report.redactions ? [{ kind: 'kv' as const, key: 'Redacted', value: `${report.redactions} value(s)` }] : []),
      ],
    });
  }
  if (report.warnings.length) blocks.push({ heading: 'Warnings', items: report.warnings.map((w) => ({ kind: 'bullet' as const, text: L(w) })) });
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
  const n = Math.max(3, runs.reduce((m, r) => Math.max(m, r.length + 1), 0));
  const f = '`'.repeat(n);
  return `${f}${lang}\n${text.replace(/\n$/, '')}\n${f}`;
}

/** Markdown text from a plain line: keep it literal (no emphasis, links or HTML from a log). */
function mdText(s: string): string {
  return s.replace(/([\\*_[\]<>#|])/g, '\\$1');
}

export function toMarkdown(report: Report): string {
  const out: string[] = [`# gunicorn-doctor report`, '', `_${L(report.tool.name)} ${L(report.tool.version)}, report schema ${report.schemaVersion}_`, ''];
  for (const b of reportBlocks(report)) {
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
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

export function toText(report: Report, opts: { color?: boolean } = {}): string {
  const st = makeStyle(!!opts.color);
  const out: string[] = [st.bold(`gunicorn-doctor ${L(report.tool.version)} report`), ''];
  for (const b of reportBlocks(report)) {
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
          out.push(...it.text.replace(/\n$/, '').split('\n').map((l) => `    ${l}`));
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

export function toJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
