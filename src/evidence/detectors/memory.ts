/**
 * Memory: kills and pressure reported by the kernel or a platform — oom-kill, oom-worker (the kernel killed one of
 * the Gunicorn workers), oom-container (the container / dyno / unit as a whole), memory-pressure.
 *
 * Sequences: memory samples (Heroku log-runtime-metrics, "Process running mem=") at or over the quota
 * (MEMORY_OVER_QUOTA_PCT), or near it (MEMORY_NEAR_QUOTA_PCT) after growing by MEMORY_GROWTH_FACTOR since the first
 * sample; Heroku R14 (over quota, swapping) and R15 (killed); the kernel's "Out of memory: Killed process N" — a
 * worker when N is a booted worker's pid, the container's cgroup when it says so (its anon-rss sizes a worker);
 * OOMKilled from Kubernetes, Docker, Cloud Run / ECS; systemd's OOM lines and "Failed with result 'oom-kill'".
 * A worker SIGKILL without a kernel line is the kills detector's. Keeps the samples, first / peak memory and the
 * quota on the Timeline (for the summary, the context and the remediation).
 */
import type { Hit } from '../events.js';
import type { Detector, Timeline } from '../timeline.js';
import {
  MAX_MEMORY_SAMPLES,
  MEMORY_GROWTH_FACTOR,
  MEMORY_NEAR_QUOTA_PCT,
  MEMORY_OVER_QUOTA_PCT,
} from '../thresholds.js';

export class MemoryDetector implements Detector {
  readonly name = 'memory';
  readonly events = [
    'memory-sample',
    'process-rss',
    'kernel-oom',
    'k8s-oomkilled',
    'docker-oomkilled',
    'container-oom',
    'systemd-oom',
    'systemd-result',
    'heroku-error',
  ] as const;

  on(h: Hit, tl: Timeline): void {
    switch (h.event) {
      case 'memory-sample':
        this.onSample(h, tl);
        return;
      case 'process-rss':
        this.onProcessRss(h, tl);
        return;
      case 'kernel-oom':
        this.onKernelOom(h, tl);
        return;
      case 'k8s-oomkilled':
      case 'docker-oomkilled':
      case 'container-oom':
        tl.add(
          'oom-kill',
          h,
          h.event === 'container-oom'
            ? 'the platform killed the container for exceeding its memory limit'
            : `${h.event === 'k8s-oomkilled' ? 'Kubernetes' : 'Docker'} reports the container was OOMKilled`,
        );
        tl.add('oom-container', h, 'the container as a whole exceeded its memory limit');
        tl.add('problem-signs', h, 'OOMKilled');
        return;
      case 'systemd-oom':
        tl.add('oom-kill', h, 'systemd reports the OOM killer killed a process of the unit');
        tl.add('oom-container', h, 'the unit exceeded its memory');
        tl.add('problem-signs', h, 'OOM');
        return;
      case 'systemd-result':
        if (/oom/i.test(h.captures.result ?? '')) {
          tl.add('oom-kill', h, "systemd: the unit failed with result 'oom-kill'");
          tl.add('oom-container', h, 'the unit exceeded its memory');
        }
        tl.add('problem-signs', h, 'the unit failed', 'supporting');
        return;
      case 'heroku-error': {
        // (platform-restarts counts the line, cites it and reads R10)
        const code = (h.captures.code ?? '').toUpperCase();
        if (code === 'R14') tl.add('memory-pressure', h, 'the dyno went over its memory quota (R14) and is swapping');
        else if (code === 'R15') {
          tl.add('oom-kill', h, 'Heroku killed the dyno for using far more memory than its quota (R15)');
          tl.add('oom-container', h, 'R15 restarts the whole dyno');
        }
        return;
      }
      default:
        return;
    }
  }

  private onSample(h: Hit, tl: Timeline): void {
    const mb = toMb(h.captures.mb, h.captures.unit);
    if (mb === undefined) return;
    const quota = h.captures.quota !== undefined ? toMb(h.captures.quota, h.captures.qunit) : tl.lastMemQuota;
    if (quota) {
      tl.lastMemQuota = quota;
      tl.memoryQuota ??= { mb: quota, hit: h };
    }
    if (tl.memory.length < MAX_MEMORY_SAMPLES)
      tl.memory.push({ time: h.time !== undefined ? new Date(h.time).toISOString() : undefined, mb, quotaMb: quota });
    tl.point(h, 'memory', mb);
    // the workers this dyno/container ran when it was sampled: only what the log shows booted and not gone
    let running = 0;
    for (const w of tl.workers.values()) if (!w.dead && (!h.proc || !w.proc || w.proc === h.proc)) running++;
    if (running > 0 && tl.footprints.length < MAX_MEMORY_SAMPLES)
      tl.footprints.push({ mb, workers: running, quotaMb: quota, hit: h });
    if (tl.firstMem === undefined) tl.firstMem = mb;
    tl.maxMem = Math.max(tl.maxMem, mb);
    const pct = h.captures.percent !== undefined ? Number(h.captures.percent) : quota ? (mb / quota) * 100 : undefined;
    if (pct !== undefined && pct >= MEMORY_OVER_QUOTA_PCT) {
      tl.add('memory-pressure', h, `memory reached ${Math.round(pct)}% of the quota`);
    } else if (
      pct !== undefined &&
      pct >= MEMORY_NEAR_QUOTA_PCT &&
      tl.firstMem !== undefined &&
      mb > tl.firstMem * MEMORY_GROWTH_FACTOR
    ) {
      tl.add(
        'memory-pressure',
        h,
        `memory climbed from ${tl.firstMem} MB to ${mb} MB (${Math.round(pct)}% of the quota)`,
        'supporting',
      );
    }
  }

  private onProcessRss(h: Hit, tl: Timeline): void {
    const kb = Number(h.captures.rss);
    if (!Number.isFinite(kb) || kb <= 0) return;
    const mb = Math.round(kb / 1024);
    const pid = Number(h.captures.pid);
    const role = h.captures.role ?? (Number.isFinite(pid) && tl.worker(pid) ? 'worker' : undefined);
    if (role === 'master') {
      if (mb > (tl.masterRss?.mb ?? 0)) tl.masterRss = { mb, hit: h };
      return;
    }
    // without process titles master and workers look alike: the largest is the safe size for one worker
    if (mb > (tl.workerRss?.mb ?? 0))
      tl.workerRss = {
        mb,
        hit: h,
        how: role === 'worker' ? 'ps (RSS of the largest worker)' : 'ps (RSS of the largest Gunicorn process)',
      };
  }

  private onKernelOom(h: Hit, tl: Timeline): void {
    const pid = Number(h.captures.pid);
    const rss = /anon-rss:(\d+)kB/.exec(h.text);
    if (rss && /gunicorn|python/i.test(h.captures.process ?? h.text)) {
      const mb = Math.round(Number(rss[1]) / 1024);
      if (mb > (tl.workerRss?.mb ?? 0))
        tl.workerRss = { mb, hit: h, how: 'the kernel OOM report of the killed process (anon-rss)' };
    }
    tl.add(
      'oom-kill',
      h,
      `the kernel OOM killer killed ${h.captures.process ?? 'a process'}${Number.isFinite(pid) ? ` (pid ${pid})` : ''}`,
    );
    const w = Number.isFinite(pid) ? tl.worker(pid) : undefined;
    if (w) tl.add('oom-worker', h, 'the killed pid is one of the Gunicorn workers');
    else if (/CONSTRAINT_MEMCG|cgroup/i.test(h.text))
      tl.add('oom-container', h, "the kill came from the container's memory cgroup limit", 'supporting');
    tl.add('problem-signs', h, 'kernel OOM');
  }
}

const UNIT_MB: Record<string, number> = { K: 1 / 1024, M: 1, G: 1024 };

/** A memory figure in MB (MiB) from its digits and an optional K/M/G unit letter. */
function toMb(digits: string | undefined, unit: string | undefined): number | undefined {
  const n = Number(digits);
  if (digits === undefined || !Number.isFinite(n)) return undefined;
  const f = UNIT_MB[(unit ?? 'M').toUpperCase()] ?? 1;
  return Math.round(n * f * 100) / 100;
}
