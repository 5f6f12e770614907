import { describe, expect, it } from 'vitest';
import { MASK, redact, redactReport } from '../../src/report/redact.js';
import type { Report } from '../../src/report/types.js';

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
    ['GitHub token', 'GITHUB=ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'GITHUB='],
    ['Stripe key', 'stripe.api = sk_live_51Habcdefghijklmnop', 'sk_live_51Habcdefghijklmnop', 'stripe.api = '],
    ['Slack token', 'xoxb-123456789012-abcdefghijkl', 'xoxb-123456789012-abcdefghijkl', ''],
    ['JWT', 'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk ok', 'eyJhbGciOiJIUzI1NiJ9', ' ok'],
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
    'KeyError: \'SECRET_KEY\'',
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
      diagnoses: [{ cause: 'x', variant: null, title: 't', phase: 'p', confidence: 'low', evidence: [{ source: 'a.log', line: 1, text: 'password=abc' }], ruledOut: [] }],
      answers: [],
      context: { sources: {} },
      timeline: { masterStarts: 0, workerBoots: 0, workerDeaths: 0, kills: [], timeouts: 0, recycles: 0, reloads: 0, platformEvents: 0, requests: 0, memory: [], cadence: [], points: [] },
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
