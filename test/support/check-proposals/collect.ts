/**
 * Collects what the doctor proposes to paste or apply — command lines, Procfile / compose / Kubernetes / systemd /
 * Dockerfile launching lines, gunicorn.conf.py snippets, waitress lines, shell commands, unified diffs — from a
 * report's remediation (files, the filled Fix Markdown, `commands`) or from a cause page's Fix section, and runs
 * them through the real tools: check.py (Gunicorn's and waitress's own parsers, `sh -n`) and `git apply --check`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Diagnosis } from '../../../src/engine/types.js';

/** One thing to check, as check.py reads it (see its docstring for the kinds). */
export interface Item {
  kind: 'shell' | 'argv' | 'words' | 'conf' | 'cmd-args';
  text?: string;
  argv?: string[];
  /** the app comes from a config file (a gunicorn.conf.py `wsgi_app`), not the command line */
  noApp?: boolean;
  /** variables where the line runs (null: unset there, as PORT outside Heroku) over check.py's plausible defaults */
  env?: Record<string, string | null>;
  /** exec form whose runner expands no `$VAR` (Kubernetes command/args expand only `$(VAR)`) */
  noExpand?: boolean;
}

/** Only Heroku (and PaaS that copy it) sets PORT: in compose and systemd `$PORT` expands to nothing. */
const NO_PORT = { PORT: null };

/** An item and where it was proposed (for the failure message). */
export interface Proposal {
  item: Item;
  /** e.g. "files[0] Procfile (diff)", "markdown ```procfile", "commands[1]" */
  where: string;
}

export interface DiffProposal {
  path: string;
  diff: string;
  where: string;
}

export const CHECK_PY = join(import.meta.dirname, 'check.py');
export const VENDORED_GUNICORN = join(import.meta.dirname, '..', '..', 'vendor', 'gunicorn-23.0.0');

// ------------------------------------------------------------------ extraction by file type

const LAUNCHER = /^(?:\S*\/)?(?:gunicorn|waitress-serve)\b|^(?:\S*\/)?python[0-9.]* -m (?:gunicorn|waitress)\b/;

/** `name: command` lines of a Procfile (Heroku runs each command with bash). */
function procfileItems(text: string): Item[] {
  const out: Item[] = [];
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z0-9_.-]+):\s*(.*\S)\s*$/.exec(line);
    if (m && !line.trimStart().startsWith('#')) out.push({ kind: 'shell', text: m[2]! });
  }
  return out;
}

/**
 * Lines of a shell block; a comment holding a Procfile line (`# web: gunicorn …`) is a line to uncomment: checked too.
 */
function shellItems(text: string): Item[] {
  const out: Item[] = [];
  const joined = text.replace(/\\\n/g, ' ');
  for (const raw of joined.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      const m = /^#\s*[A-Za-z0-9_.-]+:\s*(.*\S)\s*$/.exec(line);
      if (m && LAUNCHER.test(m[1]!)) out.push({ kind: 'shell', text: m[1]! });
      continue;
    }
    out.push({ kind: 'shell', text: line });
  }
  return out;
}

function dockerfileItems(text: string): Item[] {
  const out: Item[] = [];
  const joined = text.replace(/\\\r?\n/g, ' ');
  for (const raw of joined.split('\n')) {
    const m = /^\s*(RUN|CMD|ENTRYPOINT|ENV)\s+(.*\S)\s*$/i.exec(raw);
    if (!m) continue;
    const [, ins, rest] = m;
    if (ins!.toUpperCase() === 'ENV') {
      // ENV A=b C="d e" — only the variables Gunicorn reads are checked (check.py)
      out.push({ kind: 'words', text: /^\w+\s+[^=]*$/.test(rest!) ? rest!.replace(/^(\w+)\s+/, '$1=') : rest! });
      continue;
    }
    if (rest!.startsWith('[')) {
      try {
        const argv = JSON.parse(rest!) as unknown;
        if (Array.isArray(argv) && argv.every((x) => typeof x === 'string')) {
          out.push({ kind: 'argv', argv });
          continue;
        }
      } catch {
        // not JSON: Docker runs it as a shell command
      }
    }
    out.push({ kind: 'shell', text: rest! });
  }
  return out;
}

/** ExecStart= (and its kin) and Environment= of a systemd unit; systemd splits words itself, no shell. */
function unitItems(text: string): Item[] {
  const out: Item[] = [];
  const joined = text.replace(/\\\n\s*/g, ' ');
  for (const raw of joined.split('\n')) {
    const m = /^\s*(ExecStart|ExecStartPre|ExecStartPost|ExecReload|ExecStop|Environment)\s*=\s*(.*\S)\s*$/.exec(raw);
    if (!m) continue;
    out.push({ kind: 'words', text: m[1] === 'Environment' ? m[2]! : m[2]!.replace(/^[-@:+!]+/, ''), env: NO_PORT });
  }
  return out;
}

const ENV_NAMES = new Set(['GUNICORN_CMD_ARGS', 'WEB_CONCURRENCY']);

/** Commands and Gunicorn's variables anywhere in compose files and Kubernetes manifests. */
function yamlItems(text: string): Item[] {
  const out: Item[] = [];
  // compose interpolates $VAR from the host (PORT is not set there); Kubernetes expands no $VAR
  let where: Pick<Item, 'env' | 'noExpand'> = {};
  const strings = (v: unknown): v is string[] =>
    Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number');
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    const command = o.command ?? o.entrypoint;
    if (typeof command === 'string') out.push({ kind: 'words', text: command, ...where });
    else if (strings(command))
      out.push({ kind: 'argv', argv: [...command, ...(strings(o.args) ? o.args : [])].map(String), ...where });
    else if (command === undefined && strings(o.args) && LAUNCHER.test(String(o.args[0] ?? '')))
      out.push({ kind: 'argv', argv: o.args.map(String), ...where });
    const env = o.environment;
    if (env && typeof env === 'object' && !Array.isArray(env)) {
      for (const [k, v] of Object.entries(env))
        if (ENV_NAMES.has(k) && v !== null) out.push({ kind: 'argv', argv: [`${k}=${String(v)}`], ...where });
    } else if (strings(env)) {
      for (const e of env)
        if (ENV_NAMES.has(String(e).split('=')[0]!)) out.push({ kind: 'argv', argv: [String(e)], ...where });
    }
    if (Array.isArray(o.env)) {
      for (const e of o.env as { name?: unknown; value?: unknown }[]) {
        if (e && ENV_NAMES.has(String(e.name)) && e.value !== undefined)
          out.push({ kind: 'argv', argv: [`${String(e.name)}=${String(e.value)}`], ...where });
      }
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'command' && k !== 'args' && k !== 'entrypoint') visit(v);
  };
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) throw new Error(`YAML does not parse: ${doc.errors[0]!.message.split('\n')[0]}`);
    const js: unknown = doc.toJS();
    // lines of another language read as one plain YAML string: not a compose file or a manifest
    if (js !== null && js !== undefined && typeof js !== 'object')
      throw new Error(
        `YAML does not parse as a mapping: the text is one plain string (${JSON.stringify(String(js).slice(0, 60))}…)`,
      );
    const top = js && typeof js === 'object' && !Array.isArray(js) ? (js as Record<string, unknown>) : {};
    where = 'services' in top ? { env: NO_PORT } : { noExpand: true };
    visit(js);
  }
  return out;
}

/** What a whole file proposes, by its name. */
export function fileItems(path: string, text: string): Item[] {
  const name = basename(path);
  if (/^Procfile/.test(name)) return procfileItems(text);
  if (/\.py$/.test(name)) return [{ kind: 'conf', text }];
  if (/^Dockerfile|\.Dockerfile$|^Containerfile/.test(name)) return dockerfileItems(text);
  if (/\.(service|socket|conf\.d|ini)$/.test(name)) return unitItems(text);
  if (/\.ya?ml$/.test(name)) return yamlItems(text);
  if (/\.(sh|bash)$/.test(name)) return shellItems(text);
  if (/^\.env/.test(name))
    return [
      {
        kind: 'words',
        text: text
          .split('\n')
          .filter((l) => l && !l.startsWith('#'))
          .join(' '),
      },
    ];
  return [];
}

/** What a fenced code block proposes, by its language. */
export function blockItems(lang: string, text: string): Item[] {
  switch (lang.toLowerCase()) {
    case 'procfile':
      // the Procfile lines, and a line left in a comment to uncomment (`# web: waitress-serve …`)
      return [
        ...procfileItems(text),
        ...shellItems(
          text
            .split('\n')
            .filter((l) => l.trim().startsWith('#'))
            .join('\n'),
        ),
      ];
    case 'bash':
    case 'sh':
    case 'shell':
    case 'console':
      return shellItems(text.replace(/^\$ /gm, ''));
    case 'python':
    case 'py':
      return [{ kind: 'conf', text }];
    case 'yaml':
    case 'yml':
      return yamlItems(text);
    case 'ini':
    case 'systemd':
      return unitItems(text);
    case 'dockerfile':
      return dockerfileItems(text);
    default:
      return [];
  }
}

/** Fenced code blocks of a Markdown text, with their language. */
export function codeBlocks(md: string): { lang: string; text: string }[] {
  const out: { lang: string; text: string }[] = [];
  const re = /^ {0,3}(`{3,}|~{3,})([^\n`]*)\n([\s\S]*?)^ {0,3}\1[ \t]*$/gm;
  for (const m of md.matchAll(re)) out.push({ lang: m[2]!.trim().split(/\s+/)[0] ?? '', text: m[3]! });
  return out;
}

/** A proposed text that cannot even be read as what it claims to be (a "YAML" snippet that does not parse). */
export interface Unreadable {
  where: string;
  text: string;
  message: string;
}

function safely(where: string, text: string, bad: Unreadable[], f: () => Item[]): Item[] {
  try {
    return f();
  } catch (e) {
    bad.push({ where, text, message: (e as Error).message });
    return [];
  }
}

export function markdownProposals(md: string, where: string, bad: Unreadable[] = []): Proposal[] {
  return codeBlocks(md).flatMap((b) => {
    const w = `${where} \`\`\`${b.lang}`;
    return safely(w, b.text, bad, () => blockItems(b.lang, b.text)).map((item) => ({ item, where: w }));
  });
}

/** Everything a diagnosis's remediation proposes: file snippets, diffs, the filled Fix's code blocks, commands. */
export function remediationProposals(d: Diagnosis): {
  items: Proposal[];
  diffs: DiffProposal[];
  unreadable: Unreadable[];
} {
  const r = d.remediation;
  const items: Proposal[] = [];
  const diffs: DiffProposal[] = [];
  const unreadable: Unreadable[] = [];
  if (!r) return { items, diffs, unreadable };
  r.files.forEach((f, i) => {
    if (f.diff) diffs.push({ path: f.path, diff: f.diff, where: `files[${i}] ${f.path} (diff)` });
    if (f.snippet) {
      const where = `files[${i}] ${f.path} (snippet)`;
      for (const item of safely(where, f.snippet, unreadable, () => fileItems(f.path, f.snippet!)))
        items.push({ item, where });
    }
  });
  if (r.markdown) items.push(...markdownProposals(r.markdown, 'markdown', unreadable));
  const commands = (r as { commands?: unknown }).commands;
  if (Array.isArray(commands))
    commands.forEach(
      (c, i) => typeof c === 'string' && items.push({ item: { kind: 'shell', text: c }, where: `commands[${i}]` }),
    );
  return { items, diffs, unreadable };
}

// ------------------------------------------------------------------ diffs

/** Paths named by a diff's `--- a/…` / `+++ b/…` headers. */
export function diffPaths(diff: string): string[] {
  return [...diff.matchAll(/^(?:---|\+\+\+) (?:[ab]\/)?(.*?)\s*$/gm)]
    .map((m) => m[1]!)
    .filter((p) => p !== '/dev/null');
}

/**
 * A header path as the project-relative path it should have been: `a//abs/proj/Procfile`, `a/test/projects/x/Procfile`
 * → `Procfile`.
 */
function relativeHeader(diff: string, projectDir: string, projectArg: string | undefined): string {
  const prefixes = [projectDir, projectArg].filter((p): p is string => !!p).map((p) => p.replace(/\/+$/, '') + '/');
  return diff.replace(/^(---|\+\+\+) ([ab])\/(.*)$/gm, (line, mark: string, side: string, path: string) => {
    for (const pre of prefixes) {
      const i = path.indexOf(pre);
      if (i >= 0 && /^\/*$/.test(path.slice(0, i))) return `${mark} ${side}/${path.slice(i + pre.length)}`;
    }
    return line;
  });
}

/**
 * `git apply --check` the diff inside a temporary copy of the project (or an empty directory when no project was
 * read): header paths must be relative to the project root (`a/Procfile`). A diff with wrong header paths is
 * reported, then applied with its paths made project-relative so its content is still checked. Returns what it
 * proposes: the launching lines of the patched files that were not already in the original ones.
 * `work`: a reusable copy of the project (restored after each diff), to keep this cheap over many diffs.
 */
export function checkDiff(
  diff: string,
  projectDir: string | undefined,
  opts: { projectArg?: string; work?: string } = {},
): { errors: string[]; items: Item[] } {
  const errors: string[] = [];
  for (const line of diff.split('\n').filter((l) => /^(---|\+\+\+) /.test(l))) {
    if (!/^(---|\+\+\+) (\/dev\/null|[ab]\/(?!\/)(?!\.\.\/)\S)/.test(line))
      errors.push(`diff header ${JSON.stringify(line)} is not a/<path relative to the project root>`);
  }
  const own = !opts.work;
  const dir = opts.work ?? mkdtempSync(join(tmpdir(), 'gd-diff-'));
  if (own && projectDir) cpSync(projectDir, dir, { recursive: true });
  const git = (args: string[], input: string) =>
    spawnSync('git', ['apply', ...args], {
      cwd: dir,
      input,
      encoding: 'utf8',
      env: { ...process.env, GIT_DIR: join(dir, '.no-git') },
    });
  let patch = diff;
  const first = git(['--check', '-'], patch);
  if (first.status !== 0) {
    errors.push(`git apply --check: ${(first.stderr || first.stdout).trim().split('\n').join(' | ')}`);
    const fixed = projectDir ? relativeHeader(diff, projectDir, opts.projectArg) : diff;
    if (fixed === diff) return done([]);
    patch = fixed;
  }
  const paths = [...new Set(diffPaths(patch))];
  const before = new Map(
    paths.map((p) => [p, existsSync(join(dir, p)) ? readFileSync(join(dir, p), 'utf8') : undefined]),
  );
  const applied = git(['-'], patch);
  if (applied.status !== 0) {
    if (patch !== diff)
      errors.push(`git apply (with project-relative paths): ${applied.stderr.trim().split('\n').join(' | ')}`);
    return done([]);
  }
  const items: Item[] = [];
  for (const p of paths) {
    const after = existsSync(join(dir, p)) ? readFileSync(join(dir, p), 'utf8') : '';
    let old: Item[] = [];
    try {
      old = fileItems(p, before.get(p) ?? '');
    } catch {
      // the user's file may not parse: everything in the new one is then the proposal
    }
    const seen = new Set(old.map(itemKey));
    try {
      items.push(...fileItems(p, after).filter((it) => !seen.has(itemKey(it))));
    } catch (e) {
      errors.push(`${p} after the diff: ${(e as Error).message}`);
    }
    // restore the reusable copy
    const b = before.get(p);
    if (b === undefined) rmSync(join(dir, p), { force: true });
    else writeFileSync(join(dir, p), b);
  }
  return done(items);

  function done(found: Item[]) {
    if (own) rmSync(dir, { recursive: true, force: true });
    return { errors, items: found };
  }
}

// ------------------------------------------------------------------ running check.py

export const itemKey = (it: Item) =>
  JSON.stringify([it.kind, it.text ?? it.argv, it.noApp ?? false, it.env ?? null, it.noExpand ?? false]);

export interface CheckResult {
  errors: string[];
  checked: string[];
}

export interface CheckRun {
  gunicorn: string;
  gunicornPath: string;
  waitress: string | null;
  results: Map<string, CheckResult>;
}

export const PY = '/usr/bin/python3';

/**
 * One check.py run over many items (keyed by itemKey). `vendored`: Gunicorn 23.0.0 from test/vendor, Gunicorn checks
 * only.
 */
export function runChecker(items: readonly Item[], opts: { vendored?: boolean } = {}): CheckRun {
  const list = items.map((it) => ({ id: itemKey(it), ...it }));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LC_ALL: 'C.UTF-8',
    PYTHONDONTWRITEBYTECODE: '1',
  };
  if (opts.vendored) env.PYTHONPATH = VENDORED_GUNICORN;
  const args = [CHECK_PY, ...(opts.vendored ? ['--only', 'gunicorn'] : [])];
  const r = spawnSync(PY, args, {
    input: JSON.stringify({ items: list }),
    encoding: 'utf8',
    env,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  if (r.status !== 0)
    throw new Error(
      `check.py failed (exit ${r.status}): ${(r.stderr || String(r.error)).trim().split('\n').slice(-3).join(' | ')}`,
    );
  const out = JSON.parse(r.stdout) as {
    gunicorn: string;
    gunicornPath: string;
    waitress: string | null;
    results: ({ id: string } & CheckResult)[];
  };
  return { ...out, results: new Map(out.results.map((x) => [x.id, { errors: x.errors, checked: x.checked }])) };
}
