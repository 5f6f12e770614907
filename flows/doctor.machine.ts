import { setup } from 'xstate';
import { ask, type FlowMeta } from './kit.js';
import { boot } from './boot.js';
import { runtime } from './runtime.js';
import { recycle } from './recycle.js';
import { platform } from './platform.js';

/**
 * The debugging order as a pure state machine: context first, then restart timing, then the boot / runtime /
 * recycle / platform branches. No actions, guards, context, timers or invocations: one `answer.<choice>`
 * transition per choice, one final leaf per cause.
 */
export const doctorMachine = setup({
  types: {
    events: {} as { type: `answer.${string}` },
    meta: {} as FlowMeta,
  },
}).createMachine({
  id: 'doctor',
  initial: 'platform',
  states: {
    platform: ask('platform', {
      heroku: 'gunicorn-version',
      docker: 'gunicorn-version',
      kubernetes: 'gunicorn-version',
      systemd: 'gunicorn-version',
      bare: 'gunicorn-version',
      unsure: 'gunicorn-version',
    }),
    'gunicorn-version': ask('gunicorn-version', {
      'v19-20-0': 'worker-class',
      'v20-1': 'worker-class',
      'v21-23': 'worker-class',
      'v24-plus': 'worker-class',
      unsure: 'worker-class',
    }),
    'worker-class': ask('worker-class', {
      sync: 'settings',
      gthread: 'settings',
      async: 'settings',
      uvicorn: 'settings',
      unsure: 'settings',
    }),
    settings: ask('settings', { known: 'restart-timing', unsure: 'restart-timing' }),
    'restart-timing': ask('restart-timing', {
      'at-boot': 'boot',
      'under-load': 'runtime',
      'memory-climbs': 'runtime.memory-kill-signs',
      interval: 'recycle',
      'platform-event': 'platform-restarts',
      'never-back': 'platform-restarts.came-back',
      unsure: 'runtime',
    }),
    boot,
    runtime,
    recycle,
    'platform-restarts': platform,
  },
});

export type DoctorMachine = typeof doctorMachine;
