import type { Rule } from '../types.js';
import { at, CONTAINERS, launch, launchesGunicorn, setting } from './util.js';

/** The heartbeat file on the container's overlay disk: a stalled disk makes healthy workers time out. */
export const rule: Rule = {
  meta: {
    id: 'container-worker-tmp-dir',
    severity: 'info',
    title: "Workers' heartbeat files are on the container's disk, not in memory",
    platforms: CONTAINERS,
    gunicorn: '*',
    cause: 'runtime-heartbeat-tmpdir',
    sources: [
      'https://docs.gunicorn.org/en/stable/settings.html#worker-tmp-dir',
      'https://docs.gunicorn.org/en/stable/faq.html#how-do-i-avoid-gunicorn-excessively-blocking-in-os-fchmod',
    ],
  },
  check(ctx) {
    const t = setting(ctx, 'workerTmpDir');
    if (!launchesGunicorn(ctx) || (t && /^\/dev\/shm(\/|$)/.test(t.value))) return [];
    const where = t ? at(ctx, t) : launch(ctx);
    if (!where) return [];
    return [
      {
        ...where,
        message: `Each worker's heartbeat file lives in ${t ? t.value : 'the default temp directory (/tmp, on the overlay disk)'}: when that disk stalls, idle workers miss their heartbeat and the master kills them with WORKER TIMEOUT.`,
        fix: { description: 'worker_tmp_dir /dev/shm (RAM-backed)', safe: true, changes: { workerTmpDir: '/dev/shm' } },
      },
    ];
  },
};
