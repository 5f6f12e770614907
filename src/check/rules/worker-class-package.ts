import type { Rule } from '../types.js';
import { ALL, at, setting } from './util.js';

/** worker_class → the package it imports at boot (gunicorn/workers/*.py, uvicorn's and uvicorn-worker's docs). */
const NEEDS: [RegExp, string, RegExp][] = [
  [/^(gevent|ggevent|gunicorn\.workers\.ggevent\.\w+)$|^gevent_/i, 'gevent', /^gevent$/],
  [/^(eventlet|gunicorn\.workers\.geventlet\.\w+)$/i, 'eventlet', /^eventlet$/],
  [/^(tornado|gunicorn\.workers\.gtornado\.\w+)$/i, 'tornado', /^tornado$/],
  [/^uvicorn\.workers\./, 'uvicorn', /^uvicorn$/],
  [/^uvicorn_worker\./, 'uvicorn-worker', /^uvicorn[-_.]worker$/],
];

/** A worker class whose package the project's requirements do not install: the master cannot load it at boot. */
export const rule: Rule = {
  meta: {
    id: 'worker-class-package',
    severity: 'error',
    title: "The worker class's package is not in the requirements",
    platforms: ALL,
    gunicorn: '*',
    cause: 'boot-config-error',
    sources: [
      'https://docs.gunicorn.org/en/stable/settings.html#worker-class',
      'https://docs.gunicorn.org/en/stable/design.html#async-workers',
      'https://www.uvicorn.org/deployment/#gunicorn',
    ],
  },
  check(ctx) {
    const wc = setting(ctx, 'workerClass');
    if (!wc || !ctx.facts.dependencyFiles.length) return [];
    const need = NEEDS.find(([re]) => re.test(wc.value.trim()));
    if (!need) return [];
    const [, pkg, name] = need;
    if (ctx.project.packages?.[pkg as 'gevent']) return [];
    // extras pull it in too: gunicorn[gevent], uvicorn[standard] for uvicorn itself
    for (const f of ctx.facts.dependencyFiles) {
      const text = ctx.read(f) ?? '';
      if (new RegExp(`gunicorn\\s*\\[[^\\]]*\\b${pkg}\\b`, 'i').test(text)) return [];
      if (
        text.split(/\r?\n/).some((l) => {
          const m = /^\s*["']?([A-Za-z0-9][A-Za-z0-9_.-]*)/.exec(l);
          return !!m && name.test(m[1].toLowerCase());
        })
      )
        return [];
    }
    const where = at(ctx, wc);
    if (!where) return [];
    const files = ctx.facts.dependencyFiles.map((f) => f.split('/').pop()).join(', ');
    return [
      {
        ...where,
        message: `worker_class ${wc.value} needs the ${pkg} package, which ${files} do${ctx.facts.dependencyFiles.length === 1 ? 'es' : ''} not install: the master fails at boot ("class uri ... invalid or not found" / ImportError) and the service never starts.`,
      },
    ];
  },
};
