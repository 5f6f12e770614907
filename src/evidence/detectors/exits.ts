/**
 * Exits: what a worker's exit code means — boot-failure (exit 3 / 4: Gunicorn's WORKER_BOOT_ERROR / APP_LOAD_ERROR;
 * every worker exiting soon after its boot before serving: a start-up that gives up), worker-crash (an exit with a
 * code after the worker booted), served-then-died.
 *
 * Sequences ("Worker (pid:N) exited with code N", 21.0+; 21.0–23.0 log it twice, counted once): code 3 or 4 confirms
 * a failed start-up (and the pending start-up exception's class); code 0 is a clean exit; a code within
 * KILL_AFTER_TIMEOUT_MS of the pid's WORKER TIMEOUT is the timeout's SystemExit (21.x); during a stop it is the
 * stop's. The rest are decided at the end: two or more exits all within EARLY_EXIT_MS of their worker's boot and
 * before it served is sys.exit in the app's start-up; otherwise crashes.
 */
import type { Hit } from '../events.js';
import type { Detector, Timeline, WorkerState } from '../timeline.js';
import {
  EARLY_EXIT_MS,
  EARLY_EXITS_MIN,
  KILL_AFTER_TIMEOUT_MS,
  MAX_EXAMPLES,
  MAX_EXIT_REPORTED,
  MAX_EXITS,
} from '../thresholds.js';
import { flushPendingBoot } from './boot-failure.js';
import { diedAfterServing } from './worker-lifecycle.js';

interface Exit {
  hit: Hit;
  code: number;
  /** ms since its worker's boot when that was within EARLY_EXIT_MS and before it served; undefined otherwise */
  early: number | undefined;
  served: boolean;
  w?: WorkerState;
}

export class ExitsDetector implements Detector {
  readonly name = 'exits';
  readonly events = ['worker-exit-code'] as const;
  private exits: Exit[] = [];

  on(h: Hit, tl: Timeline): void {
    if (h.event !== 'worker-exit-code') return;
    tl.gunicornLines++;
    const pid = Number(h.captures.pid);
    const code = Number(h.captures.code);
    const w = tl.worker(pid);
    tl.died(pid);
    const to = tl.timedOutAt.get(pid);
    // 21.0–23.0 log two lines for one exit ("exited with code N" and "… N.")
    if (tl.exitReported.has(pid)) return;
    tl.exitReported.add(pid);
    if (tl.exitReported.size > MAX_EXIT_REPORTED) tl.exitReported.clear();
    if (w) w.dead = true;
    if (code === 3 || code === 4) {
      tl.bootFailed = true;
      tl.add(
        'boot-failure',
        h,
        code === 4
          ? 'the worker exited with code 4: the application could not be loaded'
          : 'the worker exited with code 3: it failed to boot',
      );
      flushPendingBoot(tl);
      return;
    }
    if (code === 0) return;
    if (to && tl.near(to, h, KILL_AFTER_TIMEOUT_MS)) return; // 21.x: SystemExit(1) after a timeout
    if (tl.shuttingDown) return;
    tl.workerDeaths++;
    tl.point(h, 'kill');
    // an exit a few seconds after the boot, before any request: the app gave up while starting (sys.exit in init)
    const up = w?.bootTime !== undefined && h.time !== undefined ? h.time - w.bootTime : undefined;
    const early = w && up !== undefined && up <= EARLY_EXIT_MS && tl.requests === w.requestsAtBoot ? up : undefined;
    this.exits.push({ hit: h, code, early, served: w ? tl.requests > w.requestsAtBoot : tl.requests > 0, w });
    if (this.exits.length > MAX_EXITS) this.exits.shift();
  }

  /**
   * Worker exits with a code: every worker (the replacements too) leaving within seconds of its boot, before any
   * request, is a start-up that gives up (sys.exit in the app's init); otherwise a worker crashing on its own.
   */
  finish(tl: Timeline): void {
    const e = this.exits;
    if (!e.length) return;
    if (e.length >= EARLY_EXITS_MIN && e.every((x) => x.early !== undefined)) {
      const x = e[0];
      const secs = Math.round((x.early ?? 0) / 1000);
      tl.add(
        'boot-failure',
        x.hit,
        `every worker exited (code ${x.code}) about ${secs} s after booting, before serving: the app gives up during start-up`,
        'supporting',
      );
      tl.add('problem-signs', x.hit, 'workers exit during start-up');
      return;
    }
    for (const x of e.slice(0, MAX_EXAMPLES)) {
      tl.add('worker-crash', x.hit, `a worker exited with code ${x.code} after it had booted`);
      tl.add('problem-signs', x.hit, 'worker exited with an error');
      diedAfterServing(tl, x.w, x.hit);
    }
    const crashFact = tl.facts.get('worker-crash');
    if (crashFact) crashFact.count = e.length;
  }
}
