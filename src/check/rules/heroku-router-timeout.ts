import { HEROKU_ROUTER_TIMEOUT_S, suggestTimeout } from '../../remedy/suggest.js';
import type { Rule } from '../types.js';
import { at, num, origin, setting } from './util.js';

/** Heroku's router answers H12 at 30 s; a Gunicorn timeout above it keeps the worker busy for a client that is gone. */
export const rule: Rule = {
  meta: {
    id: 'heroku-router-timeout',
    severity: 'warning',
    title: "timeout is above the Heroku router's 30 s",
    platforms: ['heroku'],
    gunicorn: '*',
    cause: 'platform-router-timeout',
    sources: [
      'https://devcenter.heroku.com/articles/request-timeout',
      'https://devcenter.heroku.com/articles/error-codes#h12-request-timeout',
      'https://docs.gunicorn.org/en/stable/settings.html#timeout',
    ],
  },
  check(ctx) {
    const t = setting(ctx, 'timeout');
    const v = num(t);
    if (v === undefined || (v > 0 && v <= HEROKU_ROUTER_TIMEOUT_S)) return [];
    const where = at(ctx, t);
    if (!where) return [];
    const s = suggestTimeout({ platform: 'heroku', current: v, workerClass: setting(ctx, 'workerClass')?.value });
    const what = v === 0 ? 'timeout = 0 turns the worker timeout off' : `timeout = ${v} s`;
    return [
      {
        ...where,
        message: `${what} (${origin(t)}), but the router gives up at ${HEROKU_ROUTER_TIMEOUT_S} s: a slow request gets H12/503 while its worker stays busy${v === 0 ? ' for as long as it hangs' : ` up to ${v} s`}, and the next requests queue behind it.`,
        fix:
          s.value !== undefined && s.value !== v
            ? {
                description: `timeout ${s.value} (below the router's ${HEROKU_ROUTER_TIMEOUT_S} s)`,
                safe: true,
                changes: { timeout: s.value },
              }
            : undefined,
      },
    ];
  },
};
