import type { Rule } from '../types.js';
import { at, envDefault, origin, setting } from './util.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:|$)/;

/** Heroku routes to $PORT on the dyno; a fixed port or a loopback address is never reached (R10 after 60 s). */
export const rule: Rule = {
  meta: {
    id: 'heroku-bind-port',
    severity: 'error',
    title: 'The web process does not listen on 0.0.0.0:$PORT',
    platforms: ['heroku'],
    gunicorn: '*',
    cause: 'boot-port-bind',
    sources: [
      'https://devcenter.heroku.com/articles/dynos#web-dynos',
      'https://devcenter.heroku.com/articles/error-codes#r10-boot-timeout',
      'https://docs.gunicorn.org/en/stable/settings.html#bind',
    ],
  },
  check(ctx) {
    const b = setting(ctx, 'bind');
    // unset: Gunicorn's bind default is 0.0.0.0:$PORT when PORT is in the environment (config.py, Bind)
    if (!b || !ctx.project.command) return [];
    // `"0.0.0.0:" + os.environ.get("PORT", "5000")`: Heroku always sets PORT, so the default is never used
    if (
      envDefault(b, 'PORT') &&
      !String(b.value)
        .split(',')
        .some((a) => LOOPBACK.test(a.trim()))
    )
      return [];
    const addrs = String(b.value)
      .split(',')
      .map((a) => a.trim());
    const onPort = addrs.filter((a) => /\$\{?PORT\b/.test(a));
    const loop = onPort.filter((a) => LOOPBACK.test(a));
    if (onPort.length && !loop.length) return [];
    const where = at(ctx, b);
    if (!where) return [];
    const message = onPort.length
      ? `Gunicorn listens on ${loop.join(', ')} (${origin(b)}), inside the dyno only: the router cannot reach it, requests fail and Heroku restarts the dyno when it does not bind $PORT within 60 s (R10).`
      : `Gunicorn listens on ${addrs.join(', ')} (${origin(b)}), not on $PORT: Heroku routes requests to $PORT, so the dyno is killed after 60 s (R10 Boot timeout) and restarted, again and again.`;
    return [
      { ...where, message, fix: { description: 'bind 0.0.0.0:$PORT', safe: true, changes: { bind: '0.0.0.0:$PORT' } } },
    ];
  },
};
