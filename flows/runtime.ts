import { ask, cause } from './kit.js';

/** Runtime branch, in the order of the seeds: memory first, then timeout, then a crash. */
export const runtime = {
  initial: 'restarts-without-traffic',
  states: {
    'restarts-without-traffic': ask('restarts-without-traffic', {
      yes: '#doctor.boot.boot-log-shows',
      no: 'memory-kill-signs',
      unsure: 'memory-kill-signs',
    }),
    'memory-kill-signs': ask('memory-kill-signs', {
      yes: 'oom-scope',
      no: 'timeout-in-logs',
      unsure: 'timeout-in-logs',
    }),
    'oom-scope': ask('oom-scope', {
      worker: 'runtime-memory-oom--worker',
      container: 'runtime-memory-oom--container',
      unsure: 'runtime-memory-oom',
    }),
    'timeout-in-logs': ask('timeout-in-logs', {
      yes: 'timeout-during-request',
      no: 'router-timeout',
      unsure: 'router-timeout',
    }),
    'timeout-during-request': ask('timeout-during-request', {
      yes: 'router-first',
      no: 'runtime-heartbeat-tmpdir',
      unsure: 'router-first',
    }),
    'router-first': ask('router-first', {
      yes: 'platform-router-timeout',
      no: 'runtime-worker-timeout',
      unsure: 'runtime-worker-timeout',
    }),
    'router-timeout': ask('router-timeout', {
      yes: 'platform-router-timeout',
      no: 'worker-crash-signs',
      unsure: 'worker-crash-signs',
    }),
    'worker-crash-signs': ask('worker-crash-signs', {
      yes: 'runtime-worker-crash',
      no: '#doctor.recycle.recycle-signs',
      unsure: '#doctor.recycle.recycle-signs',
    }),
    'runtime-memory-oom': cause('runtime-memory-oom'),
    'runtime-memory-oom--worker': cause('runtime-memory-oom', 'worker'),
    'runtime-memory-oom--container': cause('runtime-memory-oom', 'container'),
    'runtime-worker-timeout': cause('runtime-worker-timeout'),
    'runtime-heartbeat-tmpdir': cause('runtime-heartbeat-tmpdir'),
    'platform-router-timeout': cause('platform-router-timeout'),
    'runtime-worker-crash': cause('runtime-worker-crash'),
  },
};
