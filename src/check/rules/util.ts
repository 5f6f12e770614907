/** Small readers the rules share: a setting as a number, where it is written, the launching line. */
import { suggestGracefulTimeout } from '../../remedy/suggest.js';
import type { Platform, ProjectSettings, Setting, Source } from '../../project/types.js';
import type { RuleContext } from '../types.js';

export const CONTAINERS: readonly Platform[] = ['docker', 'kubernetes'];
export const DEPLOYED: readonly Platform[] = ['heroku', 'docker', 'kubernetes', 'systemd'];
export const ALL: readonly Platform[] = ['heroku', 'docker', 'kubernetes', 'systemd', 'bare'];

export function setting<K extends keyof ProjectSettings>(ctx: RuleContext, key: K): ProjectSettings[K] | undefined {
  return ctx.project.settings[key];
}

/** A setting's value as a number (digit strings too); undefined when unset or not a known number. */
export function num(s: Setting<unknown> | undefined): number | undefined {
  if (!s) return undefined;
  if (typeof s.value === 'number') return s.value;
  if (typeof s.value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(s.value)) return Number(s.value);
  return undefined;
}

/** Where a value is written: its own line (a `environment` source has no file: the launching line instead). */
export function at(ctx: RuleContext, s: { source: Source } | undefined): { path: string; line: number } | undefined {
  if (s && s.source.path !== 'environment' && s.source.path !== '?')
    return { path: s.source.path, line: s.source.line };
  return launch(ctx);
}

/** The line that starts Gunicorn, else the file that says the platform. */
export function launch(ctx: RuleContext): { path: string; line: number } | undefined {
  const c = ctx.project.command;
  if (c) return { path: c.path, line: c.line };
  const p = ctx.project.platform;
  return p && p.source.path !== 'environment' ? { path: p.source.path, line: p.source.line } : undefined;
}

/** `where` for a message: "(set on the command line)", "(Gunicorn's default)" … */
export function origin(s: Setting<unknown> | undefined, fallback = "Gunicorn's default"): string {
  if (!s) return fallback;
  switch (s.via) {
    case 'command':
      return 'set on the command line';
    case 'cmd-args-env':
      return 'set in GUNICORN_CMD_ARGS';
    case 'config-file':
      return 'set in the config file';
    case 'web-concurrency':
      return 'from WEB_CONCURRENCY';
    default:
      return 'set in the project';
  }
}

/** Is Gunicorn started by what discovery picked? Rules about Gunicorn's own settings need a launch to judge. */
export function launchesGunicorn(ctx: RuleContext): boolean {
  return ctx.project.command !== undefined || ctx.facts.confPy !== undefined;
}

/** Heroku dyno memory by size (https://devcenter.heroku.com/articles/dyno-types), MB. */
export const HEROKU_DYNO_MB: Record<string, number> = {
  free: 512,
  eco: 512,
  hobby: 512,
  basic: 512,
  'standard-1x': 512,
  'standard-2x': 1024,
  'performance-m': 2560,
  'performance-l': 14336,
  'performance-l-ram': 30720,
  'performance-xl': 63488,
  'performance-2xl': 129024,
};

/** The web dyno size app.json declares (`formation.web.size`), with its line. */
export function herokuDyno(ctx: RuleContext): { size: string; path: string; line: number } | undefined {
  for (const m of ctx.facts.herokuMeta ?? []) {
    if (!/app\.json$/.test(m.path)) continue;
    let data: unknown;
    try {
      data = JSON.parse(m.text);
    } catch {
      continue;
    }
    const size = (data as { formation?: { web?: { size?: unknown } } })?.formation?.web?.size;
    if (typeof size !== 'string') continue;
    const lines = m.text.split(/\r?\n/);
    const i = lines.findIndex((l) => /"size"\s*:/.test(l) && l.includes(size));
    return { size: size.toLowerCase(), path: m.path, line: i >= 0 ? i + 1 : 1 };
  }
  return undefined;
}

/** The ports Gunicorn listens on: from bind, else its default (0.0.0.0:$PORT when PORT is set, else 8000).
 * Undefined when a port is not a number known statically ($VAR, unix socket only). */
export function boundPorts(ctx: RuleContext): number[] | undefined {
  const b = setting(ctx, 'bind');
  if (!b) {
    const p = ctx.facts.env.PORT;
    if (p === undefined) return [8000];
    return /^\d+$/.test(p) ? [Number(p)] : undefined;
  }
  const ports: number[] = [];
  for (const a of String(b.value).split(',')) {
    const t = a.trim();
    if (t.startsWith('unix:') || t.startsWith('fd://')) continue;
    const m = /:(\d+)$/.exec(t);
    if (m) ports.push(Number(m[1]));
    else if (/^[\w.-]+$/.test(t))
      ports.push(8000); // a host alone: Gunicorn's default port
    else return undefined;
  }
  return ports.length ? ports : undefined;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The executable word that starts Gunicorn (`gunicorn`, `/venv/bin/gunicorn`, `python`), as a regex. */
function exeRe(ctx: RuleContext): RegExp {
  const exe = ctx.project.command?.argv[0] ?? 'gunicorn';
  return new RegExp(`(^|[\\s;&|("'\`])(${escapeRe(exe)})(?=[\\s"']|$)`);
}

/**
 * In a shell script text: is the command that starts Gunicorn run with `exec` (so Gunicorn replaces the shell and
 * receives its signals)? Undefined when Gunicorn is not found in it, or runs in the background.
 */
export function execsGunicorn(ctx: RuleContext, script: string): boolean | undefined {
  const m = exeRe(ctx).exec(script);
  if (!m) return undefined;
  const before = script.slice(0, m.index + m[1].length);
  const after = script.slice(m.index + m[0].length);
  if (/(^|[^&])&(\s*$|\s*[;\n])/.test(after.split('\n')[0])) return undefined; // gunicorn … & (background)
  return /(^|[\s;&|(])exec(\s+[A-Za-z_][A-Za-z0-9_]*=\S*)*\s+$/.test(before);
}

/** The line edit that puts `exec ` before the Gunicorn executable, on the first of `lines` that holds it. */
export function execEdit(
  ctx: RuleContext,
  path: string,
  fromLine: number,
  toLine = fromLine + 10,
): { path: string; line: number; find: string; replace: string } | undefined {
  const text = ctx.read(path);
  if (text === undefined) return undefined;
  const lines = text.split(/\r?\n/);
  const re = exeRe(ctx);
  for (let i = fromLine - 1; i < Math.min(lines.length, toLine); i++) {
    const m = re.exec(lines[i]);
    if (m) return { path, line: i + 1, find: m[0], replace: `${m[1]}exec ${m[2]}` };
  }
  return undefined;
}

/**
 * The kill window against graceful_timeout: after SIGTERM Gunicorn gives workers graceful_timeout to finish;
 * the platform sends SIGKILL after its own window. A window not above graceful_timeout kills workers mid-request.
 * Both left at defaults that are equal (Kubernetes 30/30) is not flagged: the request timeout bounds the work.
 */
export function killWindow(ctx: RuleContext, platformDefault: number, what: string, windowName: string) {
  const g = setting(ctx, 'gracefulTimeout');
  const w = setting(ctx, 'killWindowSeconds');
  const graceful = num(g) ?? 30;
  const window = num(w) ?? platformDefault;
  if (!launchesGunicorn(ctx) || window > graceful || (!g && !w && window === graceful)) return [];
  const where = g ? at(ctx, g) : w ? at(ctx, w) : launch(ctx);
  if (!where) return [];
  const s = suggestGracefulTimeout({ platform: ctx.platform, killWindowSeconds: window, current: graceful });
  return [
    {
      ...where,
      message: `${what} ${window} s after SIGTERM (${w ? `${windowName} ${window}` : `default ${windowName}`}), but Gunicorn gives workers graceful_timeout = ${graceful} s (${origin(g)}) to finish: a request still running when the stop comes is cut by the SIGKILL and the workers die instead of exiting cleanly.`,
      fix:
        s.value !== undefined && s.value < graceful
          ? {
              description: `graceful_timeout ${s.value} (below the ${window} s kill window)`,
              safe: true,
              changes: { gracefulTimeout: s.value },
            }
          : undefined,
    },
  ];
}

/** Did the config file read this value from an environment variable the project does not set (so its default was
 * used here, and the platform's value wins at run time)? e.g. `os.environ.get("PORT", "5000")`. */
export function envDefault(s: Setting<unknown> | undefined, name: string): boolean {
  return !!s?.note && s.note.includes(`default used: ${name} is read from the environment`);
}
