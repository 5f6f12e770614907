import { DEFAULT_KILL_WINDOW_S } from '../../remedy/suggest.js';
import type { Rule } from '../types.js';
import { killWindow } from './util.js';

export const rule: Rule = {
  meta: {
    id: 'docker-stop-grace',
    severity: 'warning',
    title: "docker stop's grace period is not longer than graceful_timeout",
    platforms: ['docker'],
    gunicorn: '*',
    cause: 'platform-restart',
    sources: [
      'https://docs.docker.com/reference/cli/docker/container/stop/',
      'https://docs.docker.com/reference/compose-file/services/#stop_grace_period',
      'https://docs.gunicorn.org/en/stable/settings.html#graceful-timeout',
    ],
  },
  check: (ctx) =>
    killWindow(
      ctx,
      DEFAULT_KILL_WINDOW_S.docker,
      'docker stop (and compose down/up) sends SIGKILL',
      'stop_grace_period',
    ),
};
