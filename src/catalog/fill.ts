/**
 * Fills a cause page's `{{placeholders}}` from the user's numbers and cuts the Fix section to their platform.
 * An unknown value stays visible as a `<timeout>`-style marker: never a silent guess.
 */
export const PLACEHOLDERS = [
  'app',
  'waitress_app',
  'bind',
  'workers',
  'timeout',
  'memory_limit_mb',
  'max_requests',
  'suggest.workers',
  'suggest.timeout',
  'suggest.graceful_timeout',
  'suggest.max_requests',
  'suggest.max_requests_jitter',
  'suggest.threads',
  'suggest.memory_limit_mb',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type Values = Partial<Record<Placeholder, string | number | undefined>>;

export const PLACEHOLDER_RE = /\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}/g;

/** The `<marker>` shown for a value we do not know. */
export function marker(name: string): string {
  return `<${MARKER_NAME[name] ?? name.replace(/^suggest\./, '')}>`;
}

/** placeholders shown under another name when unknown (waitress takes the same `module:app` as Gunicorn) */
const MARKER_NAME: Record<string, string> = { waitress_app: 'app' };

/**
 * A word as a POSIX shell reads it back unchanged: plain when it has no special characters, else in double quotes
 * (the seed 001 Procfile's `gunicorn "app:create_app()"`), else in single quotes.
 */
export function shellWord(s: string): string {
  if (/^[\w.:/@%+=,-]+$/.test(s)) return s;
  if (!/[$`"\\!]/.test(s)) return `"${s}"`;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Placeholders whose values a shell line must quote (an app factory call has parentheses). */
const SHELL_QUOTED = new Set(['app']);

/**
 * Replace every `{{name}}`; unknown or missing values become `<name>` markers. Inside quotes (`"{{app}}"` in a YAML
 * or JSON array, a Python string) the value goes in as it is; elsewhere — shell lines, Procfiles, inline commands —
 * an app spec is quoted for the shell.
 */
export function fillPlaceholders(md: string, values: Values): string {
  return md.replace(
    /(["']?)\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}(["']?)/g,
    (_m, open: string, name: string, close: string) => {
      const v = (values as Record<string, string | number | undefined>)[name];
      const known = !(v === undefined || v === '' || (typeof v === 'number' && !Number.isFinite(v)));
      const text = known ? String(v) : marker(name);
      const quoted = open !== '' && open === close;
      return open + (known && !quoted && SHELL_QUOTED.has(name) ? shellWord(text) : text) + close;
    },
  );
}

/** Placeholders used in a text that are not in PLACEHOLDERS. */
export function unknownPlaceholders(md: string): string[] {
  const known = new Set<string>(PLACEHOLDERS);
  return [...md.matchAll(PLACEHOLDER_RE)].map((m) => m[1]).filter((n) => !known.has(n));
}

/**
 * What the placeholders are filled from: the fields of the diagnosis context (src/engine/types.ts Context) that
 * the pages name. Spelled out here because the catalog sits below the engine; a Context is one of these.
 */
export interface Known {
  app?: string;
  platform?: string;
  bind?: string;
  workers?: number;
  timeout?: number;
  memoryLimitMb?: number;
  maxRequests?: number;
}

/** The values map from what we know. `suggest` holds computed suggestions (`suggest.workers` → `workers`). */
export function valuesFromContext(
  ctx: Known | undefined,
  suggest: Record<string, number | string | undefined> = {},
): Values {
  const v: Values = {
    app: ctx?.app,
    waitress_app: waitressApp(ctx?.app),
    bind: bindFor(ctx?.platform, ctx?.bind),
    workers: ctx?.workers,
    timeout: ctx?.timeout,
    memory_limit_mb: ctx?.memoryLimitMb,
    max_requests: ctx?.maxRequests,
  };
  for (const [k, val] of Object.entries(suggest)) {
    const key = (k.startsWith('suggest.') ? k : `suggest.${k}`) as Placeholder;
    if ((PLACEHOLDERS as readonly string[]).includes(key)) v[key] = val;
  }
  return v;
}

/**
 * The app argument of waitress-serve: `module:name` as is; an app factory `module:factory()` is named with
 * `--call module:factory` (waitress calls it without arguments, so a factory that needs some cannot be named).
 */
export function waitressApp(app: string | undefined): string | undefined {
  if (!app) return undefined;
  const factory = /^([\w.]+):([\w.]+)\(\s*\)$/.exec(app);
  if (factory) return `--call '${factory[1]}:${factory[2]}'`;
  return /^[\w.]+:[\w.]+$/.test(app) ? app : undefined;
}

/**
 * The address Gunicorn must bind for the platform to reach it: Heroku routes to $PORT on all interfaces; in a
 * container the port stays and the host becomes 0.0.0.0 (127.0.0.1 is the container's own loopback). Elsewhere a
 * loopback bind is usually right (a proxy in front), so no value is proposed.
 */
export function bindFor(platform: string | undefined, current: string | undefined): string | undefined {
  if (platform === 'heroku') return '0.0.0.0:$PORT';
  if (platform !== 'docker' && platform !== 'kubernetes') return undefined;
  const port = current ? /:(\d{1,5}|\$\{?[A-Za-z_]\w*(?::-\d{1,5})?\}?)$/.exec(current)?.[1] : undefined;
  return `0.0.0.0:${port ?? '8000'}`;
}

/** Fix subsection headings (H3) per platform answer. */
export const PLATFORM_HEADINGS: Record<string, string> = {
  heroku: 'Heroku',
  docker: 'Docker / compose',
  kubernetes: 'Kubernetes',
  systemd: 'systemd',
};
export const CONF_HEADING = 'gunicorn.conf.py';
export const FIX_HEADINGS = ['Heroku', CONF_HEADING, 'Docker / compose', 'Kubernetes', 'systemd'] as const;

interface Sub {
  heading: string;
  body: string;
}

/** Split Markdown at headings of one level, ignoring `#` lines inside fenced code. */
export function splitHeadings(md: string, level: number): { intro: string; subs: Sub[] } {
  const lines = md.split('\n');
  const prefix = '#'.repeat(level) + ' ';
  let fence: string | null = null;
  const intro: string[] = [];
  const subs: { heading: string; lines: string[] }[] = [];
  for (const line of lines) {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (fence === null) fence = f[1][0].repeat(f[1].length);
      else if (line.trim().startsWith(fence)) fence = null;
    }
    if (fence === null && line.startsWith(prefix) && !f) {
      subs.push({ heading: line.slice(prefix.length).trim(), lines: [] });
      continue;
    }
    (subs.length ? subs[subs.length - 1].lines : intro).push(line);
  }
  return { intro: intro.join('\n'), subs: subs.map((s) => ({ heading: s.heading, body: s.lines.join('\n') })) };
}

/**
 * Keep the Fix intro, the gunicorn.conf.py subsection and the user's platform subsection (all of them when the
 * platform is unknown). `fix` is the body of the `## Fix` section (H3s inside).
 */
export function cutFixToPlatform(fix: string, platform: string | undefined): string {
  const { intro, subs } = splitHeadings(fix, 3);
  const want = platform ? PLATFORM_HEADINGS[platform] : undefined;
  const keepAll = !platform || platform === 'unsure' || (want === undefined && platform !== 'bare');
  const kept = subs.filter((s) => keepAll || s.heading === CONF_HEADING || (want !== undefined && s.heading === want));
  const parts = [intro.trimEnd()];
  for (const s of kept) parts.push(`### ${s.heading}\n${s.body.trimEnd()}`);
  return parts.filter((p) => p.trim() !== '').join('\n\n') + '\n';
}
