import type { Rule } from '../types.js';

/** Type=notify waits for READY=1, which Gunicorn sends only from 20.0 (gunicorn/systemd.py, arbiter.py). */
export const rule: Rule = {
  meta: {
    id: 'systemd-notify-old',
    severity: 'error',
    title: 'Type=notify with a Gunicorn older than 20.0, which never notifies',
    platforms: ['systemd'],
    gunicorn: '<20.0',
    cause: 'boot-slow-startup',
    sources: [
      'https://www.freedesktop.org/software/systemd/man/latest/systemd.service.html#Type=',
      'https://www.freedesktop.org/software/systemd/man/latest/systemd.service.html#TimeoutStartSec=',
      'https://github.com/benoitc/gunicorn/blob/20.0.0/gunicorn/arbiter.py',
      'https://docs.gunicorn.org/en/stable/deploy.html#systemd',
    ],
  },
  check(ctx) {
    const t = ctx.facts.systemd?.type;
    if (!t || t.value.trim() !== 'notify') return [];
    return [
      {
        path: t.source.path,
        line: t.source.line,
        message: `Type=notify makes systemd wait for READY=1, which Gunicorn sends only from 20.0 (${ctx.gunicorn.spec ? `here gunicorn ${ctx.gunicorn.spec}` : 'the version pinned here is older'}): the start never completes, systemd kills the service after TimeoutStartSec (90 s by default) and, with Restart=, starts it again in a loop.`,
        fix: {
          description: 'Type=simple (Gunicorn before 20.0 does not notify)',
          safe: true,
          lines: [{ path: t.source.path, line: t.source.line, find: 'Type=notify', replace: 'Type=simple' }],
        },
      },
    ];
  },
};
