/**
 * For `diagnose` and the wizard: the check findings that lead to the diagnosed cause, from the project they
 * already read — "your liveness probe gives the app 10 s; in this log it was killed 38 s after Gunicorn started".
 */
import type { ProjectInfo } from '../project/types.js';
import type { ProjectCheckItem, Report } from '../engine/report.js';
import { ESTIMATED_MASTER_RSS_MB } from '../remedy/suggest.js';
import { checkProject } from './engine.js';

/** A line of the log that asked Gunicorn to stop (`Handling signal: term`, a platform SIGTERM). */
export interface StopHit {
  time?: number;
  source: string;
  line: number;
}

/** How long after the master started the log shows it stopped or killed: the first kill or platform stop in the
 * timeline, else the stop request (the kubelet's SIGTERM reaches Gunicorn as `Handling signal: term`). */
function stoppedAfter(report: Report, stop?: StopHit): string | undefined {
  const pts = report.timeline?.points ?? [];
  const start = pts.find((p) => p.kind === 'master');
  if (!start) return undefined;
  const end = pts.find((p) => p.t > start.t && (p.kind === 'kill' || p.kind === 'platform'));
  const served = (report.timeline?.requests ?? 0) > 0 ? '' : ', before it served';
  if (end)
    return `In this log the app was stopped ${Math.round((end.t - start.t) / 1000)} s after Gunicorn started${served}.`;
  if (stop?.time !== undefined && stop.time > start.t)
    return `In this log Gunicorn was told to stop ${Math.round((stop.time - start.t) / 1000)} s after it started (${stop.source}:${stop.line})${served}.`;
  return undefined;
}

/**
 * Per-worker memory the diagnosed log measured (src/engine/remedy.ts memoryBasis), to set beside the rule's estimate.
 */
export interface MeasuredMemory {
  workerRssMb: number;
  masterRssMb?: number;
  workers?: number;
}

/** The static rule sizes a worker at a typical 150 MB; when the log measured one, say so beside it. */
function withMeasured(message: string, m: MeasuredMemory | undefined): string {
  if (!m || !m.workers) return message;
  const master = m.masterRssMb ?? ESTIMATED_MASTER_RSS_MB;
  return `${message} In this log one worker measured ≈${m.workerRssMb} MB: ${m.workers} × ${m.workerRssMb} + ${master} = ${m.workers * m.workerRssMb + master} MB (the fix above is computed from that).`;
}

export function projectCheckFor(
  project: ProjectInfo,
  report: Report,
  cwd: string,
  stop?: StopHit,
  measured?: MeasuredMemory,
): ProjectCheckItem[] {
  const cause = report.diagnoses[0]?.cause;
  if (!cause || cause === 'healthy' || cause === 'undiagnosed') return [];
  const run = checkProject(project, { cwd, version: report.tool.version });
  const after = cause === 'boot-slow-startup' ? stoppedAfter(report, stop) : undefined;
  return run.report.findings
    .filter((f) => f.cause.split('.')[0] === cause)
    .map((f) => ({
      rule: f.rule,
      severity: f.severity,
      cause: f.cause,
      location: f.location,
      message:
        f.rule === 'k8s-liveness-startup' && after
          ? `${f.message} ${after}`
          : f.rule === 'workers-exceed-memory'
            ? withMeasured(f.message, measured)
            : f.message,
      docs: f.docs,
      ...(f.fix ? { fix: f.fix.description } : {}),
    }));
}
