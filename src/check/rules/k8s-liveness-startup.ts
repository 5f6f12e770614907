import type { Rule } from '../types.js';
import { launchesGunicorn, num, setting } from './util.js';

/** A liveness probe without a startupProbe that gives the app less time to boot than Gunicorn's own timeout. */
export const rule: Rule = {
  meta: {
    id: 'k8s-liveness-startup',
    severity: 'warning',
    title: 'The liveness probe gives a booting app less time than Gunicorn does, with no startupProbe',
    platforms: ['kubernetes'],
    gunicorn: '*',
    cause: 'boot-slow-startup',
    sources: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-startup-probes',
      'https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/',
      'https://docs.gunicorn.org/en/stable/settings.html#timeout',
    ],
  },
  check(ctx) {
    const c = ctx.facts.k8s?.container;
    if (!c || !launchesGunicorn(ctx) || c.probes.some((p) => p.kind === 'startup')) return [];
    const live = c.probes.find((p) => p.kind === 'liveness');
    if (!live) return [];
    const timeout = num(setting(ctx, 'timeout')) || 30;
    const window = live.initialDelaySeconds + live.periodSeconds * live.failureThreshold;
    // below Kubernetes' own default window (3 × 10 s) and below what Gunicorn gives a booting worker: tightened
    // without a startupProbe. A long request timeout (90 s for slow endpoints) is not a boot budget.
    if (window >= Math.min(timeout, 30)) return [];
    return [
      {
        path: live.source.path,
        line: live.source.line,
        message: `The liveness probe gives the app ${window} s to answer after the container starts (initialDelaySeconds ${live.initialDelaySeconds} + ${live.failureThreshold} × periodSeconds ${live.periodSeconds}) and there is no startupProbe: an app that needs longer to boot (imports, migrations, --preload, a cold cache) is killed before it serves, and restarted in a loop. Gunicorn itself allows ${timeout} s (timeout).`,
      },
    ];
  },
};
