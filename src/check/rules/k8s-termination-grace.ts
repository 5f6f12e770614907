import { DEFAULT_KILL_WINDOW_S } from '../../remedy/suggest.js';
import type { Rule } from '../types.js';
import { killWindow } from './util.js';

export const rule: Rule = {
  meta: {
    id: 'k8s-termination-grace',
    severity: 'warning',
    title: 'terminationGracePeriodSeconds is not longer than graceful_timeout',
    platforms: ['kubernetes'],
    gunicorn: '*',
    cause: 'platform-restart',
    sources: [
      'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination',
      'https://docs.gunicorn.org/en/stable/settings.html#graceful-timeout',
    ],
  },
  check: (ctx) =>
    killWindow(ctx, DEFAULT_KILL_WINDOW_S.kubernetes, 'The kubelet sends SIGKILL', 'terminationGracePeriodSeconds'),
};
