/**
 * The scanner's request fast path (byte-level shapes, counted batches, gate search between request lines) must say
 * exactly what the general path (every candidate line normalised and matched) says: the same non-request hits with
 * the same line numbers, captures and text, and the same number of plain request lines between them.
 */
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { scan, ERROR_SAMPLES } from '../../src/evidence/scan.js';
import { loadSignatures } from '../../src/catalog/signatures.js';
import type { Hit } from '../../src/evidence/events.js';

const root = join(import.meta.dirname, '../..');
const sigs = loadSignatures();

/**
 * Hits as a comparable list: other hits in full; each run of request lines the fast path counts as its count per
 * kind, how many were 5xx, and the line, time, origin and process of the last one (what a batch hit carries). The
 * fast path counts plain access lines, router lines under 29 s, and 5xx access lines after the first ERROR_SAMPLES.
 */
function fold(hits: Hit[]): string[] {
  const out: string[] = [];
  let a = 0;
  let errors = 0;
  let r = 0;
  let lastA = '';
  let lastR = '';
  let samples = 0;
  const put = () => {
    if (a || r) out.push(`requests access=${a} (5xx ${errors}) ${lastA} router=${r} ${lastR}`);
    a = r = errors = 0;
    lastA = lastR = '';
  };
  for (const h of hits) {
    const status = Number(h.captures.status);
    const batch = h.captures.count !== undefined;
    const counted =
      batch ||
      (h.event === 'request' && (status < 500 || (status < 600 && samples++ >= ERROR_SAMPLES))) ||
      (h.event === 'router-ok' && status < 500 && !(Number(h.captures.service) >= 29000));
    if (counted) {
      const last = JSON.stringify([h.line, h.time, h.origin, h.proc]);
      if (h.event === 'request') {
        a += batch ? Number(h.captures.count) : 1;
        errors += batch ? Number(h.captures.errors ?? 0) : status >= 500 ? 1 : 0;
        lastA = last;
      } else {
        r += batch ? Number(h.captures.count) : 1;
        lastR = last;
      }
      continue;
    }
    put();
    const captures =
      h.event === 'request' || h.event === 'router-ok'
        ? { status: h.captures.status, service: h.captures.service }
        : h.captures;
    out.push(JSON.stringify([h.sig, h.line, h.time, h.origin, h.proc, h.pid, h.level, h.text, captures]));
  }
  put();
  return out;
}

async function both(text: Buffer, chunkBytes?: number): Promise<{ fast: string[]; general: string[] }> {
  const run = async (requestFastPath: boolean) => {
    const hits: Hit[] = [];
    const st = await scan([{ name: 'x', stream: Readable.from([text]) }], sigs, (h) => hits.push(h), {
      requestFastPath,
      chunkBytes,
    });
    return [...fold(hits), JSON.stringify({ ...st, seconds: 0 })];
  };
  return { fast: await run(true), general: await run(false) };
}

const UNSTRIPPED = [
  'healthy--blind3-k8s-21-ansi-invalid-request',
  'runtime-worker-timeout--blind4-ecs-systemexit-traceback-23-0',
];

describe('request fast path ≡ general path', () => {
  it('on 6 MiB of generated mixed traffic (plain, Heroku, compose; long, ANSI and non-UTF-8 lines)', async () => {
    const text = execFileSync(process.execPath, [join(root, 'bench', 'genlog.mjs'), '--size', '6M', '--seed', '7'], {
      maxBuffer: 16 << 20,
    });
    const { fast, general } = await both(text);
    expect(fast.length).toBeGreaterThan(1000);
    expect(fast).toEqual(general);
  });

  it('on every committed case input, also in 4 KiB chunks', async () => {
    const dir = join(root, 'test', 'cases');
    const text = Buffer.concat(
      readdirSync(dir)
        // the one known difference: the fast path checks an access line by its shape from the `] "` on, so it also
        // counts access lines behind a prefix nobody strips (stern's coloured `pod container` columns, CloudWatch's
        // `ecs/<service>/<task>` source); the general path's anchored pattern does not — asserted below
        .filter((d) => existsSync(join(dir, d, 'input.log')) && !UNSTRIPPED.includes(d))
        .sort()
        .map((d) => readFileSync(join(dir, d, 'input.log'))),
    );
    for (const chunk of [undefined, 4096]) {
      const { fast, general } = await both(text, chunk);
      expect(fast).toEqual(general);
    }
  });

  it('known difference: access lines behind an unknown prefix are counted by the fast path only', async () => {
    for (const name of UNSTRIPPED) {
      const { fast, general } = await both(readFileSync(join(root, 'test', 'cases', name, 'input.log')));
      const requests = (l: string[]) =>
        l
          .filter((x) => x.startsWith('requests'))
          .map((x) => Number(/access=(\d+)/.exec(x)![1]))
          .reduce((a, b) => a + b, 0);
      expect(requests(fast), name).toBeGreaterThan(requests(general));
      // every other hit is the same
      const others = (l: string[]) => l.filter((x) => !x.startsWith('requests') && !x.startsWith('{'));
      expect(others(fast), name).toEqual(others(general));
    }
  });
});
