/**
 * Idle and stop: what happened after the process stopped — idle-stop (Heroku's idle trap), idle-woke (an idled dyno
 * woken again), stopped-never-back, stopped-at-end.
 *
 * Sequences: Heroku "Idling" → "Stopping all processes with SIGTERM" → "Process exited with status 0" with no new
 * start is the idle trap, proven when the log goes on COVERAGE_AFTER_STOP_MS after it (or an H10 follows: the requests
 * detector) and only possible when the excerpt ends there; "Unidling" (or any new start) after it is a dyno that
 * sleeps and wakes. An exit 0 with no new start is "never came back" only where the log goes on long enough after
 * it, and not when a probe kill or a restart policy explains it; otherwise it is a stop at the end of the excerpt.
 * The stop state lives on the Timeline (idling, idleStopped, stoppedExit0, startedAfterStop): platform exits and
 * starts (processStarted / exitedZero, called by the platform-restarts and worker-lifecycle detectors) and Heroku's
 * H10 (requests) read and write it.
 */
import type { Hit } from '../events.js';
import type { Detector, Timeline } from '../timeline.js';
import { COVERAGE_AFTER_STOP_MS } from '../thresholds.js';

/** the platform (or Gunicorn) started a new process: whatever stopped before came back */
export function processStarted(tl: Timeline): void {
  if (tl.stoppedExit0 || tl.idleStopped) tl.startedAfterStop = true;
  tl.stoppedExit0 = undefined;
  tl.idleStopped = undefined;
  tl.idling = undefined;
}

/** the whole process exited with status 0 (a stop; after Idling, the idled dyno's exit) */
export function exitedZero(tl: Timeline, h: Hit): void {
  if (tl.idleStopped || tl.idling) tl.idleStopped = h;
  tl.stoppedExit0 = h;
  tl.startedAfterStop = false;
}

export class IdleStopDetector implements Detector {
  readonly name = 'idle-stop';
  readonly events = ['heroku-stop', 'heroku-idling', 'heroku-unidling'] as const;

  on(h: Hit, tl: Timeline): void {
    switch (h.event) {
      case 'heroku-stop':
        tl.platformEvents++;
        if (/TERM/i.test(h.captures.signal ?? '')) {
          tl.stopRequested = h;
          tl.shuttingDown = true;
          if (tl.idling) tl.idleStopped = h;
        }
        return;
      case 'heroku-idling':
        tl.platformEvents++;
        tl.idling = h;
        return;
      case 'heroku-unidling':
        tl.platformEvents++;
        if (tl.idling || tl.idleStopped)
          tl.add(
            'idle-woke',
            h,
            'Heroku idled the dyno and woke it again on the next request: the normal life of a sleeping dyno',
          );
        tl.idling = undefined;
        tl.idleStopped = undefined;
        tl.startedAfterStop = true;
        return;
      default:
        return;
    }
  }

  finish(tl: Timeline): void {
    const idle = tl.idleStopped;
    // the end of an excerpt is not "never came back": the log must go on for a while after the stop
    const coveredAfter = (x: Hit) =>
      x.time !== undefined && tl.lastTime !== undefined && tl.lastTime - x.time >= COVERAGE_AFTER_STOP_MS;
    if (
      !idle &&
      tl.stoppedExit0 &&
      coveredAfter(tl.stoppedExit0) &&
      !tl.startedAfterStop &&
      !tl.has('stopped-never-back') &&
      !tl.has('probe-kill') &&
      !tl.has('platform-restart') &&
      !tl.has('policy-restart')
    ) {
      tl.add(
        'stopped-never-back',
        tl.stoppedExit0,
        'the process exited 0 after a stop request and the input shows no new start',
        'supporting',
      );
    }
    if (tl.stoppedExit0 && !tl.startedAfterStop && !coveredAfter(tl.stoppedExit0) && !tl.has('stopped-never-back')) {
      tl.add(
        'stopped-at-end',
        tl.stoppedExit0,
        'the process stopped (exit 0) and the excerpt ends there: no new start is shown, but the log does not go on long enough to prove it never came back',
        'supporting',
      );
    }
    if (idle && !tl.startedAfterStop) {
      // the trap is proven by what follows (H10, or the log going on without a start); an excerpt that ends at the
      // exit shows only the possibility — a dyno that idles and wakes on the next request looks the same up to here
      const proven = tl.has('stopped-never-back') || coveredAfter(idle);
      tl.add(
        'idle-stop',
        idle,
        proven
          ? 'Heroku idled the dyno, Gunicorn exited 0 on SIGTERM, and nothing started it again'
          : 'Heroku idled the dyno and Gunicorn exited 0 on SIGTERM; the excerpt ends there, so whether it woke on the next request is not shown',
        proven ? 'decisive' : 'supporting',
      );
      tl.add('stopped-never-back', idle, 'the process stopped and was not started again', 'supporting');
    }
  }
}
