/**
 * Bind: can Gunicorn bind its address, and can what routes to it reach it — bind-failure, bind-in-use,
 * bind-address; and (R10 and its look-alikes) wrong-port vs boot-timeout.
 *
 * Sequences: "Connection in use" / [Errno 98] (48 on macOS) before the retries is a port held by another process;
 * "Invalid address", or a 23.0+ retry line that names another errno (13 permission, 99 cannot assign), is an address
 * that cannot be bound here; bare "Retrying in 1 second." lines with no "Connection in use" (up to 22.x Gunicorn logs
 * it before each retry when the port is taken) are an unbindable address too — decisive from BIND_RETRIES_DECISIVE on.
 * A platform that finds nothing listening on its port (Heroku R10, Cloud Run, Fly, Render) after "Listening at" is a
 * bind to the wrong address or port; before any "Listening at" a start-up too slow (decisive only when Gunicorn's own
 * lines are in the log). Every bind line is also start-up failure evidence (boot-failure, class bind-failure).
 */
import type { Hit } from '../events.js';
import type { Detector, Timeline } from '../timeline.js';
import { BIND_RETRIES_DECISIVE, MAX_EXAMPLES } from '../thresholds.js';
import { bootEvidence } from './boot-failure.js';

/** Heroku R10 and its look-alikes on other platforms: bound to the wrong address, or not bound yet (slow start). */
export function portNotListening(tl: Timeline, h: Hit, what: string): void {
  tl.platformEvents++;
  tl.add('problem-signs', h, what);
  const addr = tl.listening?.captures.addr;
  if (tl.listening) {
    const local = addr && /127\.0\.0\.1|localhost|\[::1\]|unix:/.test(addr);
    tl.add(
      'wrong-port',
      h,
      `Gunicorn was listening (${addr ?? 'somewhere'})${local ? ', which the platform cannot reach,' : ''} yet ${what}: wrong host or port`,
    );
    tl.add('boot-failure', h, 'the platform could not reach the port Gunicorn bound');
  } else {
    // without any Gunicorn line we cannot tell a slow start from a bind to the wrong address: not decisive
    tl.add(
      'boot-timeout',
      h,
      `${what}, and Gunicorn had not logged "Listening at" yet`,
      tl.gunicornLines ? 'decisive' : 'supporting',
    );
    tl.add('boot-failure', h, 'the process failed to come up in time', 'supporting');
  }
}

export class BindDetector implements Detector {
  readonly name = 'bind';
  readonly events = ['bind-in-use', 'bind-give-up', 'bind-invalid', 'bind-retry', 'port-not-listening'] as const;
  /** what the bind failures said: Connection in use / Errno 98, an unbindable address, or bare retries */
  private inUse?: Hit;
  private address?: Hit;
  private retries: Hit[] = [];

  on(h: Hit, tl: Timeline): void {
    switch (h.event) {
      case 'bind-in-use':
      case 'bind-give-up':
      case 'bind-invalid':
      case 'bind-retry': {
        const errno = Number(h.captures.errno);
        if (h.event === 'bind-in-use' || errno === 98 || errno === 48) this.inUse ??= h;
        else if (h.event === 'bind-invalid' || (h.event === 'bind-retry' && Number.isFinite(errno))) this.address ??= h;
        else if (h.event === 'bind-retry' && this.retries.length < MAX_EXAMPLES) this.retries.push(h);
        bootEvidence(
          tl,
          'bind-failure',
          h,
          h.event === 'bind-retry'
            ? `Gunicorn could not bind its listening socket and retries every second${h.captures.detail ? ` (${h.captures.detail})` : ''}`
            : 'Gunicorn could not bind its listening socket',
        );
        return;
      }
      case 'port-not-listening':
        portNotListening(tl, h, 'the platform found nothing listening on the port it routes to');
        return;
      default:
        return;
    }
  }

  finish(tl: Timeline): void {
    if (this.inUse)
      tl.add('bind-in-use', this.inUse, 'another process holds the address (Connection in use / Errno 98)');
    else if (this.address)
      tl.add(
        'bind-address',
        this.address,
        `the address cannot be bound on this host${this.address.captures.detail ? ` (${this.address.captures.detail})` : ''}: not a port held by another process`,
      );
    else if (this.retries.length) {
      // up to 22.x Gunicorn logs "Connection in use" right before each retry when the port is taken
      const r = this.retries;
      tl.add(
        'bind-address',
        r[0],
        `Gunicorn retried the bind ${r.length > 1 ? `${r.length}+ times` : 'once'} without ever saying "Connection in use": the address itself cannot be bound here (IPv6 disabled while binding [::], an address not on this host)`,
        r.length >= BIND_RETRIES_DECISIVE ? 'decisive' : 'supporting',
      );
    }
  }
}
