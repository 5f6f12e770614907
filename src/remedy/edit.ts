/**
 * The exact change to the user's own files: their launching line with the new value (minimal edit, same flag
 * style), or the gunicorn.conf.py assignment / GUNICORN_CMD_ARGS line where the setting is actually defined
 * (precedence: command line > GUNICORN_CMD_ARGS > config file). Shown as a unified diff; written only by
 * applyEdit, which the caller runs after the user confirms.
 */
import { shellWord } from '../catalog/fill.js';
import { readFileSync } from 'node:fs';
import { basename, isAbsolute, relative, sep } from 'node:path';
import { gunicornExeLength, parseGunicornArgs, shellSplit, type ParsedOption } from '../project/argv.js';
import type { ArgToken, Platform, ProjectInfo, Setting } from '../project/types.js';
import { checkWritable, writeFileAtomic } from '../atomic.js';

export type EditKey =
  | 'workers'
  | 'timeout'
  | 'gracefulTimeout'
  | 'maxRequests'
  | 'maxRequestsJitter'
  | 'workerTmpDir'
  | 'threads'
  | 'workerClass'
  | 'preload'
  | 'bind'
  | 'memoryLimitMb';
export type Changes = Partial<Record<EditKey, string | number | boolean>>;

export interface FileEdit {
  path: string;
  /** the whole file before (absent for a snippet for a file the project does not have). */
  before?: string;
  /** the whole file after the change (or the snippet). */
  after: string;
  /** unified diff, `--- a/path` / `+++ b/path`, 3 lines of context. */
  diff?: string;
  /** caveats: a value that used to come from an environment variable, a setting we could not place … */
  notes?: string[];
}

const FLAG: Record<Exclude<EditKey, 'memoryLimitMb'>, { dest: string; flag: string; conf: string }> = {
  workers: { dest: 'workers', flag: '--workers', conf: 'workers' },
  timeout: { dest: 'timeout', flag: '--timeout', conf: 'timeout' },
  gracefulTimeout: { dest: 'graceful_timeout', flag: '--graceful-timeout', conf: 'graceful_timeout' },
  maxRequests: { dest: 'max_requests', flag: '--max-requests', conf: 'max_requests' },
  maxRequestsJitter: { dest: 'max_requests_jitter', flag: '--max-requests-jitter', conf: 'max_requests_jitter' },
  workerTmpDir: { dest: 'worker_tmp_dir', flag: '--worker-tmp-dir', conf: 'worker_tmp_dir' },
  threads: { dest: 'threads', flag: '--threads', conf: 'threads' },
  workerClass: { dest: 'worker_class', flag: '--worker-class', conf: 'worker_class' },
  preload: { dest: 'preload_app', flag: '--preload', conf: 'preload_app' },
  bind: { dest: 'bind', flag: '--bind', conf: 'bind' },
};
const ORDER: EditKey[] = [
  'workers',
  'threads',
  'workerClass',
  'timeout',
  'gracefulTimeout',
  'maxRequests',
  'maxRequestsJitter',
  'workerTmpDir',
  'preload',
  'bind',
  'memoryLimitMb',
];

interface Work {
  path: string;
  before: string;
  lines: string[];
  eol: string;
  notes: string[];
  /** lines to insert after original line index k (-1 = before the first line); lines keep their indexes. */
  inserts: Map<number, string[]>;
  deleted: Set<number>;
  /** where the next flag goes on a line where flags were already added (keeps their order). */
  cursor: Map<number, number>;
}

function insertAfter(w: Work, idx: number, line: string) {
  const list = w.inserts.get(idx) ?? [];
  list.push(line);
  w.inserts.set(idx, list);
}

function render(w: Work): string {
  const out: string[] = [...(w.inserts.get(-1) ?? [])];
  w.lines.forEach((l, i) => {
    if (!w.deleted.has(i)) out.push(l);
    out.push(...(w.inserts.get(i) ?? []));
  });
  return out.join(w.eol);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Index of `needle` in `line` at or after `from` as a whole token (not inside a longer word/flag). */
function findToken(line: string, needle: string, from = 0): number {
  let at = line.indexOf(needle, from);
  while (at >= 0) {
    const before = at === 0 ? '' : line[at - 1];
    const after = line[at + needle.length] ?? '';
    const okBefore = before === '' || (/[\s"'[,=:(-]/.test(before) && !(before === '-' && needle.startsWith('-')));
    const okAfter =
      after === '' ||
      /[\s"',\]=)\\;&|]/.test(after) ||
      (needle.length === 2 && needle.startsWith('-') && !needle.startsWith('--'));
    if (okBefore && okAfter) return at;
    at = line.indexOf(needle, at + 1);
  }
  return -1;
}

export function proposeEdit(
  project: ProjectInfo,
  changes: Changes,
  fallbackPlatform?: Platform,
  read: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): FileEdit[] {
  const work = new Map<string, Work>();
  const open = (path: string): Work | undefined => {
    let w = work.get(path);
    if (w) return w;
    let text: string;
    try {
      text = read(path);
    } catch {
      return undefined;
    }
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    w = {
      path,
      before: text,
      lines: text.split(/\r?\n/),
      eol,
      notes: [],
      inserts: new Map(),
      deleted: new Set(),
      cursor: new Map(),
    };
    work.set(path, w);
    return w;
  };
  const unplaced: [EditKey, string | number | boolean][] = [];
  const cmd = project.command;
  const tokens = cmd?.tokens;
  const exeLen = cmd ? gunicornExeLength(cmd.argv) : 0;
  const parsed = cmd && tokens && exeLen ? parseGunicornArgs(cmd.argv.slice(exeLen), exeLen) : undefined;

  const keys = ORDER.filter((k) => changes[k] !== undefined);
  for (const key of keys) {
    const value = changes[key];
    if (value === undefined) continue;
    if (key === 'memoryLimitMb') {
      if (!editMemory(project, Number(value), open)) unplaced.push([key, value]);
      continue;
    }
    const spec = FLAG[key];
    const setting = (project.settings as Record<string, Setting<unknown> | undefined>)[key];
    const via = setting?.via;
    let done = false;
    if (via === 'command' && parsed && tokens) {
      const opt = parsed.options.get(spec.dest);
      if (opt) done = replaceOption(open, tokens, opt, value);
    } else if (via === 'cmd-args-env' && setting && setting.source.path !== 'environment') {
      done = replaceInEnvLine(open, setting, spec.dest, value);
    } else if (via === 'config-file' && setting) {
      const w = open(setting.source.path);
      if (w) done = replaceConfAssignment(w, setting.source.line, spec.conf, value);
    }
    if (!done && via === 'cmd-args-env' && setting?.source.path === 'environment') {
      const w = cmd ? open(cmd.path) : undefined;
      if (w)
        w.notes.push(`${spec.flag} was set in GUNICORN_CMD_ARGS in the environment; a command-line flag overrides it.`);
    }
    if (!done && cmd && tokens && parsed) done = addOption(open, tokens, exeLen, key, value);
    if (!done) {
      const confPath = Object.values(project.settings).find((s) => s?.via === 'config-file')?.source.path;
      const w = confPath ? open(confPath) : undefined;
      if (w) {
        appendConf(w, spec.conf, value);
        done = true;
      }
    }
    if (!done) unplaced.push([key, value]);
  }

  const out: FileEdit[] = [];
  for (const w of work.values()) {
    const after = render(w);
    if (after === w.before && !w.notes.length) continue;
    const e: FileEdit = {
      path: w.path,
      before: w.before,
      after,
      diff: unifiedDiff(diffPath(w.path, project.root), w.before, after),
    };
    if (w.notes.length) e.notes = w.notes;
    out.push(e);
  }
  if (unplaced.length) {
    // a platform the project only defaulted to (no platform file found) yields to the one the caller resolved
    const platform =
      (project.platform && !project.platform.note ? project.platform.value : undefined) ??
      fallbackPlatform ??
      project.platform?.value ??
      'bare';
    out.push(snippet(project, Object.fromEntries(unplaced) as Changes, platform));
  }
  return out;
}

// ---- command-line edits -------------------------------------------------------------------------------------------

function pyOrShellValue(v: string | number | boolean): string {
  return String(v);
}

/** Keep `${WEB_CONCURRENCY:-3}` → `${WEB_CONCURRENCY:-N}` so the platform variable still wins. */
function newRaw(old: string, value: string | number | boolean, notes: string[]): string {
  const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(:?-)[^}]*\}$/.exec(old);
  if (m) {
    notes.push(
      `${m[1]} still wins when it is set: check it (e.g. heroku config:get ${m[1]}) and set it to ${value} too.`,
    );
    return `\${${m[1]}${m[2]}${value}}`;
  }
  if (/^\$[A-Za-z_]/.test(old))
    notes.push(
      `${old} was replaced by the number ${value}; set ${old.replace(/^\$\{?|\}$/g, '')} instead if you prefer to keep it in the environment.`,
    );
  return pyOrShellValue(value);
}

function replaceOption(
  open: (p: string) => Work | undefined,
  tokens: ArgToken[],
  opt: ParsedOption,
  value: string | number | boolean,
): boolean {
  const flagTok = tokens[opt.index];
  if (!flagTok) return false;
  const w = open(flagTok.path);
  if (!w) return false;
  if (opt.form === 'flag') {
    if (value === true) return true; // already on
    return removeFlag(w, flagTok, opt.flag);
  }
  const oldValue = String(opt.value);
  for (let li = flagTok.line - 1; li < Math.min(w.lines.length, flagTok.line + 8); li++) {
    const line = w.lines[li];
    const fAt =
      li === flagTok.line - 1 ? findToken(line, opt.form === 'attached' ? opt.flag + oldValue : opt.flag) : -1;
    if (li === flagTok.line - 1 && fAt < 0) continue;
    let start: number;
    if (opt.form === 'attached') start = fAt + opt.flag.length + (line[fAt + opt.flag.length] === '=' ? 1 : 0);
    else if (opt.form === 'equals') {
      start = line.indexOf(oldValue, fAt + opt.flag.length + 1);
      if (start < 0 || !/^["']?$/.test(line.slice(fAt + opt.flag.length + 1, start))) continue;
    } else {
      start = line.indexOf(oldValue, fAt >= 0 ? fAt + opt.flag.length : 0);
      while (start >= 0 && findToken(line, oldValue, start) !== start) start = line.indexOf(oldValue, start + 1);
      if (start < 0) continue;
    }
    const raw = newRaw(oldValue, value, w.notes);
    w.lines[li] = line.slice(0, start) + raw + line.slice(start + oldValue.length);
    return true;
  }
  return false;
}

function removeFlag(w: Work, tok: ArgToken, flag: string): boolean {
  const li = tok.line - 1;
  const line = w.lines[li];
  if (tok.style === 'list-item' && new RegExp(`^\\s*-\\s*["']?${escapeRe(flag)}["']?\\s*$`).test(line)) {
    w.deleted.add(li);
    return true;
  }
  const arr = new RegExp(`\\s*["']${escapeRe(flag)}["']\\s*,|,\\s*["']${escapeRe(flag)}["']`).exec(line);
  if (tok.style === 'array' && arr) {
    w.lines[li] = line.slice(0, arr.index) + line.slice(arr.index + arr[0].length);
    return true;
  }
  const at = findToken(line, flag);
  if (at < 0) return false;
  const startCut = at > 0 && line[at - 1] === ' ' ? at - 1 : at;
  w.lines[li] = line.slice(0, startCut) + line.slice(at + flag.length);
  return true;
}

function addOption(
  open: (p: string) => Work | undefined,
  tokens: ArgToken[],
  exeLen: number,
  key: EditKey,
  value: string | number | boolean,
): boolean {
  const spec = FLAG[key as Exclude<EditKey, 'memoryLimitMb'>];
  if (value === false) return key === 'preload'; // absent switch = off already
  const last = tokens[tokens.length - 1];
  const words = value === true ? [spec.flag] : [spec.flag, String(value)];
  if (last.style === 'list-item') {
    const w = open(last.path);
    if (!w) return false;
    const line = w.lines[last.line - 1];
    const m = /^(\s*-\s*)(["']?)/.exec(line);
    if (!m) return false;
    const item = value === true ? spec.flag : `${spec.flag}=${value}`;
    insertAfter(w, last.line - 1, `${m[1]}${m[2]}${item}${m[2]}`);
    return true;
  }
  if (last.style === 'array') {
    const w = open(last.path);
    if (!w) return false;
    const line = w.lines[last.line - 1];
    const q = line.includes(`'${last.value}'`) && !line.includes(`"${last.value}"`) ? "'" : '"';
    const quoted = `${q}${last.value}${q}`;
    const at = line.lastIndexOf(quoted);
    if (at < 0) return false;
    const ins = words.map((x) => `, ${q}${x}${q}`).join('');
    w.lines[last.line - 1] = line.slice(0, at + quoted.length) + ins + line.slice(at + quoted.length);
    return true;
  }
  // shell text: right after the gunicorn executable
  const exe = tokens[exeLen - 1];
  const w = open(exe.path);
  if (!w) return false;
  const exeWord = exe.value;
  for (let li = exe.line - 1; li < w.lines.length && li < exe.line + 8; li++) {
    const at = findToken(w.lines[li], exeWord);
    if (at < 0) continue;
    const line = w.lines[li];
    const end = w.cursor.get(li) ?? at + exeWord.length;
    const ins = ' ' + words.map(shellQuote).join(' ');
    w.lines[li] = line.slice(0, end) + ins + line.slice(end);
    w.cursor.set(li, end + ins.length);
    return true;
  }
  return false;
}

/**
 * A word for a shell line: plain when safe, `$PORT` / `${VAR:-x}` left to expand (double quotes), else single quotes.
 */
export function shellQuote(s: string): string {
  if (/^[A-Za-z0-9_./:=,@%+-]+$/.test(s)) return s;
  if (/^(?:[A-Za-z0-9_./:=,@%+-]|\$[A-Za-z_]\w*|\$\{[A-Za-z_]\w*(?::?-[A-Za-z0-9_./:,@%+-]*)?\})+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function replaceInEnvLine(
  open: (p: string) => Work | undefined,
  setting: Setting<unknown>,
  dest: string,
  value: string | number | boolean,
): boolean {
  const w = open(setting.source.path);
  if (!w) return false;
  const li = setting.source.line - 1;
  const line = w.lines[li];
  const m =
    /GUNICORN_CMD_ARGS\s*[=:]\s*(["']?)(.*?)\1\s*$/.exec(line) ??
    /GUNICORN_CMD_ARGS\s*[=:]\s*(["']?)([^"']*)\1/.exec(line);
  const valueLine = m ? li : li + 1; // k8s: `- name: GUNICORN_CMD_ARGS` / `value: "…"` — source points at value
  const text = m ? m[2] : (/value:\s*(["']?)(.*?)\1\s*$/.exec(w.lines[valueLine] ?? '')?.[2] ?? '');
  const words = shellSplit(text);
  const p = parseGunicornArgs(words);
  const opt = p.options.get(dest);
  if (!opt) return false;
  const tok: ArgToken = { value: words[opt.index], path: w.path, line: (m ? li : valueLine) + 1, style: 'shell' };
  const toks = words.map(() => tok);
  return replaceOption(() => w, toks, opt, value);
}

// ---- gunicorn.conf.py -------------------------------------------------------------------------------------------

function pyLiteral(v: string | number | boolean, quote = '"'): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  return quote + v.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), '\\' + quote) + quote;
}

function replaceConfAssignment(w: Work, line: number, name: string, value: string | number | boolean): boolean {
  const li = line - 1;
  const text = w.lines[li];
  const m = new RegExp(`^(\\s*${escapeRe(name)}\\s*(?::[^=]*)?=\\s*)(.*?)(\\s*#.*)?$`).exec(text);
  if (!m) return false;
  const rhs = m[2];
  // keep the environment override: int(os.environ.get("WEB_CONCURRENCY", 2)) → default only
  const env = /^(.*(?:environ\.get|getenv)\(\s*(["'])[^"']+\2\s*,\s*)(["']?)([^"')]*)\3(\s*\).*)$/.exec(rhs);
  if (env && typeof value !== 'boolean') {
    w.lines[li] = m[1] + env[1] + env[3] + String(value) + env[3] + env[5] + (m[3] ?? '');
    w.notes.push(`${name} in ${basename(w.path)} is read from the environment first; the default was changed.`);
    return true;
  }
  const quote = /^'/.test(rhs) ? "'" : '"';
  w.lines[li] = m[1] + pyLiteral(value, quote) + (m[3] ?? '');
  return true;
}

/** Replace the last top-level assignment (even one we could not read), else append one. */
function appendConf(w: Work, name: string, value: string | number | boolean) {
  const re = new RegExp(`^${escapeRe(name)}\\s*(?::[^=]*)?=(?!=)`);
  for (let i = w.lines.length - 1; i >= 0; i--) {
    if (re.test(w.lines[i])) {
      const was = w.lines[i].trim();
      w.lines[i] = `${name} = ${pyLiteral(value)}`;
      w.notes.push(`${basename(w.path)}:${i + 1}: replaced \`${was}\` (not read statically) with a plain value.`);
      return;
    }
  }
  let end = w.lines.length;
  while (end > 0 && w.lines[end - 1] === '') end--;
  insertAfter(w, end - 1, `${name} = ${pyLiteral(value)}`);
}

// ---- memory limit -----------------------------------------------------------------------------------------------

function editMemory(project: ProjectInfo, mb: number, open: (p: string) => Work | undefined): boolean {
  const s = project.settings.memoryLimitMb;
  if (!s || !Number.isFinite(mb) || mb <= 0) return false;
  const w = open(s.source.path);
  if (!w) return false;
  const li = s.source.line - 1;
  const line = w.lines[li];
  const platform = project.platform?.value;
  let re: RegExp;
  let unit: string;
  if (/^\s*Memory(Max|Limit)=/.test(line)) {
    re = /(Memory(?:Max|Limit)=)(\S+)/;
    unit = mb % 1024 === 0 ? `${mb / 1024}G` : `${mb}M`;
  } else if (platform === 'kubernetes' || /memory:\s*["']?\d+(\.\d+)?[KMGTP]i/.test(line)) {
    re = /(memory:\s*["']?)([^"'\s#]+)/;
    unit = mb % 1024 === 0 ? `${mb / 1024}Gi` : `${mb}Mi`;
  } else {
    re = /((?:mem_limit|memory):\s*["']?)([^"'\s#]+)/;
    const upper = /\d[MG]\b/.test(line);
    unit = mb % 1024 === 0 ? `${mb / 1024}${upper ? 'G' : 'g'}` : `${mb}${upper ? 'M' : 'm'}`;
  }
  const m = re.exec(line);
  if (!m) return false;
  w.lines[li] = line.slice(0, m.index) + m[1] + unit + line.slice(m.index + m[0].length);
  return true;
}

// ---- snippets for a file the project does not have --------------------------------------------------------------

function snippet(project: ProjectInfo, c: Changes, platform: Platform): FileEdit {
  const rawApp = project.settings.app?.value ?? '<app_module>:app';
  // a shell word; Kubernetes args take it raw
  const app = project.settings.app?.value !== undefined ? shellWord(rawApp) : rawApp;
  const flags: string[] = [];
  for (const k of ORDER) {
    if (k === 'memoryLimitMb' || c[k] === undefined || c[k] === false) continue;
    const spec = FLAG[k];
    flags.push(c[k] === true ? spec.flag : `${spec.flag} ${shellQuote(String(c[k]))}`);
  }
  const mem = c.memoryLimitMb !== undefined ? Number(c.memoryLimitMb) : undefined;
  const notes = ['No project file for this was found: add it (or merge it into the file that starts Gunicorn).'];
  switch (platform) {
    case 'heroku':
      if (mem) notes.push(`Heroku memory is the dyno size: pick a dyno with at least ${mem} MB (heroku ps:type).`);
      return {
        path: 'Procfile',
        after:
          `web: gunicorn ${app}${c.bind === undefined ? ' --bind 0.0.0.0:$PORT' : ''} ${flags.join(' ')}`.trimEnd() +
          '\n',
        notes,
      };
    case 'docker':
      return {
        path: 'docker-compose.yml',
        after:
          [
            'services:',
            '  web:',
            '    build: .',
            `    command: gunicorn ${app}${c.bind === undefined ? ' --bind 0.0.0.0:8000' : ''} ${flags.join(' ')}`.trimEnd(),
            ...(mem ? [`    mem_limit: ${mem}m`] : []),
          ].join('\n') + '\n',
        notes,
      };
    case 'kubernetes': {
      const args = [
        rawApp,
        ...(c.bind === undefined ? ['--bind=0.0.0.0:8000'] : []),
        ...flags.map((f) => f.replace(' ', '=')),
      ];
      return {
        path: 'deployment.yaml',
        after:
          [
            '      containers:',
            '        - name: web',
            '          command: ["gunicorn"]',
            '          args:',
            ...args.map((a) => `            - "${a}"`),
            ...(mem ? ['          resources:', '            limits:', `              memory: ${mem}Mi`] : []),
          ].join('\n') + '\n',
        notes,
      };
    }
    case 'systemd':
      return {
        path: 'gunicorn.service',
        after:
          [
            '[Service]',
            `ExecStart=/path/to/venv/bin/gunicorn ${app} ${flags.join(' ')}`.trimEnd(),
            ...(mem ? [`MemoryMax=${mem}M`] : []),
          ].join('\n') + '\n',
        notes,
      };
    default: {
      const lines: string[] = [];
      for (const k of ORDER) {
        const v = c[k];
        if (k === 'memoryLimitMb' || v === undefined) continue;
        lines.push(`${FLAG[k].conf} = ${pyLiteral(v)}`);
      }
      if (mem) notes.push(`Memory limit ${mem} MB: set it in whatever runs Gunicorn (container, unit, VM size).`);
      return { path: 'gunicorn.conf.py', after: lines.join('\n') + '\n', notes };
    }
  }
}

// ---- unified diff -------------------------------------------------------------------------------------------------

/**
 * The path a diff header names: relative to the project root with `/` separators, as `git apply` / `patch -p1` want.
 */
export function diffPath(path: string, root: string | undefined): string {
  const rel = root ? relative(root, path) : path;
  const p = !rel || rel.startsWith('..') || isAbsolute(rel) ? basename(path) : rel;
  return p.split(sep).join('/');
}

export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  // trailing newline → last empty element: keep lines aligned, drop the phantom line from both
  if (a[a.length - 1] === '' && b[b.length - 1] === '') {
    a.pop();
    b.pop();
  }
  const n = a.length;
  const m = b.length;
  // LCS table (files here are small); fall back to a whole-file hunk when huge
  type Op = { t: ' ' | '-' | '+'; s: string; ai: number; bi: number };
  const ops: Op[] = [];
  if (n * m > 25_000_000) {
    a.forEach((s, i) => ops.push({ t: '-', s, ai: i, bi: 0 }));
    b.forEach((s, i) => ops.push({ t: '+', s, ai: n, bi: i }));
  } else {
    const L: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--)
        L[i][j] = a[i] === b[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[i] === b[j]) {
        ops.push({ t: ' ', s: a[i], ai: i, bi: j });
        i++;
        j++;
      } else if (i < n && (j >= m || L[i + 1][j] >= L[i][j + 1])) {
        ops.push({ t: '-', s: a[i], ai: i, bi: j });
        i++;
      } else {
        ops.push({ t: '+', s: b[j], ai: i, bi: j });
        j++;
      }
    }
  }
  const changed = ops.map((o, k) => (o.t !== ' ' ? k : -1)).filter((k) => k >= 0);
  if (!changed.length) return '';
  const out = [`--- a/${path}`, `+++ b/${path}`];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k] - context);
    let end = Math.min(ops.length - 1, changed[k] + context);
    while (k + 1 < changed.length && changed[k + 1] - context <= end + 1) {
      k++;
      end = Math.min(ops.length - 1, changed[k] + context);
    }
    const hunk = ops.slice(start, end + 1);
    const aStart = hunk[0].ai;
    const bStart = hunk[0].bi;
    const aLen = hunk.filter((o) => o.t !== '+').length;
    const bLen = hunk.filter((o) => o.t !== '-').length;
    out.push(`@@ -${aLen ? aStart + 1 : aStart},${aLen} +${bLen ? bStart + 1 : bStart},${bLen} @@`);
    for (const o of hunk) out.push(o.t + o.s);
    k++;
  }
  return out.join('\n') + '\n';
}

// ---- apply ----------------------------------------------------------------------------------------------------------

/**
 * Write `edit.after` to `path` with the one atomic writer (src/atomic.ts) after copying the current file to
 * `<path>.bak` the same way: a symlink planted at the `.bak` is replaced, never followed; the target itself must be a
 * regular file (not a link, device or pipe); both keep the file's mode. Refuses when the file changed since the edit
 * was proposed. Only call after the user confirmed.
 */
export async function applyEdit(
  path: string,
  edit: Pick<FileEdit, 'before' | 'after'>,
): Promise<{ path: string; backup?: string }> {
  const st = checkWritable(path);
  let current: Buffer | undefined;
  if (st) current = readFileSync(path);
  if (edit.before !== undefined && current?.toString('utf8') !== edit.before) {
    throw new Error(`${path} changed since the edit was proposed; nothing was written`);
  }
  let backup: string | undefined;
  if (current !== undefined && st) {
    backup = `${path}.bak`;
    writeFileAtomic(backup, current, { mode: st.mode & 0o7777, replaceLink: true });
  }
  writeFileAtomic(path, edit.after);
  return { path, backup };
}
