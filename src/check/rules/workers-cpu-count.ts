import type { Rule } from '../types.js';
import { CONTAINERS, setting } from './util.js';

/** `workers = multiprocessing.cpu_count() * 2 + 1` in a container counts the host's CPUs, not the container's. */
export const rule: Rule = {
  meta: {
    id: 'workers-cpu-count',
    severity: 'warning',
    title: 'workers is computed from cpu_count() inside a container',
    platforms: CONTAINERS,
    gunicorn: '*',
    cause: 'runtime-memory-oom',
    sources: [
      'https://docs.python.org/3/library/os.html#os.cpu_count',
      'https://docs.python.org/3/library/multiprocessing.html#multiprocessing.cpu_count',
      'https://docs.gunicorn.org/en/stable/design.html#how-many-workers',
      'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#meaning-of-cpu',
    ],
  },
  check(ctx) {
    const conf = ctx.facts.confPy;
    const w = setting(ctx, 'workers');
    // a workers value from a flag or GUNICORN_CMD_ARGS wins over the config file: then its formula does not run
    if (!conf || (w && w.via !== 'config-file' && w.via !== 'web-concurrency')) return [];
    const lines = conf.text.split(/\r?\n/);
    const i = lines.findIndex((l) => /^workers\s*(:[^=]*)?=(?!=).*\bcpu_count\s*\(/.test(l));
    if (i < 0) return [];
    return [
      {
        path: conf.path,
        line: i + 1,
        message: `cpu_count() returns the CPUs of the host, not the container's CPU limit: on a 32-core node this starts dozens of workers whose memory together passes the container's limit, and the kernel kills them (OOMKilled).`,
      },
    ];
  },
};
