import type { Rule } from '../types.js';
import { ALL, at, setting } from './util.js';

/** Gunicorn 26.0 removed the eventlet worker (docs/content/news.md, 26.0.0 "Breaking Changes"). */
export const rule: Rule = {
  meta: {
    id: 'eventlet-removed',
    severity: 'error',
    title: 'The eventlet worker no longer exists in the Gunicorn that is installed',
    platforms: ALL,
    gunicorn: '>=26.0',
    cause: 'boot-config-error',
    sources: [
      'https://docs.gunicorn.org/en/latest/news.html#2600-2026-05-05',
      'https://github.com/benoitc/gunicorn/blob/26.0.0/docs/content/news.md',
    ],
  },
  check(ctx) {
    const wc = setting(ctx, 'workerClass');
    if (!wc || !/^(eventlet|gunicorn\.workers\.geventlet\.\w+)$/i.test(wc.value.trim())) return [];
    const where = at(ctx, wc);
    if (!where) return [];
    const pin =
      ctx.gunicorn.spec && ctx.gunicorn.spec !== '*'
        ? `the project installs gunicorn ${ctx.gunicorn.spec}, and`
        : 'gunicorn is not pinned, so pip installs the latest release, and';
    return [
      {
        ...where,
        message: `worker_class ${wc.value}: ${pin} Gunicorn 26.0 removed the eventlet worker, so the master cannot load it and exits at boot. Move to gevent or gthread (or pin gunicorn below 26).`,
      },
    ];
  },
};
