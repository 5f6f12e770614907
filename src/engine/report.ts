import type { TimelineSummary } from '../evidence/timeline.js';
import type { Answer, Context, Diagnosis } from './types.js';

/**
 * A `check` finding in the project given that leads to the diagnosed cause (src/check/relevant.ts builds them).
 * The severity is spelled out rather than imported: the engine does not depend on check/ (the layer above it); the
 * compiler still holds the two together, as relevant.ts assigns check's Severity to it.
 */
export interface ProjectCheckItem {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  cause: string;
  location: { path: string; line: number; text: string };
  message: string;
  docs: string;
  /** what the fix does (the diff is in `check`'s own report) */
  fix?: string;
}

export interface ReportStats {
  files: number;
  lines: number;
  bytes: number;
  recognizedLines: number;
  unknownLines: number;
  seconds: number;
}

/** DESIGN §6: the stable JSON report. Text and Markdown carry the same content. */
export interface Report {
  schemaVersion: 1;
  tool: { name: 'gunicorn-doctor'; version: string };
  diagnoses: Diagnosis[];
  answers: Answer[];
  context: Context;
  timeline: TimelineSummary;
  stats: ReportStats;
  warnings: string[];
  /** the other causes still possible, best first (the same list as diagnoses[0].alternatives) */
  alternatives?: import('./types.js').Alternative[];
  /** the machine states visited, for "show the path taken" */
  path: string[];
  /** `check` findings in the project given that lead to the diagnosed cause (src/check/relevant.ts) */
  projectCheck?: ProjectCheckItem[];
  /** number of values redacted in this report (set by redact) */
  redactions?: number;
}
