/**
 * worker_threads entry for the threaded scan (scan-ranges.ts, `threads` > 1): scans byte ranges of one regular file.
 * Ranges start and end at line boundaries. Per range it returns
 * - the request hits made by the fast path as compact columns (line, byte offset, signature, status, service, time,
 * origin, proc, count: a batch of counted request lines) — the main thread rebuilds them as hits whose text is read
 * back from the file only when used;
 * - every other hit as a structured-cloned object, with the number of compact requests before it;
 * - the range's line / recognised / long / joined counts.
 *
 * Owns: the worker's loop. Imports FileScanner (file-scanner.ts), the messages (scan-protocol.ts) and the catalog
 * compiler; never scan-ranges.ts, which starts it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createReadStream } from 'node:fs';
import { compileSignatures, type SignatureDef } from '../catalog/signatures.js';
import { FileScanner } from './file-scanner.js';
import { ORIGINS, type RangeJob, type RangeResult } from './scan-protocol.js';
import type { Hit } from './events.js';

const sigs = compileSignatures((workerData as { defs: SignatureDef[] }).defs);
const sigIndex = new Map(sigs.list.map((c, i) => [c.id, i]));

async function run(j: RangeJob): Promise<RangeResult> {
  let cap = 1 << 16;
  let line = new Int32Array(cap),
    off = new Float64Array(cap),
    sig = new Int32Array(cap),
    status = new Float64Array(cap);
  let service = new Float64Array(cap),
    time = new Float64Array(cap),
    origin = new Uint8Array(cap),
    proc = new Int32Array(cap);
  let count = new Int32Array(cap),
    errors = new Int32Array(cap);
  const procs: string[] = [];
  const procIdx = new Map<string, number>();
  const others: RangeResult['others'] = [];
  let n = 0;
  const grow = () => {
    cap *= 2;
    const g = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (k: number) => T)(cap);
      b.set(a);
      return b;
    };
    line = g(line);
    off = g(off);
    sig = g(sig);
    status = g(status);
    service = g(service);
    time = g(time);
    origin = g(origin);
    proc = g(proc);
    count = g(count);
    errors = g(errors);
  };
  const fs: FileScanner = new FileScanner(
    j.name,
    sigs,
    (h: Hit) => {
      if (fs.hitFast) {
        if (n === cap) grow();
        line[n] = h.line;
        off[n] = j.start + fs.hitOffset;
        const si = sigIndex.get(h.sig);
        if (si === undefined) throw new Error(`a hit of a signature the worker was not given: ${h.sig}`);
        sig[n] = si;
        count[n] = fs.hitCount;
        errors[n] = fs.hitCount > 0 ? Number(h.captures.errors ?? 0) : 0;
        const st = h.captures.status;
        status[n] = st === undefined ? 0 : Number('1' + st);
        const sv = h.captures.service;
        service[n] = sv === undefined ? 0 : Number('1' + sv);
        time[n] = h.time === undefined ? NaN : h.time;
        origin[n] = h.origin === undefined ? 0 : Math.max(0, ORIGINS.indexOf(h.origin as (typeof ORIGINS)[number]));
        if (h.proc === undefined) proc[n] = -1;
        else {
          let k = procIdx.get(h.proc);
          if (k === undefined) {
            k = procs.length;
            procs.push(h.proc);
            procIdx.set(h.proc, k);
          }
          proc[n] = k;
        }
        n++;
      } else others.push({ hit: h, reqBefore: n });
    },
    j.maxLine,
    true,
  ); // each range keeps its first few 5xx lines as hits; the main thread counts those after the first few overall
  if (j.end > j.start) {
    for await (const c of createReadStream(j.path, {
      start: j.start,
      end: j.end - 1,
      highWaterMark: j.chunkBytes,
    }) as AsyncIterable<Buffer>)
      fs.chunk(c);
  }
  fs.end();
  return {
    job: j.job,
    lines: fs.lineNo - 1,
    recognized: fs.recognized,
    longLines: fs.longLines,
    joined: fs.joined,
    n,
    line: line.slice(0, n),
    off: off.slice(0, n),
    sig: sig.slice(0, n),
    status: status.slice(0, n),
    service: service.slice(0, n),
    time: time.slice(0, n),
    origin: origin.slice(0, n),
    proc: proc.slice(0, n),
    count: count.slice(0, n),
    errors: errors.slice(0, n),
    procs,
    others,
  };
}

const port = parentPort;
if (!port) throw new Error('scan-worker.js runs only as a worker thread (src/evidence/scan-ranges.ts starts it)');

port.on('message', (j: RangeJob) => {
  run(j).then(
    (r) =>
      port.postMessage(r, [
        r.line.buffer,
        r.off.buffer,
        r.sig.buffer,
        r.status.buffer,
        r.service.buffer,
        r.time.buffer,
        r.origin.buffer,
        r.proc.buffer,
        r.count.buffer,
        r.errors.buffer,
      ] as ArrayBuffer[]),
    (e: NodeJS.ErrnoException) =>
      port.postMessage({ job: j.job, error: { code: e?.code, message: String(e?.message ?? e) } }),
  );
});
