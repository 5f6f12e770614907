/**
 * Reads simple top-level assignments from a gunicorn.conf.py WITHOUT executing it.
 * Understood: literals (int, float, str, bool, list/tuple of str), `int(...)`/`float(...)`/`str(...)` around them,
 * `os.environ.get("X", d)` / `os.getenv("X", d)` / `os.environ["X"]` (value from env when known, else the default,
 * with a note), and integer arithmetic on literals (`2 * 60`). Everything else is reported, never guessed.
 */
import type { Env } from './argv.js';

export type PyValue = string | number | boolean | string[] | null;

export interface ConfAssignment {
  name: string;
  value: PyValue;
  line: number;
  text: string;
  note?: string;
}

export interface ConfParse {
  values: Map<string, ConfAssignment>;
  unreadable: { line: number; text: string; reason: string }[];
}

/** Settings whose assignments we report as unreadable when they are not simple. */
export const INTERESTING = new Set([
  'workers',
  'timeout',
  'graceful_timeout',
  'worker_class',
  'threads',
  'max_requests',
  'max_requests_jitter',
  'preload_app',
  'bind',
  'worker_tmp_dir',
  'wsgi_app',
  'reload',
  'keepalive',
  'worker_connections',
]);

class Unreadable extends Error {}

export function parseConfPy(text: string, env?: Env): ConfParse {
  const values = new Map<string, ConfAssignment>();
  const unreadable: ConfParse['unreadable'] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const lineNo = i + 1;
    const indented = /^\s+\S/.test(raw);
    // (the annotation's spaces and the blanks before '=' are one class: no backtracking between two runs of blanks)
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=|\+=|-=|\*=|:\s*[A-Za-z_][\w.[\],\s]*=)\s*(.*)$/.exec(raw);
    if (!m || m[3].startsWith('=')) continue;
    const name = m[1];
    // gather bracket continuations (the bracket state is carried from line to line: linear in the file's size)
    let expr = stripComment(m[3]);
    const depth = new Brackets();
    depth.feed(expr);
    let j = i;
    while (depth.open() && j + 1 < lines.length) {
      j++;
      const more = ' ' + stripComment(lines[j]);
      depth.feed(more);
      expr += more;
    }
    const shown = raw.trim();
    if (!INTERESTING.has(name)) {
      i = j;
      continue;
    }
    if (indented) {
      unreadable.push({
        line: lineNo,
        text: shown,
        reason: `${name} is assigned inside a block (if/def/with); which branch runs is decided at run time`,
      });
      i = j;
      continue;
    }
    if (m[2] !== '=' && !m[2].startsWith(':')) {
      unreadable.push({ line: lineNo, text: shown, reason: `${name} ${m[2]} … changes the value at run time` });
      i = j;
      continue;
    }
    try {
      const notes: string[] = [];
      const value = evalExpr(expr.trim(), env, notes);
      values.set(name, { name, value, line: lineNo, text: shown, note: notes.length ? notes.join('; ') : undefined });
    } catch (e) {
      const why = e instanceof Unreadable && e.message ? e.message : 'is an expression';
      unreadable.push({ line: lineNo, text: shown, reason: `${name} = ${expr.trim()} ${why}` });
      values.delete(name); // a later unreadable assignment overrides an earlier readable one
    }
    i = j;
  }
  return { values, unreadable };
}

function stripComment(s: string): string {
  let q: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) {
      if (c === '\\') i++;
      else if (c === q) q = null;
      continue;
    }
    if (c === '"' || c === "'") q = c;
    else if (c === '#') return s.slice(0, i).trimEnd();
  }
  return s.trimEnd();
}

/** Bracket depth and string state of an expression fed piece by piece (the same scan as over the joined text). */
class Brackets {
  private depth = 0;
  private q: string | null = null;
  private skip = false;
  private last = '';

  feed(s: string): void {
    this.last = s;
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (this.skip) {
        this.skip = false;
        continue;
      }
      if (this.q) {
        if (c === '\\') this.skip = true;
        else if (c === this.q) this.q = null;
        continue;
      }
      if (c === '"' || c === "'") this.q = c;
      else if (c === '(' || c === '[' || c === '{') this.depth++;
      else if (c === ')' || c === ']' || c === '}') this.depth--;
    }
  }

  /** the expression goes on: a bracket is open, or the text (its last piece) ends in a backslash */
  open(): boolean {
    return this.depth > 0 || this.last.endsWith('\\');
  }
}

// --- a tiny recursive-descent reader for the literal subset --------------------------------------------------------

type Tok = { t: 'num' | 'str' | 'id' | 'op'; v: string };

function lex(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(?:\d[\d_]*(?:\.\d+)?|\.\d+)/.exec(s.slice(i));
    if (num) {
      out.push({ t: 'num', v: num[0].replace(/_/g, '') });
      i += num[0].length;
      continue;
    }
    const str = /^([rRbBuU]?)("""|'''|"|')/.exec(s.slice(i));
    if (str) {
      if (/[fF]/.test(s[i - 1] ?? '')) throw new Unreadable('is an f-string');
      const quote = str[2];
      let j = i + str[0].length;
      let v = '';
      while (j < s.length && !s.startsWith(quote, j)) {
        if (s[j] === '\\' && !str[1].toLowerCase().includes('r')) {
          v += s[j + 1] ?? '';
          j += 2;
          continue;
        }
        v += s[j];
        j++;
      }
      if (j >= s.length) throw new Unreadable('has an unterminated string');
      out.push({ t: 'str', v });
      i = j + quote.length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(s.slice(i));
    if (id) {
      if (/^[fF]$/.test(id[0]) && /["']/.test(s[i + 1] ?? '')) throw new Unreadable('is an f-string');
      out.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    const op = /^(\/\/|\*\*|[-+*/%()[\],])/.exec(s.slice(i));
    if (op) {
      out.push({ t: 'op', v: op[0] });
      i += op[0].length;
      continue;
    }
    throw new Unreadable('is an expression');
  }
  return out;
}

function evalExpr(s: string, env: Env | undefined, notes: string[]): PyValue {
  const toks = lex(s);
  let p = 0;
  const peek = () => toks[p];
  const eat = (v?: string) => {
    const t = toks[p];
    if (!t || (v !== undefined && t.v !== v)) throw new Unreadable('is an expression');
    p++;
    return t;
  };

  const sum = (): PyValue => {
    let v = product();
    while (peek()?.t === 'op' && (peek().v === '+' || peek().v === '-')) {
      const op = eat().v;
      const r = product();
      if (typeof v === 'number' && typeof r === 'number') v = op === '+' ? v + r : v - r;
      else if (op === '+' && typeof v === 'string' && typeof r === 'string') v = v + r;
      else throw new Unreadable('is an expression');
    }
    return v;
  };
  const product = (): PyValue => {
    let v = unary();
    while (peek()?.t === 'op' && ['*', '//', '/', '%'].includes(peek().v)) {
      const op = eat().v;
      const r = unary();
      if (typeof v !== 'number' || typeof r !== 'number') throw new Unreadable('is an expression');
      if (op !== '*' && r === 0) throw new Unreadable('divides by zero');
      v = op === '*' ? v * r : op === '//' ? Math.floor(v / r) : op === '/' ? v / r : v % r;
    }
    return v;
  };
  const unary = (): PyValue => {
    if (peek()?.t === 'op' && peek().v === '-') {
      eat();
      const v = unary();
      if (typeof v !== 'number') throw new Unreadable('is an expression');
      return -v;
    }
    return atom();
  };
  const atom = (): PyValue => {
    const t = eat();
    if (t.t === 'num') return Number(t.v);
    if (t.t === 'str') {
      let v = t.v;
      while (peek()?.t === 'str') v += eat().v; // implicit concatenation
      return v;
    }
    if (t.t === 'op' && t.v === '(') {
      const v = sum();
      if (peek()?.v === ',') return tupleRest(v, ')');
      eat(')');
      return v;
    }
    if (t.t === 'op' && t.v === '[') {
      if (peek()?.v === ']') {
        eat();
        return [];
      }
      return tupleRest(sum(), ']');
    }
    if (t.t === 'id') {
      if (t.v === 'True') return true;
      if (t.v === 'False') return false;
      if (t.v === 'None') return null;
      if (['int', 'float', 'str', 'bool'].includes(t.v) && peek()?.v === '(') {
        eat('(');
        const v = sum();
        eat(')');
        return convert(t.v, v);
      }
      if (
        (t.v === 'os.environ.get' || t.v === 'os.getenv' || t.v === 'environ.get' || t.v === 'getenv') &&
        peek()?.v === '('
      ) {
        eat('(');
        const name = eat();
        if (name.t !== 'str') throw new Unreadable('reads an environment variable whose name is computed');
        let def: PyValue = null;
        if (peek()?.v === ',') {
          eat(',');
          def = sum();
        }
        eat(')');
        const known = env?.[name.v];
        if (known !== undefined) {
          notes.push(`from environment variable ${name.v}`);
          return known;
        }
        notes.push(`default used: ${name.v} is read from the environment at run time; when it is set, it wins`);
        return def;
      }
      if ((t.v === 'os.environ' || t.v === 'environ') && peek()?.v === '[') {
        eat('[');
        const name = eat();
        eat(']');
        if (name.t !== 'str') throw new Unreadable('is an expression');
        const known = env?.[name.v];
        if (known !== undefined) {
          notes.push(`from environment variable ${name.v}`);
          return known;
        }
        throw new Unreadable(`reads environment variable ${name.v}, which is not known here`);
      }
      throw new Unreadable(
        t.v.includes('.') || peek()?.v === '(' ? 'is an expression' : `refers to the variable ${t.v}`,
      );
    }
    throw new Unreadable('is an expression');
  };
  const tupleRest = (first: PyValue, close: string): PyValue => {
    const items: PyValue[] = [first];
    while (peek()?.v === ',') {
      eat(',');
      if (peek()?.v === close) break;
      items.push(sum());
    }
    eat(close);
    if (!items.every((x) => typeof x === 'string')) throw new Unreadable('is a list that is not only strings');
    return items as string[];
  };

  const v = sum();
  if (p !== toks.length) throw new Unreadable('is an expression');
  return v;
}

function convert(fn: string, v: PyValue): PyValue {
  if (fn === 'str') return v === null ? 'None' : String(v);
  if (fn === 'bool') return Boolean(v);
  if (typeof v === 'number') return fn === 'int' ? Math.trunc(v) : v;
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return fn === 'int' ? Math.trunc(Number(v)) : Number(v);
  throw new Unreadable(`converts a value that is not a number (${JSON.stringify(v)})`);
}
