/**
 * The WebAssembly line classifier: the committed module is the build of its AssemblyScript source, the 5xx
 * sample rule (the first ERROR_SAMPLES 5xx access lines are hits of their own, the rest are counted), and its
 * request prefix reading is its specification REQ_PREFIX_RE.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { scan, ERROR_SAMPLES } from '../../src/evidence/scan.js';
import { loadSignatures } from '../../src/catalog/signatures.js';
import type { Hit } from '../../src/evidence/events.js';
import { Kernel, P } from '../../src/evidence/kernel.js';
import { REQ_PREFIX_RE } from '../../src/evidence/file-scanner.js';
import { isoMs } from '../../src/evidence/normalize.js';

const root = join(import.meta.dirname, '../..');

describe('classifier module', () => {
  it('src/evidence/classify-wasm.ts is the build of src/evidence/wasm/classify.ts (run npm run build:wasm)', async () => {
    const { compile, moduleText } = (await import(join(root, 'scripts/build-wasm.mjs'))) as {
      compile: () => Promise<Buffer>;
      moduleText: (b: Buffer) => string;
    };
    expect(readFileSync(join(root, 'src/evidence/classify-wasm.ts'), 'utf8')).toBe(moduleText(await compile()));
  }, 60_000);
});

describe('result layout', () => {
  it('events and the end-of-call state keep the counted-lines fields at the same indexes (scan.ts reads both alike)', async () => {
    const { F, S } = await import('../../src/evidence/kernel.js');
    for (const k of ['aCnt', 'aPos', 'aEnd', 'aLine', 'rCnt', 'rPos', 'rEnd', 'rLine'] as const)
      expect(S[k], k).toBe(F[k]);
  });
});

describe('5xx samples', () => {
  it(`the first ${ERROR_SAMPLES} 5xx access lines are hits, later ones are counted in the batch with errors`, async () => {
    const line = (status: number, s: number) =>
      `10.0.0.1 - - [24/Nov/2026:10:14:${String(s).padStart(2, '0')} +0000] "GET /x HTTP/1.1" ${status} 5 "-" "curl"`;
    const lines = [
      line(200, 0),
      line(502, 1),
      line(503, 2),
      line(200, 3),
      line(504, 4),
      line(500, 5),
      line(502, 6),
      line(200, 7),
    ];
    const hits: Hit[] = [];
    await scan([{ name: 'x', stream: Readable.from([Buffer.from(lines.join('\n') + '\n')]) }], loadSignatures(), (h) =>
      hits.push(h),
    );
    expect(
      hits.map((h) => [h.line, h.captures.status ?? `count ${h.captures.count} errors ${h.captures.errors ?? 0}`]),
    ).toEqual([
      [1, 'count 1 errors 0'],
      [2, '502'],
      [3, '503'],
      [4, 'count 1 errors 0'],
      [5, '504'],
      [8, 'count 3 errors 2'],
    ]);
  });
});

describe('request prefixes', () => {
  it('prefix() reads what REQ_PREFIX_RE reads, on every request line of the cases and on edge shapes', () => {
    const dir = join(root, 'test', 'cases');
    const lines = new Set<string>([
      '2026-11-24T10:14:23.236477+00:00 app[web.1]: 10.1.2.3 - - [24/Nov/2026:10:14:23 +0000] "GET / HTTP/1.1" 200 5',
      '2026-11-24T10:13:59.285852+00:00 heroku[router]: at=info method=GET path="/" status=200',
      '2026-11-24T10:13:59Z heroku[router]: at=info method=GET path="/" status=200',
      '2026-11-24T10:13:59.1-05:30 heroku[web.2]: at=info method=GET path="/" status=200',
      '2026-11-24T10:13:59,285+00:00 heroku[router]: at=info method=GET path="/" status=200',
      '2026-11-24 10:13:59.285+00:00 heroku[router]: at=info method=GET path="/" status=200',
      '2026-11-24T10:13:59.285+0000 heroku[router]: at=info method=GET path="/" status=200',
      '2026-11-24T10:13:59.285+00:00 worker[router]: at=info method=GET path="/" status=200',
      'web-1  | 10.1.2.3 - - [24/Nov/2026:10:14:23 +0000] "GET / HTTP/1.1" 200 5',
      'web-1| 10.1.2.3 - - [24/Nov/2026:10:14:23 +0000] "GET / HTTP/1.1" 200 5',
      'Web-1  | 10.1.2.3 - - [24/Nov/2026:10:14:23 +0000] "GET / HTTP/1.1" 200 5',
      'web-1  | [2026-11-24 10:14:23 +0000] [7] [INFO] "GET / HTTP/1.1" 200',
      '10.1.2.3 - - [24/Nov/2026:10:14:23 +0000] "GET / HTTP/1.1" 200 5',
      '10.1.2 - - [24/Nov/2026:10:14:23 +0000] "GET / HTTP/1.1" 200 5',
      'at=info method=GET path="/" status=200',
      'DEBUG:urllib3.connectionpool:https://api.stripe.com:443 "POST /v1/charges HTTP/1.1" 200 2866',
    ]);
    for (const d of readdirSync(dir)) {
      const f = join(dir, d, 'input.log');
      if (!existsSync(f)) continue;
      for (const l of readFileSync(f, 'latin1').split('\n'))
        if (l.includes('HTTP/') || l.includes('at=info method=')) lines.add(l.replace(/\r$/, ''));
    }
    expect(lines.size).toBeGreaterThan(100);
    const k = new Kernel(['Error'], true, true);
    const pre = k.pre;
    const read = (l: string) => {
      const b = Buffer.from(l, 'latin1');
      k.load(b, 0, b.length);
      k.prefix(0, b.length);
      const kind = pre[P.kind];
      if (kind === 0) return null;
      const proc = kind === 1 || kind === 2 ? l.slice(pre[P.procStart], pre[P.procEnd]) : undefined;
      const time =
        kind === 1
          ? Date.UTC(pre[P.year], pre[P.month] - 1, pre[P.day], pre[P.hour], pre[P.minute], pre[P.second], pre[P.ms]) -
            pre[P.zone] * 60000
          : undefined;
      return { kind, message: pre[P.message], proc, time, app: kind === 1 ? pre[P.app] === 1 : undefined };
    };
    const spec = (l: string) => {
      const re = REQ_PREFIX_RE;
      re.lastIndex = 0;
      const m = re.exec(l);
      if (m === null) return null;
      if (m[1] !== undefined)
        return { kind: 1, message: re.lastIndex, proc: m[10], time: isoMs(m, 1), app: m[9] === 'app' };
      if (m[11] !== undefined) return { kind: 2, message: re.lastIndex, proc: m[11], time: undefined, app: undefined };
      return { kind: 3, message: re.lastIndex, proc: undefined, time: undefined, app: undefined };
    };
    const kinds = new Set<number>();
    for (const l of lines) {
      const want = spec(l);
      expect(read(l), l).toEqual(want);
      kinds.add(want?.kind ?? 0);
    }
    expect([...kinds].sort()).toEqual([0, 1, 2, 3]);
  });
});
