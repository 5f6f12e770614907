import { ask, cause } from './kit.js';

/** The platform restarts (or fails to restart) the whole process; last, nothing found: healthy or undiagnosed. */
export const platform = {
  initial: 'platform-signs',
  states: {
    'platform-signs': ask('platform-signs', {
      yes: 'came-back',
      no: 'user-impact',
      unsure: 'user-impact',
    }),
    'came-back': ask('came-back', {
      yes: 'restart-trigger',
      no: 'idle-stop',
      unsure: 'restart-trigger',
    }),
    'idle-stop': ask('idle-stop', {
      yes: 'platform-idle-no-restart',
      no: 'undiagnosed--stopped',
      unsure: 'undiagnosed--stopped',
    }),
    'restart-trigger': ask('restart-trigger', {
      deploy: 'platform-restart--deploy',
      operator: 'platform-restart--operator',
      'idle-wake': 'healthy',
      scheduled: 'platform-restart--scheduled',
      'health-check': 'platform-restart--health-check',
      'restart-policy': 'platform-restart--restart-policy',
      unsure: 'platform-restart',
    }),
    'user-impact': ask('user-impact', {
      yes: 'undiagnosed',
      no: 'healthy',
      unsure: 'undiagnosed',
    }),
    'platform-idle-no-restart': cause('platform-idle-no-restart'),
    'platform-restart': cause('platform-restart'),
    'platform-restart--deploy': cause('platform-restart', 'deploy'),
    'platform-restart--operator': cause('platform-restart', 'operator'),
    'platform-restart--scheduled': cause('platform-restart', 'scheduled'),
    'platform-restart--health-check': cause('platform-restart', 'health-check'),
    'platform-restart--restart-policy': cause('platform-restart', 'restart-policy'),
    healthy: cause('healthy'),
    undiagnosed: cause('undiagnosed'),
    'undiagnosed--stopped': cause('undiagnosed', 'stopped'),
  },
};
