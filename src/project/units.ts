/** Memory and duration units as the platforms define them. Results are MiB and seconds. */

const MIB = 1024 * 1024;

/** Docker / compose (`mem_limit: 512m`, `1g`, `512M`, also `1Gi`): binary units, bare number = bytes. */
export function dockerMemoryMb(text: string | number): number | undefined {
  if (typeof text === 'number') return round(text / MIB);
  const m = /^\s*(\d+(?:\.\d+)?)\s*([bkmgt]?)(i?b?)\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const mult = { '': 1, b: 1, k: 1024, m: MIB, g: 1024 * MIB, t: 1024 * 1024 * MIB }[m[2].toLowerCase()] ?? 1;
  return round((n * mult) / MIB);
}

/** Kubernetes quantities: Ki/Mi/Gi/Ti binary, k/M/G/T decimal, bare number = bytes. */
export function k8sMemoryMb(text: string | number): number | undefined {
  if (typeof text === 'number') return round(text / MIB);
  const m = /^\s*(\d+(?:\.\d+)?)(?:e(\d+))?\s*(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P|m)?\s*$/.exec(text);
  if (!m) return undefined;
  let n = Number(m[1]);
  if (m[2]) n *= 10 ** Number(m[2]);
  const mult: Record<string, number> = {
    Ki: 1024,
    Mi: MIB,
    Gi: 1024 * MIB,
    Ti: 1024 * 1024 * MIB,
    Pi: 1024 ** 5,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    m: 1e-3,
  };
  return round((n * (m[3] ? mult[m[3]] : 1)) / MIB);
}

/** systemd `MemoryMax=` (K/M/G/T are 1024-based; `infinity`; percentages are not absolute → undefined). */
export function systemdMemoryMb(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)\s*$/i.exec(text);
  if (!m) return undefined;
  const mult = { '': 1, k: 1024, m: MIB, g: 1024 * MIB, t: 1024 * 1024 * MIB }[m[2].toLowerCase()] ?? 1;
  return round((Number(m[1]) * mult) / MIB);
}

/** Compose durations (`1m30s`, `10s`, `500ms`, `1h`) → seconds. */
export function goDurationSeconds(text: string | number): number | undefined {
  if (typeof text === 'number') return text;
  const re = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/g;
  let total = 0;
  let matched = '';
  for (const m of text.trim().matchAll(re)) {
    matched += m[0];
    const n = Number(m[1]);
    total += m[2] === 'h' ? n * 3600 : m[2] === 'm' ? n * 60 : m[2] === 's' ? n : m[2] === 'ms' ? n / 1000 : n / 1e6;
  }
  if (!matched || matched !== text.trim()) return undefined;
  return total;
}

/** systemd time spans (`90`, `90s`, `1min 30s`, `5m`, `infinity`) → seconds. Bare number = seconds. */
export function systemdSeconds(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(t)) return Number(t);
  const re = /(\d+(?:\.\d+)?)\s*(msec|ms|seconds|second|sec|s|minutes|minute|min|m|hours|hour|hr|h|days|day|d)\b/g;
  let total = 0;
  let any = false;
  let rest = t;
  for (const m of t.matchAll(re)) {
    any = true;
    rest = rest.replace(m[0], '');
    const n = Number(m[1]);
    const u = m[2];
    total += u.startsWith('ms')
      ? n / 1000
      : /^(s|sec|second|seconds)$/.test(u)
        ? n
        : /^(m|min|minute|minutes)$/.test(u)
          ? n * 60
          : /^(h|hr|hour|hours)$/.test(u)
            ? n * 3600
            : n * 86400;
  }
  if (!any || rest.trim() !== '') return undefined;
  return total;
}

function round(mb: number): number {
  return Math.round(mb);
}
