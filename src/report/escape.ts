/**
 * Terminal safety for log-derived text: no escape sequence from a log reaches the terminal. ESC, CSI/OSC
 * introducers, C0 and C1 controls, DEL and the bidi overrides/isolates are made visible (`\x1b`, `\u202e`)
 * rather than silently dropped, so a reader still sees that the log contained them.
 */

// C0 except TAB and LF, DEL, C1, bidi embeddings/overrides (U+202A–202E), isolates (U+2066–2069) and the implicit
// direction marks (U+200E LRM, U+200F RLM, U+061C ALM) that can reorder what a reader sees.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function visible(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c === 0x09) return '\\t';
  if (c === 0x0a) return '\\n';
  if (c === 0x0d) return '\\r';
  if (c <= 0xff) return `\\x${c.toString(16).padStart(2, '0')}`;
  return `\\u${c.toString(16).padStart(4, '0')}`;
}

/** Escape one log line: every control character, including TAB and LF, becomes visible. */
export function escapeLine(s: string): string {
  return s.replace(UNSAFE_LINE, visible);
}

/** Escape free text: like escapeLine, but keeps TAB and LF (multi-line snippets stay multi-line). */
export function escapeText(s: string): string {
  return s.replace(UNSAFE, visible);
}

/** True when the string holds nothing escapeText would change. */
export function isTerminalSafe(s: string): boolean {
  UNSAFE.lastIndex = 0;
  const r = !UNSAFE.test(s);
  UNSAFE.lastIndex = 0;
  return r;
}

/** Apply escapeText to every string in a JSON-like value (returns a copy). */
export function escapeDeep<T>(value: T): T {
  return mapStrings(value, escapeText);
}

export function mapStrings<T>(value: T, f: (s: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, f);
    return out as T;
  }
  return value;
}
