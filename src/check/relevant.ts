/**
 * For `diagnose` and the wizard: the check findings that lead to the diagnosed cause, from the project they
 * already read — "your liveness probe gives the app 10 s; in this log it was killed 38 s after Gunicorn started".
 */
import type { ProjectInfo } from '../project/types.js';
import type { Report } from '../report/types.js';
import { checkProject } from './engine.js';
import type { Severity } from './types.js';

export interface ProjectCheckItem {
  rule: string;
  severity: Severity;
  cause: string;
  location: { path: string; line: number; text: string };
  message: string;
  docs: string;
  /** what the fix does (the diff is in `check`'s own report) */
  fix?: string;
}

/** Seconds from the first master start to the first kill or platform stop after it, in the log's timeline. */
function killedAfter(report: Report): number | undefined {
  const pts = report.timeline?.points ?? [];
  const start = pts.find((p) => p.kind === 'master');
  if (!start) return undefined;
  const end = pts.find((p) => p.t > start.t && (p.kind === 'kill' || p.kind === 'platform'));
  return end ? Math.round((end.t - start.t) / 1000) : undefined;
}

export function projectCheckFor(project: ProjectInfo, report: Report, cwd: string): ProjectCheckItem[] {
  const cause = report.diagnoses[0]?.cause;
  if (!cause || cause === 'healthy' || cause === 'undiagnosed') return [];
  const run = checkProject(project, { cwd, version: report.tool.version });
  const after = cause === 'boot-slow-startup' ? killedAfter(report) : undefined;
  return run.report.findings
    .filter((f) => f.cause.split('.')[0] === cause)
    .map((f) => ({
      rule: f.rule,
      severity: f.severity,
      cause: f.cause,
      location: f.location,
      message: f.rule === 'k8s-liveness-startup' && after !== undefined ? `${f.message} In this log the app was stopped ${after} s after Gunicorn started, before it served.` : f.message,
      docs: f.docs,
      ...(f.fix ? { fix: f.fix.description } : {}),
    }));
}
