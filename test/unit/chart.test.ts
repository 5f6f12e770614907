import { describe, expect, test } from 'vitest';
import { timelineChart } from '../../src/report/chart.js';
import type { TimelineSummary } from '../../src/evidence/timeline.js';

const base: TimelineSummary = {
  masterStarts: 1,
  workerBoots: 0,
  workerDeaths: 0,
  kills: [],
  timeouts: 0,
  recycles: 0,
  reloads: 0,
  platformEvents: 0,
  requests: 0,
  memory: [],
  cadence: [],
  points: [],
};

describe('timelineChart', () => {
  test('shows the cadence of timeouts and boots in their columns', () => {
    const points: TimelineSummary['points'] = [];
    for (let i = 0; i < 5; i++) {
      points.push({ t: i * 30_000, kind: 'boot' }, { t: i * 30_000 + 29_000, kind: 'timeout' });
    }
    const lines = timelineChart({ ...base, points }, 10);
    expect(lines[0]).toMatch(/→ .*\(2\.5 min, one column ≈ 15 s\)/);
    const timeouts = lines.find((l) => l.startsWith('WORKER TIMEOUT'))!;
    const boots = lines.find((l) => l.startsWith('worker boots'))!;
    expect(timeouts.split('|')[1]).toHaveLength(10);
    expect(boots.split('|')[1]!.replace(/·/g, '')).toMatch(/^1+$/);
    expect(timeouts).not.toMatch(/kills/);
    expect(lines.some((l) => l.startsWith('kills'))).toBe(false);
  });
  test('memory climbs as a sparkline against the quota', () => {
    const points = [50, 100, 150, 200, 250, 300, 350, 400, 450, 500].map((v, i) => ({
      t: i * 20_000,
      kind: 'memory' as const,
      value: v,
    }));
    const lines = timelineChart({ ...base, points, memory: [{ mb: 50, quotaMb: 500 }] }, 10);
    const mem = lines.find((l) => l.startsWith('memory'))!;
    expect(mem).toContain('max 500 of 500');
    const spark = mem.split('|')[1]!;
    const levels = [...spark].map((c) => '▁▂▃▄▅▆▇█'.indexOf(c));
    expect(levels).toHaveLength(10);
    expect(levels.every((v, i) => i === 0 || v >= levels[i - 1]!)).toBe(true);
    expect(levels[9]).toBe(7);
  });
  test('nothing to draw without two timed events', () => {
    expect(timelineChart({ ...base, points: [{ t: 5, kind: 'boot' }] })).toEqual([]);
  });
});
