import { describe, expect, it } from 'vitest';
import { MASK, redact, redactReport } from '../../src/report/redact.js';
import type { Report } from '../../src/engine/report.js';

describe('redact', () => {
  it.each([
    ['URL password', 'DATABASE_URL=postgres://app:s3cr3t@db.internal:5432/app', 's3cr3t', 'postgres://app:'],
    ['redis URL, empty user', 'redis://:hunter2@cache:6379/0', 'hunter2', 'redis://:'],
    ['Authorization Bearer', 'Authorization: Bearer abc.def.ghi123456', 'abc.def.ghi123456', 'Authorization: Bearer '],
    ['Authorization Basic', "headers={'Authorization': 'Basic dXNlcjpwYXNz'}", 'dXNlcjpwYXNz', 'Basic '],
    ['bare bearer', 'sent bearer 0123456789abcdef to upstream', '0123456789abcdef', 'bearer '],
    ['Cookie', 'Cookie: sessionid=abc123; csrftoken=zzz', 'sessionid=abc123', 'Cookie: '],
    ['Set-Cookie', 'Set-Cookie: session=deadbeef; Path=/; HttpOnly', 'deadbeef', 'Set-Cookie: '],
    ['token=', 'GET /cb?token=abcdef123&x=1 HTTP/1.1', 'abcdef123', '&x=1'],
    ['api_key:', 'api_key: AbC123xyz', 'AbC123xyz', 'api_key: '],
    ['password JSON', '{"password": "pa55w0rd!", "user": "bob"}', 'pa55w0rd!', '"user": "bob"'],
    ['SECRET env', 'DJANGO_SECRET=verysecretvalue', 'verysecretvalue', 'DJANGO_SECRET='],
    ['AWS key', 'using AKIAIOSFODNN7EXAMPLE for s3', 'AKIAIOSFODNN7EXAMPLE', 'for s3'],
    [
      'GitHub token',
      'GITHUB=ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      'GITHUB=',
    ],
    ['Stripe key', 'stripe.api = sk_live_51Habcdefghijklmnop', 'sk_live_51Habcdefghijklmnop', 'stripe.api = '],
    ['Slack token', 'xoxb-123456789012-abcdefghijkl', 'xoxb-123456789012-abcdefghijkl', ''],
    [
      'JWT',
      'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk ok',
      'eyJhbGciOiJIUzI1NiJ9',
      ' ok',
    ],
    ['e-mail', 'user jane.doe+ops@example.co.uk logged in', 'jane.doe+ops@example.co.uk', 'logged in'],
  ])('%s', (_n, input, secret, kept) => {
    const r = redact(input);
    expect(r.text).not.toContain(secret);
    expect(r.text).toContain(MASK);
    expect(r.text).toContain(kept);
    expect(r.count).toBeGreaterThan(0);
  });

  it.each([
    '[2024-05-01 10:00:01 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:17)',
    'Worker (pid:17) was sent SIGKILL! Perhaps out of memory?',
    'https://docs.gunicorn.org/en/stable/settings.html#timeout',
    'at=error code=H12 desc="Request timeout" method=GET path="/slow" service=30000ms status=503',
    "KeyError: 'SECRET_KEY'",
  ])('leaves ordinary log text alone: %s', (line) => {
    expect(redact(line)).toEqual({ text: line, count: 0 });
  });

  it('applies --redact patterns and counts', () => {
    const r = redact('customer acct-12345 and acct-999', [/acct-\d+/g]);
    expect(r.text).toBe(`customer ${MASK} and ${MASK}`);
    expect(r.count).toBe(2);
  });

  it('is linear on hostile input', () => {
    const hostile = [
      'a'.repeat(100_000),
      'a@'.repeat(50_000),
      'x://'.repeat(30_000),
      'token'.repeat(20_000),
      'eyJ'.repeat(30_000) + '.',
      '-'.repeat(100_000) + 'password',
    ];
    for (const h of hostile) {
      const t = performance.now();
      redact(h);
      expect(performance.now() - t).toBeLessThan(500);
    }
  });

  it('redacts every string in a report and records the count', () => {
    const report = {
      schemaVersion: 1,
      tool: { name: 'gunicorn-doctor', version: '1' },
      diagnoses: [
        {
          cause: 'x',
          variant: null,
          title: 't',
          phase: 'p',
          confidence: 'low',
          evidence: [{ source: 'a.log', line: 1, text: 'password=abc' }],
          ruledOut: [],
        },
      ],
      answers: [],
      context: { sources: {} },
      timeline: {
        masterStarts: 0,
        workerBoots: 0,
        workerDeaths: 0,
        kills: [],
        timeouts: 0,
        recycles: 0,
        reloads: 0,
        platformEvents: 0,
        requests: 0,
        memory: [],
        cadence: [],
        points: [],
      },
      stats: { files: 1, lines: 1, bytes: 1, recognizedLines: 0, unknownLines: 1, seconds: 0 },
      warnings: ['see mail admin@example.com'],
      path: [],
    } as unknown as Report;
    const { report: r, count } = redactReport(report);
    expect(count).toBe(2);
    expect(r.redactions).toBe(2);
    expect(JSON.stringify(r)).not.toMatch(/abc|admin@/);
    expect(report.warnings[0]).toContain('admin@'); // the input is not mutated
  });
});

// ---- round two (issue #16): shapes, bypasses, cut lines, user patterns, and a property test over every format ----

import fc from 'fast-check';
import {
  BUILTIN_PATTERNS,
  checkUserPattern,
  compileUserPatterns,
  readerView,
  UnsafePatternError,
} from '../../src/report/redact.js';
import { sanitize } from '../../src/run.js';
import { toJson, toMarkdown, toText } from '../../src/report/format.js';
import { finalPageMarkdown, questionPrompt } from '../../src/commands/wizard.js';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

const ESC = '\u001b';

describe('redact: secret shapes (gitleaks rule shapes)', () => {
  it.each([
    [
      'Azure AccountKey',
      'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==;EndpointSuffix=core.windows.net',
      'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==',
    ],
    [
      'Azure SharedAccessKey',
      'Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=c2VjcmV0c2VjcmV0c2VjcmV0',
      'c2VjcmV0c2VjcmV0c2VjcmV0',
    ],
    [
      'New Relic license key',
      'NEW_RELIC_LICENSE_KEY=eu01xx0123456789abcdef0123456789abcdNRAL',
      'eu01xx0123456789abcdef0123456789abcdNRAL',
    ],
    [
      'Slack app token',
      'SLACK=xapp-1-A0123456789-1234567890123-0123456789abcdef0123456789abcdef',
      'xapp-1-A0123456789',
    ],
    [
      'Google OAuth client secret',
      'client GOCSPX-AbCdEfGhIjKlMnOpQrStUvWxYz12 loaded',
      'GOCSPX-AbCdEfGhIjKlMnOpQrStUvWxYz12',
    ],
    [
      'X-Amz-Signature',
      'GET /b/o?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 HTTP/1.1',
      '9f86d081884c7d659a2feaa0c55ad015',
    ],
    ['?code= in a URL', 'GET /oauth/callback?code=4%2F0AbCdEfGhIjKl&state=xyz HTTP/1.1', '0AbCdEfGhIjKl'],
    ['?key= in a URL', 'fetching https://maps.example.com/api?key=QwErTy123456789&q=x', 'QwErTy123456789'],
    ['unsigned JWT', 'token eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjM0NTY3ODkwIn0. accepted', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0'],
    ['mysql -p', "sh -c 'mysql -u root -pS3cr3tPass! -h db app < dump.sql'", 'S3cr3tPass!'],
    ['sshpass -p', 'sshpass -p hunter22 ssh deploy@host', 'hunter22'],
    ['curl -u', 'curl -fsS -u admin:Adm1nPass https://x/api', 'Adm1nPass'],
    ['password with spaces, quoted', 'DB_PASSWORD="correct horse battery staple"', 'horse battery'],
    ['password with escaped quotes', '{"password": "pa\\"ss wo\\"rd", "user": "x"}', 'wo\\"rd'],
    ['unterminated quoted password (a cut line)', 'secret_key = "abc def ghi', 'def ghi'],
    ['GitLab deploy token', 'gldt-AbCdEfGhIjKlMnOpQrSt', 'gldt-AbCdEfGhIjKlMnOpQrSt'],
    ['Hugging Face token', 'HF hf_abcdefghijklmnopqrstuvwxyzabcdefgh', 'hf_abcdefghijklmnopqrstuvwxyzabcdefgh'],
    ['PyPI token', 'pypi-AgEIcHlwaS5vcmcCJGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6MDEyMzQ1Njc4OQ', 'AgEIcHlwaS5vcmcCJGFi'],
    ['Vault token', 'VAULT_TOKEN hvs.CAESIJlWh5y6lxUw1xRk9mZ3Q2eWhCQlBsUzZsZw', 'hvs.CAESIJlWh5y6'],
    [
      'Discord webhook',
      'https://discord.com/api/webhooks/123456789012345678/AbCdEfGhIjKlMnOpQrStUvWxYz',
      'AbCdEfGhIjKlMnOpQrStUvWxYz',
    ],
    [
      'Authorization AWS4',
      'Authorization: AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEEXAMPLE12/x',
      'Credential=AKIAEXAMPLEEXAMPLE12',
    ],
  ])('%s', (_n, input, secret) => {
    const r = redact(input);
    expect(r.text).not.toContain(secret);
    expect(r.text).toContain(MASK);
  });

  it.each([
    ['a colour code between key and =', `${ESC}[36mpassword${ESC}[0m=Hunter2Hunter2`, 'Hunter2Hunter2'],
    ['a colour code before a URL', `${ESC}[35mpostgres://u:PwPwPw99@db/app`, 'PwPwPw99'],
    [
      'a colour code before a token',
      `${ESC}[31mghp_abcdefghijklmnopqrstuvwxyz0123456789${ESC}[0m`,
      'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
    ],
    ['a colour code inside the key', `pass${ESC}[1mword${ESC}[0m=Zz9Zz9Zz9`, 'Zz9Zz9Zz9'],
    ['a C1 control inside the key', 'pass\u009bword=Yy8Yy8Yy8', 'Yy8Yy8Yy8'],
    ['a zero-width space inside the key', 'api\u200b_key=Xx7Xx7Xx7', 'Xx7Xx7Xx7'],
    ['%3D between key and value', 'GET /x?password%3DVv6Vv6Vv6 HTTP/1.1', 'Vv6Vv6Vv6'],
    ['%20 around the =', 'password%20%3D%20Uu5Uu5Uu5', 'Uu5Uu5Uu5'],
    ['an encoded URL', 'next=postgres%3A%2F%2Fapp%3ATt4Tt4Tt4%40db%2Fapp', 'Tt4Tt4Tt4'],
    ['an HTML entity for =', 'password&#61;Ss3Ss3Ss3', 'Ss3Ss3Ss3'],
  ])('is not bypassed by %s', (_n, input, secret) => {
    const r = redact(input);
    expect(r.text).not.toContain(secret);
    expect(r.count).toBeGreaterThan(0);
  });

  it('a line cut by the length cap inside a URL password or a token: masked to the end', () => {
    expect(redact('DATABASE_URL=postgres://app:s3cr3tPassw').text).not.toContain('s3cr3t');
    expect(redact('connecting to postgres://db.internal:5432').text).toContain(':5432'); // a port is not a password
    expect(redact('x ghp_abcdefg').text).not.toContain('abcdefg');
    expect(redact('x sk-proj-').text).not.toContain('sk-proj-');
  });

  it('leaves the views alone when they hide nothing: colour codes stay (escaped later), no decoding', () => {
    const line = `${ESC}[32mINFO${ESC}[0m Booting worker with pid: 17 GET /a%20b`;
    expect(redact(line)).toEqual({ text: line, count: 0 });
    expect(readerView(line)).toBe('INFO Booting worker with pid: 17 GET /a b');
  });

  it('every built-in pattern is linear on hostile 100 KB lines', () => {
    const hostile = [
      'a'.repeat(100_000),
      'password'.repeat(12_000),
      'password='.repeat(11_000),
      '"password": "'.repeat(7_000),
      'x://a:'.repeat(16_000),
      'mysql '.repeat(16_000),
      'curl -u'.repeat(14_000),
      '?code='.repeat(16_000),
      'ghp_'.repeat(25_000),
      'eyJaaaaa.'.repeat(11_000),
      `${ESC}[`.repeat(50_000),
      '%3D'.repeat(33_000),
      '-----BEGIN PRIVATE KEY-----'.repeat(3_000),
      'a@b.'.repeat(25_000),
    ];
    for (const h of hostile) {
      for (const re of BUILTIN_PATTERNS) {
        const t = performance.now();
        re.lastIndex = 0;
        h.replace(re, '');
        expect(performance.now() - t, `${re.source.slice(0, 60)} on ${JSON.stringify(h.slice(0, 20))}`).toBeLessThan(
          300,
        );
      }
      const t = performance.now();
      redact(h);
      expect(performance.now() - t).toBeLessThan(1500);
    }
  });
});

describe('--redact patterns are checked', () => {
  it.each([
    '(a+)+$',
    '(a*)*',
    '(?:\\w+\\s?)*x',
    '(a|a)+',
    '(x+x+)+y',
    '(a{1,5})+',
    '(.*a){20}',
    '(\\w)\\1',
    '(?<n>a)\\k<n>',
    '(a?)+$',
    '(?:\\w?\\w?)*x',
  ])('refuses %s', (p) => {
    expect(() => checkUserPattern(p)).toThrow(UnsafePatternError);
  });
  it.each([
    'acct-[0-9]+',
    'pid:1[78]',
    '(?:foo)?bar',
    '[a+]+',
    '\\(a+\\)+',
    'db\\.internal',
    '(ab)+',
    'x{2,3}(?:yz)?',
    '(?=a)a+',
    '(?<id>[0-9]+)-x',
    '(?:https?://)?host',
  ])('accepts %s', (p) => {
    expect(() => checkUserPattern(p)).not.toThrow();
    expect(compileUserPatterns([p])).toHaveLength(1);
  });
});

// ---- the property: a secret in any of these shapes, wrapped in colour codes / C1 controls / encodings and cut at any
// point, survives in none of the outputs (text, Markdown, JSON, the wizard's prompt and its result page)

const alnum = fc.stringMatching(/^[A-Za-z0-9]{14,24}$/).filter((s) => /[0-9]/.test(s) && /[A-Za-z]/.test(s));
type Shape = (s: string) => { pre: string; secret: string; post: string };
const SHAPES: Record<string, Shape> = {
  'password=': (s) => ({ pre: 'DB_PASSWORD=', secret: s, post: ' host=db' }),
  'json password': (s) => ({ pre: '{"password": "', secret: s, post: '", "user": "app"}' }),
  'url userinfo': (s) => ({ pre: 'DATABASE_URL=postgres://app:', secret: s, post: '@db.internal:5432/app' }),
  'redis url': (s) => ({ pre: 'connecting to redis://:', secret: s, post: '@cache:6379/0' }),
  bearer: (s) => ({ pre: 'Authorization: Bearer ', secret: s, post: ' ok' }),
  'github token': (s) => ({ pre: 'using ghp_', secret: (s + s + s).slice(0, 36), post: ' for the API' }),
  'slack app token': (s) => ({ pre: 'SLACK xapp-1-', secret: s, post: '' }),
  'google oauth': (s) => ({ pre: 'client GOCSPX-', secret: s, post: ' ready' }),
  'azure AccountKey': (s) => ({
    pre: 'AccountName=a;AccountKey=',
    secret: s,
    post: ';EndpointSuffix=core.windows.net',
  }),
  'new relic': (s) => ({ pre: 'NEW_RELIC_LICENSE_KEY=', secret: s, post: '' }),
  'query code': (s) => ({ pre: 'GET /cb?code=', secret: s, post: '&state=1 HTTP/1.1' }),
  'amz signature': (s) => ({ pre: 'GET /o?X-Amz-Signature=', secret: s, post: ' HTTP/1.1' }),
  'mysql -p': (s) => ({ pre: 'mysql -u root -p', secret: s, post: ' app' }),
  cookie: (s) => ({ pre: 'Cookie: sessionid=', secret: s, post: '' }),
};
const NOISE = [
  `${ESC}[36m`,
  `${ESC}[0m`,
  `${ESC}[1;31m`,
  '\u009b',
  '\u0085',
  '\u200b',
  `${ESC}]0;title\u0007`,
  '\u00ad',
];
const noise = fc.constantFrom(...NOISE);
/** percent-encode the separators a key and its value hang on */
const encode = (s: string) =>
  s.replace(/[=:@ "]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

function sampleReport(): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'gunicorn-doctor', version: '9.9.9' },
    diagnoses: [
      {
        cause: 'runtime-memory-oom',
        variant: 'worker',
        title: 'OOM',
        phase: 'runtime',
        confidence: 'high',
        evidence: [],
        ruledOut: [],
      },
    ],
    answers: [{ question: 'platform', choice: 'heroku', from: 'log', evidence: [] }],
    context: { platform: 'heroku', sources: {} },
    timeline: {
      masterStarts: 1,
      workerBoots: 1,
      workerDeaths: 1,
      kills: [],
      timeouts: 0,
      recycles: 0,
      reloads: 0,
      platformEvents: 0,
      requests: 0,
      memory: [],
      cadence: [],
      points: [],
    },
    stats: { files: 1, lines: 5, bytes: 400, recognizedLines: 3, unknownLines: 2, seconds: 0.01 },
    warnings: [],
    path: [],
  } as unknown as Report;
}

function outputs(line: string): string[] {
  const r = sampleReport();
  r.diagnoses[0]!.evidence = [{ source: 'web.log', line: 3, text: line }];
  r.answers[0]!.evidence = [{ source: 'web.log', line: 3, text: line }];
  r.warnings = [line];
  const safe = sanitize(r, []);
  const prompt = questionPrompt(
    'platform',
    { question: 'platform', choice: 'heroku', from: 'log', evidence: [{ source: 'web.log', line: 3, text: line }] },
    false,
    { color: false, redact: [] },
  );
  // the wizard's result page (the cause's runbook page filled for this report)
  const page = finalPageMarkdown(safe, {
    stdout: { write: () => true },
    stderr: { write: () => true },
    env: {},
    cwd: '/',
    color: false,
    interactive: false,
    root: ROOT,
  });
  return [toText(safe), toMarkdown(safe), toJson(safe), prompt.message, page];
}

describe('property: no secret survives in any output', () => {
  it('whatever colour codes, controls, encodings and cut points surround it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(SHAPES)),
        alnum,
        fc.array(fc.tuple(fc.nat(), noise), { maxLength: 3 }),
        fc.boolean(),
        fc.option(fc.nat(), { nil: undefined }),
        (shape, s, inserts, enc, cut) => {
          const { pre, secret, post } = SHAPES[shape]!(s);
          // noise goes anywhere in the key part and at the secret's edges
          // each code goes between two characters of the text itself (not inside another code)
          const base = enc ? encode(pre) : pre;
          const at = new Map(inserts.map(([a, n]) => [a % (base.length + 1), n]));
          let p = '';
          for (let i = 0; i <= base.length; i++) p += (at.get(i) ?? '') + (base[i] ?? '');
          let line = `[2024-05-01 10:00:00 +0000] [1] [INFO] ${p}${secret}${inserts.length ? inserts[0]![1] : ''}${enc ? encode(post) : post}`;
          const start = line.indexOf(secret);
          // a cut at any point after the secret starts (the line cap): what is left of it must not show either
          let visible = secret;
          if (cut !== undefined) {
            const k = start + 1 + (cut % (line.length - start));
            visible = secret.slice(0, k - start);
            line = line.slice(0, k);
          }
          if (visible.length < 6) return;
          for (const out of outputs(line)) {
            expect(
              out.includes(visible),
              `${shape}: ${JSON.stringify(line)}\n→ ${out.split('\n').find((l) => l.includes(visible))}`,
            ).toBe(false);
          }
        },
      ),
      { numRuns: 600 },
    );
  });
});
