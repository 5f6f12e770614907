/**
 * What a detector is: a small piece of the timeline's reasoning with a name, the events it reads, and what it does
 * with each of them (`on`) and at the end of the input (`finish`). Detectors keep the state only they read as their
 * own fields; state more than one of them reads (the worker registry, the master's state, request counts, the boot
 * failure under way, the stop under way …) lives on the Timeline (src/evidence/timeline.ts), which also holds the
 * facts and dispatches the hits. The order they run in is the Timeline's DETECTORS list.
 */
import type { EventKind, Hit } from '../events.js';
import type { Timeline } from '../timeline.js';

export interface Detector {
  /** the file name under src/evidence/detectors/, for the docs and the tests */
  readonly name: string;
  /** the events handed to `on`, or 'all' for every recognised line */
  readonly events: readonly EventKind[] | 'all';
  /** one recognised line, in input order */
  on(h: Hit, tl: Timeline): void;
  /** the end of the input: conclude what needs the whole sequence */
  finish?(tl: Timeline): void;
}
