/**
 * The single redaction choke point: every report passes through `redactReport` before it is printed or written.
 * Patterns are linear-time (anchored starts via look-behind, no nested quantifiers).
 */
import { mapStrings } from './escape.js';
import type { Report } from './types.js';

export const MASK = '[REDACTED]';

interface Rule {
  name: string;
  re: RegExp;
  /** replacement keeping the named prefix/suffix groups */
  replace: (m: string, ...groups: string[]) => string;
}

const keep = (pre: string, post = '') => `${pre}${MASK}${post}`;

/** Key names whose value is a secret (`SECRET_KEY=`, `csrftoken=`, `PGPASSWORD=`, `X-Api-Key:` …). */
const SECRET_KEYS =
  'token|api[_-]?key|apikey|secret(?:[_-]?key)?|passwd|password|pwd|access[_-]?key|private[_-]?key|signing[_-]?key|encryption[_-]?key|credentials?|session[_-]?id|dsn';

const RULES: Rule[] = [
  // scheme://user:password@host
  {
    name: 'url-password',
    // the password runs to the LAST '@' before the path, so an unencoded '@' in it does not leak the rest
    re: /(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:/@]*:)([^\s/?#]+)(@)/g,
    replace: (_m, pre, _pw, at) => keep(pre!, at),
  },
  // Authorization: Bearer xyz / Basic xyz / Token xyz ; Proxy-Authorization too
  {
    name: 'authorization',
    re: /(authorization["']?\s*[:=]\s*["']?(?:bearer|basic|token|digest|negotiate)?\s*)([^\s"',;]+)/gi,
    replace: (_m, pre) => keep(pre!),
  },
  // a bare "Bearer <token>"
  {
    name: 'bearer',
    re: /(?<![A-Za-z0-9])(bearer\s+)([A-Za-z0-9._~+/=-]{8,})/gi,
    replace: (_m, pre) => keep(pre!),
  },
  // Cookie: a=b; c=d   /   Set-Cookie: session=...; Path=/
  {
    name: 'cookie',
    re: /((?:set-)?cookie["']?\s*[:=]\s*["']?)([^"'\r\n]+)/gi,
    replace: (_m, pre) => keep(pre!),
  },
  // "password": "two words" / secret_key = 'x y': a quoted value is redacted up to its closing quote
  {
    name: 'secret-quoted',
    re: new RegExp(`(?<![A-Za-z0-9_-])([A-Za-z0-9_-]*(?:${SECRET_KEYS})["']?\\s*[=:]\\s*)(["'])((?:(?!\\2)[^\\r\\n])+)\\2`, 'gi'),
    replace: (m, pre, q, val) => (val!.startsWith(MASK) ? m : `${pre}${q}${MASK}${q}`),
  },
  // token=..., api_key: ..., client_secret=..., DATABASE_PASSWORD=..., SECRET_KEY=...
  {
    name: 'secret-pair',
    re: new RegExp(`(?<![A-Za-z0-9_-])([A-Za-z0-9_-]*(?:${SECRET_KEYS})["']?\\s*[=:]\\s*["']?)([^\\s"'&,;<>]+)`, 'gi'),
    replace: (m, pre, val) => (val === MASK || val!.startsWith('[REDACTED') ? m : keep(pre!)),
  },
  // PEM private keys (one log line may hold a whole block)
  {
    name: 'private-key',
    re: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
    replace: () => MASK,
  },
  // OpenAI / Anthropic style keys, Google API keys, GitLab and npm tokens, SendGrid keys
  { name: 'sk-key', re: /(?<![A-Za-z0-9_-])sk-(?:proj-|ant-|live-|svcacct-)?[A-Za-z0-9_-]{20,}/g, replace: () => MASK },
  { name: 'google-key', re: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, replace: () => MASK },
  { name: 'gitlab', re: /(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,}/g, replace: () => MASK },
  { name: 'npm', re: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g, replace: () => MASK },
  { name: 'sendgrid', re: /(?<![A-Za-z0-9_-])SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g, replace: () => MASK },
  // AWS access key ids
  { name: 'aws-key', re: /(?<![A-Z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[A-Z0-9]{16}(?![A-Z0-9])/g, replace: () => MASK },
  // GitHub tokens
  { name: 'github', re: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{20,})/g, replace: () => MASK },
  // Stripe keys / webhook secrets
  { name: 'stripe', re: /(?<![A-Za-z0-9_])(?:[sr]k|pk)_(?:live|test)_[A-Za-z0-9]{10,}|(?<![A-Za-z0-9_])whsec_[A-Za-z0-9]{10,}/g, replace: () => MASK },
  // Slack tokens and webhooks
  { name: 'slack', re: /(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}/g, replace: () => MASK },
  { name: 'slack-webhook', re: /hooks\.slack\.com\/services\/[A-Za-z0-9/]+/g, replace: () => `hooks.slack.com/services/${MASK}` },
  // JWTs
  { name: 'jwt', re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, replace: () => MASK },
  // e-mail addresses
  {
    name: 'email',
    re: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])/g,
    replace: () => MASK,
  },
];

export interface Redactor {
  /** `seen` collects the distinct original matches (a report repeats a cited line in several places) */
  (text: string, seen?: Set<string>): { text: string; count: number };
}

/** Compile user patterns (`--redact REGEX`); throws SyntaxError for an invalid one. */
export function compileUserPatterns(patterns: readonly string[]): RegExp[] {
  return patterns.map((p) => new RegExp(p, 'g'));
}

export function makeRedactor(extra: readonly RegExp[] = []): Redactor {
  const userRules: Rule[] = extra.map((re, i) => ({
    name: `user-${i}`,
    re: re.global ? re : new RegExp(re.source, re.flags + 'g'),
    replace: (m: string) => (m === '' ? m : MASK),
  }));
  const rules = [...RULES, ...userRules];
  return (text: string, seen?: Set<string>) => {
    let count = 0;
    let out = text;
    for (const r of rules) {
      r.re.lastIndex = 0;
      out = out.replace(r.re, (m: string, ...args: unknown[]) => {
        const groups = args.filter((a): a is string => typeof a === 'string' || a === undefined) as string[];
        const rep = r.replace(m, ...groups);
        if (rep !== m) {
          count++;
          seen?.add(m);
        }
        return rep;
      });
    }
    return { text: out, count };
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
