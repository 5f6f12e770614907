/**
 * Timeouts: what Gunicorn's WORKER TIMEOUTs were — boot-timeout (a boot loop: workers killed while still starting,
 * up to 21.2), timeouts-lockstep, worker-timeout, served-then-died, timeout-busy (stuck in a request),
 * timeout-idle (heartbeat trouble), router-before-timeout.
 *
 * Sequences, decided at the end over every timeout:
 *  - boot loop: every timed-out worker booted in the excerpt and served nothing before its timeout, at least two of
 *    them, at a steady boot → timeout gap (STEADY_GAP_SPREAD_S) or, with no request served at all, gaps no longer
 *    than the default timeout allows (SHORT_GAP_S) — only where the import counts against the timeout (< 22.0);
 *  - otherwise runtime timeouts; three or more workers in one TIMEOUT_BURST_MS burst with nothing served anywhere are
 *    the pool still starting (lockstep, supporting a slow start-up);
 *  - busy: a request error of the pid right after its timeout (22.0+ logs the timeout's SystemExit so; see
 *    timeoutInsideRequest, called by the requests detector), a SIGKILL escalation of a lone worker (kills), an H12
 *    within H12_ALIGNED_MS; an H12 well before the timeout means the router's deadline is the shorter one;
 *  - idle: bursts of three, pairs again and again, or any gthread worker timing out (its requests run in threads).
 * Records each timeout on the Timeline (timedOutAt, per pid) for the kills, exits and requests detectors.
 */
import type { Hit } from '../events.js';
import type { Detector, Timeline } from '../timeline.js';
import {
  BOOT_LOOP_MIN_TIMEOUTS,
  H12_ALIGNED_MS,
  H12_EARLY_MAX_MS,
  IMPORT_NOT_TIMED_FROM_MAJOR,
  MAX_EXAMPLES,
  MAX_TIMED_OUT_PIDS,
  MAX_TIMEOUT_CANDIDATES,
  REQUEST_ERROR_AFTER_TIMEOUT_MS,
  REQUEST_ERROR_ON_TIMEOUT_FROM_MAJOR,
  ROUTER_FIRST_MIN_SHARE,
  SHORT_GAP_S,
  STEADY_GAP_SPREAD_S,
  TIMEOUT_BURST_MS,
  TIMEOUT_BURST_WORKERS,
  TIMEOUT_PAIRS_REPEATED,
} from '../thresholds.js';

/**
 * "Error handling request" of a pid right after its WORKER TIMEOUT: 22.0+ sync workers log the timeout's SystemExit
 * so — the worker was inside a request (timeout-busy). True when it was; the requests detector counts it otherwise.
 */
export function timeoutInsideRequest(tl: Timeline, h: Hit): boolean {
  const pid = h.pid;
  const to = pid !== undefined ? tl.timedOutAt.get(pid) : undefined;
  if (pid !== undefined && to && tl.near(to, h, REQUEST_ERROR_AFTER_TIMEOUT_MS)) {
    tl.busyPids.add(pid);
    tl.add('timeout-busy', h, 'the timed-out worker was handling a request when it was killed');
    return true;
  }
  return false;
}

/** did another worker time out within TIMEOUT_BURST_MS of this pid's timeout? */
export function timedOutTogether(tl: Timeline, pid: number, to: Hit): boolean {
  for (const [p, t] of tl.timedOutAt)
    if (p !== pid && t.time !== undefined && to.time !== undefined && Math.abs(t.time - to.time) <= TIMEOUT_BURST_MS)
      return true;
  return false;
}

interface Candidate {
  hit: Hit;
  pid: number;
  /** seconds from the worker's boot, when its boot is in the excerpt */
  gap?: number;
  /** true = booted in the excerpt and nothing was served since; false = it (or the log) served since its boot;
   * undefined = its boot lies outside the excerpt (nothing is known) */
  unserved?: boolean;
}

export class TimeoutsDetector implements Detector {
  readonly name = 'timeouts';
  readonly events = ['worker-timeout', 'worker-exit', 'worker-exit-code'] as const;
  private candidates: Candidate[] = [];
  /** timed-out workers seen leaving (Worker exiting / exited with code 1) right after their timeout */
  private quietExit = new Map<number, Hit>();

  on(h: Hit, tl: Timeline): void {
    if (h.event === 'worker-exit' || h.event === 'worker-exit-code') {
      const pid = Number(h.captures.pid ?? h.pid);
      const to = tl.timedOutAt.get(pid);
      if (to && tl.near(to, h, REQUEST_ERROR_AFTER_TIMEOUT_MS) && this.quietExit.size < MAX_TIMED_OUT_PIDS)
        this.quietExit.set(pid, h);
      return;
    }
    if (h.event !== 'worker-timeout') return;
    tl.gunicornLines++;
    tl.timeouts++;
    tl.point(h, 'timeout');
    const pid = Number(h.captures.pid);
    const w = tl.worker(pid);
    tl.add('problem-signs', h, 'WORKER TIMEOUT');
    if (w) w.timedOut = h;
    tl.timedOutAt.set(pid, h);
    if (tl.timedOutAt.size > MAX_TIMED_OUT_PIDS) tl.timedOutAt.clear();
    const gap = w?.bootTime !== undefined && h.time !== undefined ? (h.time - w.bootTime) / 1000 : undefined;
    this.candidates.push({ hit: h, pid, gap, unserved: w ? tl.requests === w.requestsAtBoot : undefined });
    if (this.candidates.length > MAX_TIMEOUT_CANDIDATES) this.candidates.shift();
  }

  /** Decide, with the whole sequence known, whether timeouts were a boot loop or runtime timeouts. */
  finish(tl: Timeline): void {
    const c = this.candidates;
    if (!c.length) return;
    const busyPids = tl.busyPids;
    const unserved = c.filter((t) => t.unserved === true && !busyPids.has(t.pid));
    const gaps = unserved.map((t) => t.gap).filter((g): g is number => g !== undefined);
    const steady =
      gaps.length >= BOOT_LOOP_MIN_TIMEOUTS && Math.max(...gaps) - Math.min(...gaps) <= STEADY_GAP_SPREAD_S;
    // from 22.0 the import no longer counts against the timeout: no boot loop can come from it
    const ver = tl.gunicornVersion();
    const importCounted = !ver || ver.major < IMPORT_NOT_TIMED_FROM_MAJOR;
    // with the configured timeout known, one unserved worker timing out that many seconds after its boot is already
    // the loop's signature ("this worker timed out `timeout` s after it booted and never served a request")
    const cfgTimeout = tl.configured.timeout;
    const atTimeout =
      cfgTimeout !== undefined && gaps.length > 0 && gaps.every((g) => Math.abs(g - cfgTimeout) <= STEADY_GAP_SPREAD_S);
    // one timeout of a worker that served nothing is as likely a slow first request (access log off) as a slow
    // start-up: a loop needs at least two, at a steady interval or with no request served at all
    // steady gaps (≈ the timeout, whatever it is) or, without requests, gaps no longer than the default timeout allows
    const short = gaps.length === unserved.length && gaps.every((g) => g <= SHORT_GAP_S);
    const bootLoop =
      importCounted &&
      unserved.length === c.length &&
      ((c.length >= BOOT_LOOP_MIN_TIMEOUTS && (steady || (tl.requests === 0 && short))) ||
        (atTimeout && gaps.length === c.length));
    if (bootLoop) {
      tl.cadenceGaps.push(...gaps);
      const avg = gaps.length ? Math.round(gaps.reduce((a, b) => a + b, 0) / gaps.length) : undefined;
      for (const t of unserved.slice(0, MAX_EXAMPLES)) {
        tl.add(
          'boot-timeout',
          t.hit,
          `workers time out ${avg !== undefined ? `about ${avg} s after booting ` : ''}before serving any request${atTimeout ? ` — your configured timeout is ${cfgTimeout} s` : ''}: start-up takes longer than the timeout (counted against it up to Gunicorn 21.2)`,
        );
      }
      return;
    }
    for (const t of c.slice(0, MAX_EXAMPLES)) {
      tl.add(
        'worker-timeout',
        t.hit,
        'Gunicorn killed a worker that stopped answering its heartbeat for longer than the timeout',
      );
    }
    const served = c.find((t) => t.unserved === false);
    if (served) tl.add('served-then-died', served.hit, 'the worker had been serving requests before it timed out');
    // every worker of the pool timing out in the same couple of seconds while nothing at all was served: workers that
    // were spawned together and are still starting (a slow import, a model load). A stalled heartbeat disk looks alike,
    // so this only supports the slow start-up; the time since the boots (not in the excerpt) would decide.
    const t0 = c[0].hit.time;
    const burst = c.filter((t) => t0 !== undefined && t.hit.time !== undefined && t.hit.time - t0 <= TIMEOUT_BURST_MS);
    if (
      !bootLoop &&
      burst.length >= TIMEOUT_BURST_WORKERS &&
      burst.length === c.length &&
      tl.requests === 0 &&
      !tl.has('router-timeout') &&
      c.every((t) => t.unserved !== false)
    ) {
      tl.add(
        'timeouts-lockstep',
        c[0].hit,
        `${burst.length} workers timed out within two seconds and no request was served anywhere in the log: they were most likely still starting (a stalled heartbeat disk looks the same; how long after their boot they timed out would decide)`,
        'supporting',
      );
      tl.add(
        'boot-timeout',
        c[0].hit,
        `${burst.length} workers timed out together before any request was served`,
        'supporting',
      );
    }
    const timeoutFact = tl.facts.get('worker-timeout');
    if (timeoutFact) timeoutFact.count = c.length;
    // pair each timeout with the nearest H12 before it (or within a few seconds after): aligned = the worker was
    // stuck in that request; 5–300 s earlier = the router's deadline is shorter than Gunicorn's timeout
    let aligned: Hit | undefined;
    const early: { t: Hit; r: Hit; gap: number }[] = [];
    for (const t of c) {
      if (t.hit.time === undefined) continue;
      let nearest: { hit: Hit; time: number } | undefined;
      for (const r of tl.h12s) {
        if (r.time === undefined || r.time - t.hit.time > H12_ALIGNED_MS) continue;
        if (!nearest || Math.abs(t.hit.time - r.time) < Math.abs(t.hit.time - nearest.time))
          nearest = { hit: r, time: r.time };
      }
      if (!nearest) continue;
      const gap = t.hit.time - nearest.time;
      if (Math.abs(gap) <= H12_ALIGNED_MS) aligned ??= nearest.hit;
      else if (gap > H12_ALIGNED_MS && gap <= H12_EARLY_MAX_MS) early.push({ t: t.hit, r: nearest.hit, gap });
    }
    if (aligned)
      tl.add(
        'timeout-busy',
        aligned,
        'the router timed out a request (H12) at the same moment Gunicorn timed out the worker: it was stuck in that request',
      );
    if (early.length && early.length >= c.length * ROUTER_FIRST_MIN_SHARE) {
      const { r, gap } = early[0];
      tl.add(
        'router-before-timeout',
        r,
        `the router timed out the request (H12) ${Math.round(gap / 1000)} s before Gunicorn's WORKER TIMEOUT: Gunicorn's timeout is longer than the router's 30 s`,
      );
    }
    // several workers timing out together, none of them inside a request, nothing slow in front: heartbeat trouble.
    // Timeouts of idle workers: three or more workers in the same two seconds, or pairs again and again (one slow
    // request holds one worker; a burst of slow requests rarely hits several workers twice), or any timeout of a
    // gthread worker (its requests run in threads: a slow one does not stop the heartbeat)
    const bursts: number[] = [];
    let start: number | undefined;
    for (const t of c) {
      if (t.hit.time === undefined) continue;
      if (start !== undefined && t.hit.time - start <= TIMEOUT_BURST_MS) bursts[bursts.length - 1]++;
      else {
        start = t.hit.time;
        bursts.push(1);
      }
    }
    const gthread = /gthread|thread/i.test(tl.workerClass() ?? '');
    // 22.0+ sync workers: a timeout inside a request logs "Error handling request"; timed-out workers that left without
    // it were idle — the heartbeat, not a request, went stale
    const cls = tl.workerClass();
    const sync = cls === undefined || /^sync$/i.test(cls);
    const logsRequestError = ver !== undefined && ver.major >= REQUEST_ERROR_ON_TIMEOUT_FROM_MAJOR && sync;
    const quiet = c.filter((t) => this.quietExit.has(t.pid) && !busyPids.has(t.pid));
    if (
      ver &&
      logsRequestError &&
      quiet.length &&
      quiet.length === c.filter((t) => this.quietExit.has(t.pid)).length &&
      !tl.has('timeout-busy') &&
      !tl.has('router-timeout') &&
      !tl.has('timeouts-lockstep')
    ) {
      tl.add(
        'timeout-idle',
        quiet[0].hit,
        `Gunicorn ${ver.text}${ver.from === 'config' ? ' (from your project)' : ''} logs "Error handling request" when it times out a sync worker inside a request; ${quiet.length > 1 ? `${quiet.length} timed-out workers` : 'the timed-out worker'} left without it: idle, its heartbeat went stale`,
      );
    }
    const idleShape =
      bursts.some((n) => n >= TIMEOUT_BURST_WORKERS) ||
      bursts.filter((n) => n >= 2).length >= TIMEOUT_PAIRS_REPEATED ||
      gthread;
    if (idleShape && !tl.has('timeouts-lockstep') && !tl.has('timeout-busy') && !tl.has('router-timeout')) {
      tl.add(
        'timeout-idle',
        c[0].hit,
        gthread
          ? "a gthread worker timed out: its requests run in threads, so a slow request does not stop its heartbeat — something blocked the worker itself (the heartbeat file's disk, a call holding the GIL)"
          : 'several workers timed out together with no request shown in flight: one slow request holds one worker, not several at once',
        'supporting',
      );
    }
  }
}
