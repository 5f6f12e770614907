import type { Rule } from '../types.js';
import { herokuDyno, launchesGunicorn } from './util.js';

/** Seed 001: an Eco dyno sleeps after 30 min with SIGTERM; Gunicorn exits 0 and the dyno was seen not to wake. */
export const rule: Rule = {
  meta: {
    id: 'heroku-eco-idle',
    severity: 'warning',
    title: 'Gunicorn on a sleeping (Eco/free) dyno exits 0 when the dyno idles',
    platforms: ['heroku'],
    gunicorn: '*',
    cause: 'platform-idle-no-restart',
    sources: [
      'https://devcenter.heroku.com/articles/eco-dyno-hours',
      'https://devcenter.heroku.com/articles/dyno-shutdown-behavior',
      'https://docs.gunicorn.org/en/stable/signals.html#master-process',
    ],
  },
  check(ctx) {
    const dyno = herokuDyno(ctx);
    if (!dyno || !/^(eco|free)$/.test(dyno.size) || !launchesGunicorn(ctx)) return [];
    // a config that already changes the exit status of a SIGTERM stop (the cause page's option 3) is left alone
    if (ctx.facts.confPy && /^\s*def\s+on_exit\s*\(/m.test(ctx.facts.confPy.text)) return [];
    return [
      {
        path: dyno.path,
        line: dyno.line,
        message: `The web dyno is ${dyno.size}: after 30 minutes without traffic Heroku stops it with SIGTERM, Gunicorn shuts down cleanly and exits 0, and in the reported trap the dyno never wakes again — every request gets H10 until someone runs heroku restart.`,
      },
    ];
  },
};
