/**
 * Static project discovery: which file launches Gunicorn, with which settings, on which platform.
 * Never executes anything and never imports a gunicorn.conf.py.
 *
 * Precedence (gunicorn/app/base.py `load_config` @23.0.0): WEB_CONCURRENCY (the workers default) < config file
 * (`-c` on the command line, else `-c` in GUNICORN_CMD_ARGS, else ./gunicorn.conf.py) < GUNICORN_CMD_ARGS <
 * command-line flags. Platforms: compose `command:` replaces the Dockerfile CMD and `entrypoint:` the ENTRYPOINT
 * (and drops CMD); Kubernetes `command` replaces ENTRYPOINT (CMD ignored) and `args` replaces CMD.
 */
import { constants } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';
import {
  expandVars,
  findGunicorn,
  findInScript,
  gunicornExeLength,
  parseGunicornArgs,
  shellSplit,
  type Env,
  type GunicornInvocation,
  type ParsedArgs,
} from './argv.js';
import { parseConfPy, type ConfParse, type PyValue } from './confpy.js';
import { dockerArgv, readDockerfile } from './dockerfile.js';
import {
  pickComposeService,
  pickK8sContainer,
  readCompose,
  readK8s,
  type ComposeFacts,
  type K8sFacts,
} from './manifests.js';
import { readDependencies, readProcfile, readSystemdUnit, type DependencyFacts, type ProcfileFacts } from './simple.js';
import type {
  ArgToken,
  CommandInfo,
  CommandKind,
  ComposeService,
  DockerfileFacts,
  K8sContainer,
  PackageName,
  Platform,
  ProjectFacts,
  ProjectInfo,
  ProjectSettings,
  Setting,
  SettingVia,
  Source,
  SystemdFacts,
} from './types.js';
import { parseYamlFile, yamlErrors } from './yamlsrc.js';

export type { Platform, ProjectInfo, Setting, Source, CommandInfo } from './types.js';

export interface DiscoverOptions {
  /** Environment to expand `$VARS` with (the caller passes it; this module never reads process.env). */
  env?: Env;
  /** Prefer this platform when several are present (e.g. from --platform). */
  platform?: Platform;
}

export const SCANNED_SUBDIRS = [
  'k8s',
  'deploy',
  'kubernetes',
  'manifests',
  '.platform',
  'systemd',
  'config',
  'deployment',
  'helm',
  'docker',
];
const MAX_BYTES = 2 * 1024 * 1024;

type FileKind =
  'procfile' | 'dockerfile' | 'compose' | 'yaml' | 'systemd' | 'confpy' | 'deps' | 'heroku-meta' | 'script';

function classify(name: string): FileKind | undefined {
  if (name === 'Procfile') return 'procfile';
  if (/^(Dockerfile|Containerfile)(\..+)?$/.test(name) || /\.(dockerfile|Dockerfile)$/.test(name)) return 'dockerfile';
  if (/^(docker-)?compose(\.[\w-]+)?\.ya?ml$/.test(name)) return 'compose';
  if (/\.ya?ml$/.test(name)) return 'yaml';
  if (/\.service$/.test(name)) return 'systemd';
  if (/^gunicorn[._-]?(conf|config|cfg|settings)?\.py$/.test(name) || name === 'gunicorn.conf.py') return 'confpy';
  if (
    /^requirements.*\.(txt|in)$/.test(name) ||
    ['pyproject.toml', 'Pipfile', 'Pipfile.lock', 'poetry.lock', 'uv.lock'].includes(name)
  )
    return 'deps';
  if (name === 'app.json' || name === 'heroku.yml') return 'heroku-meta';
  if (/\.sh$/.test(name)) return 'script';
  return undefined;
}

interface Loaded {
  path: string;
  kind: FileKind;
  text: string;
  lines: string[];
}

/** Discovery caps: a directory of 100,000 YAML files (or a huge project) is read in bounded time, with a warning. */
export const DISCOVERY_CAPS = {
  /** generic `.yaml`/`.yml` files read per directory (Kubernetes manifests; compose files are named and not counted) */
  yamlPerDir: 200,
  /** project files read in all */
  files: 1000,
  /** bytes read in all */
  totalBytes: 32 * 1024 * 1024,
} as const;

async function listCandidates(
  target: string,
  skipped: { path: string; reason: string }[],
): Promise<{ files: string[]; single: boolean; root: string }> {
  const st = await stat(target);
  if (!st.isDirectory()) return { files: [target], single: true, root: dirname(target) };
  const files: string[] = [];
  const scan = async (dir: string) => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    let yaml = 0;
    let over = 0;
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (!e.isFile()) continue;
      const kind = classify(e.name);
      if (!kind) continue;
      if ((kind === 'yaml' && ++yaml > DISCOVERY_CAPS.yamlPerDir) || files.length >= DISCOVERY_CAPS.files) {
        over++;
        continue;
      }
      files.push(join(dir, e.name));
    }
    if (over)
      skipped.push({
        path: dir,
        reason: `${over} more project file(s) not read (at most ${DISCOVERY_CAPS.yamlPerDir} YAML files per directory and ${DISCOVERY_CAPS.files} files in all)`,
      });
  };
  await scan(target);
  for (const sub of SCANNED_SUBDIRS) await scan(join(target, sub));
  return { files, single: false, root: target };
}

interface Ctx {
  info: ProjectInfo;
  lines: Map<string, string[]>;
  env: Env;
  envGiven: boolean;
  /** bytes of project files read so far (DISCOVERY_CAPS.totalBytes) */
  bytes: number;
}

function src(ctx: Ctx, path: string, line: number): Source {
  return { path, line, text: (ctx.lines.get(path)?.[line - 1] ?? '').trim() };
}

function set<K extends keyof ProjectSettings>(
  ctx: Ctx,
  key: K,
  value: ProjectSettings[K]['value'],
  source: Source,
  via: SettingVia,
  note?: string,
) {
  const s = { value, source, via } as Setting<unknown>;
  if (note) s.note = note;
  (ctx.info.settings as Record<string, Setting<unknown>>)[key] = s;
}

const DEST_TO_KEY: Record<string, keyof ProjectSettings> = {
  workers: 'workers',
  timeout: 'timeout',
  graceful_timeout: 'gracefulTimeout',
  worker_class: 'workerClass',
  threads: 'threads',
  max_requests: 'maxRequests',
  max_requests_jitter: 'maxRequestsJitter',
  preload_app: 'preload',
  bind: 'bind',
  worker_tmp_dir: 'workerTmpDir',
  wsgi_app: 'app',
  reload: 'reload',
};
const NUMERIC = new Set(['timeout', 'graceful_timeout', 'threads', 'max_requests', 'max_requests_jitter']);

/** Apply one setting from any layer, with type checks; unreadable values are said, never guessed. */
function applyValue(ctx: Ctx, dest: string, raw: PyValue | true, source: Source, via: SettingVia, note?: string) {
  const key = DEST_TO_KEY[dest];
  if (!key) return;
  let value: PyValue | true = raw;
  if (typeof value === 'string') {
    value = expandVars(value, ctx.env, ctx.envGiven);
    if (value !== raw) note = [note, `${raw} expanded to ${value}`].filter(Boolean).join('; ');
  }
  if (dest === 'workers') {
    if (typeof value === 'number' || (typeof value === 'string' && /^\s*\d+\s*$/.test(value))) {
      set(ctx, 'workers', Number(value), source, via, note);
      return;
    }
    if (typeof value === 'string') {
      const def = /^\$\{WEB_CONCURRENCY:?-(\d+)\}$/.exec(value.trim());
      const n = def
        ? `defaults to ${def[1]} when WEB_CONCURRENCY is unset${ctx.info.platform?.value === 'heroku' ? '; the Heroku Python buildpack sets WEB_CONCURRENCY from the dyno size' : ''}`
        : `depends on ${value}, which is not known here`;
      set(ctx, 'workers', value, source, via, [note, n].filter(Boolean).join('; '));
      return;
    }
  }
  if (NUMERIC.has(dest)) {
    const n =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)
          ? Number(value)
          : undefined;
    if (n === undefined) {
      ctx.info.unreadable.push({
        path: source.path,
        reason: `${source.path}:${source.line}: ${dest} = ${String(value)} is not a number known here`,
      });
      return;
    }
    set(ctx, key, n as never, source, via, note);
    return;
  }
  if (dest === 'preload_app' || dest === 'reload') {
    const b =
      value === true || value === false
        ? value
        : typeof value === 'string'
          ? /^(true|1|yes|on)$/i.test(value)
          : Boolean(value);
    set(ctx, key, b as never, source, via, note);
    return;
  }
  if (dest === 'bind' && Array.isArray(value)) {
    set(ctx, 'bind', value.join(','), source, via, note);
    return;
  }
  if (value === null || value === true || value === false) return;
  set(ctx, key, String(value) as never, source, via, note);
}

function applyArgs(ctx: Ctx, parsed: ParsedArgs, tokens: ArgToken[], via: SettingVia) {
  const binds: string[] = [];
  for (const o of parsed.all) {
    const tok = tokens[o.form === 'separate' ? o.index + 1 : o.index] ?? tokens[o.index];
    const source = tok ? src(ctx, tok.path, tok.line) : { path: '?', line: 0, text: '' };
    if (o.dest === 'bind' && typeof o.value === 'string') {
      binds.push(expandVars(o.value, ctx.env, ctx.envGiven));
      set(ctx, 'bind', binds.join(','), source, via);
      continue;
    }
    applyValue(ctx, o.dest, o.value, source, via);
  }
}

export async function discoverProject(target: string, opts: DiscoverOptions = {}): Promise<ProjectInfo> {
  const notes: string[] = [];
  const info: ProjectInfo = { settings: {}, files: [], unreadable: [], notes };
  const ctx: Ctx = { info, lines: new Map(), env: { ...(opts.env ?? {}) }, envGiven: opts.env !== undefined, bytes: 0 };
  let listing;
  const skipped: { path: string; reason: string }[] = [];
  try {
    listing = await listCandidates(target, skipped);
  } catch (e) {
    info.unreadable.push({
      path: target,
      reason: `cannot read ${target}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    });
    return info;
  }
  info.unreadable.push(...skipped);
  info.root = listing.root;
  const loaded: Loaded[] = [];
  const byName = new Map<string, string[]>();
  for (const path of listing.files) {
    const kind = classify(basename(path)) ?? (listing.single ? guessKind(path) : undefined);
    if (!kind) continue;
    const text = await readText(ctx, path);
    if (text === undefined) continue;
    loaded.push({ path, kind, text, lines: text.split(/\r?\n/) });
    const same = byName.get(basename(path));
    if (same) same.push(path);
    else byName.set(basename(path), [path]);
  }

  // --- parse every file -----------------------------------------------------------------------------------------
  let procfile: { path: string; facts: ProcfileFacts } | undefined;
  const dockerfiles: DockerfileFacts[] = [];
  const composes: ComposeFacts[] = [];
  const k8s: K8sFacts[] = [];
  const units: SystemdFacts[] = [];
  const confs: { path: string; text: string }[] = [];
  const deps: { path: string; facts: DependencyFacts }[] = [];
  let herokuMeta: string | undefined;
  const herokuMetas: { path: string; text: string }[] = [];
  for (const f of loaded) {
    switch (f.kind) {
      case 'procfile':
        procfile = { path: f.path, facts: readProcfile(f.path, f.text) };
        break;
      case 'dockerfile': {
        const d = readDockerfile(f.path, f.text);
        dockerfiles.push(d);
        for (const p of d.problems) info.unreadable.push({ path: f.path, reason: p });
        break;
      }
      case 'compose':
      case 'yaml': {
        const y = parseYamlFile(f.path, f.text);
        const errs = yamlErrors(y);
        if (errs.length) {
          info.unreadable.push({ path: f.path, reason: `${f.path}: invalid YAML: ${errs[0]}` });
        }
        if (f.kind === 'compose') composes.push(readCompose(y));
        else {
          const k = readK8s(y);
          if (k.containers.length) k8s.push(k);
          else if (!k.kinds.length && /^\s*services:/m.test(f.text)) composes.push(readCompose(y));
          else info.files.splice(info.files.indexOf(f.path), 1); // unrelated YAML: not a project file we used
        }
        break;
      }
      case 'systemd':
        units.push(readSystemdUnit(f.path, f.text));
        break;
      case 'confpy':
        confs.push({ path: f.path, text: f.text });
        break;
      case 'deps':
        deps.push({ path: f.path, facts: readDependencies(f.path, f.text) });
        break;
      case 'heroku-meta':
        herokuMeta = f.path;
        herokuMetas.push({ path: f.path, text: f.text });
        break;
    }
  }

  // --- launch candidates per platform ------------------------------------------------------------------------
  interface Candidate {
    platform: Platform;
    source: Source;
    tokens: ArgToken[];
    fileEnv: Map<string, { value: string; source: Source }>;
    kindOf: (t: ArgToken) => CommandKind;
    apply: () => void;
    facts: Omit<ProjectFacts, 'env' | 'dependencyFiles'>;
  }
  const candidates: Candidate[] = [];
  const dockerFor = (hint?: string): DockerfileFacts | undefined =>
    (hint ? dockerfiles.find((d) => basename(d.path) === basename(hint)) : undefined) ??
    dockerfiles.find((d) => basename(d.path) === 'Dockerfile') ??
    dockerfiles[0];
  const dockerKind =
    (d: DockerfileFacts | undefined) =>
    (t: ArgToken): CommandKind => {
      const ep = d?.final?.entrypoint;
      return d && ep && t.path === d.path && t.line >= ep.source.line && t.line <= ep.endLine
        ? 'dockerfile-entrypoint'
        : 'dockerfile-cmd';
    };

  const kc = k8s.map((k) => ({ k, c: pickK8sContainer(k) })).find((x) => x.c) as
    { k: K8sFacts; c: K8sContainer } | undefined;
  if (kc) {
    const { c } = kc;
    const d = dockerFor();
    const st = d?.final;
    let tokens: ArgToken[];
    if (c.command) tokens = [...c.command, ...(c.args ?? [])];
    else if (c.args) tokens = [...(st?.entrypoint?.form === 'exec' ? st.entrypoint.tokens : []), ...c.args];
    else tokens = dockerArgv(st?.entrypoint?.tokens, st?.entrypoint?.form, st?.cmd?.tokens);
    const env = new Map(st?.env ?? []);
    for (const [k, v] of c.env) env.set(k, v);
    candidates.push({
      platform: 'kubernetes',
      source: c.commandSource ?? c.argsSource ?? c.podSpecSource,
      tokens,
      fileEnv: env,
      kindOf: (t) => (t.path === kc.k.path ? 'k8s' : dockerKind(d)(t)),
      facts: { k8s: { path: kc.k.path, container: c }, dockerfile: d },
      apply: () => {
        if (c.memoryLimitMb) set(ctx, 'memoryLimitMb', c.memoryLimitMb.value, c.memoryLimitMb.source, 'platform');
        if (c.terminationGrace)
          set(ctx, 'killWindowSeconds', c.terminationGrace.value, c.terminationGrace.source, 'platform');
        if (c.restartPolicy) set(ctx, 'restartPolicy', c.restartPolicy.value, c.restartPolicy.source, 'platform');
        if (c.probes.length)
          set(ctx, 'probes', c.probes.map((p) => p.summary).join('; '), c.probes[0].source, 'platform');
      },
    });
  }
  if (procfile?.facts.web) {
    const w = procfile.facts.web;
    candidates.push({
      platform: 'heroku',
      source: w.source,
      tokens: w.tokens,
      fileEnv: new Map(),
      kindOf: () => 'procfile',
      apply: () => {},
      facts: {},
    });
  }
  const cs = composes.map((c) => ({ c, s: pickComposeService(c) })).find((x) => x.s) as
    { c: ComposeFacts; s: ComposeService } | undefined;
  if (cs) {
    const { s } = cs;
    const d = dockerFor(s.build?.dockerfile);
    const st = s.build || !s.image ? d?.final : undefined;
    let tokens: ArgToken[];
    if (s.entrypoint) tokens = [...s.entrypoint, ...(s.command ?? [])];
    else if (s.command)
      tokens =
        st?.entrypoint?.form === 'exec'
          ? [...st.entrypoint.tokens, ...s.command]
          : st?.entrypoint
            ? st.entrypoint.tokens
            : s.command;
    else tokens = dockerArgv(st?.entrypoint?.tokens, st?.entrypoint?.form, st?.cmd?.tokens);
    const env = new Map(st?.env ?? []);
    for (const [k, v] of s.env) env.set(k, v);
    candidates.push({
      platform: 'docker',
      source: s.commandSource ??
        s.entrypointSource ?? { path: cs.c.path, line: 1, text: (ctx.lines.get(cs.c.path)?.[0] ?? '').trim() },
      tokens,
      fileEnv: env,
      kindOf: (t) => (t.path === cs.c.path ? 'compose' : dockerKind(d)(t)),
      facts: { compose: { path: cs.c.path, service: s }, dockerfile: st ? d : undefined },
      apply: () => {
        if (s.memoryLimitMb) set(ctx, 'memoryLimitMb', s.memoryLimitMb.value, s.memoryLimitMb.source, 'platform');
        if (s.stopGraceSeconds)
          set(ctx, 'killWindowSeconds', s.stopGraceSeconds.value, s.stopGraceSeconds.source, 'platform');
        if (s.restart) set(ctx, 'restartPolicy', s.restart.value, s.restart.source, 'platform');
      },
    });
  }
  const unit = units.find((u) => u.execStart && findGunicorn(u.execStart.tokens.map((t) => t.value))) ?? units[0];
  if (unit) {
    candidates.push({
      platform: 'systemd',
      source: unit.execStart?.source ?? { path: unit.path, line: 1, text: '' },
      tokens: unit.execStart?.tokens ?? [],
      fileEnv: unit.env,
      kindOf: () => 'systemd',
      facts: { systemd: unit },
      apply: () => {
        if (unit.memoryMax) set(ctx, 'memoryLimitMb', unit.memoryMax.value, unit.memoryMax.source, 'platform');
        if (unit.timeoutStop)
          set(ctx, 'killWindowSeconds', unit.timeoutStop.value, unit.timeoutStop.source, 'platform');
        if (unit.restart) set(ctx, 'restartPolicy', unit.restart.value, unit.restart.source, 'platform');
        for (const e of unit.environmentFiles)
          info.unreadable.push({
            path: unit.path,
            reason: `${unit.path}:${e.line}: ${e.text} — variables from that file are not read`,
          });
        for (const p of unit.problems) info.unreadable.push({ path: unit.path, reason: `${unit.path}: ${p}` });
      },
    });
  }
  const df = dockerFor();
  const launch = df?.final?.entrypoint ?? df?.final?.cmd;
  if (df?.final && launch) {
    const st = df.final;
    candidates.push({
      platform: 'docker',
      source: launch.source,
      tokens: dockerArgv(st.entrypoint?.tokens, st.entrypoint?.form, st.cmd?.tokens),
      fileEnv: st.env,
      kindOf: dockerKind(df),
      apply: () => {},
      facts: { dockerfile: df },
    });
  }

  // --- choose: the platform hint, else the first candidate that really launches gunicorn, else the first -----------
  const located = candidates.map((c) => ({ c, inv: locateGunicorn(ctx, c.tokens, byName) }));
  const pick =
    (opts.platform
      ? (located.find((x) => x.c.platform === opts.platform && x.inv) ??
        located.find((x) => x.c.platform === opts.platform))
      : undefined) ??
    located.find((x) => x.inv) ??
    located[0];

  let cliParsed: ParsedArgs | undefined;
  let cliTokens: ArgToken[] = [];
  let facts: ProjectFacts = { env: {}, dependencyFiles: [] };
  if (pick) {
    const { c, inv } = pick;
    info.platform = { value: c.platform, source: c.source, via: 'platform' };
    for (const [k, v] of c.fileEnv) ctx.env[k] = v.value; // what the process really sees
    c.apply();
    facts = { ...c.facts, env: Object.fromEntries([...c.fileEnv].map(([k, v]) => [k, v.value])), dependencyFiles: [] };
    if (inv) {
      for (const [k, v] of Object.entries(inv.inv.env)) {
        ctx.env[k] = v;
        facts.env[k] = v;
      }
      cliTokens = inv.tokens;
      const first = inv.tokens[0];
      const last = inv.tokens[inv.tokens.length - 1];
      const cmd: CommandInfo = {
        path: first.path,
        line: first.line,
        text: (ctx.lines.get(first.path)?.[first.line - 1] ?? '').trim(),
        argv: inv.inv.argv,
        kind: inv.kind ?? c.kindOf(first),
        tokens: inv.tokens,
      };
      const lastFlagTok = [...inv.tokens].reverse().find((t) => t.path === first.path) ?? last;
      const end = Math.max(lastFlagTok.line, c.platform === 'systemd' && unit?.execStart ? unit.execStart.endLine : 0);
      if (end > first.line) cmd.endLine = end;
      info.command = cmd;
      const exe = gunicornExeLength(inv.inv.argv);
      cliParsed = parseGunicornArgs(inv.inv.argv.slice(exe), exe);
      for (const u of cliParsed.unknown)
        notes.push(`unrecognised option ${u.token} on ${first.path}:${inv.tokens[u.index]?.line ?? first.line}`);
    } else if (c.tokens.length) {
      notes.push(
        `${c.source.path}:${c.source.line}: the command does not start gunicorn directly (${c.tokens
          .map((t) => t.value)
          .join(' ')
          .slice(0, 80)}); settings on the command line are unknown`,
      );
    }
  } else if (herokuMeta) {
    info.platform = { value: 'heroku', source: src(ctx, herokuMeta, 1), via: 'platform' };
  }

  // --- layers: WEB_CONCURRENCY < config file < GUNICORN_CMD_ARGS < command line -----------------------------
  const envSource = (name: string, fileEnv?: Map<string, { value: string; source: Source }>): Source | undefined => {
    if (pick?.inv && name in pick.inv.inv.env) {
      const t = pick.inv.tokens[0];
      return src(ctx, t.path, t.line);
    }
    const f = pick?.c.fileEnv.get(name) ?? fileEnv?.get(name);
    if (f) return f.source;
    if (opts.env?.[name] !== undefined) return { path: 'environment', line: 1, text: `${name}=${opts.env[name]}` };
    return undefined;
  };
  const wc = ctx.env.WEB_CONCURRENCY;
  const wcSrc = envSource('WEB_CONCURRENCY');
  if (wc !== undefined && wcSrc)
    applyValue(
      ctx,
      'workers',
      wc,
      wcSrc,
      'web-concurrency',
      'Gunicorn uses WEB_CONCURRENCY as the default for workers',
    );

  const cmdArgsText = ctx.env.GUNICORN_CMD_ARGS;
  const cmdArgsSrc = envSource('GUNICORN_CMD_ARGS');
  let envParsed: ParsedArgs | undefined;
  if (cmdArgsText !== undefined && cmdArgsSrc) envParsed = parseGunicornArgs(shellSplit(cmdArgsText));

  // config file
  const confRef = (cliParsed?.options.get('config')?.value ?? envParsed?.options.get('config')?.value) as
    string | undefined;
  let conf: { path: string; text: string } | undefined;
  if (confRef !== undefined) {
    const ref = expandVars(confRef, ctx.env, ctx.envGiven);
    if (ref.startsWith('python:')) {
      info.unreadable.push({ path: ref, reason: `config ${ref} is a Python module; its settings are not read` });
    } else {
      conf =
        confs.find((c) => c.path === join(listing.root, ref)) ??
        confs.find((c) => basename(c.path) === posix.basename(ref));
      if (!conf) {
        const p = join(listing.root, ref);
        const text = await readText(ctx, p, true);
        if (text !== undefined) conf = { path: p, text };
        else
          info.unreadable.push({
            path: ref,
            reason: `config file ${ref} named on the command line was not found in the project`,
          });
      }
    }
  } else {
    conf =
      confs.find(
        (c) => basename(c.path) === 'gunicorn.conf.py' && dirname(c.path) === listing.root.replace(/\/$/, ''),
      ) ?? confs.find((c) => basename(c.path) === 'gunicorn.conf.py');
    if (!conf && confs.length && !info.command) {
      conf = confs[0];
      notes.push(`${conf.path}: assumed to be passed with -c (Gunicorn only loads ./gunicorn.conf.py by itself)`);
    }
  }
  for (const c of confs) {
    if (c !== conf)
      notes.push(
        `${c.path} is not loaded by the command found (Gunicorn reads ./gunicorn.conf.py or the file given with -c); its settings were ignored`,
      );
  }
  if (conf) {
    facts.confPy = conf;
    if (!ctx.lines.has(conf.path)) {
      ctx.lines.set(conf.path, conf.text.split(/\r?\n/));
    }
    const parsed: ConfParse = parseConfPy(conf.text, ctx.env);
    for (const u of parsed.unreadable)
      info.unreadable.push({ path: conf.path, reason: `${basename(conf.path)}:${u.line}: ${u.reason}` });
    for (const [name, a] of parsed.values)
      applyValue(ctx, name, a.value, { path: conf.path, line: a.line, text: a.text }, 'config-file', a.note);
  }

  if (envParsed && cmdArgsSrc && cmdArgsText !== undefined) {
    const toks: ArgToken[] = shellSplit(cmdArgsText).map((v) => ({
      value: v,
      path: cmdArgsSrc.path,
      line: cmdArgsSrc.line,
      style: 'shell',
    }));
    if (!ctx.lines.has(cmdArgsSrc.path)) {
      const l: string[] = [];
      l[Math.max(0, cmdArgsSrc.line - 1)] = cmdArgsSrc.text;
      ctx.lines.set(cmdArgsSrc.path, l);
    }
    applyArgs(ctx, envParsed, toks, 'cmd-args-env');
    if (!info.command && cmdArgsSrc.path === 'environment') {
      notes.push('GUNICORN_CMD_ARGS is set in the environment given');
    }
  }
  if (cliParsed) {
    applyArgs(ctx, cliParsed, cliTokens, 'command');
    const app = cliParsed.positional[0];
    if (app) {
      const t = cliTokens[app.index];
      set(ctx, 'app', expandVars(app.value, ctx.env, ctx.envGiven), src(ctx, t.path, t.line), 'command');
    }
  }
  if (!info.settings.workers && info.platform?.value === 'heroku') {
    notes.push(
      'workers is not set in the project: Gunicorn uses WEB_CONCURRENCY, which the Heroku Python buildpack sets from the dyno size (else 1)',
    );
  }

  // --- dependencies ----------------------------------------------------------------------------------------------
  const pkgs: Partial<Record<PackageName, Setting<string>>> = {};
  const order = (p: string) => (/\.lock$/.test(p) ? 0 : 1); // exact lock versions first
  for (const d of [...deps].sort((a, b) => order(a.path) - order(b.path))) {
    for (const [name, p] of d.facts.packages) {
      if (pkgs[name]) continue;
      pkgs[name] = { value: p.exact ?? (p.spec || '*'), source: p.source, via: 'requirements' };
    }
  }
  if (Object.keys(pkgs).length) info.packages = pkgs;
  if (pkgs.gunicorn) info.settings.gunicornVersion = pkgs.gunicorn;
  if (!info.platform && (conf || deps.length)) {
    const s = conf
      ? { path: conf.path, line: 1, text: (ctx.lines.get(conf.path)?.[0] ?? '').trim() }
      : (deps[0].facts.packages.values().next().value?.source ?? { path: deps[0].path, line: 1, text: '' });
    info.platform = {
      value: 'bare',
      source: s,
      via: 'platform',
      note: 'no Procfile, container, Kubernetes or systemd file found',
    };
  }
  if (herokuMetas.length) facts.herokuMeta = herokuMetas;
  facts.dependencyFiles = deps.map((d) => d.path);
  info.facts = facts;
  if (!notes.length) delete info.notes;
  return info;
}

function guessKind(path: string): FileKind | undefined {
  const name = basename(path);
  if (/\.py$/.test(name)) return 'confpy';
  if (/\.txt$/.test(name)) return 'deps';
  return undefined;
}

async function readText(ctx: Ctx, path: string, quiet = false): Promise<string | undefined> {
  let fh;
  try {
    // O_NONBLOCK: a pipe put where a project file is expected is not waited on; only a regular file is read, and
    // no more than MAX_BYTES of it (a file that grows while it is read included)
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = await fh.stat();
    if (!st.isFile()) {
      ctx.info.unreadable.push({ path, reason: `${path} is not a regular file; skipped` });
      return undefined;
    }
    if (st.size > MAX_BYTES) {
      ctx.info.unreadable.push({ path, reason: `${path} is larger than ${MAX_BYTES / 1024 / 1024} MB; skipped` });
      return undefined;
    }
    ctx.bytes += st.size;
    if (ctx.bytes > DISCOVERY_CAPS.totalBytes) {
      ctx.info.unreadable.push({
        path,
        reason: `${path}: the project files read so far hold ${DISCOVERY_CAPS.totalBytes / 1024 / 1024} MB; skipped`,
      });
      return undefined;
    }
    const buf = Buffer.alloc(Math.min(st.size, MAX_BYTES) + 1);
    let n = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, n, buf.length - n, n);
      if (bytesRead === 0 || (n += bytesRead) >= buf.length) break;
    }
    if (n > MAX_BYTES || (n === buf.length && st.size >= MAX_BYTES)) {
      ctx.info.unreadable.push({ path, reason: `${path} is larger than ${MAX_BYTES / 1024 / 1024} MB; skipped` });
      return undefined;
    }
    const text = buf.toString('utf8', 0, n).replace(/^\uFEFF/, '');
    ctx.info.files.push(path);
    ctx.lines.set(path, text.split(/\r?\n/));
    return text;
  } catch (e) {
    if (!quiet)
      ctx.info.unreadable.push({
        path,
        reason: `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
      });
    return undefined;
  } finally {
    await fh?.close();
  }
}

/** Find gunicorn in a token list; follow an entry script that is in the project. */
function locateGunicorn(
  ctx: Ctx,
  tokens: ArgToken[],
  byName: Map<string, string[]>,
): { inv: GunicornInvocation; tokens: ArgToken[]; kind?: CommandKind } | undefined {
  const values = tokens.map((t) => t.value);
  let inv = findGunicorn(values);
  if (!inv) {
    // `./entrypoint.sh gunicorn …`, `wait-for-it db:5432 -- gunicorn …`
    const k = values.findIndex((v, i) => i > 0 && gunicornExeLength(values.slice(i)) > 0);
    if (k > 0) inv = { argv: values.slice(k), start: k, env: {} };
  }
  if (inv) {
    if (inv.script !== undefined) {
      const t = tokens[inv.start];
      return { inv, tokens: inv.argv.map((value) => ({ value, path: t.path, line: t.line, style: 'shell' as const })) };
    }
    return { inv, tokens: tokens.slice(inv.start, inv.start + inv.argv.length) };
  }
  // an entry script we can read
  const scriptTok = tokens.find((t) => /\.sh$/.test(t.value) || byName.has(basename(t.value)));
  const paths = scriptTok ? byName.get(basename(scriptTok.value)) : undefined;
  if (!paths?.length) return undefined;
  const path = paths[0];
  const lines = ctx.lines.get(path);
  if (!lines) return undefined;
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*#/.test(lines[i]) || !/gunicorn/.test(lines[i])) continue;
    let text = lines[i];
    let j = i;
    while (/\\\s*$/.test(text) && j + 1 < lines.length) {
      j++;
      text = text.replace(/\\\s*$/, ' ') + lines[j];
    }
    const found = findInScript(text);
    if (found)
      return {
        inv: found,
        tokens: found.argv.map((value) => ({ value, path, line: i + 1, style: 'shell' as const })),
        kind: 'script',
      };
  }
  return undefined;
}
