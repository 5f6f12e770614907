/**
 * Worker lifecycle: the master's starts and stops and the pool of workers it keeps — master-restarted,
 * clean-restart (a graceful stop followed by a clean new start), silent-worker-death, and (through diedAfterServing,
 * for the kills and exits detectors) served-then-died.
 *
 * Sequences: "Starting gunicorn" opens a new master (its workers replace the old ones; a second start, or one after
 * "Shutting down" or an exit 0, is a restart); "Booting worker" within SPAWN_WINDOW_MS of the start is the initial
 * spawn, any later boot replaces a worker that went away — when none was seen going (no exit, kill or timeout; and no
 * HUP / TTIN that asks for new workers) one died silently (Gunicorn up to 20.0 logs nothing for a SIGKILL or a
 * crash); "Handling signal: term/int/quit" and "Shutting down" put the master in its stop; "Worker exiting" marks a
 * worker gone. Keeps the worker registry (Timeline.workers: boot time, requests served before the boot) that the other
 * detectors read.
 */
import type { Hit } from '../events.js';
import type { Detector, Timeline, WorkerState } from '../timeline.js';
import { MAX_WORKERS, SPAWN_WINDOW_MS } from '../thresholds.js';
import { processStarted } from './idle-stop.js';

/** a worker died: if it had served requests (or, unknown worker, anything was served), it served and then died */
export function diedAfterServing(tl: Timeline, w: WorkerState | undefined, h: Hit): void {
  if (w ? tl.requests > w.requestsAtBoot : tl.requests > 0) {
    tl.add('served-then-died', h, 'the worker had been serving requests before it died');
  }
}

export class WorkerLifecycleDetector implements Detector {
  readonly name = 'worker-lifecycle';
  readonly events = [
    'master-start',
    'listening',
    'using-worker',
    'worker-boot',
    'worker-exit',
    'shutdown',
    'handling-signal',
    'graceful-timeout',
    'parent-changed',
    'gunicorn-noise',
  ] as const;
  private masterStartTime?: number;
  /** without a master start in the excerpt (a grep, a tail), the first boot seen opens the spawn window */
  private firstBootTime?: number;

  on(h: Hit, tl: Timeline): void {
    switch (h.event) {
      case 'master-start':
        this.onMasterStart(h, tl);
        return;
      case 'listening':
        tl.listening = h;
        tl.lastListening = h;
        tl.gunicornLines++;
        return;
      case 'using-worker':
        tl.gunicornLines++;
        return;
      case 'worker-boot':
        this.onWorkerBoot(h, tl);
        return;
      case 'worker-exit': {
        // (boot-failure reads the same line: a usage error or a start-up traceback just before it)
        tl.gunicornLines++;
        const pid = Number(h.captures.pid ?? h.pid);
        const w = tl.worker(pid);
        if (w && !w.timedOut && !tl.shuttingDown) tl.point(h, 'exit');
        if (w) w.dead = true;
        tl.died(pid);
        return;
      }
      case 'shutdown':
        tl.gunicornLines++;
        tl.lastShutdown = h;
        tl.masterRunning = false;
        tl.shuttingDown = true;
        tl.point(h, 'master');
        return;
      case 'handling-signal': {
        // (recycle reads the other signals: hup, ttin, ttou, winch, usr1, chld)
        tl.gunicornLines++;
        const sig = (h.captures.signal ?? '').toLowerCase();
        if (sig === 'term' || sig === 'int' || sig === 'quit') {
          tl.stopRequested = h;
          tl.shuttingDown = true;
        }
        return;
      }
      case 'graceful-timeout':
      case 'parent-changed':
      case 'gunicorn-noise':
        tl.gunicornLines++;
        return;
      default:
        return;
    }
  }

  private onMasterStart(h: Hit, tl: Timeline): void {
    tl.gunicornLines++;
    tl.masterStarts++;
    tl.spawnPhase = true;
    this.masterStartTime = h.time;
    tl.deathsPending = 0;
    tl.respawnAllowed = false;
    tl.point(h, 'master');
    if (tl.masterStarts > 1 || tl.lastShutdown || tl.stoppedExit0) {
      tl.add('master-restarted', h, 'Gunicorn started again after the previous master ended');
      if (tl.stopRequested && tl.lastShutdown && !tl.bootFailed) {
        tl.add('clean-restart', h, 'a graceful stop was followed by a clean new start', 'supporting');
      }
    }
    processStarted(tl);
    tl.masterRunning = true;
    tl.shuttingDown = false;
    tl.stopRequested = undefined;
    tl.listening = undefined;
    // workers of a previous master are gone
    tl.workers.clear();
  }

  private onWorkerBoot(h: Hit, tl: Timeline): void {
    tl.gunicornLines++;
    tl.workerBoots++;
    tl.point(h, 'boot');
    const pid = Number(h.captures.pid ?? h.pid);
    if (!Number.isFinite(pid)) return;
    // every boot after the initial spawn replaces a worker that went away; if none was seen going, it died silently
    // without a master start in the excerpt (a grep, a tail), the first boot seen opens the spawn window
    if (tl.masterStarts === 0 && this.firstBootTime === undefined) {
      this.firstBootTime = h.time;
      tl.spawnPhase = true;
    }
    const since = this.masterStartTime ?? (tl.masterStarts === 0 ? this.firstBootTime : undefined);
    const initial = tl.spawnPhase && (since === undefined || h.time === undefined || h.time - since <= SPAWN_WINDOW_MS);
    if (!initial && (tl.masterStarts > 0 || this.firstBootTime !== undefined)) {
      if (tl.deathsPending > 0) tl.deathsPending--;
      else if (!tl.respawnAllowed) {
        // what a replacement without a logged death means depends on what this version logs (arbiter.reap_workers):
        // ≤20.0 logs neither signal deaths nor exit codes; 20.1 logs signal deaths only; 21+ logs both
        const v = versionRange(tl);
        if (v === '20.1') {
          tl.add(
            'silent-worker-death',
            h,
            'a new worker booted although no worker was seen exiting; Gunicorn 20.1 logs every death by a signal, so this one exited on its own with a code 20.1 does not print (sys.exit / os._exit in the app, a crash in an extension that exits)',
          );
          tl.add(
            'worker-crash',
            h,
            'a worker exited on its own (20.1 prints signal deaths, not exit codes)',
            'supporting',
          );
        } else if (v === '21+') {
          tl.add(
            'silent-worker-death',
            h,
            'a new worker booted although no worker was seen exiting; this Gunicorn logs signal deaths and non-zero exits, so the lines were filtered out of the paste or the worker exited 0',
            'supporting',
          );
        } else {
          tl.add(
            'silent-worker-death',
            h,
            'a new worker booted although no worker was seen exiting: one died without a trace (Gunicorn up to 20.0 logs nothing when a worker is killed or crashes — the kernel log says whether it was the OOM killer or a segfault)',
          );
        }
        tl.add('problem-signs', h, 'a worker died silently', 'supporting');
      }
    }
    tl.deadPids.delete(pid);
    tl.exitReported.delete(pid); // pids are reused (a new container starts at 1, 7, 8 … again)
    if (tl.workers.size >= MAX_WORKERS) tl.workers.clear();
    tl.workers.set(pid, {
      pid,
      bootTime: h.time,
      bootLine: h.line,
      bootSource: h.source,
      requestsAtBoot: tl.requests,
      ...(h.proc ? { proc: h.proc } : {}),
    });
  }
}

/** The Gunicorn version range as far as the log tells it so far: from "Starting gunicorn X", else from wording. */
function versionRange(tl: Timeline): '≤20.0' | '20.1' | '21+' | undefined {
  const ver = tl.gunicornVersion();
  if (ver) {
    const [maj, min] = [ver.major, ver.minor];
    return maj < 20 || (maj === 20 && min === 0) ? '≤20.0' : maj === 20 ? '20.1' : '21+';
  }
  if (tl.has('version-20-1')) return '20.1';
  if (tl.has('version-21-23') || tl.has('version-24-plus')) return '21+';
  if (tl.has('version-19-20-0')) return '≤20.0';
  return undefined;
}
