import { DEFAULT_KILL_WINDOW_S } from '../../remedy/suggest.js';
import type { Rule } from '../types.js';
import { killWindow } from './util.js';

export const rule: Rule = {
  meta: {
    id: 'systemd-timeout-stop',
    severity: 'warning',
    title: 'TimeoutStopSec is not longer than graceful_timeout',
    platforms: ['systemd'],
    gunicorn: '*',
    cause: 'platform-restart',
    sources: [
      'https://www.freedesktop.org/software/systemd/man/latest/systemd.service.html#TimeoutStopSec=',
      'https://www.freedesktop.org/software/systemd/man/latest/systemd.kill.html#KillMode=',
      'https://docs.gunicorn.org/en/stable/settings.html#graceful-timeout',
    ],
  },
  check: (ctx) => killWindow(ctx, DEFAULT_KILL_WINDOW_S.systemd, 'systemd sends SIGKILL', 'TimeoutStopSec'),
};
