/**
 * normalizeLine: strip the prefixes users paste around Gunicorn messages (Markdown, gutters, ANSI, HTML, Heroku,
 * compose, docker/kubectl timestamps, journald/syslog, supervisord, kernel, Gunicorn's own bracket prefix) and
 * return the bare message plus what the prefixes told us.
 *
 * Every regex here is sticky (`y`) and applied at a known offset, so each step is anchored; quantifiers are bounded
 * and never nested, so the work per line is linear. Prefix parsing only looks at the first PREFIX_CAP characters;
 * the message is whatever follows (the caller caps the whole line).
 */

export interface Normalized {
  /** the message with every recognised prefix removed ('' for fence / separator lines) */
  message: string;
  /** epoch ms of the innermost timestamp (an inner timestamp without a zone yields to an outer one with a zone) */
  time?: number;
  /** pid from Gunicorn's bracket prefix (or a `pid=` / JSON `process` field) */
  pid?: number;
  /** level name (Gunicorn/Python or supervisord) */
  level?: string;
  /** heroku-app | heroku-router | heroku-platform | compose | kubectl | journald | syslog | supervisord | kernel */
  origin?: string;
  /** Heroku dyno, compose service, kubectl pod/container, journald unit */
  proc?: string;
  /** number of characters of (cleaned) prefix removed; 0 = no prefix recognised */
  prefixLen: number;
}

const PREFIX_CAP = 8192;

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

// ---------- cleaning (whole line) ----------
// CSI (7-bit and 8-bit), OSC (BEL or ST terminated), other 2-char escapes
const ANSI_RE =
  /\x1b\[[0-?]{0,64}[ -/]{0,8}[@-~]|\x9b[0-?]{0,64}[ -/]{0,8}[@-~]|\x1b\][^\x07\x1b]{0,4096}(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]/g;
const HTML_TAG_RE = /<\/?(?:span|font|b|i|u|em|strong|code|pre|div|p|br|a|mark|samp|kbd|tt)(?:\s[^<>]{0,1000})?\/?>/gi;
const HTML_ENT_RE = /&(?:quot|amp|lt|gt|apos|nbsp|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});/g;
const HTML_HINT_RE =
  /<\/?(?:span|font|b|i|u|em|strong|code|pre|div|p|br|a|mark|samp|kbd|tt)[\s>/]|&(?:(?:quot|amp|lt|gt|apos|nbsp);|#\d|#[xX][0-9a-fA-F])/i;
const SPECIAL_RE = /[\x1b\x9b<&]/;
const ENTITIES: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'", nbsp: ' ' };

function decodeEntity(e: string): string {
  const body = e.slice(1, -1);
  if (body[0] === '#') {
    const n = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return n > 0 && n < 0x110000 && (n < 0xd800 || n > 0xdfff) ? String.fromCodePoint(n) : '\ufffd';
  }
  return ENTITIES[body] ?? e;
}

function trimEnd(s: string): string {
  let e = s.length;
  while (e > 0) {
    const c = s.charCodeAt(e - 1);
    if (c === 13 || c === 32 || c === 9 || c === 10) e--;
    else break;
  }
  return e === s.length ? s : s.slice(0, e);
}

/** Remove ANSI/CSI/OSC sequences, HTML colour markup and entities, trailing CR/whitespace. */
export function cleanLine(raw: string): string {
  let s = raw;
  if (SPECIAL_RE.test(s)) {
    if (s.includes('\x1b') || s.includes('\x9b')) s = s.replace(ANSI_RE, '');
    if (HTML_HINT_RE.test(s)) s = s.replace(HTML_TAG_RE, '').replace(HTML_ENT_RE, decodeEntity);
  }
  // trailing CR / whitespace
  let e = s.length;
  while (e > 0) {
    const c = s.charCodeAt(e - 1);
    if (c === 13 || c === 32 || c === 9 || c === 10) e--;
    else break;
  }
  return e === s.length ? s : s.slice(0, e);
}

// ---------- sticky prefix parsers ----------
const WS_RE = /[ \t\u00a0]{1,256}/y;
const QUOTE_RE = />[ \t]?/y;
const LIST_RE = /[-*+][ \t]/y;
const FENCE_RE = /(?:```|~~~)/y;
const JOURNAL_SEP_RE = /-- (?:Boot |Logs begin|Journal begins|No entries|Reboot|Subject)[^\n]{0,512}?--?$/y;
// `12 | `, `12: ` is not accepted (ambiguous); compose `web-1  | ` / `proj_web_1 | ` / `web-1  |` (empty)
const PIPECHAR_RE = /[|\u2502]/;
const PIPE_RE = /([A-Za-z0-9][\w.-]{0,127})[ \t]{0,64}(?:\||\u2502)(?: |$)/y;
// RFC3339 / ISO timestamp (T or space), optional fraction, optional zone
const ISO_RE = /(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?(?:[ ]?(Z|[+-]\d\d:?\d\d)(?![\d:]))?/y;
const HEROKU_TAG_RE = /[ ](app|heroku)\[([\w.-]{1,64})\]:[ ]?/y;
const SYSLOG5424_RE = /<\d{1,3}>\d{1,2} /y;
const S5424_TAIL_RE = /[ ]((?:[^ ]{1,255}[ ]){1,4}?)-[ ](?:-[ ])?/y;
// `Sep 17 04:46:15 ` (journald short / syslog / papertrail), optional year after the day
const MONTH_TS_RE =
  /(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(\d{1,2}) (?:(\d{4}) )?(\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?Z?(?: ([AP]M))?[ ]/y;
/** fly.io `app[3d8d9e4f1a2b78] iad [info] ` after the timestamp */
const FLY_TAG_RE = /[ ]([a-z][\w-]{0,31})\[([0-9a-f]{6,64})\][ ]([a-z]{2,8})[ ]\[(\w{1,10})\][ ]?/y;
// host + tag[pid]: (host optional: truncated journald lines)
/** Papertrail and other drains: `host heroku/web.1 ` / `host app/api ` (no colon after the tag) */
const DRAIN_TAG_RE = /([\w.@:-]{1,255})[ ]{1,3}((?:heroku|app)\/[\w.-]{1,64}):?[ ]/y;
/** after an ISO timestamp: `  app/web.1  ` / `  heroku/router  ` (search UIs that print the drain tag alone) */
const ISO_DRAIN_TAG_RE = /[ ]{1,3}((?:heroku|app)\/[\w.-]{1,64})[ ]{1,3}/y;
const HOST_TAG_RE = /(?:([\w.@:-]{1,255})[ ]{1,3})?([\w.@/-]{1,255}?)(?:\[(\d{1,10})\])?:[ ]?/y;
const SUPERVISOR_RE = /(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d),(\d{3}) (CRIT|ERRO|WARN|INFO|DEBG|TRAC|BLAT) /y;
const DMESG_RE = /\[[ ]{0,12}(\d{1,12})\.(\d{1,9})\][ ]?/y;
const DMESG_T_RE =
  /\[(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4})\][ ]?/y;
const KERNEL_RE = /kernel:[ ]/y;
const KPREFIX_RE = /\[(pod|deployment|statefulset|daemonset|job|replicaset)\/([\w.-]{1,253})\/([\w.-]{1,253})\][ ]/y;
// Gunicorn bracket timestamp: [2024-05-01 10:00:03 +0000] / [2024-05-01 10:00:03,123] / [2024-05-01T10:00:03.123Z]
const BR_TS_RE = /\[(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?(?:[ ]?(Z|[+-]\d\d:?\d\d))?\][ ]?/y;
const BR_PID_RE = /\[(\d{1,10})\][ ]?/y;
const LEVELS = 'DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL';
const BR_LEVEL_RE = new RegExp(`\\[(${LEVELS})\\][ ]?`, 'y');
const BARE_LEVEL_RE = new RegExp(`(${LEVELS})(?::?[ ]|:(?=[\\w.]{1,128}:))`, 'y');
const PYLOGGER_RE = /(?:gunicorn\.error|gunicorn\.access|uvicorn\.error|uvicorn):[ ]?/y;
const BR_LOGGER_RE = /\[(?:gunicorn\.error|gunicorn\.access|uvicorn\.error|uvicorn)\][ ]?/y;
/** `%(levelname)s (%(name)s) %(message)s`: the logger in parentheses after the level */
const PAREN_LOGGER_RE = /\((?:gunicorn\.error|gunicorn\.access|uvicorn\.error|uvicorn)\)[ ]?/y;
/**
 * the same formats often end in `(%(processName)s - pid: %(process)d)`; tried on the last PY_TAIL_MAX characters
 * only, one blank before the parenthesis (a `[ \t]+` here would make a long run of blanks quadratic)
 */
const PY_PID_TAIL_RE = /[ \t]\([^()\n]{0,64}\bpid: ?(\d{1,10})\)$/;
const PY_TAIL_MAX = 96;
/** `gunicorn[9371]: ` — a syslog tag without the timestamp and host (journalctl -o cat with tags, pasted trimmed) */
const TAG_ONLY_RE = /([A-Za-z][\w.@-]{0,63})\[(\d{1,10})\]:[ ]/y;
const KV_RE = /(level|levelname|lvl|pid|process|time|ts|timestamp|logger|name)=("[^"\n]{0,256}"|[^ \t"]{1,256})[ ]/y;
const MSG_KV_RE = /(?:msg|message)=(?:"((?:[^"\\]|\\.){0,8000})"|(.{0,8000}))$/y;

interface State {
  s: string;
  i: number;
  time?: number;
  timeZoned?: boolean;
  pid?: number;
  level?: string;
  origin?: string;
  proc?: string;
  done?: boolean;
  /** a Python logging format with the logger in parentheses: its `(name - pid: N)` tail is prefix, not message */
  pyFormat?: boolean;
}

function setTime(st: State, ms: number, zoned: boolean): void {
  if (!Number.isFinite(ms)) return;
  // innermost wins, except that a zone-less inner stamp does not replace a zoned outer one
  if (st.time !== undefined && st.timeZoned && !zoned) return;
  st.time = ms;
  st.timeZoned = zoned;
}

function fracMs(f: string | undefined): number {
  if (!f) return 0;
  return Number((f + '000').slice(0, 3));
}

function zoneMin(z: string | undefined): number {
  if (!z || z === 'Z') return 0;
  const sign = z.charCodeAt(0) === 45 ? -1 : 1;
  const m0 = z.charCodeAt(3) === 58 ? 4 : 3;
  const d = (k: number) => z.charCodeAt(k) - 48;
  return sign * ((d(1) * 10 + d(2)) * 60 + d(m0) * 10 + d(m0 + 1));
}

/** epoch ms of an ISO_RE-shaped match whose year group is at `base` (groups: y, mo, d, h, mi, s, fraction, zone). */
export function isoMs(m: RegExpExecArray, base: number): number {
  const ms = Date.UTC(
    +m[base],
    +m[base + 1] - 1,
    +m[base + 2],
    +m[base + 3],
    +m[base + 4],
    +m[base + 5],
    fracMs(m[base + 6]),
  );
  return ms - zoneMin(m[base + 7]) * 60000;
}

const THIS_YEAR = new Date().getUTCFullYear();

function at(re: RegExp, st: State): RegExpExecArray | null {
  re.lastIndex = st.i;
  const m = re.exec(st.s);
  if (m) st.i = re.lastIndex;
  return m;
}

function originFromTag(tag: string): { origin: string; proc?: string } | undefined {
  // papertrail-style `app/web.1`, `heroku/router`, `heroku/web.1`
  if (tag.startsWith('app/')) return { origin: 'heroku-app', proc: tag.slice(4) };
  if (tag === 'heroku/router') return { origin: 'heroku-router', proc: 'router' };
  if (tag.startsWith('heroku/')) return { origin: 'heroku-platform', proc: tag.slice(7) };
  return undefined;
}

function herokuOrigin(src: string, proc: string): string {
  if (src === 'app') return 'heroku-app';
  return proc === 'router' ? 'heroku-router' : 'heroku-platform';
}

function normLevel(l: string): string {
  const u = l.toUpperCase();
  return u === 'WARN' ? 'WARNING' : u;
}

/** month-style timestamp + host + tag (journald short, syslog, papertrail) */
function monthPrefix(st: State): boolean {
  const save = st.i;
  const m = at(MONTH_TS_RE, st);
  if (!m) return false;
  const year = m[3] ? +m[3] : THIS_YEAR;
  let hour = +m[4];
  if (m[8] === 'PM' && hour < 12) hour += 12;
  else if (m[8] === 'AM' && hour === 12) hour = 0;
  const ms = Date.UTC(year, MONTHS[m[1]], +m[2], hour, +m[5], +m[6], fracMs(m[7]));
  const drain = at(DRAIN_TAG_RE, st);
  // the pattern's tag is always heroku/… or app/…, which originFromTag knows
  const drainTag = drain && originFromTag(drain[2]);
  if (drainTag) {
    setTime(st, ms, false);
    st.origin = drainTag.origin;
    st.proc = drainTag.proc;
    return true;
  }
  const t = at(HOST_TAG_RE, st);
  if (!t) {
    // a dashboard's bare `Mar 28 04:12:34 PM  ` (Render): a timestamp and spaces, no host or tag
    if (m[8] !== undefined || st.s.charCodeAt(st.i) === 32) {
      setTime(st, ms, false);
      while (st.s.charCodeAt(st.i) === 32) st.i++;
      return true;
    }
    st.i = save;
    return false;
  }
  setTime(st, ms, false);
  const host = t[1];
  const tag = t[2];
  const fromTag = originFromTag(tag);
  if (fromTag) {
    st.origin = fromTag.origin;
    st.proc = fromTag.proc;
  } else if (tag === 'kernel') {
    st.origin = 'kernel';
  } else if (t[3] !== undefined || host !== undefined) {
    st.origin = t[3] !== undefined ? 'journald' : 'syslog';
    st.proc = tag;
    // the process that wrote the line (a worker's traceback carries the worker's pid); Gunicorn's own [pid] wins
    if (t[3] !== undefined) st.pid ??= +t[3];
  } else {
    st.origin = 'syslog';
    st.proc = tag;
  }
  return true;
}

/** `web-1  | ` (a compose service) or `12 | ` (a line-number gutter): consumed either way, only the service is kept */
function pipePrefix(st: State): boolean {
  const m = at(PIPE_RE, st);
  if (!m) return false;
  if (!/^\d+$/.test(m[1])) {
    st.origin = 'compose';
    st.proc = m[1];
  }
  return true;
}

/** zone abbreviations whose offset is not ambiguous in server logs (minutes east of UTC) */
const ZONE_OFFSETS: Record<string, number> = {
  UTC: 0,
  GMT: 0,
  WET: 0,
  WEST: 60,
  BST: 60,
  CET: 60,
  CEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  JST: 540,
  KST: 540,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
};
const ZONE_ABBR_RE = /^([A-Z]{3,4})(?: |$)/;
const COLON_LEVEL_RE = new RegExp(`^:(?:${LEVELS}):`);

function isoPrefix(st: State): boolean {
  const save = st.i;
  const m = at(ISO_RE, st);
  if (!m) return false;
  const ms = isoMs(m, 1);
  const zoned = m[8] !== undefined;
  // supervisord `2024-01-01 12:00:00,123 INFO ` is matched separately (level word)
  const h = at(HEROKU_TAG_RE, st);
  if (h) {
    setTime(st, ms, zoned);
    st.origin = herokuOrigin(h[1], h[2]);
    st.proc = h[2];
    return true;
  }
  const f = at(FLY_TAG_RE, st);
  if (f) {
    setTime(st, ms, zoned);
    st.proc = f[1];
    return true;
  }
  // `<iso> host unit[pid]: ` (journalctl -o short-iso) or `<iso> host app/web.1: `
  const save2 = st.i;
  if (st.s.charCodeAt(st.i) === 32) {
    st.i++;
    const t = at(HOST_TAG_RE, st);
    if (t && t[1] !== undefined && (t[3] !== undefined || originFromTag(t[2]) || t[2] === 'kernel')) {
      setTime(st, ms, zoned);
      const fromTag = originFromTag(t[2]);
      if (fromTag) {
        st.origin = fromTag.origin;
        st.proc = fromTag.proc;
      } else if (t[2] === 'kernel') st.origin = 'kernel';
      else {
        st.origin = 'journald';
        st.proc = t[2];
      }
      return true;
    }
    st.i = save2;
    // a log-search UI's `<iso>  app/web.1  ` (Heroku drain tag with no host and no colon)
    const d = at(ISO_DRAIN_TAG_RE, st);
    if (d) {
      setTime(st, ms, zoned);
      const fromTag = originFromTag(d[1]);
      if (fromTag) {
        st.origin = fromTag.origin;
        st.proc = fromTag.proc;
      }
      return true;
    }
  }
  // bare timestamp (docker logs -t, kubectl --timestamps, custom log formats): must be followed by a space or `:`/`|`
  const c = st.s.charCodeAt(st.i);
  if (c === 32 || c === 9) {
    // a zone abbreviation after it (Cloud Logging, PostgreSQL: `2022-06-08 13:44:12.904 CEST `) sets the offset;
    // the word stays in the message (a program's own prefix may start there)
    const z = zoned ? undefined : ZONE_ABBR_RE.exec(st.s.slice(st.i + 1, st.i + 7));
    const off = z ? ZONE_OFFSETS[z[1]] : undefined;
    if (off !== undefined) setTime(st, ms - off * 60000, true);
    else setTime(st, ms, zoned);
    st.i++;
    return true;
  }
  if (st.i === st.s.length) {
    setTime(st, ms, zoned);
    return true;
  }
  // Python logging's `%(asctime)s:%(levelname)s:%(name)s:` (Superset and others): the level is read next
  if (c === 58 && COLON_LEVEL_RE.test(st.s.slice(st.i, st.i + 11))) {
    setTime(st, ms, zoned);
    st.i++;
    return true;
  }
  st.i = save;
  return false;
}

function syslog5424(st: State): boolean {
  const save = st.i;
  if (!at(SYSLOG5424_RE, st)) return false;
  const m = at(ISO_RE, st);
  if (!m) {
    st.i = save;
    return false;
  }
  const tail = at(S5424_TAIL_RE, st);
  if (!tail) {
    st.i = save;
    return false;
  }
  setTime(st, isoMs(m, 1), m[8] !== undefined);
  const toks = tail[1].trim().split(' ');
  // `host app web.1` / `heroku router` / `host heroku web.1`
  const n = toks.length;
  const appName = n >= 2 ? toks[n - 2] : toks[0];
  const procId = n >= 2 ? toks[n - 1] : undefined;
  if (appName === 'app' || appName === 'heroku') {
    st.origin = herokuOrigin(appName, procId ?? '');
    st.proc = procId;
  } else {
    st.origin = 'syslog';
    st.proc = appName;
  }
  return true;
}

/** JSON line: returns true when it was a docker json-file record whose `log` text should be parsed further. */
function tryJson(st: State): boolean {
  const rest = st.s.slice(st.i);
  if (rest.length > PREFIX_CAP || rest.charCodeAt(rest.length - 1) !== 125 /* } */) return false;
  let o: unknown;
  try {
    o = JSON.parse(rest);
  } catch {
    return false;
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) return false;
  const r = o as Record<string, unknown>;
  const msg = r.message ?? r.msg ?? r.text;
  if (typeof msg !== 'string') {
    // docker json-file: {"log":"<the line>\n","stream":"stderr","time":"…"}; the line keeps its own prefixes
    if (typeof r.log !== 'string') return false;
    if (typeof r.time === 'string') {
      const m = at(ISO_RE, { s: r.time, i: 0 });
      if (m) setTime(st, isoMs(m, 1), m[8] !== undefined);
    }
    st.s = trimEnd(r.log);
    st.i = 0;
    return true;
  }
  const lvl = r.levelname ?? r.level ?? r.severity ?? r.lvl;
  if (typeof lvl === 'string' && /^[A-Za-z]{3,8}$/.test(lvl)) st.level = normLevel(lvl);
  const pid = r.process ?? r.pid;
  if (typeof pid === 'number' && Number.isInteger(pid)) st.pid = pid;
  else if (typeof pid === 'string' && /^\d{1,10}$/.test(pid)) st.pid = +pid;
  const t = r.asctime ?? r.time ?? r.timestamp ?? r['@timestamp'] ?? r.ts;
  if (typeof t === 'string') {
    const inner: State = { s: t.startsWith('[') ? t.slice(1) : t, i: 0 };
    const m = at(ISO_RE, inner);
    if (m) setTime(st, isoMs(m, 1), m[8] !== undefined);
  } else if (typeof t === 'number' && Number.isFinite(t)) {
    setTime(st, t < 1e11 ? t * 1000 : t, true);
  }
  st.s = msg;
  st.i = 0;
  st.done = true;
  return false;
}

/** Gunicorn-style trailer: any mix of [ts] [pid] [LEVEL] LEVEL level=… once the outer prefixes are gone. */
function gunicornPrefix(st: State): boolean {
  let any = false;
  let gotLevel = false;
  for (let k = 0; k < 8 && st.i < st.s.length; k++) {
    const c = st.s.charCodeAt(st.i);
    let m: RegExpExecArray | null;
    if (c === 91 /* [ */) {
      if ((m = at(BR_TS_RE, st))) {
        setTime(st, isoMs(m, 1), m[8] !== undefined);
        any = true;
        continue;
      }
      if ((m = at(BR_PID_RE, st))) {
        st.pid = +m[1];
        any = true;
        continue;
      }
      if ((m = at(BR_LEVEL_RE, st))) {
        st.level = normLevel(m[1]);
        any = gotLevel = true;
        continue;
      }
      if (at(BR_LOGGER_RE, st)) {
        any = true;
        continue;
      }
      break;
    }
    if (c === 40 /* ( */ && gotLevel) {
      if (at(PAREN_LOGGER_RE, st)) {
        st.pyFormat = true;
        any = true;
        continue;
      }
      break;
    }
    if (c >= 48 && c <= 57 /* digit: a timestamp inside a custom format */) {
      if (!gotLevel && st.s.charCodeAt(st.i + 4) === 45 && isoPrefix(st)) {
        any = true;
        continue;
      }
      break;
    }
    if (c >= 65 && c <= 90 && !gotLevel) {
      if ((m = at(BARE_LEVEL_RE, st))) {
        st.level = normLevel(m[1]);
        any = gotLevel = true;
        // python basicConfig `INFO:gunicorn.error:msg`
        at(PYLOGGER_RE, st);
        continue;
      }
      break;
    }
    if (c >= 97 && c <= 122) {
      if ((m = at(KV_RE, st))) {
        const key = m[1];
        const v = m[2][0] === '"' ? m[2].slice(1, -1) : m[2];
        if (key === 'level' || key === 'levelname' || key === 'lvl') {
          if (/^[A-Za-z]{3,8}$/.test(v)) st.level = normLevel(v);
        } else if (key === 'pid' || key === 'process') {
          if (/^\d{1,10}$/.test(v)) st.pid = +v;
        } else if (key === 'time' || key === 'ts' || key === 'timestamp') {
          const inner: State = { s: v, i: 0 };
          const t = at(ISO_RE, inner);
          if (t) setTime(st, isoMs(t, 1), t[8] !== undefined);
        }
        any = true;
        continue;
      }
      if ((m = at(MSG_KV_RE, st))) {
        st.s = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
        st.i = 0;
        st.done = true;
        return true;
      }
      if (!gotLevel && at(PYLOGGER_RE, st)) {
        any = true;
        continue;
      }
      break;
    }
    break;
  }
  if (any) st.done = true;
  return any;
}

// a Gunicorn bracket prefix `[YYYY-MM-DD HH:MM:SS( +zzzz)?] [pid] [LEVEL] ` anywhere (searched in the first 1 KiB)
const BR_ANY_RE = new RegExp(
  `\\[\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d{1,9})?(?:[ ]?(?:Z|[+-]\\d\\d:?\\d\\d))?\\] \\[\\d{1,10}\\] \\[(?:${LEVELS})\\] `,
  'g',
);
const GENERIC_SCAN = 1024;
const JSON_FILE_HEAD = '{"log":"';

/**
 * Generic fallback for unknown log shippers (fly.io `<iso> app[id] region [info] `, Datadog CSV exports
 * `"<iso>","host","svc","info","…"`, docker json-file records that are not valid JSON, e.g. cut): when no known
 * prefix gave a pid or level but a Gunicorn bracket prefix occurs later in the first 1 KiB, everything before it is
 * dropped and the bracket prefix is parsed. The text after it loses a CSV cell's closing quote, or a json-file
 * record's tail (`\n","stream":…}`, with `\"` and `\\` unescaped).
 */
function genericPrefix(st: State, full: string): void {
  const from = st.i;
  const hay =
    st.s.length - from > GENERIC_SCAN ? st.s.slice(from, from + GENERIC_SCAN) : from ? st.s.slice(from) : st.s;
  BR_ANY_RE.lastIndex = 1;
  const m = BR_ANY_RE.exec(hay);
  if (m === null) return;
  const src = st.s;
  const json = src === full && full.startsWith(JSON_FILE_HEAD);
  const csv = !json && full.charCodeAt(0) === 34;
  let rest = src.slice(from + m.index);
  if (json) {
    let e = rest.indexOf('","stream":');
    if (e === -1) e = rest.indexOf('","time":');
    if (e === -1 && rest.endsWith('"}')) e = rest.length - 2;
    if (e !== -1) rest = rest.slice(0, e);
    if (rest.endsWith('\\r\\n')) rest = rest.slice(0, -4);
    else if (rest.endsWith('\\n')) rest = rest.slice(0, -2);
    rest = rest.replace(/\\(["\\])/g, '$1');
  } else if (csv && rest.charCodeAt(rest.length - 1) === 34) {
    rest = rest.slice(0, -1).replace(/""/g, '"');
  }
  st.s = rest;
  st.i = 0;
  st.done = false;
  gunicornPrefix(st);
}

const dig = (s: string, i: number, n: number): number => {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k) - 48;
    if (!(c >= 0 && c <= 9)) return -1;
    v = v * 10 + c;
  }
  return v;
};
const LEVEL_WORDS = ['DEBUG', 'INFO', 'WARNING', 'WARN', 'ERROR', 'CRITICAL', 'FATAL'];

/**
 * The common shapes read by hand: Gunicorn's `[YYYY-MM-DD HH:MM:SS +ZZZZ] [pid] [LEVEL] `, alone or after a Heroku
 * `<iso> app[web.1]: ` — exactly what the general loop below makes of them (test/unit/normalize.test.ts compares
 * the two on every line of the cases and of a generated log); anything else, or anything after the level that the
 * loop would go on reading ('[' or a lower-case letter), is left to it (undefined).
 */
function fastPrefix(s: string): Normalized | undefined {
  let i = 0;
  let time: number | undefined;
  let zoned = false;
  let origin: string | undefined;
  let proc: string | undefined;
  const n = s.length;
  if (s.charCodeAt(0) !== 91) {
    // <iso> app|heroku[proc]: as ISO_RE + HEROKU_TAG_RE read it (the strict form only)
    if (
      s.charCodeAt(4) !== 45 ||
      s.charCodeAt(7) !== 45 ||
      s.charCodeAt(10) !== 84 ||
      s.charCodeAt(13) !== 58 ||
      s.charCodeAt(16) !== 58
    )
      return undefined;
    const y = dig(s, 0, 4),
      mo = dig(s, 5, 2),
      d = dig(s, 8, 2),
      h = dig(s, 11, 2),
      mi = dig(s, 14, 2),
      sec = dig(s, 17, 2);
    if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) return undefined;
    i = 19;
    let ms = 0;
    if (s.charCodeAt(i) === 46) {
      let k = 0;
      for (i++; k < 10 && dig(s, i, 1) >= 0; i++, k++) if (k < 3) ms = ms * 10 + s.charCodeAt(i) - 48;
      if (k === 0 || k > 9) return undefined;
      for (; k < 3; k++) ms *= 10;
    }
    let zone = 0;
    const z = s.charCodeAt(i);
    if (z === 90) i++;
    else if ((z === 43 || z === 45) && s.charCodeAt(i + 3) === 58 && dig(s, i + 1, 2) >= 0 && dig(s, i + 4, 2) >= 0) {
      zone = (z === 45 ? -1 : 1) * (dig(s, i + 1, 2) * 60 + dig(s, i + 4, 2));
      i += 6;
    } else return undefined;
    let app: boolean;
    if (s.startsWith(' app[', i)) {
      app = true;
      i += 5;
    } else if (s.startsWith(' heroku[', i)) {
      app = false;
      i += 8;
    } else return undefined;
    const ps = i;
    while (i < n && i - ps <= 64) {
      const c = s.charCodeAt(i);
      if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45)
        i++;
      else break;
    }
    if (i === ps || i - ps > 64 || s.charCodeAt(i) !== 93 || s.charCodeAt(i + 1) !== 58) return undefined;
    proc = s.slice(ps, i);
    i += 2;
    if (s.charCodeAt(i) === 32) i++;
    origin = app ? 'heroku-app' : proc === 'router' ? 'heroku-router' : 'heroku-platform';
    time = Date.UTC(y, mo - 1, d, h, mi, sec, ms) - zone * 60000;
    zoned = true;
    if (s.charCodeAt(i) !== 91) return undefined;
  }
  // [YYYY-MM-DD HH:MM:SS(.fff)( +ZZZZ)] as BR_TS_RE reads it
  if (
    s.charCodeAt(i + 5) !== 45 ||
    s.charCodeAt(i + 8) !== 45 ||
    s.charCodeAt(i + 14) !== 58 ||
    s.charCodeAt(i + 17) !== 58
  )
    return undefined;
  const sep = s.charCodeAt(i + 11);
  if (sep !== 32 && sep !== 84) return undefined;
  const y = dig(s, i + 1, 4),
    mo = dig(s, i + 6, 2),
    d = dig(s, i + 9, 2),
    h = dig(s, i + 12, 2),
    mi = dig(s, i + 15, 2),
    sec = dig(s, i + 18, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) return undefined;
  i += 20;
  let ms = 0;
  const f = s.charCodeAt(i);
  if (f === 46 || f === 44) {
    let k = 0;
    for (i++; k < 10 && dig(s, i, 1) >= 0; i++, k++) if (k < 3) ms = ms * 10 + s.charCodeAt(i) - 48;
    if (k === 0 || k > 9) return undefined;
    for (; k < 3; k++) ms *= 10;
  }
  let zone = 0;
  let tsZoned = false;
  // a zone, maybe after one space (the space belongs to the zone: without one it is not consumed)
  const zs = s.charCodeAt(i) === 32 ? i + 1 : i;
  const z = s.charCodeAt(zs);
  if (z === 90) {
    i = zs + 1;
    tsZoned = true;
  } else if ((z === 43 || z === 45) && dig(s, zs + 1, 2) >= 0) {
    const colon = s.charCodeAt(zs + 3) === 58 ? 1 : 0;
    const zm = dig(s, zs + 3 + colon, 2);
    if (zm < 0) return undefined;
    zone = (z === 45 ? -1 : 1) * (dig(s, zs + 1, 2) * 60 + zm);
    i = zs + 5 + colon;
    tsZoned = true;
  }
  if (s.charCodeAt(i) !== 93) return undefined;
  i++;
  if (s.charCodeAt(i) === 32) i++;
  const ts = Date.UTC(y, mo - 1, d, h, mi, sec, ms) - zone * 60000;
  if (!(time !== undefined && zoned && !tsZoned)) time = ts;
  // [pid]
  if (s.charCodeAt(i) !== 91) return undefined;
  let j = i + 1;
  while (j < n && j - i <= 10 && dig(s, j, 1) >= 0) j++;
  if (j === i + 1 || j - i > 11 || s.charCodeAt(j) !== 93) return undefined;
  const pid = Number(s.slice(i + 1, j));
  i = j + 1;
  if (s.charCodeAt(i) === 32) i++;
  // [LEVEL]
  if (s.charCodeAt(i) !== 91) return undefined;
  let level: string | undefined;
  for (const w of LEVEL_WORDS)
    if (s.startsWith(w, i + 1) && s.charCodeAt(i + 1 + w.length) === 93) {
      level = w === 'WARN' ? 'WARNING' : w;
      i += w.length + 2;
      break;
    }
  if (level === undefined) return undefined;
  if (s.charCodeAt(i) === 32) i++;
  // the general loop would go on after a '[', a '(' or a lower-case letter (key=value, logger names)
  const c = s.charCodeAt(i);
  if (c === 91 || c === 40 || (c >= 97 && c <= 122)) return undefined;
  let m = i;
  while (m < n && (s.charCodeAt(m) === 32 || s.charCodeAt(m) === 9)) m++;
  const out: Normalized = { message: m === 0 ? s : s.slice(m), prefixLen: i, time, pid, level };
  if (origin !== undefined) out.origin = origin;
  if (proc !== undefined) out.proc = proc;
  return out;
}

/**
 * Strip every recognised prefix of one line (no '\n' inside). Linear time; at most the first 8 KiB are inspected.
 */
export function normalizeLine(raw: string): Normalized {
  return normalizeLineHinted(raw, false);
}

/**
 * Same as normalizeLine; `plain` = the caller already checked that the line holds no byte >= 0x80 and none of
 * ESC, 0x9b, '<', '&', '|' (saves three scans per line on the hot path).
 */
export function normalizeLineHinted(raw: string, plain: boolean): Normalized {
  const full = plain ? trimEnd(raw) : cleanLine(raw);
  if (plain) {
    const f = fastPrefix(full);
    if (f !== undefined) return f;
  }
  return normalizeFull(full, plain);
}

/** The general loop over a cleaned line (the exported name for tests: normalizeLineSlow). */
function normalizeFull(full: string, plain: boolean): Normalized {
  const st: State = { s: full, i: 0 };
  const hasPipe = !plain && PIPECHAR_RE.test(full.length > PREFIX_CAP ? full.slice(0, PREFIX_CAP) : full);
  const limit = () => st.i < PREFIX_CAP && st.i < st.s.length;
  let fence = false;
  for (let guard = 0; guard < 48 && !st.done && limit(); guard++) {
    const c = st.s.charCodeAt(st.i);
    let m: RegExpExecArray | null;
    // whitespace / indentation
    if (c === 32 || c === 9 || c === 0xa0) {
      at(WS_RE, st);
      continue;
    }
    if (c === 62 /* > */) {
      if (at(QUOTE_RE, st)) continue;
    }
    if (c === 96 /* ` */ || c === 126 /* ~ */) {
      if (at(FENCE_RE, st)) {
        fence = true;
        break;
      }
      break;
    }
    if (c === 45 /* - */) {
      if (at(JOURNAL_SEP_RE, st)) {
        fence = true;
        break;
      }
      if (at(LIST_RE, st)) continue;
      break;
    }
    if (c === 42 || c === 43) {
      if (at(LIST_RE, st)) continue;
      break;
    }
    if (c === 60 /* < */) {
      if (syslog5424(st)) continue;
      break;
    }
    if (c === 123 /* { */) {
      if (tryJson(st)) continue;
      break;
    }
    if (c === 91 /* [ */) {
      if ((m = at(KPREFIX_RE, st))) {
        st.origin = 'kubectl';
        st.proc = `${m[2]}/${m[3]}`;
        continue;
      }
      if (at(DMESG_RE, st)) {
        st.origin = 'kernel';
        const k = at(KERNEL_RE, st);
        void k;
        continue;
      }
      if ((m = at(DMESG_T_RE, st))) {
        st.origin = 'kernel';
        setTime(st, Date.UTC(+m[6], MONTHS[m[1]], +m[2], +m[3], +m[4], +m[5]), false);
        continue;
      }
      gunicornPrefix(st);
      break;
    }
    if (c >= 48 && c <= 57) {
      const dateLike = st.s.charCodeAt(st.i + 4) === 45;
      if (dateLike && (m = at(SUPERVISOR_RE, st))) {
        setTime(st, Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], +m[7]), false);
        st.origin = 'supervisord';
        st.level =
          m[8] === 'ERRO'
            ? 'ERROR'
            : m[8] === 'WARN'
              ? 'WARNING'
              : m[8] === 'CRIT'
                ? 'CRITICAL'
                : m[8] === 'DEBG'
                  ? 'DEBUG'
                  : m[8];
        st.done = true;
        break;
      }
      if (dateLike && isoPrefix(st)) continue;
      if (hasPipe && pipePrefix(st)) continue;
      gunicornPrefix(st);
      break;
    }
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      if (c >= 65 && c <= 90 && monthPrefix(st)) continue;
      if (st.s.startsWith('kernel: ', st.i)) {
        st.i += 8;
        st.origin = 'kernel';
        continue;
      }
      if (st.i === 0 && (m = at(TAG_ONLY_RE, st))) {
        const fromTag = originFromTag(m[1]);
        st.origin = fromTag?.origin ?? (m[1] === 'kernel' ? 'kernel' : 'journald');
        st.proc = fromTag?.proc ?? m[1];
        if (!fromTag) st.pid ??= +m[2];
        continue;
      }
      if (hasPipe && pipePrefix(st)) continue;
      gunicornPrefix(st);
      break;
    }
    break;
  }
  if (!fence && st.level === undefined && st.pid === undefined) genericPrefix(st, full);
  let message = '';
  if (!fence) {
    let j = st.i;
    const src = st.s;
    while (j < src.length && (src.charCodeAt(j) === 32 || src.charCodeAt(j) === 9)) j++;
    message = j === 0 ? src : src.slice(j);
    if (st.pyFormat) {
      const from = Math.max(0, message.length - PY_TAIL_MAX);
      const tail = PY_PID_TAIL_RE.exec(from ? message.slice(from) : message);
      if (tail) {
        message = message.slice(0, from + tail.index).trimEnd();
        st.pid ??= +tail[1];
      }
    }
  }
  const out: Normalized = { message, prefixLen: st.s === full ? st.i : full.length };
  if (st.time !== undefined) out.time = st.time;
  if (st.pid !== undefined) out.pid = st.pid;
  if (st.level !== undefined) out.level = st.level;
  if (st.origin !== undefined) out.origin = st.origin;
  if (st.proc !== undefined) out.proc = st.proc;
  return out;
}

/** For tests: the general loop alone, without the hand-read common shapes. */
export function normalizeLineSlow(raw: string): Normalized {
  const plain = !/[\x80-\uffff\x1b\x9b<&|]/.test(raw);
  return normalizeFull(plain ? trimEnd(raw) : cleanLine(raw), plain);
}

/** For tests: the hand-read common shapes (undefined when the line is not one of them). */
export function normalizeLineFast(raw: string): Normalized | undefined {
  return fastPrefix(trimEnd(raw));
}
