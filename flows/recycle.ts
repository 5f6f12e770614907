import { ask, cause } from './kit.js';

/** Deliberate restarts that look like failures: max_requests and code reloading. */
export const recycle = {
  initial: 'recycle-signs',
  states: {
    'recycle-signs': ask('recycle-signs', {
      'max-requests': 'recycle-max-requests',
      reload: 'recycle-reload',
      none: '#doctor.platform-restarts.platform-signs',
      unsure: '#doctor.platform-restarts.platform-signs',
    }),
    'recycle-max-requests': cause('recycle-max-requests'),
    'recycle-reload': cause('recycle-reload'),
  },
};
