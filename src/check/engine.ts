/**
 * Run every rule over a project read statically (src/project/discover.ts: nothing is executed), and turn fix plans
 * into diffs of the user's own files (src/remedy/edit.ts places setting changes where the winning value is written).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Platform, ProjectInfo } from '../project/types.js';
import { diffPath, proposeEdit, unifiedDiff, type Changes, type FileEdit } from '../remedy/edit.js';
import { RULES } from './rules/index.js';
import type { CheckReport, Finding, FixOut, FixPlan, Rule, RuleContext, Severity } from './types.js';
import { mayApply } from './version.js';

export interface CheckInput {
  /** project directory or file */
  target: string;
  cwd: string;
  platform?: Platform;
  version: string;
  rules?: readonly Rule[];
}

export interface CheckRun {
  report: CheckReport;
  project: ProjectInfo;
  /** the fix plan behind each finding that has one (same index as report.findings) */
  plans: (FixPlan | undefined)[];
  /** reads a project file as check saw it */
  read: (path: string) => string | undefined;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function docsPath(id: string): string {
  return `content/rules/${id}.md`;
}

export async function runCheck(input: CheckInput): Promise<CheckRun> {
  const root = resolve(input.cwd, input.target);
  const { discoverProject } = await import('../project/discover.js'); // its YAML parser only when a project is read
  const project = await discoverProject(root, { platform: input.platform });
  return checkProject(project, input);
}

/** The rules over an already discovered project (diagnose and the wizard reuse the project they read). */
export function checkProject(project: ProjectInfo, input: Omit<CheckInput, 'target'> & { target?: string }): CheckRun {
  const cache = new Map<string, string | undefined>();
  const read = (path: string): string | undefined => {
    if (!cache.has(path)) {
      try {
        cache.set(path, readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
      } catch {
        cache.set(path, undefined);
      }
    }
    return cache.get(path);
  };
  const show = (p: string) => (isAbsolute(p) ? relative(input.cwd, p) || '.' : p);
  const platform: Platform = project.platform?.value ?? 'bare';
  const facts = project.facts ?? { env: {}, dependencyFiles: [] };
  const gv = project.settings.gunicornVersion;
  const ctx: RuleContext = {
    project,
    facts,
    platform,
    gunicorn: gv ? { spec: String(gv.value), source: { path: gv.source.path, line: gv.source.line } } : {},
    read,
  };
  const warnings = project.unreadable.map((u) =>
    (u.reason.includes(u.path) ? u.reason : `${u.path}: ${u.reason}`).replace(input.cwd + '/', ''),
  );
  const rules = input.rules ?? RULES;
  const found: { f: Finding; plan?: FixPlan }[] = [];
  let ran = 0;
  for (const rule of rules) {
    const m = rule.meta;
    if (!m.platforms.includes(platform) || !mayApply(m.gunicorn, ctx.gunicorn.spec)) continue;
    ran++;
    let out;
    try {
      out = rule.check(ctx);
    } catch (e) {
      warnings.push(`rule ${m.id} could not run: ${(e as Error).message}`);
      continue;
    }
    for (const r of out) {
      const f: Finding = {
        rule: m.id,
        severity: m.severity,
        title: m.title,
        cause: m.cause,
        location: { path: show(r.path), line: r.line, text: (read(r.path)?.split(/\r?\n/)[r.line - 1] ?? '').trim() },
        message: r.message,
        docs: docsPath(m.id),
      };
      if (r.fix) {
        const files = planEdits(project, [r.fix], read);
        if (files.length) f.fix = fixOut(r.fix, files, show, project.root);
      }
      found.push({ f, plan: f.fix ? r.fix : undefined });
    }
  }
  found.sort(
    (a, b) =>
      ORDER[a.f.severity] - ORDER[b.f.severity] ||
      (a.f.location.path < b.f.location.path ? -1 : a.f.location.path > b.f.location.path ? 1 : 0) ||
      a.f.location.line - b.f.location.line ||
      (a.f.rule < b.f.rule ? -1 : 1),
  );
  const findings = found.map((x) => x.f);
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const report: CheckReport = {
    schemaVersion: 1,
    report: 'check',
    tool: { name: 'gunicorn-doctor', version: input.version },
    project: {
      root: show(input.target ? resolve(input.cwd, input.target) : input.cwd),
      ...(project.platform ? { platform: project.platform.value } : {}),
      files: project.files.map(show),
    },
    summary: { errors: count('error'), warnings: count('warning'), info: count('info'), rules: ran },
    findings,
    warnings,
  };
  return { report, project, plans: found.map((x) => x.plan), read };
}

/** A fix as shown: the file as the user names it, the diff with paths relative to the project root (git apply). */
function fixOut(
  plan: FixPlan,
  files: ExistingFileEdit[],
  show: (p: string) => string,
  root: string | undefined,
): FixOut {
  return {
    description: plan.description,
    safe: plan.safe,
    files: files.map((e) => ({
      path: show(e.path),
      diff: unifiedDiff(diffPath(e.path, root), e.before, e.after),
      ...(e.notes?.length ? { notes: e.notes } : {}),
    })),
  };
}

/**
 * The edits of several fix plans together, against the files as they are: line edits first (they keep the line
 * count, so the token lines discovery recorded stay valid), then the setting changes through proposeEdit.
 * Only files the project has are edited; a change that has no place in them is left out (never a new file).
 */
/** an edit of a file the project has: its text before is known */
export type ExistingFileEdit = FileEdit & { before: string };

export function planEdits(
  project: ProjectInfo,
  plans: readonly FixPlan[],
  read: (path: string) => string | undefined,
): ExistingFileEdit[] {
  const texts = new Map<string, string>();
  const current = (p: string) => texts.get(p) ?? read(p);
  for (const plan of plans) {
    for (const le of plan.lines ?? []) {
      const text = current(le.path);
      if (text === undefined) continue;
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      const lines = text.split(/\r?\n/);
      const line = lines[le.line - 1];
      if (line === undefined || !line.includes(le.find)) continue;
      lines[le.line - 1] = line.replace(le.find, () => le.replace);
      texts.set(le.path, lines.join(eol));
    }
  }
  const changes: Changes = Object.assign({}, ...plans.map((p) => p.changes ?? {}));
  const proposed = Object.keys(changes).length
    ? proposeEdit(project, changes, project.platform?.value, (p) => {
        const t = current(p);
        if (t === undefined) throw new Error(`cannot read ${p}`);
        return t;
      }).filter((e) => e.before !== undefined)
    : [];
  const out = new Map<string, ExistingFileEdit>();
  for (const [path, after] of texts) {
    const before = read(path);
    if (before !== undefined) out.set(path, { path, before, after });
  }
  for (const e of proposed) {
    const before = read(e.path);
    if (before !== undefined)
      out.set(e.path, { path: e.path, before, after: e.after, ...(e.notes ? { notes: e.notes } : {}) });
    else out.delete(e.path);
  }
  return [...out.values()].filter((e) => e.before !== e.after);
}
