import { ESTIMATED_MASTER_RSS_MB, ESTIMATED_WORKER_RSS_MB, suggestWorkers } from '../../remedy/suggest.js';
import type { Rule } from '../types.js';
import { at, envDefault, HEROKU_DYNO_MB, herokuDyno, num, origin, setting } from './util.js';

/** More workers than the memory limit holds, judged on the workers value that wins (flag > GUNICORN_CMD_ARGS >
 * config file > WEB_CONCURRENCY) against the container/unit limit or the dyno size in app.json. */
export const rule: Rule = {
  meta: {
    id: 'workers-exceed-memory',
    severity: 'warning',
    title: 'More workers than the memory limit holds',
    platforms: ['heroku', 'docker', 'kubernetes', 'systemd'],
    gunicorn: '*',
    cause: 'runtime-memory-oom',
    sources: [
      'https://docs.gunicorn.org/en/stable/design.html#how-many-workers',
      'https://docs.docker.com/engine/containers/resource_constraints/#memory',
      'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#memory-units',
      'https://www.freedesktop.org/software/systemd/man/latest/systemd.resource-control.html#MemoryMax=bytes',
      'https://devcenter.heroku.com/articles/dyno-types',
    ],
  },
  check(ctx) {
    const w = setting(ctx, 'workers');
    const workers = num(w);
    if (!w || workers === undefined) return [];
    let limit = num(setting(ctx, 'memoryLimitMb'));
    let what = 'the memory limit';
    if (limit === undefined && ctx.platform === 'heroku') {
      const dyno = herokuDyno(ctx);
      limit = dyno ? HEROKU_DYNO_MB[dyno.size] : undefined;
      what = `the ${dyno?.size} dyno`;
      // WEB_CONCURRENCY on Heroku is set by the buildpack from the dyno size: only a fixed number is judged
      if (w.via === 'web-concurrency' || envDefault(w, 'WEB_CONCURRENCY')) return [];
    }
    if (limit === undefined) return [];
    const need = workers * ESTIMATED_WORKER_RSS_MB + ESTIMATED_MASTER_RSS_MB;
    if (need <= limit) return [];
    const where = at(ctx, w);
    if (!where) return [];
    // nothing is measured statically: the typical worker gives a starting point (the doctor's diagnose, with a log,
    // measures it and changes the count only from that)
    const s = suggestWorkers({
      memoryLimitMb: limit,
      platform: ctx.platform,
      current: workers,
      workerRssMb: ESTIMATED_WORKER_RSS_MB,
      workerRssFrom: [],
    });
    return [
      {
        ...where,
        message: `workers = ${workers} (${origin(w)}) need ≈${need} MB (${workers} × ${ESTIMATED_WORKER_RSS_MB} MB for a typical Django/Flask worker + ${ESTIMATED_MASTER_RSS_MB} MB master, an estimate) against ${limit} MB for ${what}: under load the kernel or platform kills workers (SIGKILL, OOMKilled, R14/R15).`,
        fix:
          s.value !== undefined && s.value < workers
            ? {
                description: `workers ${s.value} (from the ${limit} MB limit; measure your worker's RSS before relying on it)`,
                safe: false,
                changes: { workers: s.value },
              }
            : undefined,
      },
    ];
  },
};
