import type { Rule } from '../types.js';
import { at, CONTAINERS, launch, launchesGunicorn, origin, setting } from './util.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:(\d+))?$/;

/** In a container, 127.0.0.1 is the container's own loopback: nothing outside (ports, Service, probes) reaches it. */
export const rule: Rule = {
  meta: {
    id: 'container-bind-loopback',
    severity: 'error',
    title: 'Gunicorn listens on 127.0.0.1 inside a container',
    platforms: CONTAINERS,
    gunicorn: '*',
    cause: 'boot-port-bind',
    sources: [
      'https://docs.gunicorn.org/en/stable/settings.html#bind',
      'https://docs.docker.com/engine/network/#published-ports',
      'https://kubernetes.io/docs/concepts/services-networking/service/',
    ],
  },
  check(ctx) {
    if (!launchesGunicorn(ctx)) return [];
    const b = setting(ctx, 'bind');
    let addrs: string[];
    let where;
    if (!b) {
      // Gunicorn's default: ['0.0.0.0:$PORT'] when PORT is set, else ['127.0.0.1:8000'] (config.py, Bind)
      if (ctx.facts.env.PORT !== undefined) return [];
      addrs = ['127.0.0.1:8000'];
      where = launch(ctx);
    } else {
      addrs = String(b.value)
        .split(',')
        .map((a) => a.trim());
      where = at(ctx, b);
    }
    const loop = addrs.filter((a) => LOOPBACK.test(a));
    if (!where || !loop.length || loop.length < addrs.filter((a) => !a.startsWith('unix:')).length) return [];
    const port = LOOPBACK.exec(loop[0])?.[3] ?? '8000';
    const how = b
      ? `listens on ${loop.join(', ')} (${origin(b)})`
      : 'has no bind, so it listens on its default 127.0.0.1:8000 (PORT is not set)';
    return [
      {
        ...where,
        message: `Gunicorn ${how}: that is the ${ctx.platform === 'kubernetes' ? "pod's" : "container's"} own loopback, so published ports, Services and probes get "connection refused"${ctx.platform === 'kubernetes' ? ' and failing liveness probes restart the container' : ''}.`,
        fix: { description: `bind 0.0.0.0:${port}`, safe: true, changes: { bind: `0.0.0.0:${port}` } },
      },
    ];
  },
};
