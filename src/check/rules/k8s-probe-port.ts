import type { Rule } from '../types.js';
import { boundPorts, launchesGunicorn } from './util.js';

/** A probe checking a port Gunicorn does not listen on always fails: liveness/startup restart the container. */
export const rule: Rule = {
  meta: {
    id: 'k8s-probe-port',
    severity: 'error',
    title: 'A probe checks a port Gunicorn does not listen on',
    platforms: ['kubernetes'],
    gunicorn: '*',
    cause: 'platform-restart',
    sources: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/',
      'https://docs.gunicorn.org/en/stable/settings.html#bind',
    ],
  },
  check(ctx) {
    const c = ctx.facts.k8s?.container;
    const ports = boundPorts(ctx);
    if (!c || !ports || !launchesGunicorn(ctx)) return [];
    const out = [];
    for (const p of c.probes) {
      if (!p.port || !/^\d+$/.test(String(p.port.value))) continue; // a named port is resolved by the kubelet
      const port = Number(p.port.value);
      if (ports.includes(port)) continue;
      const effect =
        p.kind === 'readiness'
          ? 'the pod never becomes Ready and gets no traffic'
          : `every ${p.kind} probe fails and the kubelet restarts the container after ≈${p.windowSeconds} s, in a loop (CrashLoopBackOff)`;
      out.push({
        path: p.port.source.path,
        line: p.port.source.line,
        message: `The ${p.kind} probe checks port ${port}, but Gunicorn listens on ${ports.join(', ')}: ${effect}.`,
        fix: {
          description: `probe port ${ports[0]}`,
          safe: false,
          lines: [
            {
              path: p.port.source.path,
              line: p.port.source.line,
              find: `port: ${p.port.value}`,
              replace: `port: ${ports[0]}`,
            },
          ],
        },
      });
    }
    return out;
  },
};
