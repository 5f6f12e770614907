/**
 * Version ranges, enough for a rule's `gunicorn` field against the project's pin: PEP 440 comparison operators
 * (==, !=, >=, >, <=, <, ~=, ===, `==21.*`), Poetry's ^ and ~ and a bare version, comma-separated.
 * A project that does not pin gunicorn gets the latest release from pip, so `*` and no pin mean "any version".
 */

type V = number[];
interface Bound {
  v: V;
  incl: boolean;
}
export interface Range {
  lo?: Bound;
  hi?: Bound;
}

function parseV(s: string): V | undefined {
  const m = /^\s*v?(\d+(?:\.\d+)*)/.exec(s);
  return m ? m[1].split('.').map(Number) : undefined;
}

export function cmp(a: V, b: V): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d) return d < 0 ? -1 : 1;
  }
  return 0;
}

function bump(v: V, at: number): V {
  const out = v.slice(0, at + 1);
  out[at] = (out[at] ?? 0) + 1;
  return out;
}

function tighter(r: Range, lo?: Bound, hi?: Bound): void {
  if (lo && (!r.lo || cmp(lo.v, r.lo.v) > 0 || (cmp(lo.v, r.lo.v) === 0 && !lo.incl))) r.lo = lo;
  if (hi && (!r.hi || cmp(hi.v, r.hi.v) < 0 || (cmp(hi.v, r.hi.v) === 0 && !hi.incl))) r.hi = hi;
}

/** The range a specifier allows; undefined when it cannot be read (then the rule is not narrowed by version). */
export function parseRange(spec: string | undefined): Range | undefined {
  const r: Range = {};
  if (spec === undefined) return r;
  const t = spec.trim().replace(/^["']|["']$/g, '');
  if (t === '' || t === '*') return r;
  for (const part of t.split(',')) {
    const m = /^\s*(===|==|!=|~=|>=|<=|>|<|\^|~)?\s*([0-9][0-9A-Za-z.*+-]*)\s*$/.exec(part);
    if (!m) return undefined;
    const op = m[1] ?? '==';
    const star = /\.\*$/.test(m[2]);
    const v = parseV(m[2]);
    if (!v) return undefined;
    switch (op) {
      case '==':
      case '===':
        if (star) tighter(r, { v, incl: true }, { v: bump(v, v.length - 1), incl: false });
        else tighter(r, { v, incl: true }, { v, incl: true });
        break;
      case '!=':
        break;
      case '>=':
        tighter(r, { v, incl: true });
        break;
      case '>':
        tighter(r, { v, incl: false });
        break;
      case '<=':
        tighter(r, undefined, { v, incl: true });
        break;
      case '<':
        tighter(r, undefined, { v, incl: false });
        break;
      case '~=':
        tighter(r, { v, incl: true }, { v: bump(v, Math.max(0, v.length - 2)), incl: false });
        break;
      case '^':
        tighter(
          r,
          { v, incl: true },
          { v: bump(v, v.findIndex((x) => x !== 0) < 0 ? v.length - 1 : v.findIndex((x) => x !== 0)), incl: false },
        );
        break;
      case '~':
        tighter(r, { v, incl: true }, { v: bump(v, v.length > 1 ? 1 : 0), incl: false });
        break;
    }
  }
  return r;
}

/** The newest Gunicorn release this gunicorn-doctor knows (what pip installs for an unpinned `gunicorn`). */
export const LATEST_GUNICORN = '26.1.0';
const LATEST_V = LATEST_GUNICORN.split('.').map(Number);

/**
 * Does the rule's range hold the version pip would install for the project's specifier? pip picks the highest
 * allowed release: the exact pin, else just below an upper bound, else the latest. Unreadable specifiers: yes.
 */
export function mayApply(rule: string, project: string | undefined): boolean {
  const r = parseRange(rule);
  const p = parseRange(project);
  if (!r || !p) return true;
  const eff = p.hi ? { v: p.hi.v, below: !p.hi.incl } : { v: LATEST_V, below: false };
  if (p.lo && p.hi === undefined && cmp(p.lo.v, eff.v) > 0) eff.v = p.lo.v; // a pin newer than this tool knows
  if (r.lo) {
    const c = cmp(eff.v, r.lo.v);
    if (eff.below ? c <= 0 : c < 0 || (c === 0 && !r.lo.incl)) return false;
  }
  if (r.hi) {
    const c = cmp(eff.v, r.hi.v);
    if (eff.below ? c > 0 : c > 0 || (c === 0 && !r.hi.incl)) return false;
  }
  return true;
}
