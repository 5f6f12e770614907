import { suggestMaxRequests } from '../../remedy/suggest.js';
import type { Rule } from '../types.js';
import { ALL, at, num, origin, setting } from './util.js';

/** max_requests without jitter: workers booted together reach the limit together and restart at once. */
export const rule: Rule = {
  meta: {
    id: 'max-requests-jitter',
    severity: 'warning',
    title: 'max_requests is set without max_requests_jitter',
    platforms: ALL,
    gunicorn: '>=19.2',
    cause: 'recycle-max-requests',
    sources: [
      'https://docs.gunicorn.org/en/stable/settings.html#max-requests',
      'https://docs.gunicorn.org/en/stable/settings.html#max-requests-jitter',
    ],
  },
  check(ctx) {
    const m = setting(ctx, 'maxRequests');
    const max = num(m);
    const jitter = num(setting(ctx, 'maxRequestsJitter')) ?? 0;
    if (!m || !max || max <= 0 || jitter > 0) return [];
    const where = at(ctx, m);
    if (!where) return [];
    const s = suggestMaxRequests({ current: max, currentJitter: jitter });
    return [
      {
        ...where,
        message: `max_requests = ${max} (${origin(m)}) with no jitter: workers that started together restart together after ~${max} requests each, so the app briefly has no free worker and requests queue or fail at the same moment every cycle.`,
        fix: s.value
          ? {
              description: `max_requests_jitter ${s.value.maxRequestsJitter} (10% of max_requests)`,
              safe: true,
              changes: { maxRequestsJitter: s.value.maxRequestsJitter },
            }
          : undefined,
      },
    ];
  },
};
