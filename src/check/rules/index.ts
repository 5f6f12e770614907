/** Every rule, one module each (a test checks this list equals the files in this directory). */
import type { Rule } from '../types.js';
import { rule as containerBindLoopback } from './container-bind-loopback.js';
import { rule as containerWorkerTmpDir } from './container-worker-tmp-dir.js';
import { rule as dockerShellForm } from './docker-shell-form.js';
import { rule as dockerStopGrace } from './docker-stop-grace.js';
import { rule as entrypointScriptExec } from './entrypoint-script-exec.js';
import { rule as eventletRemoved } from './eventlet-removed.js';
import { rule as herokuBindPort } from './heroku-bind-port.js';
import { rule as herokuEcoIdle } from './heroku-eco-idle.js';
import { rule as herokuRouterTimeout } from './heroku-router-timeout.js';
import { rule as k8sLivenessBusyWorkers } from './k8s-liveness-busy-workers.js';
import { rule as k8sLivenessStartup } from './k8s-liveness-startup.js';
import { rule as k8sProbePort } from './k8s-probe-port.js';
import { rule as k8sTerminationGrace } from './k8s-termination-grace.js';
import { rule as maxRequestsJitter } from './max-requests-jitter.js';
import { rule as reloadInProduction } from './reload-in-production.js';
import { rule as systemdNotifyOld } from './systemd-notify-old.js';
import { rule as systemdTimeoutStop } from './systemd-timeout-stop.js';
import { rule as workerClassPackage } from './worker-class-package.js';
import { rule as workersCpuCount } from './workers-cpu-count.js';
import { rule as workersExceedMemory } from './workers-exceed-memory.js';

export const RULES: readonly Rule[] = [
  containerBindLoopback,
  containerWorkerTmpDir,
  dockerShellForm,
  dockerStopGrace,
  entrypointScriptExec,
  eventletRemoved,
  herokuBindPort,
  herokuEcoIdle,
  herokuRouterTimeout,
  k8sLivenessBusyWorkers,
  k8sLivenessStartup,
  k8sProbePort,
  k8sTerminationGrace,
  maxRequestsJitter,
  reloadInProduction,
  systemdNotifyOld,
  systemdTimeoutStop,
  workerClassPackage,
  workersCpuCount,
  workersExceedMemory,
];
