/**
 * Property tests (fast-check), in-process through the pipeline `diagnose` uses (src/pipeline.ts diagnoseInputs, the
 * log on stdin), then sanitize → format.
 *  (a) arbitrary strings and bytes never make it throw, and what comes out is terminal-safe;
 *  (b) noise (app output, access lines, blank lines, printable junk without Gunicorn keywords) added around the lines
 *      of real fixtures never changes their diagnosed cause.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readInput } from '../src/evidence/read.js';
import { toJson, toMarkdown, toText } from '../src/report/format.js';
import { sanitize } from '../src/run.js';
import { diagnoseIn } from './support/run-case.js';

const cases = join(import.meta.dirname, 'cases');

async function diagnoseBytes(bytes: Uint8Array | string) {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
  // in test/cases, which holds no project file: the report is the log's alone
  return (await diagnoseIn(cases, [], Readable.from([buf]))).report;
}

const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Fragments that reach deep into the scanner and the timeline when shuffled together. */
const FRAGMENTS = [
  '[2024-05-01 10:00:00 +0000] [1] [INFO] Starting gunicorn 21.2.0',
  '[2024-05-01 10:00:00 +0000] [1] [INFO] Listening at: http://0.0.0.0:8000 (1)',
  '[2024-05-01 10:00:01 +0000] [17] [INFO] Booting worker with pid: 17',
  '[2024-05-01 10:00:31 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:17)',
  '[2024-05-01 10:00:32 +0000] [1] [ERROR] Worker (pid:17) was sent SIGKILL! Perhaps out of memory?',
  '[2024-05-01 10:00:32 +0000] [1] [ERROR] Worker (pid:17) exited with code 3',
  '[2024-05-01 10:00:32 +0000] [1] [INFO] Reason: Worker failed to boot.',
  '[2024-05-01 10:00:33 +0000] [17] [INFO] Autorestarting worker after current request.',
  'Traceback (most recent call last):',
  '  File "/app/wsgi.py", line 3, in <module>',
  "ModuleNotFoundError: No module named 'flask'",
  '2024-05-01T10:00:00.000000+00:00 heroku[web.1]: Error R14 (Memory quota exceeded)',
  '2024-05-01T10:00:00.000000+00:00 heroku[web.1]: Cycling',
  '2024-05-01T10:00:00.000000+00:00 heroku[router]: at=error code=H12 desc="Request timeout" method=GET path="/" service=30000ms status=503',
  "web-1  | [2024-05-01 10:00:00 +0000] [1] [ERROR] Connection in use: ('0.0.0.0', 8000)",
  'Out of memory: Killed process 1234 (gunicorn) total-vm:1000kB',
  '10.0.0.1 - - [01/May/2024:10:00:05 +0000] "GET / HTTP/1.1" 200 2 "-" "curl"',
  '\u001b[31mERROR\u001b[0m \u001b]52;c;eA==\u0007',
  '',
];

describe('property: anything in, a report out', () => {
  it('arbitrary bytes never throw; the formatted report is terminal-safe', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        const report = await diagnoseBytes(bytes);
        expect(report.diagnoses.length).toBeGreaterThan(0);
        const safe = sanitize(report, []);
        for (const out of [toText(safe), toMarkdown(safe), toJson(safe)]) expect(UNSAFE.test(out)).toBe(false);
      }),
      { numRuns: 30 },
    );
  });

  it('arbitrary strings (any code unit, lone surrogates included) never throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 1024 }), async (s) => {
        const report = await diagnoseBytes(s);
        expect(typeof toText(sanitize(report, []))).toBe('string');
      }),
      { numRuns: 30 },
    );
  });

  it('shuffled Gunicorn/platform fragments with junk between them never throw; the output is terminal-safe', async () => {
    const line = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 20 }))
          .map(([a, b]) => a.slice(0, 40) + b),
      },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 60 }), fc.constantFrom('\n', '\r\n'), async (lines, eol) => {
        const report = await diagnoseBytes(lines.join(eol));
        const safe = sanitize(report, []);
        for (const out of [toText(safe, { color: false }), toMarkdown(safe), toJson(safe)])
          expect(UNSAFE.test(out)).toBe(false);
      }),
      { numRuns: 30 },
    );
  });

  it('the reader: bytes after a gzip magic either inflate or fail with an InputError (GZIP), never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), async (tail) => {
        const buf = Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from(tail)]);
        try {
          for await (const _c of readInput({ name: 'x.gz', stream: Readable.from([buf]) })) void _c;
        } catch (e) {
          expect((e as Error).name).toBe('InputError');
          expect((e as { code?: string }).code).toBe('GZIP');
        }
      }),
      { numRuns: 30 },
    );
  });
});

/** Six fixtures: boot (import error, port in use), runtime (memory, timeout), recycle (max_requests), platform. */
const FIXTURES = [
  'boot-import-error--import-error-gu2411',
  'boot-port-bind--port-in-use-gu2411',
  'runtime-memory-oom--container-heroku-r14-r15',
  'runtime-worker-timeout--slow-request-stuck-gu2411',
  'recycle-max-requests--max-requests-gu2411',
  'platform-restart--scheduled-heroku-daily-cycling-21.2',
];

// words that could make a junk line mean something to a signature: never in generated noise
const KEYWORDS =
  /worker|gunicorn|uvicorn|boot|timeout|kill|sig[a-z]*|signal|exit|error|exception|traceback|fatal|memory|oom|quota|heroku|dyno|restart|crash|listen|bind|address|port|pid|reload|cycl|state|idl|probe|liveness|readiness|container|pod|systemd|start|stop|shut|abort|core|segv|module|import|\b[RHL]\d{2}\b|\b(1|2|3)\d\d\b|\d{3}\s*ms/i;

const safeWord = fc.constantFrom(
  'cart',
  'user',
  'render',
  'template',
  'cache',
  'hit',
  'miss',
  'query',
  'done',
  'items',
  'page',
  'order',
  'invoice',
  'sent',
  'email',
  'queued',
  'ok',
  'took',
  'rows',
  'fetched',
);
const appOutput = fc
  .tuple(
    fc.constantFrom('INFO', 'DEBUG'),
    fc.constantFrom('myapp.views', 'orders', 'billing.tasks', 'app'),
    fc.array(safeWord, { minLength: 1, maxLength: 6 }),
    fc.nat(9999),
  )
  .map(([lvl, mod, words, n]) => `${lvl} ${mod}: ${words.join(' ')} ${n}`);
const accessLine = fc
  .tuple(
    fc.nat(255),
    fc.constantFrom('GET', 'POST', 'HEAD'),
    fc.constantFrom('/', '/static/app.css', '/items/7', '/search?q=shoes'),
    fc.constantFrom(200, 201, 204, 301, 304),
    fc.nat(99999),
  )
  .map(
    ([ip, m, path, status, size]) =>
      `10.0.0.${ip} - - [01/May/2024:10:00:05 +0000] "${m} ${path} HTTP/1.1" ${status} ${size} "-" "Mozilla/5.0"`,
  );
const junk = fc
  .string({ unit: fc.constantFrom(...'abcdefxyz0123456789 .,;:-_/=#@+~'.split('')), minLength: 1, maxLength: 70 })
  .filter((s) => !KEYWORDS.test(s));

function noiseLine(withAccess: boolean) {
  return fc.oneof(appOutput, fc.constant(''), junk, ...(withAccess ? [accessLine] : []));
}

describe('property: noise around a fixture never changes its cause', () => {
  for (const name of FIXTURES) {
    const lines = readFileSync(join(cases, name, 'input.log'), 'utf8')
      .replace(/\n$/, '')
      .split('\n');
    const want = (JSON.parse(readFileSync(join(cases, name, 'expected.json'), 'utf8')) as { cause: string }).cause;
    // access lines may come from other workers: they must not turn a boot failure into something else either
    const withAccess = true;
    it(`${name} stays ${want} with noise and access lines around it`, async () => {
      expect((await diagnoseBytes(lines.join('\n') + '\n')).diagnoses[0]!.cause, 'the fixture itself').toBe(want);
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(noiseLine(withAccess), { maxLength: 3 }), {
            minLength: lines.length + 1,
            maxLength: lines.length + 1,
          }),
          async (noise) => {
            const out: string[] = [...noise[0]!];
            // noise after every line, inside tracebacks too (interleaved output of several processes)
            lines.forEach((l, i) => out.push(l, ...noise[i + 1]!));
            const report = await diagnoseBytes(out.join('\n') + '\n');
            expect(report.diagnoses[0]!.cause, out.join('\n')).toBe(want);
          },
        ),
        { numRuns: 30 },
      );
    });
  }
});
