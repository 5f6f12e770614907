import { describe, expect, test } from 'vitest';
import {
  suggestAll,
  suggestContextFromProject,
  suggestGracefulTimeout,
  suggestMaxRequests,
  suggestMemoryLimit,
  suggestThreads,
  suggestTimeout,
  suggestValues,
  suggestWorkers,
} from '../../src/remedy/suggest.js';
import { discoverProject } from '../../src/project/discover.js';

describe('suggestWorkers', () => {
  test('from memory limit and measured RSS, 20% headroom and the master', () => {
    const s = suggestWorkers({ memoryLimitMb: 512, workerRssMb: 120, masterRssMb: 40, platform: 'heroku', current: 9 });
    // floor(512*0.8)=409; (409-40)/120 = 3.08 → 3
    expect(s.value).toBe(3);
    expect(s.reasoning.join('\n')).toMatch(/workers = \(409 − master 40\) \/ 120 = 3\.1 → 3 workers/);
    expect(s.reasoning.join('\n')).toMatch(
      /Current workers = 9 need ≈1120 MB \(9 × 120 \+ 40\): more than the 512 MB limit/,
    );
    // where the count is set (WEB_CONCURRENCY or --workers) is the remediation's business, not the formula's
    expect(s.reasoning.join('\n')).not.toMatch(/WEB_CONCURRENCY/);
  });
  test('no measured worker memory: the count is not changed; an estimate is only a starting point, with how to measure', () => {
    const s = suggestWorkers({ memoryLimitMb: 1024, platform: 'kubernetes', current: 9 });
    expect(s.value).toBe(9);
    const why = s.reasoning.join('\n');
    expect(why).toMatch(/not in the log .* so the worker count is not changed/);
    expect(why).toMatch(/kubectl top pod/);
    // floor(1024*0.8)=819; (819-50)/150 = 5.1 → 5
    expect(why).toMatch(/Only as a starting point: .*→ 5 workers for 1024 MB/);
    expect(suggestWorkers({ memoryLimitMb: 1024 }).value).toBeUndefined();
  });
  test('capped by 2×CPU+1, never derived from it', () => {
    expect(suggestWorkers({ memoryLimitMb: 8192, workerRssMb: 100, cpus: 2 }).value).toBe(5);
    const none = suggestWorkers({ cpus: 4, platform: 'docker', current: 9 });
    expect(none.value).toBe(9);
    expect(none.reasoning.join('\n')).toMatch(
      /memory limit is unknown[\s\S]*docker stats[\s\S]*upper bound: 2 × 4 CPUs \+ 1 = 9/,
    );
  });
  test('at least one, and says when even one does not fit', () => {
    const s = suggestWorkers({ memoryLimitMb: 256, workerRssMb: 300 });
    expect(s.value).toBe(1);
    expect(s.reasoning.join('\n')).toMatch(/Even one worker/);
  });
});

describe('suggestTimeout', () => {
  test('Heroku: never above the 30 s router, says raising does not help', () => {
    const s = suggestTimeout({ platform: 'heroku', current: 300 });
    expect(s.value).toBe(25);
    expect(s.reasoning.join('\n')).toMatch(/does not help/);
    expect(suggestTimeout({ platform: 'heroku', current: 20 }).value).toBe(20);
    expect(suggestTimeout({ platform: 'heroku' }).value).toBe(25);
    expect(suggestTimeout({ platform: 'heroku', current: 0 }).value).toBe(25);
  });
  test('elsewhere: default 30, 0 re-enabled, large kept with a warning', () => {
    expect(suggestTimeout({ platform: 'docker' }).value).toBe(30);
    expect(suggestTimeout({ platform: 'docker', current: 0 }).value).toBe(30);
    const big = suggestTimeout({ platform: 'kubernetes', current: 300 });
    expect(big.value).toBe(300);
    expect(big.reasoning.join('\n')).toMatch(/Fix the slow request/);
    expect(suggestTimeout({ platform: 'docker', current: 60, workerClass: 'gevent' }).reasoning[0]).toMatch(
      /heartbeat/,
    );
  });
});

describe('suggestGracefulTimeout', () => {
  test.each([
    ['heroku', undefined, 25],
    ['kubernetes', 60, 55],
    ['kubernetes', undefined, 25],
    ['docker', undefined, 8],
    ['systemd', 45, 40],
    ['systemd', undefined, 85],
  ] as const)('%s kill window %s → %s', (platform, kill, want) => {
    expect(suggestGracefulTimeout({ platform, killWindowSeconds: kill }).value).toBe(want);
  });
  test('says when the current value is not below the window', () => {
    expect(suggestGracefulTimeout({ platform: 'docker', current: 30 }).reasoning.join('\n')).toMatch(
      /not below the 10 s kill window/,
    );
    expect(suggestGracefulTimeout({ platform: 'bare' }).value).toBe(30);
  });
});

describe('suggestMaxRequests', () => {
  test('default 1000 with 10% jitter; keeps a good jitter; jitter never 0', () => {
    expect(suggestMaxRequests({}).value).toEqual({ maxRequests: 1000, maxRequestsJitter: 100 });
    expect(suggestMaxRequests({ current: 500, currentJitter: 30 }).value).toEqual({
      maxRequests: 500,
      maxRequestsJitter: 30,
    });
    expect(suggestMaxRequests({ current: 500, currentJitter: 0 }).value).toEqual({
      maxRequests: 500,
      maxRequestsJitter: 50,
    });
    expect(suggestMaxRequests({ current: 5 }).value?.maxRequestsJitter).toBe(1);
    expect(suggestMaxRequests({}).reasoning.join('\n')).toMatch(/do not all recycle at once/);
  });
});

describe('suggestThreads / memory', () => {
  test('threads for I/O-bound sync apps, not for async classes', () => {
    expect(suggestThreads({ ioBound: true, workers: 3 }).value).toBe(4);
    expect(suggestThreads({ ioBound: true, workers: 3 }).reasoning.join('\n')).toMatch(/3 workers × 4 threads = 12/);
    expect(suggestThreads({ workerClass: 'gevent', ioBound: true }).value).toBe(1);
    expect(suggestThreads({ ioBound: false, current: 1 }).value).toBe(1);
  });
  test('memory limit needed for the workers', () => {
    // (3*200+50)/0.8 = 812.5 → 832
    expect(suggestMemoryLimit({ workers: 3, workerRssMb: 200, memoryLimitMb: 512 }).value).toBe(832);
    expect(suggestMemoryLimit({ memoryLimitMb: 512 }).value).toBe(512);
  });
});

describe('suggestAll', () => {
  test('placeholder keys and values from a discovered project', async () => {
    const p = await discoverProject('test/projects/compose-mem-limit', {});
    const ctx = { ...suggestContextFromProject(p), workerRssMb: 110 };
    const all = suggestAll(ctx);
    expect(Object.keys(all).sort()).toEqual([
      'suggest.graceful_timeout',
      'suggest.max_requests',
      'suggest.max_requests_jitter',
      'suggest.memory_limit_mb',
      'suggest.threads',
      'suggest.timeout',
      'suggest.workers',
    ]);
    expect(suggestValues(ctx)).toEqual({
      'suggest.workers': 3, // floor(512*.8)=409; (409-50)/110 = 3.3
      'suggest.timeout': 30,
      'suggest.graceful_timeout': 85, // stop_grace_period 1m30s − 5
      'suggest.max_requests': 1000,
      'suggest.max_requests_jitter': 100,
      'suggest.threads': 1,
      'suggest.memory_limit_mb': 512, // (3*110+50)/0.8 = 475 → ceil to 64 MB = 512
    });
  });
});
