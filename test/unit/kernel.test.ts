/**
 * The WebAssembly line classifier: the committed module is the build of its AssemblyScript source, and the 5xx
 * sample rule (the first ERROR_SAMPLES 5xx access lines are hits of their own, the rest are counted).
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { scan, ERROR_SAMPLES } from '../../src/evidence/scan.js';
import { loadSignatures } from '../../src/catalog/signatures.js';
import type { Hit } from '../../src/evidence/events.js';

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
