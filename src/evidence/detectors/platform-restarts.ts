/**
 * Platform restarts: what the platform or a supervisor did to the whole process — platform-restart and its kinds
 * (scheduled-cycle, probe-kill, policy-restart, platform-initiated-stop, deploy-release, operator-restart),
 * master-restarted (a restart count), boot-failure / worker-crash / oom-kill / oom-container from the process's exit
 * status, boot-timeout (a probe or R10 before anything was served), clean-restart (Heroku "Restarting", supporting).
 *
 * Sequences:
 *  - the process's exit as the platform reports it (Heroku "Process exited with status N", Kubernetes "Exit Code:",
 *    docker / compose "exited with code N", systemd "Main process exited", supervisord "exited"): 0 is a stop
 *    (idle-stop decides what followed); 3 / 4 are Gunicorn's failed start-up codes; 137 without a stop under way, an
 *    R10 just before (R10_KILL_MS) or a failed probe (PROBE_KILL_MS) is a kill from outside, usually memory
 *    (supporting); 137 beside Kubernetes' "Reason: Error" (not OOMKilled) is a stop from outside after its grace
 *    period; 1 / 2 before the master ran (or after a failed boot) is a failed start-up; > 128 a death by a signal;
 *  - Heroku: Cycling (daily), State changed crashed → starting (restart policy), R10 (no bind within 60 s:
 *    wrong-port or boot-timeout, the bind detector's portNotListening), Restarting;
 *  - Kubernetes: probe failures and the probe kill (before any request: the start-up is too slow for it),
 *    CrashLoopBackOff, Restart Count, node-initiated stops (eviction, preemption); ECS / autoheal health kills;
 *  - systemd: Scheduled restart / Start request repeated (Restart= policy), Stopping (a stop under way);
 *    supervisord: exited unexpectedly → spawned again (restart policy), FATAL (it gave up);
 *  - at the end: a deploy / release line or an operator's restart command (or the supervisor's stop request), when
 *    a restart followed in the excerpt, names why it restarted; Heroku "Restarting" alone is most often by hand.
 * Every platform start ends a stop (idle-stop's processStarted).
 */
import type { Hit } from '../events.js';
import type { Detector, Timeline } from '../timeline.js';
import {
  COMMAND_TEXT_CHARS,
  K8S_REASON_EXIT_LINES,
  MAX_PROBE_FAILURES,
  PROBE_KILL_MS,
  R10_KILL_MS,
} from '../thresholds.js';
import { portNotListening } from './bind.js';
import { bootEvidence, flushPendingBoot } from './boot-failure.js';
import { exitedZero, processStarted } from './idle-stop.js';
import { signalNumber } from './kills.js';

export class PlatformRestartsDetector implements Detector {
  readonly name = 'platform-restarts';
  readonly events = [
    'heroku-error',
    'heroku-state',
    'heroku-exit',
    'heroku-cycling',
    'heroku-restarting',
    'heroku-starting-process',
    'platform-deploy',
    'shell-command',
    'operator-action',
    'k8s-exit-code',
    'k8s-backoff',
    'k8s-probe-failed',
    'k8s-probe-kill',
    'health-kill',
    'platform-stop',
    'k8s-restart-count',
    'k8s-terminated',
    'k8s-killing',
    'container-exit',
    'systemd-main-exit',
    'systemd-restart',
    'systemd-repeat',
    'systemd-stopping',
    'systemd-started',
    'systemd-timeout',
    'supervisor-exited',
    'supervisor-state',
    'supervisor-fatal',
  ] as const;
  /** the last `Reason:` of a terminated container state (kubectl describe) */
  private k8sReason?: Hit;
  private r10?: Hit;
  /** when Heroku launched the process ("Starting process with command") */
  private launchedAt?: number;
  private probeFailures: Hit[] = [];
  /** a release / deploy line, and Heroku's "Restarting" (the restart it triggers, or one by hand) */
  private deployHit?: Hit;
  private restartingHit?: Hit;
  private operatorHit?: Hit;
  /** supervisord saw the program exit unexpectedly */
  private supervisorExit?: Hit;

  on(h: Hit, tl: Timeline): void {
    switch (h.event) {
      case 'heroku-error':
        this.onHerokuError(h, tl);
        return;
      case 'heroku-state':
        this.onHerokuState(h, tl);
        return;
      case 'heroku-exit':
        this.onProcessExit(h, Number(h.captures.code), 'heroku', tl);
        return;
      case 'heroku-cycling':
        tl.platformEvents++;
        tl.cycles.push(h.time);
        tl.point(h, 'platform');
        tl.add('scheduled-cycle', h, 'Heroku restarts every dyno about once a day (cycling)');
        tl.add('platform-restart', h, 'the platform cycled the dyno', 'supporting');
        return;
      case 'platform-deploy':
        tl.platformEvents++;
        this.deployHit ??= h;
        return;
      case 'shell-command': {
        // the pasted command that produced or preceded the log: `docker compose up -d --build` redeploys,
        // `systemctl restart` / `heroku restart` / `kubectl rollout restart` restart by hand
        const cmd = h.text.slice(0, COMMAND_TEXT_CHARS);
        if (/\b(?:up\b[^|;&]{0,40}(?:-d|--build|--force-recreate)|deploy|releases?:|push heroku)\b/.test(cmd))
          this.deployHit ??= h;
        else if (/\b(?:restart|ps:restart|rollout restart|try-restart|reload)\b/.test(cmd)) this.operatorHit ??= h;
        return;
      }
      case 'operator-action':
        tl.platformEvents++;
        if (/^Recreat/.test(h.captures.kind ?? '')) this.deployHit ??= h;
        else this.operatorHit ??= h;
        return;
      case 'heroku-restarting':
        tl.platformEvents++;
        this.restartingHit ??= h;
        tl.point(h, 'platform');
        tl.add('clean-restart', h, 'the dyno was restarted (deploy, config change or manual restart)', 'supporting');
        return;
      case 'heroku-starting-process':
        tl.platformEvents++;
        this.launchedAt = h.time;
        processStarted(tl);
        return;
      case 'k8s-exit-code': {
        const code = Number(h.captures.code);
        const r = this.k8sReason;
        // `Reason: Error` beside `Exit Code: 137`: Kubernetes saw no OOM kill (it would say OOMKilled); the SIGKILL
        // came from outside — the kubelet at the end of a stop's grace period (probe failure, eviction, deletion)
        if (
          (code === 137 || code === 9) &&
          r &&
          r.source === h.source &&
          Math.abs(h.line - r.line) <= K8S_REASON_EXIT_LINES &&
          r.captures.reason === 'Error'
        ) {
          tl.platformEvents++;
          tl.point(h, 'master');
          tl.add(
            'platform-restart',
            h,
            'the container was SIGKILLed (exit 137) but Kubernetes reports Reason: Error, not OOMKilled: it was stopped from outside (a failed liveness probe, an eviction, a deletion) and killed after its grace period',
            'supporting',
          );
          tl.add('problem-signs', h, 'the container was killed by Kubernetes', 'supporting');
          return;
        }
        this.onProcessExit(h, code, 'kubernetes', tl);
        return;
      }
      case 'k8s-backoff':
        tl.platformEvents++;
        tl.add(
          'policy-restart',
          h,
          'Kubernetes keeps restarting a container that exits (CrashLoopBackOff)',
          'supporting',
        );
        tl.add('problem-signs', h, 'CrashLoopBackOff');
        return;
      case 'k8s-probe-failed':
        tl.platformEvents++;
        this.probeFailures.push(h);
        if (this.probeFailures.length > MAX_PROBE_FAILURES) this.probeFailures.shift();
        return;
      case 'k8s-probe-kill':
      case 'health-kill':
        this.onProbeKill(h, tl);
        return;
      case 'platform-stop': {
        tl.platformEvents++;
        tl.point(h, 'platform');
        const mem = /memory/i.test(h.captures.resource ?? '');
        tl.add(
          'platform-initiated-stop',
          h,
          `the platform stopped it on its own (${h.captures.reason ?? 'node event'})`,
        );
        tl.add('platform-restart', h, 'the platform moved or restarted the process', 'supporting');
        if (mem) tl.add('memory-pressure', h, 'the node evicted the pod because it ran low on memory', 'supporting');
        return;
      }
      case 'k8s-restart-count':
        if (Number(h.captures.count) > 0)
          tl.add('master-restarted', h, 'the container has been restarted', 'supporting');
        return;
      case 'k8s-terminated':
      case 'k8s-killing':
        tl.platformEvents++;
        if (h.captures.reason !== undefined) this.k8sReason = h;
        return;
      case 'container-exit':
        this.onProcessExit(h, Number(h.captures.code), 'docker', tl);
        return;
      case 'systemd-main-exit': {
        const status = h.captures.status ?? '';
        const n = Number(/^(\d+)/.exec(status)?.[1] ?? NaN);
        if (/killed|dumped/.test(h.captures.how ?? ''))
          this.onProcessExit(h, 128 + (signalNumber(status.replace(/^\d+\//, '')) ?? n), 'systemd', tl);
        else this.onProcessExit(h, n, 'systemd', tl);
        return;
      }
      case 'systemd-restart':
      case 'systemd-repeat':
        tl.platformEvents++;
        tl.point(h, 'platform');
        tl.add('policy-restart', h, "systemd's Restart= policy restarted the unit after it exited");
        tl.add('platform-restart', h, 'systemd restarted the unit', 'supporting');
        return;
      case 'systemd-stopping':
        tl.platformEvents++;
        tl.shuttingDown = true;
        tl.stopRequested = h;
        return;
      case 'systemd-started':
      case 'systemd-timeout':
        tl.platformEvents++;
        return;
      case 'supervisor-exited':
        this.onSupervisorExit(h, tl);
        return;
      case 'supervisor-state':
        // supervisord spawning the program again after it exited unexpectedly: its restart policy at work
        if (h.captures.state === 'spawned' && this.supervisorExit) {
          tl.add('policy-restart', h, 'supervisord started the program again after it exited', 'supporting');
          processStarted(tl);
        }
        return;
      case 'supervisor-fatal':
        tl.add('problem-signs', h, 'supervisord gave up restarting the program');
        bootEvidence(tl, undefined, h, 'the program kept exiting right after start until supervisord gave up');
        return;
      default:
        return;
    }
  }

  finish(tl: Timeline): void {
    // a probe kill pasted before the container's log (kubectl describe first, then logs): judged with the whole
    // excerpt — workers booted and nothing was ever served, so the probe killed a start-up
    const kill = tl.facts.get('probe-kill')?.hits[0];
    if (
      kill &&
      !tl.has('boot-timeout') &&
      tl.requests === 0 &&
      tl.workerBoots > 0 &&
      !tl.has('boot-failure') &&
      !tl.has('oom-kill')
    ) {
      tl.add(
        'boot-timeout',
        kill,
        'the probe killed the container while its workers had booted but not served a single request: start-up takes longer than the probe allows',
      );
    }
    const restarted =
      this.restartingHit ?? tl.facts.get('master-restarted')?.hits[0] ?? tl.stopRequested ?? tl.lastShutdown;
    if (this.deployHit && restarted) {
      tl.add(
        'deploy-release',
        this.deployHit,
        'a deploy (a release, a config change, a recreated container, `up --build`) and the processes restarted with it',
      );
      tl.add('platform-restart', this.deployHit, 'the release restarted every process', 'supporting');
    } else if (this.operatorHit && restarted) {
      tl.add(
        'operator-restart',
        this.operatorHit,
        "somebody asked for the stop or restart (the command or the supervisor's stop request is in the log)",
      );
      tl.add('platform-restart', this.operatorHit, 'the process was restarted on request', 'supporting');
    } else if (this.restartingHit && !tl.has('scheduled-cycle')) {
      tl.add(
        'operator-restart',
        this.restartingHit,
        'Heroku restarted the dyno without a release or daily cycling in the excerpt: most often `heroku restart` or a dashboard restart',
        'supporting',
      );
    }
  }

  private onHerokuError(h: Hit, tl: Timeline): void {
    // (memory reads R14 / R15 after this)
    const code = (h.captures.code ?? '').toUpperCase();
    tl.platformEvents++;
    tl.add('problem-signs', h, `Heroku ${code}`);
    if (code === 'R10') {
      this.r10 = h;
      if (this.launchedAt !== undefined && h.time !== undefined)
        tl.r10After = Math.round((h.time - this.launchedAt) / 1000);
      portNotListening(tl, h, 'Heroku saw no bind on $PORT within 60 s of launch (R10)');
    }
  }

  private onHerokuState(h: Hit, tl: Timeline): void {
    tl.platformEvents++;
    tl.point(h, 'platform');
    const from = (h.captures.from ?? '').toLowerCase();
    const to = (h.captures.to ?? '').toLowerCase();
    if (to === 'crashed') {
      tl.add('problem-signs', h, 'the dyno crashed');
      if (from === 'starting') tl.add('boot-failure', h, 'the dyno crashed while starting', 'supporting');
    }
    if (to === 'starting' && (from === 'down' || from === 'crashed')) {
      processStarted(tl);
      if (from === 'crashed') tl.add('policy-restart', h, 'Heroku restarted the crashed dyno', 'supporting');
    }
  }

  /** An exit of the whole process as reported by the platform. */
  private onProcessExit(h: Hit, code: number, platform: string, tl: Timeline): void {
    tl.platformEvents++;
    tl.point(h, 'master');
    if (!Number.isFinite(code)) return;
    if (code === 0) {
      exitedZero(tl, h);
      return;
    }
    tl.add('problem-signs', h, `the process exited with status ${code}`, 'supporting');
    if (code === 3 || code === 4) {
      tl.bootFailed = true;
      tl.add(
        'boot-failure',
        h,
        `the process exited with status ${code}: Gunicorn's code for ${code === 3 ? 'a worker that failed to boot' : 'an application that failed to load'}`,
      );
      flushPendingBoot(tl);
      return;
    }
    if (code === 137 || code === 9) {
      if (this.r10 && tl.near(this.r10, h, R10_KILL_MS)) return; // R10 kill
      if (tl.stopRequested && tl.shuttingDown) return; // stop window expired: SIGKILL after SIGTERM
      const probe = this.probeFailures[this.probeFailures.length - 1];
      if (probe && tl.near(probe, h, PROBE_KILL_MS)) return;
      tl.add(
        'oom-kill',
        h,
        `the process was SIGKILLed (exit ${code}) without a stop request: on ${platform} that is usually the memory limit`,
        'supporting',
      );
      tl.add('oom-container', h, 'the whole process (container/dyno) was killed', 'supporting');
      return;
    }
    if (code === 143 || code === 15) return;
    if (code === 1 || code === 2) {
      if (!tl.masterRunning || tl.bootFailed)
        tl.add('boot-failure', h, `the process exited with status ${code} at start-up`, 'supporting');
      return;
    }
    if (code > 128) {
      tl.add('worker-crash', h, `the process died by signal ${code - 128}`, 'supporting');
    }
  }

  private onProbeKill(h: Hit, tl: Timeline): void {
    tl.platformEvents++;
    tl.point(h, 'platform');
    const probe = (h.captures.probe ?? '').toLowerCase();
    const what =
      probe === 'elb' ? "load balancer's health" : probe === 'container' ? 'container health' : probe || 'health';
    if (tl.requests === 0 && (probe === 'startup' || tl.workerBoots > 0 || tl.masterStarts > 0)) {
      tl.add(
        'boot-timeout',
        h,
        `the ${what} probe killed the container before it served any request: start-up takes longer than the probe allows`,
      );
    }
    const why =
      h.event === 'k8s-probe-kill'
        ? `a failed ${what} probe made Kubernetes restart the container`
        : h.captures.probe
          ? `the ${what} checks failed and ECS stopped the task`
          : `a health checker restarted the unhealthy container${h.captures.name ? ` ${h.captures.name}` : ''}`;
    tl.add('probe-kill', h, why);
    tl.add('platform-restart', h, 'the platform restarted the container', 'supporting');
    tl.add('problem-signs', h, 'probe kill');
  }

  private onSupervisorExit(h: Hit, tl: Timeline): void {
    tl.platformEvents++;
    const status = Number(h.captures.status);
    if (h.captures.expected === 'expected') return;
    this.supervisorExit = h;
    if (status === 3 || status === 4) {
      tl.bootFailed = true;
      tl.add('boot-failure', h, `the program exited with status ${status}: Gunicorn's code for a failed start-up`);
      flushPendingBoot(tl);
    } else if (/KILL/.test(h.captures.signal ?? '')) {
      tl.add('oom-kill', h, 'supervisord saw the program SIGKILLed', 'supporting');
      tl.add('oom-container', h, 'the whole program was killed', 'supporting');
    }
    tl.add('policy-restart', h, 'supervisord restarts the program when it exits', 'supporting');
    tl.add('problem-signs', h, 'the program exited unexpectedly');
  }
}
