/**
 * Whether the first bytes of an input look binary rather than a text log — one rule for the pre-scan warning
 * (src/commands/diagnose.ts) and the scan's count (src/evidence/scan.ts): NUL bytes beyond a stray one
 * (executables, UTF-16), or more than 10% control bytes other than TAB, LF, CR, FF, VT, BS and ESC (colour codes).
 * A text log with an odd NUL or escape sequence in it is still text.
 */
export const BINARY_SNIFF_BYTES = 4096;

export function looksBinary(head: Uint8Array): boolean {
  const n = Math.min(head.length, BINARY_SNIFF_BYTES);
  if (n === 0) return false;
  let ctl = 0;
  let nul = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b === 0) nul++;
    else if (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 11 && b !== 8 && b !== 0x1b) ctl++;
  }
  return nul > Math.max(2, n / 100) || (ctl + nul) / n > 0.1;
}
