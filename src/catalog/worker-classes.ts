/**
 * Gunicorn's worker classes, one table for every place that needs to know what kind a class is: the log's
 * "Using worker: X" (src/evidence/detectors/context.ts), the worker-class question (src/engine/answer.ts) and the
 * numbers (src/remedy/suggest.ts). Names from gunicorn/workers/__init__.py SUPPORTED_WORKERS (sync, eventlet,
 * gevent, gevent_wsgi, gevent_pywsgi, tornado, gthread) and the common third-party classes (uvicorn's
 * UvicornWorker, aiohttp's GunicornWebWorker, meinheld).
 */
export type WorkerKind = 'sync' | 'gthread' | 'async' | 'uvicorn';

/** first match wins; a class none of these names is a sync worker (Gunicorn's default and its SyncWorker) */
const KINDS: readonly (readonly [RegExp, WorkerKind])[] = [
  [/uvicorn/i, 'uvicorn'],
  [/gthread|thread/i, 'gthread'],
  [/gevent|eventlet|tornado|aiohttp|meinheld|asyncio/i, 'async'],
];

/** The kind of a worker class as written in a log line, a flag or a config file; undefined when none is given. */
export function workerKind(workerClass: string | undefined): WorkerKind | undefined {
  if (!workerClass) return undefined;
  for (const [re, kind] of KINDS) if (re.test(workerClass)) return kind;
  return 'sync';
}

/** Event-loop workers (and uvicorn's): `timeout` bounds a blocked loop, not one request; threads do not apply. */
export function isAsyncWorker(workerClass: string | undefined): boolean {
  const k = workerKind(workerClass);
  return k === 'async' || k === 'uvicorn';
}
