/**
 * ASGI start-up: an ASGI app (uvicorn workers) whose start-up never completed before something killed it —
 * boot-timeout (a slow start-up).
 *
 * Sequence: uvicorn's "Waiting for application startup." for a worker pid with no "Application startup complete."
 * after it, a kill of any kind (a probe kill, a WORKER TIMEOUT, a worker SIGKILL or crash), and no request served:
 * the app starts too slowly for what watches it — whatever order the paste puts the platform lines in, so it is
 * decided at the end (first of all the conclusions).
 */
import type { Hit } from '../events.js';
import type { Detector, Timeline } from '../timeline.js';
import { MAX_ASGI_STARTING } from '../thresholds.js';

export class AsgiStartupDetector implements Detector {
  readonly name = 'asgi-startup';
  readonly events = ['asgi-startup'] as const;
  /** ASGI workers whose start-up (lifespan) began and has not completed */
  private starting = new Map<number, Hit>();

  on(h: Hit, tl: Timeline): void {
    if (h.event !== 'asgi-startup') return;
    tl.gunicornLines++;
    const pid = h.pid;
    if (pid === undefined) return;
    if (h.captures.done) this.starting.delete(pid);
    else if (this.starting.size < MAX_ASGI_STARTING) this.starting.set(pid, h);
  }

  finish(tl: Timeline): void {
    // ASGI workers still inside their start-up when something killed them (a probe, Gunicorn's timeout, a SIGKILL):
    // the app starts too slowly for what watches it — whatever order the paste puts the platform lines in
    const starting = [...this.starting.values()];
    const killed = tl.has('probe-kill') || tl.timeouts > 0 || tl.kills.some((k) => k.kind !== 'terminated');
    if (starting.length && killed && tl.requests === 0) {
      tl.add(
        'boot-timeout',
        starting[0],
        `the ASGI app's start-up (lifespan) began ("Waiting for application startup.") and never completed before the worker or container was killed: it starts too slowly for the probe or the timeout`,
      );
    }
  }
}
