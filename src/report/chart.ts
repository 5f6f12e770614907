/**
 * A compact picture of the timeline for the text report: one row per kind of event over the time span, so the
 * cadence (a kill every ~30 s, boots in a loop, memory climbing to the quota) is visible at a glance.
 * Pure: TimelineSummary in, lines of plain text out (no colour, no escape sequences).
 */
import type { TimelineSummary } from '../evidence/timeline.js';

const ROWS: { kind: TimelineSummary['points'][number]['kind']; label: string }[] = [
  { kind: 'master', label: 'master start/stop' },
  { kind: 'boot', label: 'worker boots' },
  { kind: 'timeout', label: 'WORKER TIMEOUT' },
  { kind: 'kill', label: 'kills / crashes' },
  { kind: 'exit', label: 'worker exits' },
  { kind: 'recycle', label: 'recycles/reloads' },
  { kind: 'platform', label: 'platform events' },
];
const SPARK = '▁▂▃▄▅▆▇█';

function span(ms: number): string {
  const s = ms / 1000;
  if (s < 120) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  if (s < 172800) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} d`;
}

const cell = (n: number) => (n === 0 ? '·' : n < 10 ? String(n) : '+');

/** The chart, or [] when the log has fewer than two timed events. */
export function timelineChart(t: TimelineSummary, width = 60): string[] {
  const pts = t.points.filter((p) => Number.isFinite(p.t));
  if (pts.length < 2) return [];
  let t0 = Infinity;
  let t1 = -Infinity;
  for (const p of pts) {
    if (p.t < t0) t0 = p.t;
    if (p.t > t1) t1 = p.t;
  }
  if (t1 <= t0) return [];
  const cols = Math.max(10, Math.min(width, 120));
  const bucket = (t1 - t0) / cols;
  const at = (ts: number) => Math.min(cols - 1, Math.floor((ts - t0) / bucket));
  const labelWidth = Math.max(...ROWS.map((r) => r.label.length), 'memory (MB)'.length);
  const out: string[] = [];
  for (const r of ROWS) {
    const counts = new Array<number>(cols).fill(0);
    let any = false;
    for (const p of pts)
      if (p.kind === r.kind) {
        counts[at(p.t)]++;
        any = true;
      }
    if (any) out.push(`${r.label.padEnd(labelWidth)} |${counts.map(cell).join('')}|`);
  }
  const mem = pts.flatMap((p) =>
    p.kind === 'memory' && typeof p.value === 'number' ? [{ t: p.t, value: p.value }] : [],
  );
  if (mem.length) {
    const peak = new Array<number>(cols).fill(NaN);
    for (const p of mem) {
      const i = at(p.t);
      peak[i] = Number.isNaN(peak[i]) ? p.value : Math.max(peak[i], p.value);
    }
    const quota = t.memory.find((m) => m.quotaMb)?.quotaMb;
    const max = Math.max(quota ?? 0, ...mem.map((m) => m.value));
    const line = peak
      .map((v) =>
        Number.isNaN(v) ? ' ' : SPARK[Math.min(SPARK.length - 1, Math.floor((v / max) * (SPARK.length - 1)))],
      )
      .join('');
    out.push(
      `${'memory (MB)'.padEnd(labelWidth)} |${line}| max ${Math.round(Math.max(...mem.map((m) => m.value)))}${quota ? ` of ${quota}` : ''}`,
    );
  }
  if (!out.length) return [];
  const start = new Date(t0)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  const end = new Date(t1)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return [`${''.padEnd(labelWidth)}  ${start} → ${end} (${span(t1 - t0)}, one column ≈ ${span(bucket)})`, ...out];
}
