/**
 * Context: where the log comes from and what runs — the platform (platform-heroku / -kubernetes / -docker /
 * -systemd / -bare), the Gunicorn version (version-19-20-0 … version-24-plus) and the worker class (worker-sync /
 * -gthread / -async / -uvicorn).
 *
 * Reads every line (first, before any other detector): the platform from the line's prefix (its origin: logplex,
 * kubectl, compose, journald, supervisord), from the event's family (k8s-*, systemd-*, heroku-*, router-*,
 * supervisor-*), from a pasted command (`kubectl logs`, `journalctl` …); the version from "Starting gunicorn N" and,
 * until that is seen, from wording that exists in one version range only ("terminated due to signal" = 20.1,
 * "was sent SIGKILL!" = 21.0+, at WARNING/INFO = 24+, "Reloader is on" = 25.0+); the worker class from "Using worker".
 * Records the lines that named the version and the worker class (Timeline.versionSeen / workerClassSeen).
 */
import { workerKind, type WorkerKind } from '../../catalog/worker-classes.js';
import type { Hit } from '../events.js';
import type { FactId } from '../facts.js';
import type { Detector, Timeline } from '../timeline.js';

/** the fact of the version range a Gunicorn version string falls in */

const LOG_FILTER = /\|\s{0,4}(?:e?grep|rg|ag|ack|findstr|select-string|sls)\b/i;

const WORKER_FACT: Record<WorkerKind, FactId> = {
  sync: 'worker-sync',
  gthread: 'worker-gthread',
  async: 'worker-async',
  uvicorn: 'worker-uvicorn',
};

export function versionFact(version: string): FactId | undefined {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return undefined;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major < 20 || (major === 20 && minor === 0)) return 'version-19-20-0';
  if (major === 20) return 'version-20-1';
  if (major <= 23) return 'version-21-23';
  return 'version-24-plus';
}

export class ContextDetector implements Detector {
  readonly name = 'context';
  readonly events = 'all';

  on(h: Hit, tl: Timeline): void {
    const o = h.origin;
    if (o === 'heroku-app' || o === 'heroku-router' || o === 'heroku-platform')
      tl.add('platform-heroku', h, 'Heroku logplex lines');
    else if (o === 'kubectl') tl.add('platform-kubernetes', h, 'kubectl output', 'supporting');
    else if (o === 'compose') tl.add('platform-docker', h, 'docker compose service prefixes', 'supporting');
    else if (o === 'journald') tl.add('platform-systemd', h, 'journald lines', 'supporting');
    else if (o === 'supervisord') tl.add('platform-bare', h, 'supervisord lines', 'supporting');
    if (h.event.startsWith('k8s-')) tl.add('platform-kubernetes', h, 'Kubernetes pod status and events');
    if (h.event === 'health-kill')
      tl.add(
        'platform-docker',
        h,
        h.captures.probe ? 'ECS health checks (a container platform)' : 'a Docker health checker (autoheal)',
        'supporting',
      );
    if (h.event === 'container-exit' || h.event === 'docker-oomkilled')
      tl.add('platform-docker', h, 'docker / compose container lines');
    if (h.event.startsWith('systemd-')) tl.add('platform-systemd', h, 'systemd unit lines');
    if (h.event.startsWith('heroku-') || h.event.startsWith('router-'))
      tl.add('platform-heroku', h, 'Heroku platform lines');
    if (h.event.startsWith('supervisor-')) tl.add('platform-bare', h, 'supervisord manages the process');
    if (h.event === 'shell-command') {
      // a pipe into grep / rg / findstr / Select-String: the lines that follow are a selection of the log
      tl.filter = LOG_FILTER.test(h.text) ? h : undefined;
      const tool = (h.captures.tool ?? '').toLowerCase();
      const f: FactId | undefined =
        tool === 'kubectl' || tool === 'oc'
          ? 'platform-kubernetes'
          : tool.startsWith('docker') || tool === 'podman'
            ? 'platform-docker'
            : tool === 'journalctl' || tool === 'systemctl'
              ? 'platform-systemd'
              : tool === 'heroku'
                ? 'platform-heroku'
                : tool === 'gunicorn' || tool === 'supervisorctl'
                  ? 'platform-bare'
                  : undefined;
      if (f) tl.add(f, h, `the pasted command (${tool}) shows where the log comes from`);
    }
    if (h.event === 'heroku-starting-process' && h.captures.command) tl.launchCommand = h;
    if (h.event === 'using-worker') {
      const f = WORKER_FACT[workerKind(h.captures.workerClass) ?? 'sync'];
      tl.add(f, h, `Gunicorn logged "Using worker: ${h.captures.workerClass}"`);
      tl.workerClassSeen ??= h;
    }
    if (h.event === 'master-start' && h.captures.version) {
      const f = versionFact(h.captures.version);
      if (f) tl.add(f, h, `Gunicorn logged its version ${h.captures.version}`);
      tl.versionSeen = { hit: h };
    } else if (!tl.versionSeen) {
      // wording that exists in one version range only
      if (h.event === 'worker-signal' && /terminated due to signal/.test(h.text))
        tl.add('version-20-1', h, 'this wording ("terminated due to signal") exists only in 20.1', 'supporting');
      else if (
        h.event === 'worker-signal' &&
        /SIG[A-Z]+|code \d+|signal \d+/.test(h.captures.signal ?? '') &&
        !/terminated due to signal/.test(h.text)
      ) {
        // "was sent …!" appeared in 21.0: 21–23 log every signal at ERROR; from 24.0 SIGTERM is INFO, other signals
        // WARNING and only SIGKILL stays ERROR — so a SIGKILL at ERROR says 21+ and nothing finer
        const kill = /KILL|^9$|signal 9$/.test(h.captures.signal ?? '');
        if (h.level === 'WARNING' || h.level === 'INFO')
          tl.add(
            'version-24-plus',
            h,
            'a worker signal logged below ERROR ("was sent …!" at WARNING/INFO): Gunicorn 24.0 or newer',
            'supporting',
          );
        else if (h.level === 'ERROR' && !kill)
          tl.add(
            'version-21-23',
            h,
            'a worker signal other than SIGKILL logged at ERROR ("was sent …!"): Gunicorn 21.x–23.x',
            'supporting',
          );
      } else if (h.event === 'reloader-on')
        tl.add('version-24-plus', h, '"Reloader is on" appeared in 25.0', 'supporting');
    }
  }
}
