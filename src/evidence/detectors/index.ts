/**
 * The detectors, in the order the Timeline hands them each hit and calls their finish(). The order matters, for the
 * hits and at the end:
 *
 *  1. context            platform, Gunicorn version (also from wording), worker class — first, for every line
 *  2. worker-lifecycle   master starts and stops, boots, exits, silent deaths (before anything reads the registry)
 *  3. asgi-startup       finish: an ASGI start-up never completed before a kill (reads the kills and probe kills)
 *  4. platform-restarts  finish: a deploy or an operator behind the restart
 *  5. memory             after platform-restarts, which counts and cites every Heroku R-error before R14/R15 are read
 *  6. bind               finish: which bind failure it was
 *  7. timeouts           finish: boot loop, lockstep, busy or idle, H12 alignment
 *  8. kills
 *  9. exits              finish: early exits (a start-up that gives up) or crashes
 * 10. requests           finish: a proxy refused while Gunicorn listens on loopback in a container
 * 11. recycle
 * 12. boot-failure       finish: the start-up failure's class (import error, missing env …) — after every line
 *                        that can confirm or deny it, after the timeouts and exits
 * 13. idle-stop          finish: idle trap, stopped and never back, stopped at the end
 * 14. lifecycle-summary  finish: problem signs of app-only logs, served requests, clean lifecycle — last, as it
 *                        reads what every other detector concluded
 * 15. signature-facts    every line: the fact its signature names (`fact:` in content/signatures/), no finish
 *
 * Events read by more than one detector: master-start, worker-boot, worker-exit (worker-lifecycle, boot-failure),
 * handling-signal (worker-lifecycle: term/int/quit; recycle: the others), request-error (requests, boot-failure),
 * heroku-error (platform-restarts, memory).
 *
 * Facts keep the order they were first added in, and a fact's reason, examples and strength depend on the order of
 * its add() calls: moving a detector in this list, or an add() from one detector to another, can change the report.
 * A refactor keeps the report of every test case byte-identical.
 */
import { Timeline, type Configured, type Detector } from '../timeline.js';
import { ContextDetector } from './context.js';
import { WorkerLifecycleDetector } from './worker-lifecycle.js';
import { AsgiStartupDetector } from './asgi-startup.js';
import { PlatformRestartsDetector } from './platform-restarts.js';
import { MemoryDetector } from './memory.js';
import { BindDetector } from './bind.js';
import { TimeoutsDetector } from './timeouts.js';
import { KillsDetector } from './kills.js';
import { ExitsDetector } from './exits.js';
import { RequestsDetector } from './requests.js';
import { RecycleDetector } from './recycle.js';
import { BootFailureDetector } from './boot-failure.js';
import { IdleStopDetector } from './idle-stop.js';
import { LifecycleSummaryDetector } from './lifecycle-summary.js';
import { SignatureFactsDetector } from './signature-facts.js';

/** The detectors, in the order they see each hit and finish (see the list above). A new Timeline makes new ones. */
export const DETECTORS: readonly (new () => Detector)[] = [
  ContextDetector,
  WorkerLifecycleDetector,
  AsgiStartupDetector,
  PlatformRestartsDetector,
  MemoryDetector,
  BindDetector,
  TimeoutsDetector,
  KillsDetector,
  ExitsDetector,
  RequestsDetector,
  RecycleDetector,
  BootFailureDetector,
  IdleStopDetector,
  LifecycleSummaryDetector,
  SignatureFactsDetector,
];

/** A Timeline with every detector, reading what the project files say is configured. */
export function newTimeline(configured: Configured = {}): Timeline {
  return new Timeline(DETECTORS, configured);
}
