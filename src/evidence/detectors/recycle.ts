/**
 * Recycle: workers restarted on purpose, and signals that restart nothing — max-requests, reload, harmless-signal.
 *
 * Sequences: "Autorestarting worker after current request." is max_requests; "Worker reloading: <file> modified" and
 * "Hang up: Master" / "Handling signal: hup" are reloads (after HUP the master boots new workers without a death
 * first: Timeline.respawnAllowed, read by worker-lifecycle); "Reloader is on" says --reload is on (supporting);
 * TTIN / TTOU again and again (SCALE_SIGNALS_REFRESH) is a deliberate worker refresh (a TTIN boot is no silent death:
 * it counts as a pending replacement); WINCH / USR1 / CHLD are only logged. Term / int / quit are stops
 * (worker-lifecycle).
 */
import type { Hit } from '../events.js';
import type { Detector, Timeline } from '../timeline.js';
import { SCALE_SIGNALS_REFRESH } from '../thresholds.js';

export class RecycleDetector implements Detector {
  readonly name = 'recycle';
  readonly events = ['autorestart', 'reload-modified', 'reloader-on', 'hang-up', 'handling-signal'] as const;
  /** TTIN / TTOU signals seen */
  private scaleSignals = 0;

  on(h: Hit, tl: Timeline): void {
    switch (h.event) {
      case 'autorestart':
        tl.gunicornLines++;
        tl.recycles++;
        tl.point(h, 'recycle');
        tl.add('max-requests', h, 'the worker reached max_requests and restarted on purpose');
        return;
      case 'reload-modified':
      case 'reloader-on':
        tl.gunicornLines++;
        if (h.event === 'reload-modified') {
          tl.reloads++;
          tl.point(h, 'recycle');
          tl.add('reload', h, 'the code reloader restarted the worker after a file changed');
        } else tl.add('reload', h, '--reload is on: workers restart whenever a file changes', 'supporting');
        return;
      case 'hang-up':
        tl.respawnAllowed = true;
        tl.gunicornLines++;
        tl.reloads++;
        tl.add('reload', h, 'the master received SIGHUP and reloaded its workers');
        return;
      case 'handling-signal':
        // (worker-lifecycle counts the line and reads term / int / quit)
        this.onSignal(h, tl);
        return;
      default:
        return;
    }
  }

  private onSignal(h: Hit, tl: Timeline): void {
    const sig = (h.captures.signal ?? '').toLowerCase();
    if (sig === 'ttin' || sig === 'ttou') {
      if (sig === 'ttin') tl.deathsPending++;
      if (++this.scaleSignals >= SCALE_SIGNALS_REFRESH)
        tl.add(
          'reload',
          h,
          "the master is told to add and remove workers (TTIN/TTOU) again and again: a deliberate worker refresh (Airflow's webserver does this)",
          'supporting',
        );
    } else if (sig === 'hup') {
      tl.respawnAllowed = true;
      tl.reloads++;
      tl.add('reload', h, 'the master received SIGHUP (a reload request)');
    } else if (sig === 'winch' || sig === 'usr1' || sig === 'chld') {
      const what =
        sig === 'winch'
          ? 'a terminal resize (SIGWINCH): Gunicorn logs it and, not daemonized, ignores it'
          : sig === 'usr1'
            ? 'SIGUSR1: Gunicorn reopens its log files'
            : 'SIGCHLD: a child changed state';
      tl.add('harmless-signal', h, `${what}; nothing restarts because of it`, 'supporting');
    }
  }
}
