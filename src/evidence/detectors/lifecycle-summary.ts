/**
 * Lifecycle summary: the facts about the log as a whole, concluded last from what every other detector found —
 * problem-signs for logs with only an application's own errors, served-requests, gunicorn-log-present,
 * clean-lifecycle (Gunicorn lines or requests and no problem sign at all), and clean-restart demoted to supporting
 * when trouble surrounds it (a restart in the middle of trouble is not a clean deploy).
 *
 * Sequence: error-level lines of something else (a database, the app's framework) count as a problem sign only when
 * there is no Gunicorn line, no request and no other problem sign in the whole log.
 */
import { count } from '../../text/words.js';
import type { Hit } from '../events.js';
import type { Detector, Timeline } from '../timeline.js';

export class LifecycleSummaryDetector implements Detector {
  readonly name = 'lifecycle-summary';
  readonly events = ['app-error'] as const;
  private appErrors = 0;
  private firstAppError?: Hit;

  on(h: Hit): void {
    if (h.event !== 'app-error') return;
    this.appErrors++;
    this.firstAppError ??= h;
  }

  finish(tl: Timeline): void {
    if (this.appErrors && !tl.gunicornLines && !tl.requests && !tl.has('problem-signs')) {
      tl.add(
        'problem-signs',
        this.firstAppError,
        `${count(this.appErrors, 'error line')}, none of them from Gunicorn`,
        'supporting',
      );
    }
    if (tl.requests > 0)
      tl.add(
        'served-requests',
        undefined,
        `${count(tl.requests, 'request')} ${tl.requests === 1 ? 'was' : 'were'} served`,
        'supporting',
      );
    if (tl.gunicornLines > 0)
      tl.add('gunicorn-log-present', undefined, 'the input contains Gunicorn log lines', 'supporting');
    // (how long the excerpt runs — Timeline.firstSeen / lastTime — is what a coverage rule for a bare start-up would
    // read: see README, Known gaps)
    if (!tl.has('problem-signs') && (tl.gunicornLines > 0 || tl.requests > 0))
      tl.add('clean-lifecycle', undefined, 'only clean boots, requests and graceful stops', 'supporting');
    const restart = tl.facts.get('clean-restart');
    // a restart in the middle of trouble is not a clean deploy
    if (restart && tl.has('problem-signs')) restart.strength = 'supporting';
  }
}
