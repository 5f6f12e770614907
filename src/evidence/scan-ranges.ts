/**
 * The threaded scan of one big regular file: split into line-aligned byte ranges, each scanned by a worker
 * (scan-worker.ts, a FileScanner per range), the results replayed here in input order so that the hits and line
 * numbers are those of one thread.
 *
 * Owns: whether a file is worth threads, the ranges, the worker pool and the replay. Imports the reading helpers,
 * file-scanner.ts (constants) and the messages (scan-protocol.ts); the worker is started by URL, never imported
 * (it runs on import).
 */
import { openSync, readSync, closeSync, fstatSync, existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { looksBinary } from './binary.js';
import { isServerError, type Hit } from './events.js';
import { InputError, CHUNK_BYTES } from './read.js';
import type { CompiledSignatures } from '../catalog/signatures.js';
import { ERROR_SAMPLES, stripCr } from './file-scanner.js';
import { DEFAULT_THREADS } from './threads.js';
import { ORIGINS, type RangeJob, type RangeResult } from './scan-protocol.js';

/** What the threaded scan reads of ScanOptions (scan.ts). */
export interface RangeOptions {
  signal?: AbortSignal;
  onProgress?: (bytes: number) => void;
  chunkBytes?: number;
  threads?: number;
}

const THREAD_MIN_BYTES = 2 * 1024 * 1024;
/** 8 MiB ranges: 2 threads peaked at ~280 MB RSS with 32 MiB ranges, ~215 MB with 8 MiB (1 GiB generated log) */
const RANGE_BYTES = 8 * 1024 * 1024;
const NL = 10;

/** How many threads for this path: the option, or the default rule; 1 for anything but a big plain regular file. */
export function threadsFor(path: string, opts: RangeOptions): number {
  const want = Math.min(opts.threads ?? DEFAULT_THREADS, availableParallelism());
  if (want <= 1) return 1;
  let fd: number;
  try {
    if (!statSync(path).isFile()) return 1; // a pipe must be opened once only: by the streaming path
    fd = openSync(path, 'r');
  } catch {
    return 1; // the streaming path reports the error
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size < THREAD_MIN_BYTES) return 1;
    const magic = Buffer.alloc(2);
    if (readSync(fd, magic, 0, 2, 0) === 2 && magic[0] === 0x1f && magic[1] === 0x8b) return 1; // gzip: streamed
    return want;
  } finally {
    closeSync(fd);
  }
}

/** The offset just after the first '\n' at or after `from` (or the file size). */
function lineStartAtOrAfter(fd: number, from: number, size: number): number {
  if (from <= 0) return 0;
  const b = Buffer.allocUnsafe(64 * 1024);
  let p = from - 1; // a range may start right after a newline at from-1
  while (p < size) {
    const n = readSync(fd, b, 0, b.length, p);
    if (n <= 0) break;
    const i = b.indexOf(NL, 0);
    if (i !== -1 && i < n) return p + i + 1;
    p += n;
  }
  return size;
}

/** A request hit rebuilt from a worker's compact columns; `text` is read back from the file on first use. */
class RequestHit implements Hit {
  declare time?: number;
  declare origin?: string;
  declare proc?: string;
  private _text?: string;
  constructor(
    public sig: string,
    public event: Hit['event'],
    public source: string,
    public line: number,
    public captures: Record<string, string>,
    private readonly path: string,
    private readonly off: number,
    private readonly max: number,
  ) {}
  get text(): string {
    if (this._text === undefined) {
      let t: string;
      try {
        const fd = openSync(this.path, 'r');
        try {
          const b = Buffer.allocUnsafe(this.max);
          const n = readSync(fd, b, 0, this.max, this.off);
          let e = b.indexOf(NL);
          if (e === -1 || e > n) e = n;
          t = stripCr(b.toString('latin1', 0, e));
        } finally {
          closeSync(fd);
        }
      } catch {
        t = '';
      }
      this._text = t;
    }
    return this._text;
  }
  set text(v: string) {
    this._text = v;
  }
}

export async function scanThreaded(
  name: string,
  path: string,
  threads: number,
  sigs: CompiledSignatures,
  onHit: (h: Hit) => void,
  maxLine: number,
  opts: RangeOptions,
  bytesBefore: number,
): Promise<
  { bytes: number; lines: number; recognized: number; longLines: number; joined: number; binary: boolean } | undefined
> {
  const workerUrl = new URL('./scan-worker.js', import.meta.url);
  if (!existsSync(workerUrl)) return undefined; // running from TypeScript sources (tests): one thread
  const { Worker } = await import('node:worker_threads');
  const fd = openSync(path, 'r');
  let size: number;
  const bounds: number[] = [0];
  let binary: boolean;
  try {
    size = fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(4096, size));
    readSync(fd, head, 0, head.length, 0);
    binary = looksBinary(head);
    const nRanges = Math.max(threads, Math.ceil(size / RANGE_BYTES));
    const step = size / nRanges;
    for (let k = 1; k < nRanges; k++) {
      const b = lineStartAtOrAfter(fd, Math.round(k * step), size);
      if (b > bounds[bounds.length - 1] && b < size) bounds.push(b);
    }
    bounds.push(size);
  } finally {
    closeSync(fd);
  }
  const jobs: RangeJob[] = [];
  for (let k = 0; k + 1 < bounds.length; k++)
    jobs.push({
      job: k,
      path,
      name,
      start: bounds[k],
      end: bounds[k + 1],
      maxLine,
      chunkBytes: opts.chunkBytes ?? CHUNK_BYTES,
    });
  const defs = sigs.list.map((c) => c.def);
  const pool = Array.from(
    { length: Math.min(threads, jobs.length) },
    () => new Worker(workerUrl, { workerData: { defs }, resourceLimits: { maxYoungGenerationSizeMb: 8 } }),
  );
  const results = new Map<number, RangeResult>();
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  let next = 0;
  let replayed = 0;
  let samples = 0; // 5xx request hits passed on
  const idle: InstanceType<typeof Worker>[] = [];
  const dispatch = () => {
    // at most threads + 1 ranges ahead of the replay, so memory stays bounded
    while (next < jobs.length && next < replayed + pool.length + 1) {
      const w = idle.pop();
      if (!w) break;
      w.postMessage(jobs[next++]);
    }
  };
  for (const w of pool) {
    w.on('message', (r: RangeResult) => {
      if (r.error) failure ??= new InputError(name, r.error.code ?? 'EIO', `${name}: ${r.error.message}`);
      else results.set(r.job, r);
      idle.push(w);
      dispatch();
      wake?.();
    });
    w.on('error', (e) => {
      failure ??= e instanceof Error ? e : new Error(String(e));
      wake?.();
    });
    idle.push(w);
  }
  const out = { bytes: 0, lines: 0, recognized: 0, longLines: 0, joined: 0, binary };
  const held: (Hit | undefined)[] = [undefined, undefined];
  const release = () => {
    for (let k = 0; k < 2; k++) {
      const h = held[k];
      if (h) {
        held[k] = undefined;
        onHit(h);
      }
    }
  };
  try {
    dispatch();
    let lineOff = 0;
    for (let k = 0; k < jobs.length; k++) {
      while (!results.has(k)) {
        if (failure) throw failure;
        if (opts.signal?.aborted) throw new InputError(name, 'ABORT_ERR', 'scan aborted');
        await new Promise<void>((res) => (wake = res));
        wake = undefined;
      }
      if (opts.signal?.aborted) throw new InputError(name, 'ABORT_ERR', 'scan aborted');
      const r = results.get(k);
      if (!r) throw new Error(`range ${k} finished without a result`); // the wait above ends only when it is there
      results.delete(k);
      // replay in input order: compact requests interleaved with the other hits
      let q = 0;
      const emitOne = (h: Hit) => {
        if ((h.event === 'request' || h.event === 'router-ok') && h.captures.count !== undefined && h.text === '') {
          // counted request lines: merge with the batch of the same kind held since the last other hit
          // (a range boundary splits a batch that one thread would have delivered whole)
          const k = h.event === 'router-ok' ? 1 : 0;
          const prev = held[k];
          if (prev) {
            h.captures.count = String(Number(prev.captures.count) + Number(h.captures.count));
            const errors = Number(prev.captures.errors ?? 0) + Number(h.captures.errors ?? 0);
            if (errors) h.captures.errors = String(errors);
          }
          held[k] = h;
          return;
        }
        release();
        onHit(h);
      };
      const emitRequests = (upTo: number) => {
        for (; q < upTo; q++) {
          const sig = sigs.list[r.sig[q]];
          // a 5xx line after the first ERROR_SAMPLES: counted, as one thread would have
          const err = r.count[q] === 0 && r.status[q] >= 1500 && r.status[q] < 1600;
          const folded = err && samples >= ERROR_SAMPLES;
          if (r.count[q] > 0 || folded) {
            const captures: Record<string, string> = folded
              ? { count: '1', errors: '1' }
              : { count: String(r.count[q]) };
            if (!folded && r.errors[q] > 0) captures.errors = String(r.errors[q]);
            const c: Hit = {
              sig: sig.id,
              event: sig.event,
              source: name,
              line: r.line[q] + lineOff,
              captures,
              text: '',
            };
            if (!Number.isNaN(r.time[q])) c.time = r.time[q];
            if (r.origin[q] !== 0) c.origin = ORIGINS[r.origin[q]];
            if (r.proc[q] !== -1) c.proc = r.procs[r.proc[q]];
            emitOne(c);
            continue;
          }
          if (err) samples++;
          const captures: Record<string, string> = {};
          if (r.service[q] !== 0) captures.service = String(r.service[q]).slice(1);
          if (r.status[q] !== 0) captures.status = String(r.status[q]).slice(1);
          const h = new RequestHit(sig.id, sig.event, name, r.line[q] + lineOff, captures, path, r.off[q], maxLine);
          if (!Number.isNaN(r.time[q])) h.time = r.time[q];
          const o = r.origin[q];
          if (o !== 0) h.origin = ORIGINS[o];
          if (r.proc[q] !== -1) h.proc = r.procs[r.proc[q]];
          emitOne(h);
        }
      };
      for (const o of r.others) {
        emitRequests(o.reqBefore);
        const h = o.hit;
        h.line += lineOff;
        if (
          h.event === 'request' &&
          h.captures.count === undefined &&
          isServerError(h.captures.status) &&
          samples++ >= ERROR_SAMPLES
        ) {
          const c: Hit = {
            sig: h.sig,
            event: h.event,
            source: h.source,
            line: h.line,
            captures: { count: '1', errors: '1' },
            text: '',
          };
          if (h.time !== undefined) c.time = h.time;
          if (h.origin !== undefined) c.origin = h.origin;
          if (h.proc !== undefined) c.proc = h.proc;
          emitOne(c);
        } else emitOne(h);
      }
      emitRequests(r.n);
      lineOff += r.lines;
      out.lines += r.lines;
      out.recognized += r.recognized;
      out.longLines += r.longLines;
      out.joined += r.joined;
      out.bytes += jobs[k].end - jobs[k].start;
      replayed = k + 1;
      dispatch();
      opts.onProgress?.(bytesBefore + out.bytes);
    }
    release();
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return out;
}
