/**
 * Remediation for one diagnosis: the cause page's Fix filled with the user's numbers and cut to their platform,
 * the computed settings with their reasoning, the exact change to the file that launches their Gunicorn, and how
 * to verify. Knowledge stays in content/causes/<id>.md (`changes:`, `verify:`, the Fix section); numbers come from
 * src/report/suggest.ts; the file change from src/report/edit.ts.
 */
import type { Catalog, CausePage } from '../catalog/causes.js';
import { cutFixToPlatform, fillPlaceholders, splitHeadings, valuesFromContext } from '../report/fill.js';
import { suggestAll, type SuggestContext, type SuggestKey } from '../report/suggest.js';
import type { Platform, ProjectInfo } from '../project/types.js';
import { proposeEdit, type Changes, type EditKey, type FileEdit } from '../report/edit.js';
import type { Diagnosis, Remediation, RemediationFile } from './types.js';
import type { Prepared } from './diagnose.js';

const PLATFORMS = new Set(['heroku', 'docker', 'kubernetes', 'systemd', 'bare']);

export type EditFn = (p: Prepared, changes: Record<string, string | number | boolean>, platform: string) => RemediationFile[];

/** List items of a Markdown fragment, as plain one-line steps. */
export function listItems(md: string): string[] {
  const out: string[] = [];
  let cur: string | undefined;
  for (const line of md.split('\n')) {
    const m = /^\s{0,3}(?:\d+[.)]|[-*+])\s+(.*)$/.exec(line);
    if (m) {
      if (cur) out.push(cur);
      cur = m[1]!.trim();
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

function firstCodeBlock(md: string): string | undefined {
  const m = /```[^\n]*\n([\s\S]*?)```/.exec(md);
  return m?.[1]?.trimEnd();
}

const FILE_FOR: Record<string, string> = {
  heroku: 'Procfile',
  docker: 'docker-compose.yml',
  kubernetes: 'deployment.yaml',
  systemd: 'gunicorn.service',
  bare: 'gunicorn.conf.py',
};

/**
 * Per-worker RSS: from a kernel OOM report of a worker (anon-rss), else from the platform's memory samples below the
 * quota divided by the workers (minus ~50 MB for the master); undefined when neither is known.
 */
export function estimateWorkerRss(p: Prepared): number | undefined {
  if (p.timeline.workerRssMb) return p.timeline.workerRssMb;
  const peak = p.timeline.peakMemoryMb;
  const workers = p.context.workers;
  const quota = p.context.memoryLimitMb;
  if (!peak || !workers || workers < 1) return undefined;
  const basis = quota ? Math.min(peak, quota) : peak; // the footprint at which the workers filled the quota
  return Math.max(30, Math.round((basis - 50) / workers));
}

export function suggestContext(p: Prepared): SuggestContext {
  const c = p.context;
  return {
    platform: PLATFORMS.has(c.platform ?? '') ? (c.platform as Platform) : undefined,
    memoryLimitMb: c.memoryLimitMb,
    workerRssMb: estimateWorkerRss(p),
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
export function plannedChanges(page: CausePage, p: Prepared) {
  const suggestions = suggestAll(suggestContext(p));
  const numbers = Object.fromEntries(Object.entries(suggestions).map(([k, s]) => [k, s.value]));
  const values = valuesFromContext(p.context, numbers);
  const changes: Record<string, string> = {};
  const reasoning: string[] = [];
  for (const [setting, raw] of Object.entries(page.changes)) {
    const v = fillPlaceholders(raw, values);
    if (/<[a-z_.]+>/.test(v)) continue; // an unknown number stays out of the file change
    changes[setting] = v;
    const key = /\{\{\s*(suggest\.[a-z_]+)\s*\}\}/.exec(raw)?.[1] as SuggestKey | undefined;
    // one suggestion may set several settings (max_requests and its jitter): give its reasoning once
    if (key && suggestions[key]) for (const r of suggestions[key].reasoning) if (!reasoning.some((x) => x.endsWith(`: ${r}`))) reasoning.push(`${setting}: ${r}`);
  }
  return { changes, reasoning, values };
}

export function buildRemediation(page: CausePage, d: Diagnosis, p: Prepared, edit?: EditFn): Remediation {
  const platform = p.context.platform && PLATFORMS.has(p.context.platform) ? p.context.platform : 'unknown';
  const { changes, reasoning, values } = plannedChanges(page, p);
  const fix = cutFixToPlatform(fillPlaceholders(page.fix, values), platform === 'unknown' ? undefined : platform);
  const { intro, subs } = splitHeadings(fix, 3);
  const steps = listItems(intro);
  let files: RemediationFile[] = [];
  if (Object.keys(changes).length && edit) files = edit(p, changes, platform);
  if (!files.length) {
    const sub = subs.find((s) => s.heading !== 'gunicorn.conf.py') ?? subs[0];
    const snippet = sub ? firstCodeBlock(sub.body) : undefined;
    if (snippet) files = [{ path: FILE_FOR[platform] ?? 'gunicorn.conf.py', snippet, note: 'no project file was read: this is the usual file for the platform (use --config PATH to get your own line changed)' }];
  }
  const verify = page.verify.map((v) => fillPlaceholders(v, values));
  return { platform, steps, files, verify, markdown: fix, reasoning: reasoning.length ? reasoning : undefined };
}

/** The remedy hook for conclude(): titles from the catalog, remediation for the primary diagnosis. */
export function remedyFor(catalog: Catalog, edit?: EditFn): (d: Diagnosis, p: Prepared) => Diagnosis {
  return (d, p) => {
    const page = catalog.pages.get(d.cause);
    if (!page) return d;
    return { ...d, remediation: buildRemediation(page, d, p, edit) };
  };
}

export function titlesFrom(catalog: Catalog): (cause: string) => { title: string; phase?: string; summary?: string } | undefined {
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
export function fileEdits(p: Prepared, changes: Record<string, string | number | boolean>, platform: string): FileEdit[] {
  const c: Changes = {};
  for (const [k, v] of Object.entries(changes)) {
    const key = EDIT_KEY[k];
    if (!key) continue;
    c[key] = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  }
  if (!Object.keys(c).length) return [];
  const project: ProjectInfo = p.project ?? { settings: {}, files: [], unreadable: [] };
  const fallback = PLATFORMS.has(platform) ? (platform as Platform) : undefined;
  return proposeEdit(project, c, fallback);
}

/** File changes through src/report/edit.ts: the user's own launching line / config, or the platform's usual file. */
export const projectEdit: EditFn = (p, changes, platform) => {
  return fileEdits(p, changes, platform).map((e) => ({
    path: e.path,
    ...(e.diff ? { diff: e.diff } : { snippet: e.after }),
    ...(e.notes?.length ? { note: e.notes.join(' ') } : p.project?.command ? {} : { note: 'no project file was read: this is the usual file for the platform (use --config PATH to get your own line changed)' }),
  }));
};
