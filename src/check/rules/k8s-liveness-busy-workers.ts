import type { Rule } from '../types.js';
import { boundPorts, launchesGunicorn, num, setting } from './util.js';

const ASYNC = /gevent|eventlet|tornado|uvicorn|gthread|asyncio/i;

/** A liveness probe answered by the same few sync workers that serve traffic: a busy pool fails the probe. */
export const rule: Rule = {
  meta: {
    id: 'k8s-liveness-busy-workers',
    severity: 'warning',
    title: 'The liveness probe queues behind the requests of one or two sync workers',
    platforms: ['kubernetes'],
    gunicorn: '*',
    cause: 'platform-restart',
    sources: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#configure-probes',
      'https://docs.gunicorn.org/en/stable/design.html#sync-workers',
      'https://docs.gunicorn.org/en/stable/settings.html#workers',
    ],
  },
  check(ctx) {
    const c = ctx.facts.k8s?.container;
    const live = c?.probes.find((p) => p.kind === 'liveness' && /httpGet/.test(p.summary));
    if (!live || !launchesGunicorn(ctx)) return [];
    const wc = setting(ctx, 'workerClass')?.value ?? 'sync';
    const threads = num(setting(ctx, 'threads')) ?? 1;
    const w = setting(ctx, 'workers');
    const workers = w ? num(w) : 1;
    // threads > 1 makes Gunicorn use gthread; async classes answer the probe between requests
    if (ASYNC.test(wc) || threads > 1 || workers === undefined || workers > 2) return [];
    const ports = boundPorts(ctx);
    if (live.port && ports && /^\d+$/.test(String(live.port.value)) && !ports.includes(Number(live.port.value)))
      return []; // k8s-probe-port's case
    return [
      {
        path: live.source.path,
        line: live.source.line,
        message: `${workers} sync worker${workers === 1 ? '' : 's'} answer${workers === 1 ? 's' : ''} one request at a time, the liveness probe included: when ${workers === 1 ? 'it is' : 'both are'} busy with requests longer than the probe's timeoutSeconds (${live.timeoutSeconds} s), ${live.failureThreshold} failed probes in a row make the kubelet restart a container that was only busy — cutting every request in flight.`,
      },
    ];
  },
};
