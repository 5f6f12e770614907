import { ask, cause } from './kit.js';

/** Boot branch: the worker (or the master) never serves. Classify by what precedes the exit. */
export const boot = {
  initial: 'restarts-without-traffic',
  states: {
    'restarts-without-traffic': ask('restarts-without-traffic', {
      yes: 'boot-log-shows',
      no: '#doctor.runtime.memory-kill-signs',
      unsure: 'boot-log-shows',
    }),
    'boot-log-shows': ask('boot-log-shows', {
      'import-error': 'boot-import-error',
      'app-not-found': 'boot-app-not-found',
      'config-rejected': 'boot-config-error',
      'env-missing': 'boot-missing-env',
      'dependency-refused': 'boot-dependency-unavailable',
      'port-in-use': 'bind-failure-kind',
      'slow-start': 'boot-slow-startup',
      unsure: 'boot-goes-quiet',
    }),
    'bind-failure-kind': ask('bind-failure-kind', {
      'in-use': 'boot-port-bind--in-use',
      'wrong-address': 'boot-port-bind--wrong-address',
      'bad-address': 'boot-port-bind--bad-address',
      unsure: 'boot-port-bind',
    }),
    'boot-goes-quiet': ask('boot-goes-quiet', {
      yes: 'boot-slow-startup',
      no: 'undiagnosed--boot',
      unsure: 'undiagnosed--boot',
    }),
    'boot-import-error': cause('boot-import-error'),
    'boot-app-not-found': cause('boot-app-not-found'),
    'boot-config-error': cause('boot-config-error'),
    'boot-missing-env': cause('boot-missing-env'),
    'boot-dependency-unavailable': cause('boot-dependency-unavailable'),
    'boot-port-bind': cause('boot-port-bind'),
    'boot-port-bind--in-use': cause('boot-port-bind', 'in-use'),
    'boot-port-bind--wrong-address': cause('boot-port-bind', 'wrong-address'),
    'boot-port-bind--bad-address': cause('boot-port-bind', 'bad-address'),
    'boot-slow-startup': cause('boot-slow-startup'),
    'undiagnosed--boot': cause('undiagnosed', 'boot'),
  },
};
