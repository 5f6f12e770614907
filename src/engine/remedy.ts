/**
 * Remediation for one diagnosis: the cause page's Fix filled with the user's numbers and cut to their platform,
 * the computed settings with their reasoning, the exact change to the file that launches their Gunicorn, and how
 * to verify. Knowledge stays in content/causes/<id>.md (`changes:`, `verify:`, the Fix section); numbers come from
 * src/remedy/suggest.ts; the file change from src/remedy/edit.ts.
 */
import { basename } from 'node:path';
import type { Catalog, CausePage } from '../catalog/causes.js';
import { cutFixToPlatform, fillPlaceholders, splitHeadings, valuesFromContext } from '../catalog/fill.js';
import {
  ESTIMATED_MASTER_RSS_MB,
  GUNICORN_DEFAULTS,
  suggestAll,
  type SuggestContext,
  type SuggestKey,
} from '../remedy/suggest.js';
import { isPlatform, type ProjectInfo } from '../project/types.js';
import { proposeEdit, type Changes, type EditKey, type FileEdit } from '../remedy/edit.js';
import type { Diagnosis, Remediation, RemediationFile } from './types.js';
import type { Prepared } from './diagnose.js';

export type EditFn = (
  p: Prepared,
  changes: Record<string, string | number | boolean>,
  platform: string,
) => RemediationFile[];

/** List items of a Markdown fragment, as plain one-line steps. */
export function listItems(md: string): string[] {
  const out: string[] = [];
  let cur: string | undefined;
  for (const line of md.split('\n')) {
    const m = /^\s{0,3}(?:\d+[.)]|[-*+])\s+(.*)$/.exec(line);
    if (m) {
      if (cur) out.push(cur);
      cur = m[1].trim();
    } else if (cur !== undefined && /^\s{2,}\S/.test(line) && !/^\s*```/.test(line)) cur += ` ${line.trim()}`;
    else if (cur !== undefined && !line.trim()) {
      out.push(cur);
      cur = undefined;
    }
  }
  if (cur) out.push(cur);
  // plain one-line steps: emphasis markers are for the page, not for a JSON or ticket line
  return out.map((x) => x.replace(/\*\*([^*]+)\*\*/g, '$1').replace(/(^|\s)\*([^*\s][^*]*)\*(?=\s|[.,;:]|$)/g, '$1$2'));
}

const SHELL_LANGS = new Set(['bash', 'sh', 'shell', 'console', 'zsh']);

/** The file a Fix subsection's config block belongs to: the heading it is shown under. */
function blockFile(heading: string, lang: string): string {
  switch (lang) {
    case 'procfile':
      return 'Procfile';
    case 'python':
      return 'gunicorn.conf.py';
    case 'dockerfile':
      return 'Dockerfile';
    case 'ini':
      return 'systemd unit (gunicorn.service)';
    case 'yaml':
      return heading === 'Kubernetes' ? 'Kubernetes manifest' : 'docker-compose.yml';
    default:
      return heading;
  }
}

interface FixBlock {
  file: string;
  lang: string;
  code: string;
  keep: boolean;
}

/** The fenced blocks of the Fix's platform subsections: shell blocks are commands, the rest belong to a file. */
function fixBlocks(subs: { heading: string; body: string }[]): {
  commands: string[];
  byPlatform: Map<string, string[]>;
  config: FixBlock[];
} {
  const commands: string[] = [];
  const byPlatform = new Map<string, string[]>();
  const config: FixBlock[] = [];
  for (const sub of subs) {
    for (const m of sub.body.matchAll(/^```([A-Za-z]*)([^\n]*)\n([\s\S]*?)^```\s*$/gm)) {
      const lang = m[1].toLowerCase();
      const code = m[3].trimEnd();
      if (SHELL_LANGS.has(lang)) {
        const mine = byPlatform.get(sub.heading) ?? [];
        byPlatform.set(sub.heading, mine);
        for (const line of code.split('\n')) {
          if (!line.trim()) continue;
          if (!commands.includes(line)) commands.push(line);
          if (!mine.includes(line)) mine.push(line);
        }
      } else config.push({ file: blockFile(sub.heading, lang), lang, code, keep: /\bkeep\b/.test(m[2]) });
    }
  }
  return { commands, byPlatform, config };
}

/**
 * One remediation block that does not contradict itself: the change to the user's own file (a diff), or — only
 * when no launching file was read — the usual file for the platform, said once; the Fix's steps; shell commands
 * under "Commands"; other snippets under the file they belong to. A page's settings snippet is dropped when the
 * diff (or the computed usual file) already carries those settings; blocks marked `keep` in the page (code that is
 * not a setting, like a hook) always stay.
 */
function composeFix(
  intro: string,
  commands: string[],
  byPlatform: Map<string, string[]>,
  config: FixBlock[],
  haveFile: boolean,
  read: boolean,
  platform: string,
): string {
  const parts = [intro.trimEnd()];
  // with the platform unknown, each platform's commands under its own name (a heroku line is no use on k8s)
  const extra = commands.filter((c) => ![...byPlatform.values()].some((l) => l.includes(c)));
  if (byPlatform.size > 1 || (platform === 'unknown' && byPlatform.size)) {
    if (extra.length) parts.push(['### Commands', '', '```bash', ...extra, '```'].join('\n'));
    for (const [heading, lines] of byPlatform)
      parts.push([`### Commands (${heading})`, '', '```bash', ...lines, '```'].join('\n'));
  } else if (commands.length) parts.push(['### Commands', '', '```bash', ...commands, '```'].join('\n'));
  const shown = config.filter((b) => b.keep || !haveFile);
  let said = haveFile || read;
  for (const file of [...new Set(shown.map((b) => b.file))]) {
    const lines = [`### ${file}`, ''];
    if (!said) {
      lines.push(
        `No project file was read, so this is the usual file for ${platform === 'unknown' ? 'each platform' : platform} (use --config PATH to get your own file changed).`,
        '',
      );
      said = true;
    }
    for (const b of shown.filter((x) => x.file === file)) lines.push('```' + b.lang, b.code, '```', '');
    parts.push(lines.join('\n').trimEnd());
  }
  return parts.filter((x) => x.trim() !== '').join('\n\n') + '\n';
}

/** Where the per-worker memory came from, for the reasoning lines: `file:line` of the cited sample. */
function at(h: { source: string; line: number }): string {
  return `${h.source}:${h.line}`;
}

export interface MemoryBasis {
  workerRssMb?: number;
  masterRssMb?: number;
  /** how the per-worker figure was obtained, one line each (shown with the worker-count arithmetic) */
  from: string[];
}

/**
 * Per-worker RSS from evidence only: the user's answer, else one process's RSS the log shows (a ps line, a kernel
 * OOM report's anon-rss), else a whole dyno/container sample divided by the workers the log shows running at that
 * moment. Never from the configured worker count: a fix that changes it must not change the arithmetic when the
 * same log is read again (test/remediation-fixpoint.test.ts).
 */
export function memoryBasis(p: Prepared): MemoryBasis {
  const tl = p.timeline;
  const c = p.context;
  const master = tl.masterRss;
  const masterRssMb = master?.mb;
  if (c.workerRssMb && c.workerRssMb > 0) {
    return {
      workerRssMb: c.workerRssMb,
      masterRssMb,
      from: [
        `Per-worker memory ${c.workerRssMb} MB: ${c.sources.workerRssMb === 'user' ? 'your answer' : `from ${c.sources.workerRssMb ?? 'your answer'}`}.`,
      ],
    };
  }
  if (tl.workerRss) {
    const w = tl.workerRss;
    const from = [`Per-worker memory ${w.mb} MB: ${w.how} (${at(w.hit)}).`];
    if (master) from.push(`Master ${master.mb} MB (${at(master.hit)}).`);
    return { workerRssMb: w.mb, masterRssMb, from };
  }
  // whole-dyno/container samples: the largest that still fitted the quota is the footprint of the pool at its biggest
  let best: (typeof tl.footprints)[number] | undefined;
  for (const f of tl.footprints) {
    const fits = f.quotaMb === undefined || f.mb <= f.quotaMb;
    const bestFits = best !== undefined && (best.quotaMb === undefined || best.mb <= best.quotaMb);
    if (!best || (fits && !bestFits) || (fits === bestFits && (fits ? f.mb > best.mb : f.mb < best.mb))) best = f;
  }
  if (best) {
    const m = masterRssMb ?? ESTIMATED_MASTER_RSS_MB;
    const per = Math.max(1, Math.round((best.mb - m) / best.workers));
    const from = [
      `Per-worker memory ≈${per} MB from the log's own sample: ${fmt(best.mb)} MB in total at ${at(best.hit)}${best.quotaMb ? ` (quota ${fmt(best.quotaMb)} MB)` : ''}, with ${best.workers} worker${best.workers === 1 ? '' : 's'} running then (the boots the log shows), minus the master ≈${m} MB${masterRssMb ? '' : ' (estimate)'}: (${fmt(best.mb)} − ${m}) / ${best.workers}.`,
    ];
    if (tl.footprints.length > 1)
      from.push(
        `That is the largest of ${tl.footprints.length} samples${best.quotaMb ? ' that still fitted the quota' : ''}: the pool at its biggest before the kill.`,
      );
    return { workerRssMb: per, masterRssMb, from };
  }
  return { masterRssMb, from: [] };
}

function fmt(mb: number): string {
  return Number.isInteger(mb) ? String(mb) : mb.toFixed(1);
}

export function suggestContext(p: Prepared): SuggestContext {
  const c = p.context;
  const basis = memoryBasis(p);
  return {
    platform: isPlatform(c.platform) ? c.platform : undefined,
    memoryLimitMb: c.memoryLimitMb,
    workerRssMb: basis.workerRssMb,
    masterRssMb: basis.masterRssMb,
    workerRssFrom: basis.from,
    workers: c.workers,
    timeout: c.timeout,
    gracefulTimeout: c.gracefulTimeout,
    workerClass: c.workerClass,
    threads: c.threads,
    maxRequests: c.maxRequests,
    maxRequestsJitter: c.maxRequestsJitter,
    killWindowSeconds: c.killWindowSeconds,
  };
}

/** The settings the cause page says to change, with the computed values and the reasoning behind each. */
/** Gunicorn's defaults for the settings a page can change (a suggestion equal to one changes nothing). */
const SETTING_DEFAULTS: Record<string, number | undefined> = {
  timeout: GUNICORN_DEFAULTS.timeout,
  graceful_timeout: GUNICORN_DEFAULTS.gracefulTimeout,
  threads: GUNICORN_DEFAULTS.threads,
  max_requests: GUNICORN_DEFAULTS.maxRequests,
  max_requests_jitter: GUNICORN_DEFAULTS.maxRequestsJitter,
};

/** The value in effect for a setting a page changes: from the context (project, flags, the logged command). */
function currentValue(p: Prepared, setting: string): string | number | undefined {
  const c = p.context;
  switch (setting) {
    case 'workers':
      return c.workers;
    case 'timeout':
      return c.timeout;
    case 'graceful_timeout':
      return c.gracefulTimeout;
    case 'threads':
      return c.threads;
    case 'max_requests':
      return c.maxRequests;
    case 'max_requests_jitter':
      return c.maxRequestsJitter;
    case 'bind':
      return c.bind;
    default:
      return undefined;
  }
}

export function plannedChanges(page: CausePage, p: Prepared) {
  const suggestions = suggestAll(suggestContext(p));
  const numbers = Object.fromEntries(Object.entries(suggestions).map(([k, s]) => [k, s.value]));
  const values = valuesFromContext(p.context, numbers);
  const changes: Record<string, string> = {};
  const reasoning: string[] = [];
  for (const [setting, raw] of Object.entries(page.changes)) {
    const v = fillPlaceholders(raw, values);
    const key = /\{\{\s*(suggest\.[a-z_]+)\s*\}\}/.exec(raw)?.[1] as SuggestKey | undefined;
    // one suggestion may set several settings (max_requests and its jitter): give its reasoning once; an unknown
    // number still says what to measure
    if (key && suggestions[key])
      for (const r of suggestions[key].reasoning)
        if (!reasoning.some((x) => x.endsWith(`: ${r}`))) reasoning.push(`${setting}: ${r}`);
    if (/<[a-z_.]+>/.test(v)) continue; // an unknown number stays out of the file change
    const current = currentValue(p, setting);
    const same =
      current !== undefined
        ? String(current) === v
        : SETTING_DEFAULTS[setting] !== undefined && String(SETTING_DEFAULTS[setting]) === v;
    if (same) continue; // a value already in effect is not a change (its reasoning above says so)
    changes[setting] = v;
    if (page.changeWhy[setting])
      reasoning.push(`${setting} = ${v}: ${fillPlaceholders(page.changeWhy[setting], values)}`);
  }
  return { changes, reasoning, values };
}

export function buildRemediation(page: CausePage, d: Diagnosis, p: Prepared, edit?: EditFn): Remediation {
  const platform = isPlatform(p.context.platform) ? p.context.platform : 'unknown';
  const { changes, reasoning, values } = plannedChanges(page, p);
  const cut = cutFixToPlatform(fillPlaceholders(page.fix, values), platform === 'unknown' ? undefined : platform);
  const { intro, subs } = splitHeadings(cut, 3);
  const steps = listItems(intro);
  const { commands, byPlatform, config } = fixBlocks(subs);
  const read = !!p.project?.command;
  // Heroku: a worker count the command line does not set lives in the app's config (WEB_CONCURRENCY)
  const wc = herokuWorkers(p, changes, platform);
  if (wc) {
    if (!wc.alsoEdit) delete changes.workers;
    commands.unshift(wc.command);
    reasoning.push(wc.why);
  }
  let files: RemediationFile[] = [];
  if (Object.keys(changes).length && edit) files = edit(p, changes, platform);
  reasoning.push(...placementReasons(p, changes, files, wc ? ['workers'] : []));
  const markdown = composeFix(intro, commands, byPlatform, config, files.length > 0, read, platform);
  const verify = page.verify.map((v) => fillPlaceholders(v, values));
  return { platform, steps, commands, files, verify, markdown, reasoning: reasoning.length ? reasoning : undefined };
}

/** On Heroku, when nothing on the command line sets workers, the count is the WEB_CONCURRENCY config var. */
function herokuWorkers(
  p: Prepared,
  changes: Record<string, string>,
  platform: string,
): { command: string; why: string; alsoEdit?: boolean } | undefined {
  if (platform !== 'heroku' || changes.workers === undefined) return undefined;
  const s = p.project?.settings.workers;
  const via = s?.via;
  if (s && /\$\{?WEB_CONCURRENCY\b/.test(s.source.text) && via !== 'web-concurrency') {
    return {
      command: `heroku config:set WEB_CONCURRENCY=${changes.workers}`,
      alsoEdit: true,
      why: `workers: ${s.source.path}:${s.source.line} takes the count from WEB_CONCURRENCY, which Heroku sets on every dyno, so the default after :- is not what runs: set the config var (the default is changed too, for anywhere it is unset).`,
    };
  }
  if (via === 'command' || via === 'cmd-args-env' || via === 'config-file') return undefined;
  return {
    command: `heroku config:set WEB_CONCURRENCY=${changes.workers}`,
    why: `workers: set with WEB_CONCURRENCY, not in the Procfile: ${p.project?.command ? 'the Procfile passes no --workers, so ' : ''}Gunicorn takes its worker count from WEB_CONCURRENCY (Heroku sets a default per dyno size; your value replaces it). A --workers flag or workers = in gunicorn.conf.py would override it.`,
  };
}

const VIA_WHY: Record<string, string> = {
  command: 'on the command line, which wins over GUNICORN_CMD_ARGS, gunicorn.conf.py and WEB_CONCURRENCY',
  'cmd-args-env':
    'in GUNICORN_CMD_ARGS, which wins over gunicorn.conf.py and WEB_CONCURRENCY (no flag on the command line overrides it)',
  'config-file':
    'in gunicorn.conf.py, where it is set (no flag on the command line or in GUNICORN_CMD_ARGS overrides it)',
};

/** Where each change was made and why that place is the one that takes effect. */
function placementReasons(
  p: Prepared,
  changes: Record<string, string>,
  files: RemediationFile[],
  explained: string[],
): string[] {
  if (!files.some((f) => f.diff)) return [];
  const out: string[] = [];
  const settings = (p.project?.settings ?? {}) as Record<
    string,
    { via?: string; source: { path: string; line: number } } | undefined
  >;
  for (const k of Object.keys(changes)) {
    if (explained.includes(k)) continue;
    const key = EDIT_KEY[k];
    const s = key ? settings[key] : undefined;
    if (!s?.via || !VIA_WHY[s.via]) continue;
    out.push(`${k}: changed ${VIA_WHY[s.via]} (${s.source.path}:${s.source.line}).`);
  }
  return out;
}

/** The remedy hook for conclude(): titles from the catalog, remediation for the primary diagnosis. */
export function remedyFor(catalog: Catalog, edit?: EditFn): (d: Diagnosis, p: Prepared) => Diagnosis {
  return (d, p) => {
    const page = catalog.pages.get(d.cause);
    if (!page) return d;
    return { ...d, remediation: buildRemediation(page, d, p, edit) };
  };
}

export function titlesFrom(
  catalog: Catalog,
): (cause: string) => { title: string; phase?: string; summary?: string } | undefined {
  return (cause) => {
    const page = catalog.pages.get(cause);
    return page ? { title: page.title, phase: page.phase, summary: page.summary } : undefined;
  };
}

const EDIT_KEY: Record<string, EditKey> = {
  workers: 'workers',
  timeout: 'timeout',
  graceful_timeout: 'gracefulTimeout',
  max_requests: 'maxRequests',
  max_requests_jitter: 'maxRequestsJitter',
  worker_tmp_dir: 'workerTmpDir',
  threads: 'threads',
  worker_class: 'workerClass',
  preload_app: 'preload',
  bind: 'bind',
  memory_limit_mb: 'memoryLimitMb',
};

/** The edits to the user's own files (whole before/after texts), for the wizard to apply after confirmation. */
export function fileEdits(
  p: Prepared,
  changes: Record<string, string | number | boolean>,
  platform: string,
): FileEdit[] {
  const c: Changes = {};
  for (const [k, v] of Object.entries(changes)) {
    const key = EDIT_KEY[k];
    if (!key) continue;
    c[key] = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  }
  if (!Object.keys(c).length) return [];
  const read: ProjectInfo = p.project ?? { settings: {}, files: [], unreadable: [] };
  // the usual file names the app the log shows launched when no project file named it
  const app =
    read.settings.app ??
    (p.context.app
      ? { value: p.context.app, source: { path: p.context.sources.app ?? 'log', line: 0, text: '' } }
      : undefined);
  const project: ProjectInfo = app ? { ...read, settings: { ...read.settings, app } } : read;
  const fallback = isPlatform(platform) ? platform : undefined;
  return proposeEdit(project, c, fallback);
}

/** Why a remediation shows a file of its own rather than a diff of the user's. */
function snippetNote(p: Prepared): string {
  if (p.project?.command) return 'no file of your project sets this: add it to the file that starts Gunicorn';
  if (p.project?.files.length)
    return `none of the project files read (${p.project.files
      .map((f) => basename(f))
      .slice(0, 4)
      .join(
        ', ',
      )}) starts Gunicorn in a form the doctor could read (see the warnings), so this is the usual file for the platform`;
  return 'no project file was read, so this is the usual file for the platform (use --config PATH to get your own file changed)';
}

/** File changes through src/remedy/edit.ts: the user's own launching line / config, or the platform's usual file. */
export const projectEdit: EditFn = (p, changes, platform) => {
  return fileEdits(p, changes, platform).map((e) => ({
    path: e.path,
    ...(e.diff ? { diff: e.diff } : { snippet: e.after }),
    ...(e.diff
      ? e.notes?.length
        ? { note: e.notes.join(' ') }
        : {}
      : { note: `${snippetNote(p)}${e.notes && e.notes.length > 1 ? `. ${e.notes.slice(1).join(' ')}` : ''}` }),
  }));
};
