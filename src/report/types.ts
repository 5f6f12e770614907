import type { Answer, Context, Diagnosis } from '../engine/types.js';

export interface TimelineSummary {
  masterStarts: number;
  workerBoots: number;
  workerDeaths: number;
  kills: { time?: string; pid?: number; signal?: string; kind: string; source: string; line: number }[];
  timeouts: number;
  recycles: number;
  reloads: number;
  platformEvents: number;
  requests: number;
  memory: { time?: string; mb: number; quotaMb?: number }[];
  /** one-line statements of what the timing says ("workers die ~30 s after boot, before serving") */
  cadence: string[];
  /** compact events for the terminal chart: time (ms) + kind */
  points: {
    t: number;
    kind: 'boot' | 'kill' | 'timeout' | 'exit' | 'recycle' | 'master' | 'platform' | 'memory';
    value?: number;
  }[];
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
  alternatives?: import('../engine/types.js').Alternative[];
  /** the machine states visited, for "show the path taken" */
  path: string[];
  /** `check` findings in the project given that lead to the diagnosed cause (src/check/relevant.ts) */
  projectCheck?: import('../check/relevant.js').ProjectCheckItem[];
  /** number of values redacted in this report (set by redact) */
  redactions?: number;
}
