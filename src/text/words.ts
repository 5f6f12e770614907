/** Numbers and counts in user text: thousands separators, and the plural only when it is not one. */

/**
 * 1234567 → "1,234,567"; 2.25 → "2.3" (one decimal at most, half away from zero as Intl rounds). Written out rather
 * than with Intl.NumberFormat: creating one loads ICU data, ~8 MB of resident memory for every run.
 */
export function num(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const neg = n < 0;
  const tenths = Math.round(Math.abs(n) * 10);
  const int = Math.floor(tenths / 10);
  const frac = tenths % 10;
  const grouped = String(int).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg && tenths !== 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** count(1, 'line') → "1 line"; count(1234, 'line') → "1,234 lines"; irregular plurals passed as `many`. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${num(n)} ${n === 1 ? one : many}`;
}

/** Bytes for people: 1536 → "1.5 KB", 734003200 → "700 MB" (binary multiples, the units `ls -h` shows). */
export function bytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? count(n, 'byte') : `${num(v >= 100 ? Math.round(v) : v)} ${units[u]}`;
}
