/**
 * Load, validate and compile content/signatures/*.yaml.
 *
 * Patterns are compiled with the `u` flag (strict syntax: a typo such as `\'` is an error instead of a silent
 * identity escape). Lines are matched after decoding as UTF-8, so `u` also makes `.` cover astral characters.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { EVENT_KINDS, type EventKind } from '../evidence/events.js';
import { FACTS, type FactId } from '../evidence/facts.js';

export interface SignatureSample {
  line: string;
  captures?: Record<string, string>;
  /** other signature ids that may also match this sample (overlap accepted on purpose) */
  alsoMatches?: string[];
}

export interface SignatureDef {
  id: string;
  summary: string;
  event: EventKind;
  /**
   * The fact a line of this signature establishes by itself, with no sequence around it: the timeline adds it for
   * every such line (src/evidence/detectors/signature-facts.ts). Facts that need a sequence or a cadence are
   * derived by a detector instead.
   */
  fact?: FactId;
  indicates: string[];
  source: string;
  versions?: string;
  platforms: 'any' | string[];
  literal: string;
  patterns: string[];
  priority?: number;
  samples: SignatureSample[];
  counterSamples?: string[];
}

export interface CompiledSignature {
  def: SignatureDef;
  id: string;
  event: EventKind;
  literal: string;
  regexes: RegExp[];
  /** the same patterns with named groups turned into numbered ones (faster exec), and the name of each group */
  fast: { re: RegExp; names: (string | undefined)[] }[];
  /** position in the deterministic test order (0 = tried first) */
  order: number;
}

export interface CompiledSignatures {
  /** in match order: priority desc, then id */
  list: CompiledSignature[];
  /** one global multi-line RegExp: the escaped literals, longest first */
  literalRe: RegExp;
  /** literal -> indices (into list, ascending) of every signature whose literal is a substring of it */
  byLiteral: Map<string, number[]>;
  /**
   * Family gates: a few short strings such that every literal that is not a counted request literal contains one
   * of them (each gate is a substring of every literal it covers, so a line holding a literal always holds a gate).
   * The scanner's classifier (src/evidence/wasm/classify.ts) looks for them in every line that is not a counted
   * request and hands the gated lines over to be checked precisely; `gateRe` is their alternation.
   */
  gates: string[];
  /** gate -> the literals it covers */
  gateCovers: Map<string, string[]>;
  gateRe: RegExp;
  /**
   * The same gates as a few global RegExps (gates starting with an upper-case letter, the rest), each written as a
   * prefix tree. irregexp skips fastest when the first characters of all alternatives are rare, and mixing
   * upper-case-first with lower-case-first alternatives costs more than running two searches (measured ~120 vs
   * ~240 MiB/s on the text between request lines of a generated log).
   */
  gateRes: RegExp[];
  /** the request literals the scanner counts in bulk (access-log `HTTP/`, router `at=info method=`) */
  countedLiterals: string[];
}

/** Request literals the scanner knows how to count without building a Hit (src/evidence/file-scanner.ts). */
export const COUNTED_LITERALS = ['HTTP/', 'at=info method='];

/**
 * Preferred gates, tried in order for each literal: the first one that is a substring of the literal covers it;
 * a literal no hint fits is its own gate (so a new signature is always covered). Chosen for a low candidate rate
 * on bench/genlog.mjs output and a short alternation (irregexp slows down with every alternative).
 */
export const GATE_HINTS = [
  // upper-case first (searched together)
  'Error',
  'Exception',
  'Traceback',
  'WORKER',
  'Worker',
  'Kill',
  'OOM',
  'SIG',
  'Start',
  'Stop',
  'Failed',
  'Invalid',
  'Gateway',
  'Reason',
  'Name or',
  'Exit',
  'State',
  // the rest: rare first letters where possible ('pplication' covers uvicorn's "Application startup …" and
  // "Waiting for application startup.")
  'pplication',
  'xited',
  'upstream',
  'probe',
  'gnal',
  'onnect',
  'unhealthy',
  '#memory',
  'vironment',
  'open ports',
  'oom-kill',
  'workertmp',
  'validation',
  'node shut',
  'must be',
  'class uri',
  'journalctl',
  'timed out',
  ': error:',
  'gunicorn',
  'wned: ',
  'was sent',
  'kubectl ',
  'line ',
  'heroku ',
  'usage: ',
  'docker',
  'listen',
  'at=error',
  'iB / ',
];
/** a literal no hint fits: its first upper-case letter onwards (at most 10 characters), else the whole literal */
function ownGate(lit: string): string {
  const i = lit.search(/[A-Z]/);
  return i >= 0 && lit.length - i >= 4 ? lit.slice(i, i + 10) : lit;
}

const REQUEST_EVENTS = new Set<string>(['request', 'router-ok']);

const KEYS = new Set([
  'id',
  'summary',
  'event',
  'fact',
  'indicates',
  'source',
  'versions',
  'platforms',
  'literal',
  'patterns',
  'priority',
  'samples',
  'counterSamples',
]);
const SAMPLE_KEYS = new Set(['line', 'captures', 'alsoMatches']);
const ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The package root: the nearest ancestor of this module containing package.json (works from src/ and dist/src/). */
/**
 * yaml loads only when YAML is parsed (the built CLI reads the pre-validated bundle instead: src/catalog/bundle.ts).
 */
let yamlParse: ((s: string) => unknown) | undefined;
function parseYaml(src: string): unknown {
  yamlParse ??= (createRequire(import.meta.url)('yaml') as { parse: (s: string) => unknown }).parse;
  return yamlParse(src);
}

export function packageRoot(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  for (let k = 0; k < 8; k++) {
    if (existsSync(join(d, 'package.json'))) return d;
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  throw Object.assign(new Error('gunicorn-doctor: cannot find the package root (package.json)'), { code: 'ENOPKG' });
}

export function defaultSignatureDir(): string {
  return join(packageRoot(), 'content', 'signatures');
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function isStrArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** Validate one parsed YAML document; push problems prefixed with the file name. */
export function validateSignature(file: string, raw: unknown, problems: string[]): SignatureDef | undefined {
  const p = (msg: string) => problems.push(`${file}: ${msg}`);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    p('not a YAML mapping');
    return undefined;
  }
  const o = raw as Record<string, unknown>;
  const before = problems.length;
  for (const k of Object.keys(o)) if (!KEYS.has(k)) p(`unknown key "${k}"`);
  const stem = basename(file).replace(/\.ya?ml$/, '');
  if (typeof o.id !== 'string' || !ID_RE.test(o.id)) p('id must be kebab-case');
  else if (o.id !== stem) p(`id "${o.id}" must equal the file stem "${stem}"`);
  if (typeof o.summary !== 'string' || !o.summary.trim()) p('summary is required');
  if (typeof o.event !== 'string' || !(o.event in EVENT_KINDS))
    p(`event "${String(o.event)}" is not in EVENT_KINDS (src/evidence/events.ts)`);
  if (o.fact !== undefined && (typeof o.fact !== 'string' || !(o.fact in FACTS)))
    p(
      `fact "${String(o.fact)}" is not in FACTS: add it to src/evidence/facts.ts (FACTS, and its weights in FACT_WEIGHTS)`,
    );
  if (!isStrArray(o.indicates)) p('indicates must be a list of cause ids');
  else for (const c of o.indicates) if (!ID_RE.test(c.replace('--', '-'))) p(`indicates: bad cause id "${c}"`);
  if (typeof o.source !== 'string' || !o.source.trim()) p('source is required');
  if (o.versions !== undefined && typeof o.versions !== 'string') p('versions must be a string');
  if (o.platforms !== undefined && o.platforms !== 'any' && !isStrArray(o.platforms))
    p('platforms must be "any" or a list');
  if (o.priority !== undefined && (typeof o.priority !== 'number' || !Number.isFinite(o.priority)))
    p('priority must be a number');
  const literal = o.literal;
  if (typeof literal !== 'string' || literal.length < 3) p('literal is required (>= 3 characters)');
  else if (/[\n\r]/.test(literal)) p('literal must be one line');
  else if (/[&<>"']/.test(literal)) p('literal must not contain quotes, <, > or & (HTML pastes encode them)');
  if (!isStrArray(o.patterns) || o.patterns.length === 0) p('patterns must be a non-empty list of strings');
  else
    o.patterns.forEach((src, i) => {
      try {
        new RegExp(src, 'u');
      } catch (e) {
        p(`patterns[${i}] does not compile with the u flag: ${(e as Error).message}`);
      }
    });
  if (!Array.isArray(o.samples) || o.samples.length === 0) p('samples must be a non-empty list');
  else
    o.samples.forEach((s, i) => {
      if (!s || typeof s !== 'object' || Array.isArray(s)) return p(`samples[${i}] must be a mapping with "line"`);
      const so = s as Record<string, unknown>;
      for (const k of Object.keys(so)) if (!SAMPLE_KEYS.has(k)) p(`samples[${i}]: unknown key "${k}"`);
      if (typeof so.line !== 'string') return p(`samples[${i}].line must be a string`);
      if (typeof literal === 'string' && !so.line.includes(literal))
        p(`samples[${i}].line does not contain the literal ${JSON.stringify(literal)}`);
      if (so.captures !== undefined) {
        if (!so.captures || typeof so.captures !== 'object' || Array.isArray(so.captures))
          p(`samples[${i}].captures must be a mapping`);
        else
          for (const [k, v] of Object.entries(so.captures))
            if (typeof v !== 'string') p(`samples[${i}].captures.${k} must be a string (quote numbers)`);
      }
      if (so.alsoMatches !== undefined && !isStrArray(so.alsoMatches))
        p(`samples[${i}].alsoMatches must be a list of ids`);
    });
  if (o.counterSamples !== undefined && !isStrArray(o.counterSamples)) p('counterSamples must be a list of strings');
  if (problems.length > before) return undefined;
  return {
    id: o.id as string,
    summary: o.summary as string,
    event: o.event as EventKind,
    ...(o.fact !== undefined ? { fact: o.fact as FactId } : {}),
    indicates: o.indicates as string[],
    source: o.source as string,
    versions: o.versions as string | undefined,
    platforms: (o.platforms as 'any' | string[] | undefined) ?? 'any',
    literal: literal as string,
    patterns: o.patterns as string[],
    priority: o.priority as number | undefined,
    samples: o.samples as SignatureSample[],
    counterSamples: o.counterSamples as string[] | undefined,
  };
}

/**
 * Rewrite `(?<name>` groups as plain `(` groups and report the name of every capturing group by index, so the
 * scanner reads captures from the match array instead of V8's `groups` object. Falls back to the named form if the
 * rewrite changes the group count (it never should: backreferences by name are not used in signatures).
 */
export function unnameGroups(src: string): { re: RegExp; names: (string | undefined)[] } {
  const names: (string | undefined)[] = [];
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      out += c + (src[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      continue;
    }
    if (c === '(') {
      if (src[i + 1] !== '?') {
        names.push(undefined);
        out += c;
        continue;
      }
      if (src[i + 2] === '<' && src[i + 3] !== '=' && src[i + 3] !== '!') {
        const end = src.indexOf('>', i + 3);
        names.push(src.slice(i + 3, end));
        out += '(';
        i = end;
        continue;
      }
    }
    out += c;
  }
  const re = new RegExp(out, 'u');
  // an empty alternative makes the pattern match '' — with one slot per capture group
  const count = (new RegExp(out + '|', 'u').exec('') ?? ['']).length - 1;
  if (count !== names.length) {
    const named = new RegExp(src, 'u');
    return { re: named, names: [] };
  }
  return { re, names };
}

/** An alternation of `words` (none a prefix of another) as a prefix tree: `E(?:rror|xception)|…`. */
export function prefixTree(words: string[]): string {
  const groups = new Map<string, string[]>();
  for (const w of words) {
    if (!w.length) continue;
    const c = w[0];
    const g = groups.get(c);
    if (g) g.push(w.slice(1));
    else groups.set(c, [w.slice(1)]);
  }
  const alts: string[] = [];
  for (const [c, rest] of groups) {
    if (rest.length === 1) alts.push(escapeRe(c + rest[0]));
    else if (rest.includes('')) alts.push(escapeRe(c));
    else alts.push(escapeRe(c) + '(?:' + prefixTree(rest) + ')');
  }
  return alts.join('|');
}

/** Compile validated definitions into the scan structure. Throws on an invalid regex. */
export function compileSignatures(list: SignatureDef[]): CompiledSignatures {
  const sorted = [...list].sort(
    (a, b) => (b.priority ?? 0) - (a.priority ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const compiled: CompiledSignature[] = sorted.map((def, order) => ({
    def,
    id: def.id,
    event: def.event,
    literal: def.literal,
    regexes: def.patterns.map((src) => new RegExp(src, 'u')),
    fast: def.patterns.map(unnameGroups),
    order,
  }));
  const literals = [...new Set(compiled.map((c) => c.literal))].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const byLiteral = new Map<string, number[]>();
  for (const lit of literals) {
    const idx: number[] = [];
    compiled.forEach((c, i) => {
      if (lit.includes(c.literal)) idx.push(i);
    });
    byLiteral.set(lit, idx);
  }
  const literalRe = new RegExp(literals.map(escapeRe).join('|'), 'gm');
  const requestLiterals = literals.filter((l) =>
    (byLiteral.get(l) ?? []).every((i) => REQUEST_EVENTS.has(compiled[i].event)),
  );
  const countedLiterals = requestLiterals.filter((l) => COUNTED_LITERALS.includes(l));
  const gated = literals.filter((l) => !countedLiterals.includes(l));
  const gateCovers = new Map<string, string[]>();
  for (const lit of gated) {
    const g = GATE_HINTS.find((h) => lit.includes(h)) ?? ownGate(lit);
    gateCovers.set(g, [...(gateCovers.get(g) ?? []), lit]);
  }
  // a gate containing another gate is redundant: the shorter one already selects its lines
  for (const g of [...gateCovers.keys()]) {
    const inner = [...gateCovers.keys()].find((o) => o !== g && g.includes(o));
    if (inner !== undefined) {
      gateCovers.set(inner, [...(gateCovers.get(inner) ?? []), ...(gateCovers.get(g) ?? [])]);
      gateCovers.delete(g);
    }
  }
  const gates = [...gateCovers.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const gateRe = new RegExp(gates.length ? gates.map(escapeRe).join('|') : '(?!)', 'g');
  const upper = gates.filter((g) => /^[A-Z]/.test(g));
  const rest = gates.filter((g) => !/^[A-Z]/.test(g));
  const gateRes = [upper, rest].filter((ws) => ws.length).map((ws) => new RegExp(prefixTree(ws), 'g'));
  return { list: compiled, literalRe, byLiteral, gates, gateCovers, gateRe, gateRes, countedLiterals };
}

/** Read, validate and compile every content/signatures/*.yaml. Throws one Error listing all problems. */
export function loadSignatures(dir: string = defaultSignatureDir()): CompiledSignatures {
  return compileSignatures(readSignatureDefs(dir));
}

export function readSignatureDefs(dir: string = defaultSignatureDir()): SignatureDef[] {
  const problems: string[] = [];
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
      .sort();
  } catch (e) {
    throw Object.assign(new Error(`cannot read signature directory ${dir}: ${(e as Error).message}`), {
      code: 'ECATALOG',
    });
  }
  const defs: SignatureDef[] = [];
  for (const f of files) {
    let doc: unknown;
    try {
      doc = parseYaml(readFileSync(join(dir, f), 'utf8'));
    } catch (e) {
      problems.push(`${f}: YAML error: ${(e as Error).message.split('\n')[0]}`);
      continue;
    }
    const d = validateSignature(f, doc, problems);
    if (d) defs.push(d);
  }
  if (files.length === 0) problems.push(`${dir}: no *.yaml signature files`);
  const ids = new Set(defs.map((d) => d.id));
  for (const d of defs)
    d.samples.forEach((s, i) => {
      for (const other of s.alsoMatches ?? [])
        if (!ids.has(other))
          problems.push(`${d.id}.yaml: samples[${i}].alsoMatches names unknown signature "${other}"`);
    });
  if (problems.length) {
    throw Object.assign(
      new Error(
        `invalid signature catalog (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n  - ${problems.join('\n  - ')}`,
      ),
      {
        code: 'ECATALOG',
        problems,
      },
    );
  }
  return defs;
}
