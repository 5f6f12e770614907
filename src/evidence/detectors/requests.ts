/**
 * Requests, the router and proxies in front: served requests and failed ones — problem-signs (5xx, request errors,
 * router errors), router-timeout (H12, a router line at the full 30 s, a proxy's "upstream timed out"),
 * stopped-never-back (H10 after a stop), boot-timeout (H20), served-then-died (H13), wrong-port (a proxy refused
 * while Gunicorn listens on loopback inside a container).
 *
 * Sequences: every access / router line counts as a served request (the scanner counts plain ones in bulk:
 * Timeline.addRequests); the first ERROR_SAMPLES_CITED 5xx or request errors are cited. "Error handling request" right
 * after the pid's WORKER TIMEOUT is the timeout's SystemExit (timeouts decides it); a traceback under it is the
 * request's (boot-failure reads the same line). Heroku H12 lines are kept for the timeouts detector to pair with
 * WORKER TIMEOUTs; H10 after an exit 0 / idle stop with no new start proves it never came back. At the end: a proxy
 * that got "connection refused" while Gunicorn listens on 127.0.0.1 / localhost / [::1] inside a container cannot
 * reach it.
 */
import { isServerError, type Hit } from '../events.js';
import type { Detector, Timeline } from '../timeline.js';
import { ERROR_SAMPLES_CITED, MAX_H12S, ROUTER_WINDOW_MS } from '../thresholds.js';
import { timeoutInsideRequest } from './timeouts.js';

export class RequestsDetector implements Detector {
  readonly name = 'requests';
  readonly events = [
    'request',
    'router-ok',
    'request-error',
    'router-error',
    'proxy-timeout',
    'proxy-bad-gateway',
  ] as const;
  /** a proxy's 502 with "connection refused" */
  private proxyRefused?: Hit;

  on(h: Hit, tl: Timeline): void {
    switch (h.event) {
      case 'request':
      case 'router-ok': {
        if (h.captures.count !== undefined) {
          // a batch of plain request lines counted by the scanner (see addRequests)
          tl.addRequests(Number(h.captures.count), Number(h.captures.errors ?? 0));
          return;
        }
        tl.requests++;
        if (isServerError(h.captures.status)) {
          tl.errorsRequests++;
          if (tl.errorsRequests <= ERROR_SAMPLES_CITED)
            tl.add('problem-signs', h, 'requests failed with 5xx', 'supporting');
        }
        if (h.event === 'router-ok' && Number(h.captures.service) >= ROUTER_WINDOW_MS) {
          tl.add('router-timeout', h, 'a request took the full 30 s router window', 'supporting');
        }
        return;
      }
      case 'request-error':
        tl.gunicornLines++;
        tl.requests++;
        // 22.0+ sync workers log the timeout's SystemExit as a request error: the worker was inside a request
        if (timeoutInsideRequest(tl, h)) return;
        tl.errorsRequests++;
        if (tl.errorsRequests <= ERROR_SAMPLES_CITED)
          tl.add('problem-signs', h, 'a request raised an exception', 'supporting');
        return;
      case 'router-error':
        this.onRouterError(h, tl);
        return;
      case 'proxy-timeout':
        tl.add('router-timeout', h, 'the proxy in front timed out waiting for Gunicorn');
        tl.add('problem-signs', h, 'proxy timeout');
        return;
      case 'proxy-bad-gateway':
        tl.add('problem-signs', h, 'the proxy lost its connection to Gunicorn', 'supporting');
        if (/Connection refused|\b111\b/.test(h.text)) this.proxyRefused ??= h;
        return;
      default:
        return;
    }
  }

  private onRouterError(h: Hit, tl: Timeline): void {
    const code = (h.captures.code ?? '').toUpperCase();
    tl.add(
      'problem-signs',
      h,
      `Heroku router error ${code}`,
      code === 'H12' || code === 'H10' ? 'decisive' : 'supporting',
    );
    if (code === 'H12') {
      tl.add('router-timeout', h, 'the Heroku router gave up on the request after 30 s (H12)');
      if (tl.h12s.length < MAX_H12S) tl.h12s.push(h);
    } else if (code === 'H10') {
      if ((tl.idleStopped || tl.stoppedExit0) && !tl.startedAfterStop) {
        tl.add('stopped-never-back', h, 'after the process stopped, the router finds no running app (H10)');
      }
    } else if (code === 'H20')
      tl.add('boot-timeout', h, 'the router gave up waiting for the dyno to boot (H20)', 'supporting');
    else if (code === 'H13')
      tl.add(
        'served-then-died',
        h,
        'a connection was closed without a response: a worker died mid-request (H13)',
        'supporting',
      );
  }

  finish(tl: Timeline): void {
    // Gunicorn listening on loopback inside a container while the proxy in front gets "connection refused": the
    // proxy (another container) can never reach it — a bind to the wrong address
    const addr = tl.lastListening?.captures.addr ?? '';
    const container = tl.has('platform-docker') || tl.has('platform-kubernetes');
    if (this.proxyRefused && container && /127\.0\.0\.1|localhost|\[::1\]/.test(addr) && !tl.has('wrong-port')) {
      tl.add(
        'wrong-port',
        tl.lastListening,
        `Gunicorn listens on ${addr} inside a container, and the proxy in front is refused: loopback is not reachable from another container`,
        'supporting',
      );
      tl.add('boot-failure', this.proxyRefused, 'the app is up but unreachable from the proxy', 'supporting');
    }
  }
}
