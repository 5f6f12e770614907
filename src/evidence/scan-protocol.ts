/**
 * The messages of the threaded scan: a RangeJob from scan-ranges.ts to a worker (scan-worker.ts), a RangeResult
 * back. In their own module so that both sides import them and neither imports the other.
 *
 * Owns: the message shapes and the origin codes of the compact request columns. Imports types only.
 */
import type { Hit } from './events.js';

export interface RangeJob {
  job: number;
  path: string;
  name: string;
  start: number;
  /** exclusive */
  end: number;
  maxLine: number;
  chunkBytes: number;
}

export interface RangeResult {
  job: number;
  lines: number;
  recognized: number;
  longLines: number;
  joined: number;
  /** compact request columns */
  n: number;
  line: Int32Array;
  off: Float64Array;
  sig: Int32Array;
  /** Number('1' + status) (keeps leading zeros), 0 = none */
  status: Float64Array;
  /** Number('1' + service), 0 = none */
  service: Float64Array;
  /** NaN = none */
  time: Float64Array;
  /** 0 none, 1 heroku-app, 2 heroku-router, 3 heroku-platform, 4 compose */
  origin: Uint8Array;
  /** index into procs, -1 = none */
  proc: Int32Array;
  /** > 0: a batch of that many counted request lines (no text, no status/service) */
  count: Int32Array;
  /** of a batch: how many of its lines were 5xx */
  errors: Int32Array;
  procs: string[];
  others: { hit: Hit; reqBefore: number }[];
  error?: { code?: string; message: string };
}

export const ORIGINS = [undefined, 'heroku-app', 'heroku-router', 'heroku-platform', 'compose'] as const;
