import { describe, expect, it } from 'vitest';
import { isAsyncWorker, workerKind } from '../../src/catalog/worker-classes.js';
import { makeAutoAnswer } from '../../src/engine/answer.js';

describe('worker classes: one table for the log, the question and the numbers', () => {
  it.each([
    ['sync', 'sync'],
    ['gunicorn.workers.sync.SyncWorker', 'sync'],
    ['gthread', 'gthread'],
    ['gunicorn.workers.gthread.ThreadWorker', 'gthread'],
    ['gevent', 'async'],
    ['gevent_pywsgi', 'async'],
    ['eventlet', 'async'],
    ['tornado', 'async'],
    ['gunicorn.workers.gtornado.TornadoWorker', 'async'],
    ['aiohttp.GunicornWebWorker', 'async'],
    ['uvicorn.workers.UvicornWorker', 'uvicorn'],
    ['uvicorn_worker.UvicornWorker', 'uvicorn'],
  ])('%s is %s', (cls, kind) => {
    expect(workerKind(cls)).toBe(kind);
    expect(isAsyncWorker(cls)).toBe(kind === 'async' || kind === 'uvicorn');
  });

  it('a log saying "Using worker: tornado" answers the worker-class question with the event-loop choice, not sync', () => {
    const auto = makeAutoAnswer({
      facts: new Map(),
      context: { workerClass: 'tornado', sources: { workerClass: 'log x.log:3' } },
    });
    expect(auto('worker-class', [])?.choice).toBe('async');
  });
});

describe('platforms: one list', () => {
  it('the platform question offers exactly the platforms the remediation and --platform know, plus "not sure"', async () => {
    const { PLATFORMS } = await import('../../src/project/types.js');
    const { questionTable } = await import('../../flows/questions.js');
    expect(Object.keys(questionTable.platform.choices).filter((c) => c !== 'unsure')).toEqual([...PLATFORMS]);
  });
});
