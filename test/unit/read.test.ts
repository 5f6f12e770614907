import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Readable } from 'node:stream';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync, chmodSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { scan, type ScanStats } from '../../src/evidence/scan.js';
import { loadSignatures } from '../../src/catalog/signatures.js';
import type { Hit } from '../../src/evidence/events.js';

const sigs = loadSignatures();
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'read-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TIMEOUT = '[2024-05-01 10:00:03 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:9)';
const BOOT = '[2024-05-01 10:00:04 +0000] [10] [INFO] Booting worker with pid: 10';

async function run(
  inputs: Parameters<typeof scan>[0],
  opts?: Parameters<typeof scan>[3],
): Promise<{ hits: Hit[]; st: ScanStats }> {
  const hits: Hit[] = [];
  const st = await scan(inputs, sigs, (h) => hits.push(h), opts);
  return { hits, st };
}
const fromBuffers = (bufs: Buffer[]) => Readable.from(bufs);
const file = (name: string, data: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
};

describe('scan / read', () => {
  it('CRLF lines', async () => {
    const { hits, st } = await run([
      { name: 'crlf', stream: fromBuffers([Buffer.from(`x\r\n${TIMEOUT}\r\n${BOOT}\r\n`)]) },
    ]);
    expect(hits.map((h) => [h.sig, h.line, h.text])).toEqual([
      ['worker-timeout', 2, TIMEOUT],
      ['booting-worker', 3, BOOT],
    ]);
    expect(st.lines).toBe(3);
  });

  it('no trailing newline', async () => {
    const { hits, st } = await run([{ name: 'x', stream: fromBuffers([Buffer.from(`a\n${TIMEOUT}`)]) }]);
    expect(hits.map((h) => h.line)).toEqual([2]);
    expect(st.lines).toBe(2);
  });

  it('empty file', async () => {
    const { hits, st } = await run([{ name: 'e', path: file('empty.log', '') }]);
    expect(hits).toEqual([]);
    expect(st).toMatchObject({ files: 1, lines: 0, bytes: 0 });
  });

  it('a line split across chunks (every split point)', async () => {
    const text = `hello\n${TIMEOUT}\nbye\n`;
    const b = Buffer.from(text);
    for (let cut = 0; cut <= b.length; cut++) {
      const { hits, st } = await run([{ name: 's', stream: fromBuffers([b.subarray(0, cut), b.subarray(cut)]) }]);
      expect(
        hits.map((h) => [h.sig, h.line]),
        `cut ${cut}`,
      ).toEqual([['worker-timeout', 2]]);
      expect(st.lines).toBe(3);
    }
  });

  it('byte-at-a-time stream', async () => {
    const b = Buffer.from(`${BOOT}\n${TIMEOUT}\n`);
    const bufs = [...b].map((x) => Buffer.from([x]));
    const { hits } = await run([{ name: 'b', stream: fromBuffers(bufs) }]);
    expect(hits.map((h) => h.sig)).toEqual(['booting-worker', 'worker-timeout']);
  });

  it('invalid UTF-8 becomes U+FFFD and does not break matching', async () => {
    const line = Buffer.concat([
      Buffer.from('[2024-05-01 10:00:03 +0000] [1] [ERROR] Worker reloading: /app/\xff'.replace('\xff', ''), 'latin1'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('.py modified\n'),
    ]);
    const { hits } = await run([{ name: 'u', stream: fromBuffers([Buffer.from('caf\xc3\xa9\n', 'latin1'), line]) }]);
    expect(hits.length).toBe(1);
    expect(hits[0].line).toBe(2);
    expect(hits[0].captures.file).toBe('/app/\ufffd\ufffd.py');
  });

  it('multibyte UTF-8 is decoded', async () => {
    const { hits } = await run([
      {
        name: 'u',
        stream: fromBuffers([
          Buffer.from('[2024-05-01 10:00:03 +0000] [1] [INFO] Worker reloading: /app/héllo.py modified\n'),
        ]),
      },
    ]);
    expect(hits[0].captures.file).toBe('/app/héllo.py');
  });

  it('a 10 MB line without newline is capped and counted', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 0x61);
    const { hits, st } = await run([{ name: 'big', stream: fromBuffers([Buffer.from(TIMEOUT + ' '), big]) }], {
      maxLineBytes: 64 * 1024,
    });
    expect(st.lines).toBe(1);
    expect(st.longLines).toBe(1);
    expect(hits.length).toBe(1);
    expect(hits[0].text.length).toBe(64 * 1024);
  });

  it('hits beyond maxLineBytes are ignored; lines after a long line keep exact numbers', async () => {
    const text = 'x'.repeat(5000) + ' ' + TIMEOUT + '\n' + BOOT + '\n';
    const { hits, st } = await run([{ name: 'l', stream: fromBuffers([Buffer.from(text)]) }], { maxLineBytes: 1024 });
    expect(hits.map((h) => [h.sig, h.line])).toEqual([['booting-worker', 2]]);
    expect(st.longLines).toBe(1);
  });

  it('.gz detected by magic bytes, not by name', async () => {
    const text = `${BOOT}\n${TIMEOUT}\n`;
    const p = file('plain-name.log', gzipSync(Buffer.from(text)));
    const { hits, st } = await run([{ name: 'g', path: p }]);
    expect(hits.map((h) => [h.sig, h.line])).toEqual([
      ['booting-worker', 1],
      ['worker-timeout', 2],
    ]);
    expect(st.bytes).toBe(Buffer.byteLength(text));
    const q = file('really.gz', text);
    expect((await run([{ name: 'q', path: q }])).hits.length).toBe(2);
  });

  it('.gz from a stream and concatenated members', async () => {
    const gz = Buffer.concat([gzipSync(Buffer.from(`${BOOT}\n`)), gzipSync(Buffer.from(`${TIMEOUT}\n`))]);
    const { hits } = await run([{ name: '-', stream: fromBuffers([gz.subarray(0, 1), gz.subarray(1)]) }]);
    expect(hits.map((h) => [h.sig, h.line, h.source])).toEqual([
      ['booting-worker', 1, '-'],
      ['worker-timeout', 2, '-'],
    ]);
  });

  it('corrupt .gz rejects with code GZIP', async () => {
    const gz = gzipSync(Buffer.from(`${BOOT}\n`.repeat(1000)));
    const bad = Buffer.from(gz);
    for (let i = 20; i < 60; i++) bad[i] ^= 0x55;
    await expect(run([{ name: 'bad.gz', path: file('bad.gz', bad) }])).rejects.toMatchObject({ code: 'GZIP' });
    await expect(
      run([{ name: 'trunc.gz', path: file('trunc.gz', gz.subarray(0, gz.length >> 1)) }]),
    ).rejects.toMatchObject({ code: 'GZIP' });
  });

  it('ENOENT / EISDIR / EACCES reject with codes and clear messages', async () => {
    await expect(run([{ name: 'nope.log', path: join(dir, 'nope.log') }])).rejects.toMatchObject({
      code: 'ENOENT',
      message: expect.stringContaining('nope.log'),
    });
    const d = join(dir, 'adir');
    mkdirSync(d, { recursive: true });
    await expect(run([{ name: 'adir', path: d }])).rejects.toMatchObject({ code: 'EISDIR' });
    if (process.getuid?.() !== 0) {
      const p = file('secret.log', 'x\n');
      chmodSync(p, 0);
      await expect(run([{ name: 'secret.log', path: p }])).rejects.toMatchObject({ code: 'EACCES' });
    }
  });

  it('many files: per-file line numbers and sources', async () => {
    const inputs = Array.from({ length: 20 }, (_, i) => ({
      name: `f${i}`,
      path: file(`f${i}.log`, 'a\n'.repeat(i) + TIMEOUT + '\n'),
    }));
    const { hits, st } = await run(inputs);
    expect(hits.map((h) => [h.source, h.line])).toEqual(inputs.map((inp, i) => [inp.name, i + 1]));
    expect(st.files).toBe(20);
    expect(st.lines).toBe(inputs.reduce((n, _, i) => n + i + 1, 0));
  });

  it('stdin-like stream of strings', async () => {
    const { hits } = await run([{ name: '-', stream: Readable.from([`${TIMEOUT}\n`], { objectMode: false }) }]);
    expect(hits.length).toBe(1);
  });

  it('binary / NUL-heavy input does not crash and is reported', async () => {
    const bin = Buffer.alloc(300000);
    for (let i = 0; i < bin.length; i++) bin[i] = (i * 7919) % 3 === 0 ? 0 : (i * 31) & 0xff;
    const { st } = await run([{ name: 'bin', stream: fromBuffers([bin]) }]);
    expect(st.binaryFiles).toBe(1);
    expect(st.bytes).toBe(bin.length);
  });

  it('joins a hard-wrapped Heroku router line', async () => {
    const a =
      '2018-04-10T03:30:53.848866+00:00 heroku[router]: at=info method=GET path="/poll" host=fast-depths-22674.herokuapp.com fwd="36.71.232.235" dyno=web.1 connect=1ms ser';
    const b = 'vice=30ms status=200 bytes=0 protocol=https';
    const { hits, st } = await run([{ name: 'w', stream: fromBuffers([Buffer.from(`${a}\n${b}\n${BOOT}\n`)]) }]);
    expect(hits.map((h) => [h.sig, h.line, h.captures.status])).toEqual([
      ['router-ok', 1, '200'],
      ['booting-worker', 3, undefined],
    ]);
    expect(st.joinedLines).toBe(1);
  });

  it('aborts via AbortSignal', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(
      run([{ name: 'x', stream: fromBuffers([Buffer.from('a\n')]) }], { signal: ac.signal }),
    ).rejects.toMatchObject({ code: 'ABORT_ERR' });
  });

  it('reports progress', async () => {
    const seen: number[] = [];
    await run([{ name: 'p', stream: fromBuffers([Buffer.from('a\n'), Buffer.from('b\n')]) }], {
      onProgress: (b) => seen.push(b),
    });
    expect(seen.at(-1)).toBe(4);
  });

  it('property: arbitrary bytes never throw; lines = count of \\n (+1 without trailing newline)', async () => {
    const alphabet = fc.constantFrom(
      ...[0x0a, 0x0d, 0x00, 0x1b, 0xff, 0xc3, 0x20, 0x5b, 0x3c, 0x26, 0x61].map((b) => [b]),
      ...[TIMEOUT, 'Error: ', 'HTTP/', '> ', 'web-1  | '].map((s) => [...Buffer.from(s)]),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(alphabet, { maxLength: 200 }),
        fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 4 }),
        async (parts, cuts) => {
          const b = Buffer.from(parts.flat());
          const points = [...new Set(cuts.map((c) => Math.min(c, b.length)))].sort((x, y) => x - y);
          const bufs: Buffer[] = [];
          let prev = 0;
          for (const p of points) {
            bufs.push(b.subarray(prev, p));
            prev = p;
          }
          bufs.push(b.subarray(prev));
          const { st } = await run([{ name: 'p', stream: fromBuffers(bufs.filter((x) => x.length)) }], {
            maxLineBytes: 256,
          });
          const nl = b.filter((x) => x === 0x0a).length;
          expect(st.lines).toBe(nl + (b.length && b[b.length - 1] !== 0x0a ? 1 : 0));
          expect(st.bytes).toBe(b.length);
        },
      ),
      { numRuns: 300 },
    );
  });
  it('threads: 2 gives the same hits, lines and stats as 1 thread (line-aligned ranges, lazy request text)', async () => {
    const parts = [
      '127.0.0.1 - - [24/Nov/2026:13:34:28 +0000] "GET /boom HTTP/1.1" 500 0 "-" "-"',
      '2026-11-24T10:13:59.285852+00:00 heroku[router]: at=info method=GET path="/" host=a dyno=web.1 connect=1ms service=29999ms status=200 bytes=1',
      'web-1  | 10.0.0.5 - alice [24/Nov/2026:10:14:23 +0000] "POST /login HTTP/1.0" 302 0 "-" "x"\r',
      '2026-11-24T10:14:23.236477+00:00 app[web.1]: 12.77.143.63 - - [24/Nov/2026:10:14:23 +0000] "GET /caf\u00e9 HTTP/1.1" 200 45 "-" "-"',
      TIMEOUT,
      BOOT,
      'plain app output',
    ];
    let text = '';
    for (let i = 0; text.length < 3 * 1024 * 1024; i++)
      text += parts[(i * 7 + (i >> 3)) % parts.length] + (i % 1000 === 999 ? ' ' + 'x'.repeat(70000) : '') + '\n';
    const p = file('threads.log', text + 'last line without newline ' + TIMEOUT);
    const key = (h: Hit) =>
      JSON.stringify([h.sig, h.line, h.time, h.origin, h.proc, h.pid, h.text, h.captures.status, h.captures.service]);
    // the worker runs the built module (npm test builds first); from sources scan() falls back to one thread
    const built = join(__dirname, '../../dist/src/evidence/scan.js');
    const dist = existsSync(built) ? ((await import(built)) as { scan: typeof scan }) : { scan };
    const distSigs = existsSync(built)
      ? (
          (await import(join(__dirname, '../../dist/src/catalog/signatures.js'))) as {
            loadSignatures: typeof loadSignatures;
          }
        ).loadSignatures()
      : sigs;
    const runWith = async (threads: number) => {
      const hits: Hit[] = [];
      const st = await dist.scan([{ name: 't', path: p }], distSigs, (h) => hits.push(h), { threads });
      return { hits, st };
    };
    const one = await runWith(1);
    const two = await runWith(2);
    expect(two.hits.length).toBe(one.hits.length);
    expect(two.hits.map(key)).toEqual(one.hits.map(key));
    expect({ ...two.st, seconds: 0 }).toEqual({ ...one.st, seconds: 0 });
  });

  it('.gz files inflate in a worker thread (built module): same hits as inflating here; corrupt and truncated data fail with GZIP', async () => {
    const built = join(__dirname, '../../dist/src/evidence/scan.js');
    if (!existsSync(built)) return; // the worker exists only in the build (npm test builds first)
    const dist = (await import(built)) as { scan: typeof scan };
    const distSigs = (
      (await import(join(__dirname, '../../dist/src/catalog/signatures.js'))) as {
        loadSignatures: typeof loadSignatures;
      }
    ).loadSignatures();
    let text = '';
    for (let i = 0; text.length < 3 * 1024 * 1024; i++)
      text +=
        (i % 97 === 0
          ? TIMEOUT
          : i % 13 === 0
            ? BOOT
            : `10.0.0.1 - - [24/Nov/2026:10:14:23 +0000] "GET /${i} HTTP/1.1" ${i % 41 === 0 ? 502 : 200} 5 "-" "x"`) +
        '\n';
    const gz = gzipSync(Buffer.from(text));
    const p = file('w.log.gz', gz);
    const key = (h: Hit) => JSON.stringify([h.sig, h.line, h.time, h.text, h.captures]);
    const inWorker: Hit[] = [];
    const st = await dist.scan([{ name: 'w', path: p }], distSigs, (h) => inWorker.push(h));
    const here: Hit[] = [];
    await dist.scan([{ name: 'w', stream: Readable.from([gz]) }], distSigs, (h) => here.push(h));
    expect(inWorker.length).toBeGreaterThan(100);
    expect(inWorker.map(key)).toEqual(here.map(key));
    expect(st.bytes).toBe(Buffer.byteLength(text));
    const bad = Buffer.from(gz);
    bad.fill(0x41, 2000, 2100);
    await expect(dist.scan([{ name: 'bad', path: file('bad.log.gz', bad) }], distSigs, () => {})).rejects.toMatchObject(
      { code: 'GZIP' },
    );
    await expect(
      dist.scan([{ name: 'cut', path: file('cut.log.gz', gz.subarray(0, gz.length >> 1)) }], distSigs, () => {}),
    ).rejects.toMatchObject({ code: 'GZIP' });
    const ac = new AbortController();
    const aborted = dist.scan([{ name: 'w', path: p }], distSigs, () => ac.abort(), { signal: ac.signal });
    await expect(aborted).rejects.toMatchObject({ code: 'ABORT_ERR' });
  });

  it('counts plain request lines in one batch hit per run between other hits; 5xx and slow router lines stay hits', async () => {
    const ok = '10.0.0.1 - - [24/Nov/2026:10:14:23 +0000] "GET / HTTP/1.1" 200 5 "-" "curl"';
    const err = '10.0.0.1 - - [24/Nov/2026:10:14:24 +0000] "GET /boom HTTP/1.1" 502 5 "-" "curl"';
    const r =
      '2026-11-24T10:13:59.285852+00:00 heroku[router]: at=info method=GET path="/" host=a dyno=web.1 connect=1ms service=12ms status=200 bytes=1';
    const slow = r.replace('service=12ms', 'service=29999ms');
    const odd = 'DEBUG:urllib3.connectionpool:https://api.stripe.com:443 "POST /v1/charges HTTP/1.1" 200 2866';
    const text = [ok, ok, r, 'app output', ok, TIMEOUT, err, ok, odd, slow, r, r].join('\n') + '\n';
    const { hits, st } = await run([{ name: 'req', stream: fromBuffers([Buffer.from(text)]) }]);
    expect(hits.map((h) => [h.sig, h.line, h.captures.count ?? h.captures.status])).toEqual([
      ['access-log', 5, '3'],
      ['router-ok', 3, '1'],
      ['worker-timeout', 6, undefined],
      ['access-log', 7, '502'],
      ['access-log', 8, '1'],
      ['router-ok', 10, '200'],
      ['router-ok', 12, '2'],
    ]);
    expect(hits[1].origin).toBe('heroku-router');
    expect(hits[1].time).toBe(Date.UTC(2026, 10, 24, 10, 13, 59, 285));
    expect(st).toMatchObject({ lines: 12, recognizedLines: 10 });
  });

  it('a message after a timestamp and a zone abbreviation (Cloud Logging / PostgreSQL style)', async () => {
    const text =
      '2022-06-08 13:44:12.904 CEST Traceback (most recent call last):\n2022-06-08 13:44:12.904 CEST psycopg2.OperationalError: could not connect to server: No such file or directory\n';
    const { hits } = await run([{ name: 'z', stream: fromBuffers([Buffer.from(text)]) }]);
    expect(hits.map((h) => [h.sig, h.line, h.time])).toEqual([
      ['traceback-start', 1, Date.UTC(2022, 5, 8, 11, 44, 12, 904)],
      ['exc-db-operational', 2, Date.UTC(2022, 5, 8, 11, 44, 12, 904)],
    ]);
  });

  it('generic fallback: a known message after an unknown prefix or inside a CSV cell', async () => {
    const text =
      [
        "2024-05-01T10:00:01.870Z app[3d8d9e4f1a2b78] iad [info] Failed to find application object: 'create_app()'",
        '"2023-04-11T13:56:43.005Z","host","svc","error","ModuleNotFoundError: No module named \'psycopg2\'"',
        'How do I fix WORKER TIMEOUT (pid:123) errors?',
      ].join('\n') + '\n';
    const { hits } = await run([{ name: 'wild', stream: fromBuffers([Buffer.from(text)]) }]);
    expect(hits.map((h) => [h.line, h.sig])).toEqual([
      [1, 'app-object-not-found'],
      [2, expect.stringMatching(/^exc-/)],
    ]);
  });
});
