/**
 * Colour with literal SGR codes (cheaper than any library). Off for NO_COLOR, --no-color and non-TTY output:
 * the caller decides once (cli.ts) and passes `color`.
 */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const sgr = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const id = (s: string) => s;

export function style(color: boolean): Style {
  if (!color) return { bold: id, dim: id, red: id, green: id, yellow: id, cyan: id };
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
  };
}

/** NO_COLOR (any non-empty value) wins; FORCE_COLOR=0 too; otherwise colour only on a TTY. */
export function wantColor(opts: {
  noColorFlag: boolean;
  env: Record<string, string | undefined>;
  isTTY: boolean | undefined;
}): boolean {
  if (opts.noColorFlag) return false;
  if (opts.env.NO_COLOR !== undefined && opts.env.NO_COLOR !== '') return false;
  if (opts.env.FORCE_COLOR === '0') return false;
  if (opts.env.TERM === 'dumb') return false;
  return !!opts.isTTY;
}

/**
 * OSC 8 hyperlinks: only where colour is on (so never with NO_COLOR, --no-color, TERM=dumb or a pipe), not on the
 * Linux console (which prints them), and FORCE_HYPERLINK=0/1 overrides (the supports-hyperlinks convention).
 * Terminals without OSC 8 support ignore the sequence; the URL is always printed as text as well.
 */
export function wantLinks(opts: {
  noColorFlag: boolean;
  env: Record<string, string | undefined>;
  isTTY: boolean | undefined;
}): boolean {
  const force = opts.env.FORCE_HYPERLINK;
  if (force !== undefined && force !== '') return force !== '0' && wantColor({ ...opts, isTTY: true });
  if (!wantColor(opts)) return false;
  return opts.env.TERM !== 'linux';
}
