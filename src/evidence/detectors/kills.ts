/**
 * Kills: what a worker's death by a signal means — oom-kill / oom-worker (a SIGKILL from outside, the kernel OOM
 * killer's signature), kill-context-cut, timeout-busy (a SIGKILL escalation of a lone stuck worker), worker-crash
 * (SIGSEGV / SIGABRT / SIGBUS …, a Fatal Python error), worker-died-unknown (the line cut before the number).
 *
 * Sequences ("terminated due to signal N" in 20.1, "was sent SIGKILL!" from 21.0):
 *  - SIGKILL within KILL_AFTER_TIMEOUT_MS after the same pid's WORKER TIMEOUT (or up to STALLED_KILL_MS when the
 *    worker was not reported dead in between: the master stalled too) is the timeout's escalation, not memory; when
 *    that worker timed out alone and was past its start-up it was stuck in a request or native call (timeout-busy);
 *  - SIGKILL while the master is stopping is graceful_timeout's escalation, not memory;
 *  - any other SIGKILL is an outside kill — unless the excerpt starts right there (CUT_WINDOW_MS) and the worker's
 *    boot is not in it: then the WORKER TIMEOUT just before it may be outside the paste (kill-context-cut);
 *  - SIGTERM / SIGINT / SIGQUIT are stops; SIGABRT after a timeout is the timeout's own signal; any other signal is a
 *    crash. Every kill is recorded for the summary (Timeline.kills, by kind).
 */
import type { Hit } from '../events.js';
import type { Detector, Timeline } from '../timeline.js';
import { KILL_AFTER_TIMEOUT_MS, MAX_KILLS, STALLED_KILL_MS } from '../thresholds.js';
import { timedOutTogether } from './timeouts.js';
import { diedAfterServing } from './worker-lifecycle.js';

/** POSIX signal numbers (Linux) */
const SIGNAL_NUMBERS: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
};

/** "SIGKILL" | "9" | "signal 9" | "code 139" → signal number (code 139 = 128+11 with core). */
export function signalNumber(raw: string | undefined): number | undefined {
  if (!raw) return undefined;
  const s = raw.trim().toUpperCase();
  if (s in SIGNAL_NUMBERS) return SIGNAL_NUMBERS[s];
  const code = /^CODE (\d+)$/.exec(s);
  if (code) {
    const n = Number(code[1]);
    return n > 128 ? n - 128 : n & 0x7f;
  }
  const m = /(\d+)$/.exec(s);
  return m ? Number(m[1]) : undefined;
}

export class KillsDetector implements Detector {
  readonly name = 'kills';
  readonly events = ['worker-signal', 'fatal-python-error'] as const;

  on(h: Hit, tl: Timeline): void {
    switch (h.event) {
      case 'worker-signal':
        this.onWorkerSignal(h, tl);
        return;
      case 'fatal-python-error':
        tl.add('worker-crash', h, 'the Python interpreter itself crashed (native code)');
        tl.add('problem-signs', h, 'fatal Python error');
        return;
      default:
        return;
    }
  }

  private onWorkerSignal(h: Hit, tl: Timeline): void {
    tl.gunicornLines++;
    const pid = Number(h.captures.pid);
    const sig = signalNumber(h.captures.signal);
    const w = tl.worker(pid);
    const reportedDead = tl.deadPids.has(pid);
    tl.workerDeaths++;
    tl.died(pid);
    const to = tl.timedOutAt.get(pid);
    // Gunicorn's own escalation comes about a second after the timeout; later when the master itself was stalled
    // (the same disk or CPU starvation): a worker that timed out and was not reported dead since is still that one
    const afterTimeout =
      !!to && (tl.near(to, h, KILL_AFTER_TIMEOUT_MS) || (!reportedDead && tl.near(to, h, STALLED_KILL_MS)));
    const rec = (kind: string) => {
      if (tl.kills.length < MAX_KILLS)
        tl.kills.push({
          time: h.time !== undefined ? new Date(h.time).toISOString() : undefined,
          pid,
          signal: h.captures.signal,
          kind,
          source: h.source,
          line: h.line,
        });
    };
    if (w) w.dead = true;
    if (sig === 9) {
      if (afterTimeout) {
        rec('timeout-escalation');
        // a worker that ignores the timeout's SIGABRT is stuck in a request, native code or I/O; when several
        // workers timed out together it says nothing about a request (a stalled disk holds them all)
        const booting = !!w && tl.requests === w.requestsAtBoot;
        if (to && !timedOutTogether(tl, pid, to) && !booting) {
          tl.busyPids.add(pid);
          tl.add(
            'timeout-busy',
            h,
            'the worker did not stop after the timeout signal and was SIGKILLed after it: stuck in a request or native call',
            'supporting',
          );
        }
        return;
      }
      if (tl.shuttingDown) {
        rec('shutdown-escalation');
        return; // graceful_timeout escalation during a stop: not memory
      }
      rec('oom');
      tl.point(h, 'kill');
      // absence of a WORKER TIMEOUT is evidence only where the excerpt covers the moments before the kill
      // (unless a memory record before it — a kernel OOM line, OOMKilled — already explains it)
      if (tl.filtered(h) && tl.facts.get('oom-kill')?.strength !== 'decisive') {
        tl.add(
          'oom-kill',
          h,
          'a worker was SIGKILLed with no WORKER TIMEOUT shown before it, but the pasted command filtered the log: a timeout line may have been dropped',
          'supporting',
        );
        tl.add(
          'log-filtered',
          h,
          `the log was filtered by the pasted command (line ${tl.filter?.line}): a WORKER TIMEOUT before the kill would not be shown`,
        );
        tl.add('oom-worker', h, 'Gunicorn survived and respawned the worker: the kill hit one worker', 'supporting');
        tl.add('problem-signs', h, 'worker SIGKILL');
        return;
      }
      if (!w && tl.cutBefore(h) && tl.facts.get('oom-kill')?.strength !== 'decisive') {
        tl.add(
          'oom-kill',
          h,
          'a worker was SIGKILLed, but the excerpt starts here: a WORKER TIMEOUT just before it would be outside the paste',
          'supporting',
        );
        tl.add(
          'kill-context-cut',
          h,
          'the SIGKILL is at the start of the excerpt; the lines before it (a WORKER TIMEOUT?) are missing',
        );
        tl.add('oom-worker', h, 'Gunicorn survived and respawned the worker: the kill hit one worker', 'supporting');
        tl.add('problem-signs', h, 'worker SIGKILL');
        return;
      }
      tl.add(
        'oom-kill',
        h,
        'a worker was SIGKILLed with no WORKER TIMEOUT before it and no shutdown in progress: the signature of the kernel OOM killer',
      );
      tl.add('oom-worker', h, 'Gunicorn survived and respawned the worker: the kill hit one worker');
      tl.add('problem-signs', h, 'worker SIGKILL');
      diedAfterServing(tl, w, h);
      return;
    }
    if (sig === 15 || sig === 2 || sig === 3) {
      rec('terminated');
      return;
    }
    if (sig === 6 && afterTimeout) {
      rec('timeout-escalation');
      return;
    }
    if (sig === undefined) {
      rec('unknown');
      tl.point(h, 'kill');
      tl.add(
        'worker-died-unknown',
        h,
        'a worker was killed by a signal, but the line is cut before the signal number: 9 would be a kill from outside (often memory), 11 a crash, 15 a stop',
      );
      tl.add('problem-signs', h, 'a worker died by a signal');
      return;
    }
    rec('crash');
    tl.point(h, 'kill');
    tl.add(
      'worker-crash',
      h,
      `a worker died by signal ${h.captures.signal}: it crashed on its own (usually native code)`,
    );
    tl.add('problem-signs', h, 'worker crash');
    diedAfterServing(tl, w, h);
  }
}
