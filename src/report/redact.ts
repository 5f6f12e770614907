/**
 * The single redaction choke point: every report passes through `redactReport` before it is printed or written, and
 * every other text shown (wizard prompts and messages, error lines) through `redact`/`makeRedactor`.
 *
 * Redaction runs on the text as a reader will see it: besides the raw text, a *view* with colour codes and other
 * control sequences (CSI, OSC, C0/C1 controls, zero-width and bidi characters) removed and percent-encoding decoded
 * is redacted too; when the view hides something the raw text did not show as a secret (`\e[36mpassword\e[0m=…`,
 * `password%3D…`), the redacted view is what is output. Text cut by a length cap is treated as possibly cut inside a
 * secret: a URL whose `user:` ends the text, and a known token prefix at the end, are masked to the end.
 *
 * The shapes follow gitleaks' rule set (config/gitleaks.toml: its literal token prefixes and its generic
 * keyword = value rule) and are listed in README.md (Reliability). Every pattern is linear-time: anchored starts via
 * bounded look-behind, no nested quantifiers, bounded lazy runs (test/unit/redact.test.ts runs them on 100 KB hostile
 * lines). User patterns (`--redact`) are checked by `checkUserPattern` (no nested repeats, no back-references).
 */
import { mapStrings } from './escape.js';
import type { Report } from '../engine/report.js';

export const MASK = '[REDACTED]';

interface Rule {
  name: string;
  re: RegExp;
  /** replacement keeping the named prefix/suffix groups */
  replace: (m: string, ...groups: string[]) => string;
}

const keep = (pre: string, post = '') => `${pre}${MASK}${post}`;
const masked = (v: string | undefined) => v === undefined || v.startsWith(MASK) || v.startsWith('[REDACTED');

/** Key names whose value is a secret (`SECRET_KEY=`, `csrftoken=`, `PGPASSWORD=`, `X-Api-Key:`, `AccountKey=`,
 * `NEW_RELIC_LICENSE_KEY=` …): gitleaks' generic-api-key keywords plus the connection-string keys. */
const SECRET_KEYS =
  'token|api[_-]?key|apikey|secret(?:[_-]?key)?|passwd|password|passphrase|pwd|access[_-]?key|account[_-]?key|shared[_-]?access[_-]?key|license[_-]?key|private[_-]?key|signing[_-]?key|encryption[_-]?key|master[_-]?key|credentials?|session[_-]?id|dsn|auth';

/** Query parameters whose value is a secret (OAuth codes, SAS and AWS signatures, keys in URLs). */
const QUERY_KEYS =
  'code|key|sig|signature|token|access_token|id_token|refresh_token|auth|apikey|api_key|password|passwd|pwd|secret|client_secret|x-amz-signature|x-amz-credential|x-amz-security-token|sessionid|session';

/** Literal prefixes of issued tokens (gitleaks rules): GitHub, GitLab, Slack, OpenAI/Anthropic, Google OAuth, Stripe,
 * npm, PyPI, Hugging Face, DigitalOcean, Shopify, Sentry, Vault, Heroku, Doppler, Linear, Postman, Grafana … */
const TOKEN_PREFIXES = [
  'gh[pousr]_',
  'github_pat_',
  'glpat-',
  'gldt-',
  'glrt-',
  'glptt-',
  'glsoat-',
  'glcbt-',
  'glft-',
  'glimt-',
  'gloas-',
  'glagent-',
  'glffct-',
  'glc_',
  'glsa_',
  'xox[abposre]-',
  'xapp-',
  'sk-(?:proj-|ant-(?:api03-|admin01-)?|live-|svcacct-|admin-)?',
  '[sr]k_(?:live|test|prod)_',
  'pk_live_',
  'whsec_',
  'GOCSPX-',
  'ya29\\.',
  '1//0',
  'npm_',
  'pypi-',
  'hf_',
  'api_org_',
  'do[opr]_v1_',
  'shp(?:at|ca|pa|ss)_',
  'sntry[us]_',
  'hv[sb]\\.',
  'HRKU-',
  'dp\\.(?:pt|st|ct|sa|scim|audit)\\.',
  'lin_api_',
  'PMAK-',
  'pplx-',
  'pul-',
  'pnu_',
  'rubygems_',
  'dapi',
  'AKCp',
  'FLWSECK(?:_TEST)?-',
  'xkeysib-',
  'SG\\.',
  'AGE-SECRET-KEY-1',
  'ops_eyJ',
  'LTAI',
  'EAA[AMC]',
  'sq0(?:atp|csp)-',
  'NRAK-',
  'NRII-',
  'NRJS-',
  'CLOJARS_',
  'EZ[AT]K',
  'duffel_(?:test|live)_',
  'fio-u-',
  'ntn_',
  'sm_[aps]at_',
  'shippo_(?:live|test)_',
  'rdme_',
  'tk-us-',
  'dt0c01\\.',
  'sha256~',
  'pscale_(?:tkn|oauth|pw)_',
  'ico-',
  'glc_',
  'AIza',
  'ABSK',
  'A3-',
].join('|');
const TOKEN_CHARS = '[A-Za-z0-9_\\-.=+/~]';

const RULES: Rule[] = [
  // PEM private keys (one log line may hold a whole block; a cut block is masked to the end)
  {
    name: 'private-key',
    re: /-----BEGIN [A-Z0-9 ]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]{0,100}PRIVATE KEY(?: BLOCK)?-----|$)/g,
    replace: () => MASK,
  },
  // scheme://user:password@host — the password runs to the LAST '@' before the path, so an unencoded '@' in it does
  // not leak the rest; a text that ENDS after `user:` was cut inside the password (unless what follows is a port)
  {
    name: 'url-password',
    re: /([A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/[^\s:/@]*:)([^\s/?#]+)(@|$)/g,
    replace: (m, pre, pw, at) => (masked(pw) || (at === '' && /^\d{1,5}$/.test(pw ?? '')) ? m : keep(pre ?? '', at)),
  },
  // Authorization: Bearer xyz / Basic xyz / Token xyz ; Proxy-Authorization too
  {
    name: 'authorization',
    re: /(authorization["']?\s{0,20}[:=]\s{0,20}["']?(?:bearer|basic|token|digest|negotiate|aws4-hmac-sha256)?\s{0,20})([^\s"',;]+)/gi,
    replace: (m, pre, v) => (masked(v) ? m : keep(pre ?? '')),
  },
  // a bare "Bearer <token>"
  {
    name: 'bearer',
    re: /(?<![A-Za-z0-9])(bearer\s{1,20})([A-Za-z0-9._~+/=-]{8,})/gi,
    replace: (_m, pre) => keep(pre ?? ''),
  },
  // Cookie: a=b; c=d   /   Set-Cookie: session=...; Path=/
  {
    name: 'cookie',
    re: /((?:set-)?cookie["']?\s{0,20}[:=]\s{0,20}["']?)([^"'\r\n]+)/gi,
    replace: (m, pre, v) => (masked(v) ? m : keep(pre ?? '')),
  },
  // secrets in a URL's query: ?code=…, &key=…, &sig=…, X-Amz-Signature=…
  {
    name: 'url-query',
    re: new RegExp(`([?&;](?:${QUERY_KEYS})=)([^&\\s#"'<>;]+)`, 'gi'),
    replace: (m, pre, v) => (masked(v) ? m : keep(pre ?? '')),
  },
  // "password": "two words" / secret_key = 'x \' y': a quoted value is redacted up to its closing quote (escaped quotes
  // included); an unterminated one (a cut line) to the end of the text
  {
    name: 'secret-quoted',
    re: new RegExp(
      `(?<![A-Za-z0-9_-])([A-Za-z0-9_.-]{0,60}(?:${SECRET_KEYS})["']?\\s{0,20}(?:=>|:=|[=:])\\s{0,20})(?:"((?:\\\\.|[^"\\\\\\r\\n])*)(?:"|$)|'((?:\\\\.|[^'\\\\\\r\\n])*)(?:'|$))`,
      'gi',
    ),
    replace: (m, pre, dq, sq) => {
      const v = dq ?? sq ?? '';
      if (v === '' || masked(v)) return m;
      const q = dq !== undefined ? '"' : "'";
      return `${pre}${q}${MASK}${m.endsWith(q) && m.length > (pre ?? '').length + 1 ? q : ''}`;
    },
  },
  // token=..., api_key: ..., client_secret=..., DATABASE_PASSWORD=..., SECRET_KEY=..., AccountKey=...
  {
    name: 'secret-pair',
    re: new RegExp(
      `(?<![A-Za-z0-9_-])([A-Za-z0-9_.-]{0,60}(?:${SECRET_KEYS})["']?\\s{0,20}(?:=>|:=|[=:])\\s{0,20}["']?)([^\\s"'&,;<>]+)`,
      'gi',
    ),
    replace: (m, pre, val) => (masked(val) ? m : keep(pre ?? '')),
  },
  // passwords on command lines: mysql -pSECRET, sshpass -p SECRET, curl -u user:pass
  {
    name: 'cli-password',
    re: /((?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)\b[^\n]{0,200}?\s-p|sshpass\s{1,5}-p\s{0,5}|curl\b[^\n]{0,200}?\s(?:-u|--user)(?:=|\s{0,5})["']?)([^\s"']+)/g,
    replace: (m, pre, v) => (masked(v) ? m : keep(pre ?? '')),
  },
  // issued tokens by their literal prefix; a prefix at the very end of a cut text is masked with what follows it
  {
    name: 'token-prefix',
    re: new RegExp(`(?<![A-Za-z0-9_-])(?:${TOKEN_PREFIXES})(?:${TOKEN_CHARS}{8,}|${TOKEN_CHARS}*$)`, 'g'),
    replace: () => MASK,
  },
  // AWS access key ids
  {
    name: 'aws-key',
    re: /(?<![A-Z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Z0-9])/g,
    replace: () => MASK,
  },
  // Slack, Teams and Discord webhooks
  {
    name: 'slack-webhook',
    re: /hooks\.slack\.com\/(services|workflows|triggers)\/[A-Za-z0-9/+]+/g,
    replace: (_m, kind) => `hooks.slack.com/${kind}/${MASK}`,
  },
  {
    name: 'teams-webhook',
    re: /(\.webhook\.office\.com\/webhookb2\/)[A-Za-z0-9@/-]+/g,
    replace: (_m, pre) => keep(pre ?? ''),
  },
  {
    name: 'discord-webhook',
    re: /(discord(?:app)?\.com\/api\/webhooks\/)[0-9]+\/[A-Za-z0-9_-]+/g,
    replace: (_m, pre) => keep(pre ?? ''),
  },
  // JWTs, signed or not (alg "none" leaves the third part empty)
  {
    name: 'jwt',
    re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
    replace: () => MASK,
  },
  // e-mail addresses
  {
    name: 'email',
    re: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,10}\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/g,
    replace: () => MASK,
  },
];

/** The built-in rules, for the linear-time test. */
export const BUILTIN_PATTERNS: readonly RegExp[] = RULES.map((r) => r.re);

// control sequences a terminal acts on: CSI, OSC, the other ESC sequences; the 8-bit CSI (U+009B) apart, as UTF-8
// terminals differ on it
const CONTROL_SEQ =
  /\x1b\[[0-?]{0,64}[ -/]{0,8}[@-~]?|\x1b\][^\x07\x1b\x9c]{0,4096}(?:\x07|\x1b\\|\x9c)?|\x1b[()*+][0-~]?|\x1b[@-Z\\-_]?/g;
const CSI8 = /\x9b[0-?]{0,64}[ -/]{0,8}[@-~]?/g;
// every remaining C0 (but TAB and LF) / C1 control, DEL, zero-width characters, the soft hyphen and the bidi controls
const INVISIBLE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const HAS_HIDDEN =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|%[0-9A-Fa-f]{2}|&(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|amp|quot|apos|lt|gt);|\\u00[0-9A-Fa-f]{2}|\\x[0-9A-Fa-f]{2}/;

function decodePercent(s: string): string {
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      // not UTF-8: byte by byte (Latin-1), so a %3D still reads as '='
      return run.replace(/%([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    }
  });
}

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };
/** HTML entities and JSON/Python escapes of ASCII punctuation (`&#61;`, `\u003d`, `\x3d`): a log may carry a key
 * and its value that way. */
function decodeEscapes(s: string): string {
  return s
    .replace(/&(?:#(\d{1,7})|#x([0-9A-Fa-f]{1,6})|(amp|quot|apos|lt|gt));/g, (m, d: string, h: string, n: string) => {
      if (n) return ENTITIES[n];
      const c = d ? Number(d) : parseInt(h, 16);
      return c > 0 && c <= 0x10ffff ? String.fromCodePoint(c) : m;
    })
    .replace(/\\u00([0-9A-Fa-f]{2})|\\x([0-9A-Fa-f]{2})/g, (_m, a: string, b: string) =>
      String.fromCharCode(parseInt(a ?? b, 16)),
    );
}

/**
 * The text as a reader sees it: control sequences (`sequences`: parsed as a terminal would — 7-bit only, or the 8-bit
 * CSI too; `none`: each control character dropped alone) and invisible characters removed, percent-encoding, HTML
 * entities and \u/\x escapes decoded (twice: double encoding), and what decoding produced cleaned again.
 */
export function readerView(s: string, sequences: '7bit' | '8bit' | 'none' = '7bit'): string {
  // with sequences parsed, what a broken sequence leaves (`\e\e[36m[36m` → `[36m`) goes too
  const strip = (x: string) => {
    let y = x;
    if (sequences !== 'none') y = y.replace(CONTROL_SEQ, '');
    if (sequences === '8bit') y = y.replace(CSI8, '');
    if (sequences !== 'none') y = y.replace(/\[[0-9;]{0,32}m/g, '');
    return y.replace(INVISIBLE, '');
  };
  let v = strip(s);
  for (let i = 0; i < 2; i++) {
    const d = strip(decodeEscapes(decodePercent(v)));
    if (d === v) break;
    v = d;
  }
  return v;
}

export interface Redactor {
  /** `seen` collects the distinct original matches (a report repeats a cited line in several places) */
  (text: string, seen?: Set<string>): { text: string; count: number };
}

/** Compile user patterns (`--redact`); throws SyntaxError for an invalid one, and UnsafePatternError for one whose
 * nested or adjacent quantifiers could run for exponential time on a crafted line. */
export function compileUserPatterns(patterns: readonly string[]): RegExp[] {
  return patterns.map((p) => {
    const re = new RegExp(p, 'g');
    checkUserPattern(p);
    return re;
  });
}

export class UnsafePatternError extends Error {
  override readonly name = 'UnsafePatternError';
}

/**
 * Refuse what backtracking makes exponential: a repeated group that itself holds a repeat or an alternation
 * (`(a+)+`, `(a|a)*`, `(?:\w+\s?)*`) and back-references. Adjacent repeats (`a*a*b`) stay allowed: polynomial on one
 * line, and lines are capped at 64 KiB. Scans the source once.
 */
export function checkUserPattern(source: string): void {
  // per open group: does it contain a quantifier or an alternation?
  const stack: { quant: boolean; alt: boolean }[] = [];
  let lastGroup: { quant: boolean; alt: boolean } | undefined;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const n = source[i + 1] ?? '';
      if (!inClass && (/[1-9]/.test(n) || (n === 'k' && source[i + 2] === '<'))) {
        throw new UnsafePatternError('back-references are not allowed (they can make matching exponential)');
      }
      i++;
      lastGroup = undefined;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      lastGroup = undefined;
      continue;
    }
    if (c === '(') {
      stack.push({ quant: false, alt: false });
      lastGroup = undefined;
      continue;
    }
    if (c === ')') {
      const g = stack.pop();
      lastGroup = g;
      if (g && stack.length) {
        const top = stack[stack.length - 1];
        top.quant ||= g.quant;
        top.alt ||= g.alt;
      }
      continue;
    }
    if (c === '|') {
      if (stack.length) stack[stack.length - 1].alt = true;
      lastGroup = undefined;
      continue;
    }
    // `(?:`, `(?=`, `(?<name>`: a group modifier, not a quantifier
    if (c === '?' && source[i - 1] === '(') continue;
    const isQuant =
      c === '*' || c === '+' || c === '?' || (c === '{' && /^\{\d+(,\d*)?\}/.test(source.slice(i, i + 24)));
    if (isQuant) {
      const unbounded =
        c === '*' ||
        c === '+' ||
        (c === '{' && /^\{\d+,\}/.test(source.slice(i, i + 24))) ||
        (c === '{' && Number(/^\{\d+,?(\d*)\}/.exec(source.slice(i, i + 24))?.[1] || 0) > 1000);
      if (lastGroup && (lastGroup.quant || lastGroup.alt) && (unbounded || c === '{')) {
        throw new UnsafePatternError(
          lastGroup.quant
            ? 'a repeated group contains another repeat, e.g. (a+)+ (this can take exponential time)'
            : 'a repeated group contains alternatives, e.g. (a|b)+ (this can take exponential time; use a character class [ab]+)',
        );
      }
      if (stack.length) stack[stack.length - 1].quant = true;
      if (c === '{') i = source.indexOf('}', i);
      // a lazy or possessive marker right after
      if (source[i + 1] === '?') i++;
      lastGroup = undefined;
      continue;
    }
    lastGroup = undefined;
  }
}

/** Run every rule over `text` once. */
function applyRules(rules: readonly Rule[], text: string, found: string[]): string {
  let out = text;
  for (const r of rules) {
    r.re.lastIndex = 0;
    out = out.replace(r.re, (m: string, ...args: unknown[]) => {
      const groups = args.filter((a): a is string => typeof a === 'string' || a === undefined) as string[];
      const rep = r.replace(m, ...groups);
      if (rep !== m) found.push(m);
      return rep;
    });
  }
  return out;
}

export function makeRedactor(extra: readonly RegExp[] = []): Redactor {
  const userRules: Rule[] = extra.map((re, i) => ({
    name: `user-${i}`,
    re: re.global ? re : new RegExp(re.source, re.flags + 'g'),
    replace: (m: string) => (m === '' || m === MASK ? m : MASK),
  }));
  const rules = [...RULES, ...userRules];
  return (text: string, seen?: Set<string>) => {
    const found: string[] = [];
    let out = applyRules(rules, text, found);
    if (HAS_HIDDEN.test(text)) {
      // what a reader sees may hide a secret the raw text does not show as one: of the views (escape sequences
      // parsed as a terminal does, or each control character dropped alone), the one that reveals most is output
      const rawSeen = new Set(found.map((f) => readerView(f)));
      let best: { text: string; found: string[]; fresh: number } | undefined;
      for (const view of new Set([readerView(text), readerView(text, '8bit'), readerView(text, 'none')])) {
        if (view === text) continue;
        const viewFound: string[] = [];
        const v = applyRules(rules, view, viewFound);
        const fresh = viewFound.filter((f) => !rawSeen.has(f)).length;
        if (fresh > 0 && (!best || fresh > best.fresh)) best = { text: v, found: viewFound, fresh };
      }
      if (best) {
        out = best.text;
        found.splice(0, found.length, ...best.found);
      }
    }
    for (const f of found) seen?.add(f);
    return { text: out, count: found.length };
  };
}

/** Redact one string with the built-in rules (+ extra). */
export function redact(text: string, extra: readonly RegExp[] = []): { text: string; count: number } {
  return makeRedactor(extra)(text);
}

/** Redact every string of a report. Returns a copy with `redactions` set to the number of DISTINCT values
 * redacted (one password cited in three places counts once). */
export function redactReport(report: Report, extra: readonly RegExp[] = []): { report: Report; count: number } {
  const r = makeRedactor(extra);
  const seen = new Set<string>();
  const out = mapStrings(report, (s) => r(s, seen).text);
  out.redactions = seen.size;
  return { report: out, count: seen.size };
}
