/**
 * Shell-like splitting and Gunicorn argv parsing, statically (nothing is executed).
 * Option table from gunicorn/config.py @23.0.0 (`cli = [...]`, `action = "store_true"`).
 */

export type ShellToken = { kind: 'word'; value: string } | { kind: 'op'; value: string };

/** Split a shell command like POSIX sh would tokenise it (quotes, backslashes, operators, comments). No expansion. */
export function shellTokens(input: string): ShellToken[] {
  const out: ShellToken[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  const push = () => {
    if (inWord) out.push({ kind: 'word', value: cur });
    cur = '';
    inWord = false;
  };
  while (i < input.length) {
    const c = input[i];
    if (c === '\\' && input[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      push();
      if (c === '\n') out.push({ kind: 'op', value: ';' });
      i++;
      continue;
    }
    if (c === '#' && !inWord) {
      while (i < input.length && input[i] !== '\n') i++;
      continue;
    }
    if (c === "'") {
      inWord = true;
      const end = input.indexOf("'", i + 1);
      if (end < 0) {
        cur += input.slice(i + 1);
        i = input.length;
        continue;
      }
      cur += input.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      inWord = true;
      i++;
      while (i < input.length && input[i] !== '"') {
        if (input[i] === '\\' && i + 1 < input.length && '"\\$`\n'.includes(input[i + 1])) {
          if (input[i + 1] !== '\n') cur += input[i + 1];
          i += 2;
          continue;
        }
        cur += input[i];
        i++;
      }
      i++;
      continue;
    }
    if (c === '\\') {
      inWord = true;
      if (i + 1 < input.length) cur += input[i + 1];
      i += 2;
      continue;
    }
    if (c === '&' || c === '|' || c === ';' || c === '(' || c === ')') {
      push();
      const two = input.slice(i, i + 2);
      if (two === '&&' || two === '||') {
        out.push({ kind: 'op', value: two });
        i += 2;
        continue;
      }
      out.push({ kind: 'op', value: c });
      i++;
      continue;
    }
    inWord = true;
    cur += c;
    i++;
  }
  push();
  return out;
}

/** Words only, like Python's shlex.split (what Gunicorn does with GUNICORN_CMD_ARGS). */
export function shellSplit(input: string): string[] {
  return shellTokens(input)
    .filter((t) => t.kind === 'word')
    .map((t) => t.value);
}

export type Env = Record<string, string | undefined>;

/**
 * Expand `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR-default}` when the value is known.
 * Unknown variables are kept as written (never guessed). `envGiven` means "unset variables really are unset",
 * so `${VAR:-3}` becomes `3`.
 */
export function expandVars(text: string, env: Env | undefined, envGiven: boolean): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (m, n1, op, def, n2) => {
      const name = (n1 ?? n2) as string;
      const v = env?.[name];
      if (v !== undefined && !(op === ':-' && v === '')) return v;
      if (op !== undefined && envGiven) return def as string;
      return m;
    },
  );
}

/** `${VAR:-3}` → { name: VAR, default: '3' }; `$VAR` → { name: VAR }. */
export function varReference(text: string): { name: string; default?: string } | undefined {
  const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}$|^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(text);
  if (!m) return undefined;
  return { name: (m[1] ?? m[3]) as string, default: m[2] };
}

const SHELLS = /^(?:\/(?:usr\/)?bin\/)?(?:env\s+)?(?:sh|bash|dash|ash|zsh)$/;
const PASSTHROUGH = new Set([
  'exec',
  'env',
  'nohup',
  'dumb-init',
  'tini',
  '--',
  'ddtrace-run',
  'opentelemetry-instrument',
  'chpst',
]);

export interface GunicornInvocation {
  /** argv starting at the gunicorn executable (or python), wrappers stripped. */
  argv: string[];
  /** index into the original flat token list where argv[0] sits (for provenance). */
  start: number;
  /** variables set in front of the command (`FOO=1 gunicorn …`, `env FOO=1 gunicorn …`). */
  env: Record<string, string>;
  /** the inner shell script text when the command was wrapped in `sh -c "…"`. */
  script?: string;
}

function isGunicornExe(tok: string): boolean {
  const base = tok.split('/').pop() ?? tok;
  return base === 'gunicorn' || base === 'gunicorn3';
}
function isPython(tok: string): boolean {
  const base = tok.split('/').pop() ?? tok;
  return /^python(?:\d(?:\.\d+)?)?$/.test(base);
}

/** Number of leading tokens that form the executable: `gunicorn` → 1, `python -m gunicorn` → 3. */
export function gunicornExeLength(argv: string[]): number {
  if (argv.length && isGunicornExe(argv[0])) return 1;
  if (argv.length >= 3 && isPython(argv[0]) && argv[1] === '-m' && argv[2] === 'gunicorn') return 3;
  return 0;
}

/**
 * Find the gunicorn invocation in a flat argv (exec form, or already-split shell text).
 * Handles `sh -c "…"`, `bash -lc`, `exec`, `env A=B`, `A=B gunicorn`, `python -m gunicorn`, `poetry run`,
 * `pipenv run`, `uv run`, `newrelic-admin run-program`, and `a && gunicorn …` sequences.
 * Returns `script` when it had to unwrap a shell string (tokens then come from that string).
 */
export function findGunicorn(argv: string[]): GunicornInvocation | undefined {
  // sh -c "script"
  if (argv.length >= 2 && SHELLS.test(argv[0])) {
    const ci = argv.findIndex((a, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(a));
    if (ci > 0 && argv[ci + 1] !== undefined) {
      const inner = findInScript(argv[ci + 1]);
      if (inner) return { ...inner, start: ci + 1, script: argv[ci + 1] };
      return undefined;
    }
  }
  return findInSegment(argv, 0);
}

/** Search a shell script text: each `&&`/`;`/`|` segment in turn. */
export function findInScript(script: string): GunicornInvocation | undefined {
  const toks = shellTokens(script);
  let seg: string[] = [];
  const segs: string[][] = [];
  for (const t of toks) {
    if (t.kind === 'op') {
      if (seg.length) segs.push(seg);
      seg = [];
    } else seg.push(t.value);
  }
  if (seg.length) segs.push(seg);
  for (const s of segs) {
    const found = findGunicorn(s);
    if (found) return { ...found, script };
  }
  return undefined;
}

function findInSegment(argv: string[], offset: number): GunicornInvocation | undefined {
  const env: Record<string, string> = {};
  let i = 0;
  while (i < argv.length) {
    const a = argv[i];
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) {
      const eq = a.indexOf('=');
      env[a.slice(0, eq)] = a.slice(eq + 1);
      i++;
      continue;
    }
    if (PASSTHROUGH.has(a.split('/').pop() ?? a)) {
      i++;
      continue;
    }
    if (/^-/.test(a) && i > 0 && !isGunicornExe(a)) {
      i++;
      continue;
    } // options of a wrapper (env -i, tini -g)
    if ((a === 'poetry' || a === 'pipenv' || a === 'uv' || a === 'pdm' || a === 'hatch') && argv[i + 1] === 'run') {
      i += 2;
      continue;
    }
    if (a === 'newrelic-admin' && argv[i + 1] === 'run-program') {
      i += 2;
      continue;
    }
    break;
  }
  if (i < argv.length && SHELLS.test(argv[i])) {
    const nested = findGunicorn(argv.slice(i));
    if (nested) return { ...nested, env: { ...env, ...nested.env }, start: nested.start + i + offset };
    return undefined;
  }
  const rest = argv.slice(i);
  if (gunicornExeLength(rest) > 0) return { argv: rest, start: i + offset, env };
  return undefined;
}

// ---- Gunicorn options -------------------------------------------------------------------------------------------

/** Settings we read, by argparse dest (= config-file name), with their flags. */
export const VALUE_OPTIONS: Record<string, string[]> = {
  config: ['-c', '--config'],
  bind: ['-b', '--bind'],
  backlog: ['--backlog'],
  workers: ['-w', '--workers'],
  worker_class: ['-k', '--worker-class'],
  threads: ['--threads'],
  worker_connections: ['--worker-connections'],
  max_requests: ['--max-requests'],
  max_requests_jitter: ['--max-requests-jitter'],
  timeout: ['-t', '--timeout'],
  graceful_timeout: ['--graceful-timeout'],
  keepalive: ['--keep-alive'],
  limit_request_line: ['--limit-request-line'],
  limit_request_fields: ['--limit-request-fields'],
  limit_request_field_size: ['--limit-request-field_size'],
  reload_engine: ['--reload-engine'],
  reload_extra_files: ['--reload-extra-file'],
  chdir: ['--chdir'],
  raw_env: ['-e', '--env'],
  pidfile: ['-p', '--pid'],
  worker_tmp_dir: ['--worker-tmp-dir'],
  user: ['-u', '--user'],
  group: ['-g', '--group'],
  umask: ['-m', '--umask'],
  forwarded_allow_ips: ['--forwarded-allow-ips'],
  accesslog: ['--access-logfile'],
  access_log_format: ['--access-logformat'],
  errorlog: ['--error-logfile', '--log-file'],
  loglevel: ['--log-level'],
  logger_class: ['--logger-class'],
  logconfig: ['--log-config'],
  logconfig_json: ['--log-config-json'],
  syslog_addr: ['--log-syslog-to'],
  syslog_prefix: ['--log-syslog-prefix'],
  syslog_facility: ['--log-syslog-facility'],
  statsd_host: ['--statsd-host'],
  dogstatsd_tags: ['--dogstatsd-tags'],
  statsd_prefix: ['--statsd-prefix'],
  proc_name: ['-n', '--name'],
  pythonpath: ['--pythonpath'],
  paste: ['--paste', '--paster'],
  proxy_allow_ips: ['--proxy-allow-from'],
  keyfile: ['--keyfile'],
  certfile: ['--certfile'],
  ssl_version: ['--ssl-version'],
  cert_reqs: ['--cert-reqs'],
  ca_certs: ['--ca-certs'],
  ciphers: ['--ciphers'],
  paste_global_conf: ['--paste-global'],
  forwarder_headers: ['--forwarder-headers'],
  header_map: ['--header-map'],
};

export const FLAG_OPTIONS: Record<string, string[]> = {
  reload: ['--reload'],
  spew: ['--spew'],
  check_config: ['--check-config'],
  print_config: ['--print-config'],
  preload_app: ['--preload'],
  sendfile: ['--no-sendfile'],
  reuse_port: ['--reuse-port'],
  daemon: ['-D', '--daemon'],
  initgroups: ['--initgroups'],
  disable_redirect_access_to_syslog: ['--disable-redirect-access-to-syslog'],
  capture_output: ['--capture-output'],
  syslog: ['--log-syslog'],
  enable_stdio_inheritance: ['-R', '--enable-stdio-inheritance'],
  proxy_protocol: ['--proxy-protocol'],
  suppress_ragged_eofs: ['--suppress-ragged-eofs'],
  do_handshake_on_connect: ['--do-handshake-on-connect'],
  permit_obsolete_folding: ['--permit-obsolete-folding'],
  strip_header_spaces: ['--strip-header-spaces'],
  permit_unconventional_http_method: ['--permit-unconventional-http-method'],
  permit_unconventional_http_version: ['--permit-unconventional-http-version'],
  casefold_http_method: ['--casefold-http-method'],
  version: ['-v', '--version'],
  help: ['-h', '--help'],
};

const FLAG_TO_DEST = new Map<string, { dest: string; takesValue: boolean }>();
for (const [dest, flags] of Object.entries(VALUE_OPTIONS))
  for (const f of flags) FLAG_TO_DEST.set(f, { dest, takesValue: true });
for (const [dest, flags] of Object.entries(FLAG_OPTIONS))
  for (const f of flags) FLAG_TO_DEST.set(f, { dest, takesValue: false });
const LONG_FLAGS = [...FLAG_TO_DEST.keys()].filter((f) => f.startsWith('--'));

/** argparse-style lookup: exact, else a unique prefix of a long option. */
function lookupLong(flag: string): { flag: string; dest: string; takesValue: boolean } | undefined {
  const exact = FLAG_TO_DEST.get(flag);
  if (exact) return { flag, ...exact };
  const cands = LONG_FLAGS.filter((f) => f.startsWith(flag));
  const only = cands.length === 1 ? FLAG_TO_DEST.get(cands[0]) : undefined;
  return only && { flag: cands[0], ...only };
}

export interface ParsedOption {
  dest: string;
  value: string | true;
  /** the flag as written (`-w`, `--workers`, `--work`). */
  flag: string;
  /** `separate`: `--workers 3`; `equals`: `--workers=3`; `attached`: `-w3`; `flag`: boolean switch. */
  form: 'separate' | 'equals' | 'attached' | 'flag';
  /** index of the flag token (and the value token is index+1 when form is `separate`). */
  index: number;
}

export interface ParsedArgs {
  /** last occurrence per dest (argparse semantics; `bind` keeps every occurrence in `all`). */
  options: Map<string, ParsedOption>;
  all: ParsedOption[];
  positional: { value: string; index: number }[];
  unknown: { token: string; index: number }[];
}

/** Parse gunicorn arguments (without the executable). `indexOffset` is added to every reported index. */
export function parseGunicornArgs(args: string[], indexOffset = 0): ParsedArgs {
  const options = new Map<string, ParsedOption>();
  const all: ParsedOption[] = [];
  const positional: { value: string; index: number }[] = [];
  const unknown: { token: string; index: number }[] = [];
  const add = (o: ParsedOption) => {
    options.set(o.dest, o);
    all.push(o);
  };
  let i = 0;
  let onlyPositional = false;
  while (i < args.length) {
    const a = args[i];
    const idx = i + indexOffset;
    if (onlyPositional || a === '-' || !a.startsWith('-')) {
      positional.push({ value: a, index: idx });
      i++;
      continue;
    }
    if (a === '--') {
      onlyPositional = true;
      i++;
      continue;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(0, eq) : a;
      const opt = lookupLong(name);
      if (!opt) {
        unknown.push({ token: a, index: idx });
        i++;
        continue;
      }
      if (!opt.takesValue) {
        add({ dest: opt.dest, value: true, flag: name, form: 'flag', index: idx });
        i++;
        continue;
      }
      if (eq >= 0) {
        add({ dest: opt.dest, value: a.slice(eq + 1), flag: name, form: 'equals', index: idx });
        i++;
        continue;
      }
      if (i + 1 < args.length) {
        add({ dest: opt.dest, value: args[i + 1], flag: name, form: 'separate', index: idx });
        i += 2;
        continue;
      }
      unknown.push({ token: a, index: idx });
      i++;
      continue;
    }
    // short option, possibly with attached value (-w3) or clustered switches (-DR)
    const short = a.slice(0, 2);
    const opt = FLAG_TO_DEST.get(short);
    if (!opt) {
      unknown.push({ token: a, index: idx });
      i++;
      continue;
    }
    if (!opt.takesValue) {
      add({ dest: opt.dest, value: true, flag: short, form: 'flag', index: idx });
      for (const ch of a.slice(2)) {
        const o2 = FLAG_TO_DEST.get('-' + ch);
        if (o2 && !o2.takesValue) add({ dest: o2.dest, value: true, flag: '-' + ch, form: 'flag', index: idx });
      }
      i++;
      continue;
    }
    if (a.length > 2) {
      const v = a[2] === '=' ? a.slice(3) : a.slice(2);
      add({ dest: opt.dest, value: v, flag: short, form: 'attached', index: idx });
      i++;
      continue;
    }
    if (i + 1 < args.length) {
      add({ dest: opt.dest, value: args[i + 1], flag: short, form: 'separate', index: idx });
      i += 2;
      continue;
    }
    unknown.push({ token: a, index: idx });
    i++;
  }
  return { options, all, positional, unknown };
}

/** Preferred long flag for a dest, e.g. workers → --workers. */
export function longFlag(dest: string): string | undefined {
  return (VALUE_OPTIONS[dest] ?? FLAG_OPTIONS[dest])?.find((f) => f.startsWith('--'));
}
