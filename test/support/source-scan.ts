/**
 * Grep-level reading of TypeScript source for the knowledge-chain tests (test/knowledge.test.ts): a small
 * tokenizer (strings, template literals, regex literals and comments told apart, so a quote inside a regex or a
 * commented-out line does not count) and queries over its tokens. No type checking, no data flow: it finds where a
 * string literal stands.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface Token {
  kind: 'str' | 'ident' | 'punct' | 'num';
  /** the string's content (no quotes) for 'str', the text otherwise */
  value: string;
  file: string;
  line: number;
}

/** every *.ts file under dir, recursively */
export function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? tsFiles(join(dir, e.name))
        : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')
          ? [join(dir, e.name)]
          : [],
    )
    .sort();
}

const PUNCT = ['===', '!==', '...', '?.', '??', '=>', '==', '!=', '<=', '>=', '&&', '||', '++', '--', '+=', '-=', '${'];
const REGEX_AFTER = new Set([
  '(',
  ',',
  '=',
  ':',
  '[',
  '!',
  '&',
  '&&',
  '|',
  '||',
  '?',
  '??',
  '{',
  '}',
  ';',
  '==',
  '===',
  '!=',
  '!==',
  '=>',
  '+',
  '-',
  '*',
  '%',
  '<',
  '>',
  '<=',
  '>=',
  '~',
  '^',
]);
const REGEX_AFTER_WORDS = new Set([
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'yield',
  'await',
]);

/**
 * Tokens of a TypeScript source: comments dropped, template literals split into their string parts and the tokens of
 * their `${}` expressions.
 */
export function tokenize(src: string, file = ''): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  // a stack of brace depths: when a `}` closes the `${` of a template literal, the template resumes
  const tpl: number[] = [];
  let depth = 0;
  const push = (kind: Token['kind'], value: string) => out.push({ kind, value, file, line });
  const prevSignificant = () => out[out.length - 1];
  const readTemplate = () => {
    // i is just after the opening backtick or the closing } of a substitution
    let s = '';
    while (i < src.length) {
      const c = src[i]!;
      if (c === '\\') {
        s += src.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (c === '`') {
        i++;
        if (s) push('str', s);
        return;
      }
      if (c === '$' && src[i + 1] === '{') {
        if (s) push('str', s);
        i += 2;
        push('punct', '${');
        tpl.push(depth);
        depth++;
        return;
      }
      if (c === '\n') line++;
      s += c;
      i++;
    }
    push('str', s);
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      for (let k = i; k < stop; k++) if (src[k] === '\n') line++;
      i = stop;
      continue;
    }
    if (c === "'" || c === '"') {
      let s = '';
      i++;
      while (i < src.length && src[i] !== c && src[i] !== '\n') {
        if (src[i] === '\\') {
          s += src[i + 1] === c ? c : src.slice(i, i + 2);
          i += 2;
          continue;
        }
        s += src[i];
        i++;
      }
      i++;
      push('str', s);
      continue;
    }
    if (c === '`') {
      i++;
      readTemplate();
      continue;
    }
    if (c === '/') {
      const p = prevSignificant();
      const regex =
        !p ||
        (p.kind === 'punct' && REGEX_AFTER.has(p.value) && p.value !== ')' && p.value !== ']') ||
        (p.kind === 'ident' && REGEX_AFTER_WORDS.has(p.value));
      if (regex) {
        // skip the regex literal: escapes, character classes, then flags
        i++;
        let cls = false;
        while (i < src.length && src[i] !== '\n') {
          const r = src[i]!;
          if (r === '\\') {
            i += 2;
            continue;
          }
          if (r === '[') cls = true;
          else if (r === ']') cls = false;
          else if (r === '/' && !cls) break;
          i++;
        }
        i++;
        while (i < src.length && /[a-z]/i.test(src[i]!)) i++;
        push('punct', '/regex/');
        continue;
      }
    }
    if (/[A-Za-z_$]/.test(c)) {
      let j = i + 1;
      while (j < src.length && /[\w$]/.test(src[j]!)) j++;
      push('ident', src.slice(i, j));
      i = j;
      continue;
    }
    if (/\d/.test(c)) {
      let j = i + 1;
      while (j < src.length && /[\w.]/.test(src[j]!)) j++;
      push('num', src.slice(i, j));
      i = j;
      continue;
    }
    if (c === '{') {
      depth++;
      push('punct', '{');
      i++;
      continue;
    }
    if (c === '}') {
      depth--;
      if (tpl.length && tpl[tpl.length - 1] === depth) {
        tpl.pop();
        push('punct', '}');
        i++;
        readTemplate();
        continue;
      }
      push('punct', '}');
      i++;
      continue;
    }
    const p = PUNCT.find((x) => src.startsWith(x, i));
    push('punct', p ?? c);
    i += p ? p.length : 1;
  }
  return out;
}

/** The tokens of every *.ts file under dir (recursively), each token knowing its file (relative to base) and line. */
export function tokensOfDir(dir: string, base: string, skip: (file: string) => boolean = () => false): Token[] {
  return tsFiles(dir)
    .filter((f) => !skip(f))
    .flatMap((f) => tokenize(readFileSync(f, 'utf8'), relative(base, f)));
}

/** index of the token closing the bracket opened at `open` (same kind), or the last index */
function closing(tokens: Token[], open: number): number {
  const o = tokens[open]!.value;
  const c = o === '(' ? ')' : o === '[' ? ']' : '}';
  let d = 0;
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind !== 'punct') continue;
    if (t.value === o || (o === '{' && t.value === '${')) d++;
    else if (t.value === c) {
      d--;
      if (d === 0) return k;
    }
  }
  return tokens.length - 1;
}

/** string literals passed (anywhere in the argument list) to a call of a function or method named `name` */
export function literalsInCalls(tokens: Token[], name: string): Token[] {
  const found: Token[] = [];
  for (let k = 0; k + 1 < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind !== 'ident' || t.value !== name || tokens[k + 1]!.value !== '(') continue;
    const end = closing(tokens, k + 1);
    for (let j = k + 2; j < end; j++) if (tokens[j]!.kind === 'str') found.push(tokens[j]!);
  }
  return found;
}

const READERS = new Set([
  'has',
  'get',
  'delete',
  'includes',
  'startsWith',
  'endsWith',
  'indexOf',
  'test',
  'exec',
  'match',
  'find',
  'filter',
  'some',
  'every',
  'split',
  'replace',
  'join',
]);

/**
 * String literals standing where a value is produced: returned, assigned, a branch of a ternary, an object property's
 * value, an argument of a call that is not a read (`has(`, `get(`, `includes(`…). Not: compared (`===`, `case`),
 * an object key, a member of a type union.
 */
export function producedLiterals(tokens: Token[]): Token[] {
  const found: Token[] = [];
  const callee = (k: number): string | undefined => {
    // the name before the `(` that encloses token k (walking back over balanced brackets)
    let d = 0;
    for (let j = k - 1; j >= 0; j--) {
      const t = tokens[j]!;
      if (t.kind !== 'punct') continue;
      if (t.value === ')' || t.value === ']' || t.value === '}') d++;
      else if (t.value === '(' || t.value === '[' || t.value === '{' || t.value === '${') {
        if (d === 0)
          return t.value === '(' && tokens[j - 1]?.kind === 'ident'
            ? tokens[j - 1]!.value
            : t.value === '('
              ? ''
              : undefined;
        d--;
      }
    }
    return undefined;
  };
  for (let k = 1; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind !== 'str') continue;
    const p = tokens[k - 1]!;
    const n = tokens[k + 1];
    if (n?.value === '|' || p.value === '|') continue; // a type union
    if (n?.value === ':' && p.value !== '?') continue; // an object key (or `case 'x':`)
    if (n && ['===', '!==', '==', '!='].includes(n.value)) continue; // compared
    if (p.kind === 'ident' && p.value === 'return') found.push(t);
    else if (p.kind === 'punct' && ['=', '?', ':', '??', '||', '&&', '=>'].includes(p.value)) found.push(t);
    else if (p.kind === 'punct' && (p.value === '(' || p.value === ',')) {
      const name = callee(k);
      if (name !== undefined && name !== '' && !READERS.has(name)) found.push(t);
    }
  }
  return found;
}

/** string literals compared: `case 'x'`, `=== 'x'`, `'x' !==` … */
export function comparedLiterals(tokens: Token[]): Token[] {
  const cmp = new Set(['===', '!==', '==', '!=']);
  const found: Token[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind !== 'str') continue;
    const p = tokens[k - 1];
    const n = tokens[k + 1];
    if ((p?.kind === 'ident' && p.value === 'case') || (p && cmp.has(p.value)) || (n && cmp.has(n.value)))
      found.push(t);
  }
  return found;
}

export const where = (t: Token) => `${t.file}:${t.line}`;
