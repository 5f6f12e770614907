/**
 * Input reading: a path or a stream, gzip detected by magic bytes (1f 8b) and inflated in streaming fashion.
 * Yields raw Buffer chunks; never holds a whole file. Errors are Error objects with a `code`
 * (ENOENT, EISDIR, EACCES, GZIP, …) and a message naming the input.
 */
import { open } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { RING } from './ring.js';
import { createGunzip, type Gunzip } from 'node:zlib';
import { Readable } from 'node:stream';

export interface ScanInput {
  /** display name ('-' for stdin) */
  name: string;
  path?: string;
  stream?: NodeJS.ReadableStream;
}

export const CHUNK_BYTES = 512 * 1024;

export class InputError extends Error {
  code: string;
  input: string;
  constructor(input: string, code: string, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'InputError';
    this.code = code;
    this.input = input;
  }
}

function describe(name: string, e: unknown): InputError {
  if (e instanceof InputError) return e;
  const err = e as NodeJS.ErrnoException;
  const code = err?.code ?? 'EIO';
  let what: string;
  switch (code) {
    case 'ENOENT':
      what = 'no such file';
      break;
    case 'EISDIR':
      what = 'is a directory, not a log file';
      break;
    case 'EACCES':
    case 'EPERM':
      what = 'permission denied';
      break;
    case 'Z_DATA_ERROR':
    case 'Z_BUF_ERROR':
    case 'Z_STREAM_ERROR':
    case 'Z_NEED_DICT':
    case 'ERR_ZLIB_INITIALIZATION_FAILED':
      return new InputError(name, 'GZIP', `${name}: corrupt or truncated gzip data (${err?.message ?? code})`, e);
    case 'ABORT_ERR':
      return new InputError(name, 'ABORT_ERR', `${name}: aborted`, e);
    default:
      what = err?.message ?? String(e);
  }
  return new InputError(name, code, `${name}: ${what}`, e);
}

/**
 * The bytes of a file in chunks of `size`, the next one read (on libuv's thread pool) while the caller works on
 * the last: a read stream keeps no read in flight while its consumer is busy, and the scan waited for it (~6% idle).
 * Once `ring.on` is set (plain text: the scanner copies what it keeps), chunks come from three buffers used in turn
 * instead of a new one per read, which spared the collector 2,000 half-megabyte buffers per GiB.
 */
async function* readAhead(path: string, size: number, ring: { on: boolean }): AsyncGenerator<Buffer> {
  const fh = await open(path, 'r');
  const bufs: Buffer[] = [];
  let turn = 0;
  const take = () => {
    if (!ring.on) return Buffer.allocUnsafe(size);
    if (bufs.length < 3) bufs.push(Buffer.allocUnsafe(size));
    return bufs[turn++ % bufs.length];
  };
  let next: Promise<{ bytesRead: number; buffer: Buffer }> | undefined;
  try {
    next = fh.read(take(), 0, size, null);
    for (;;) {
      const { bytesRead, buffer } = await next;
      next = undefined;
      if (bytesRead === 0) return;
      next = fh.read(take(), 0, size, null);
      yield bytesRead < size ? buffer.subarray(0, bytesRead) : buffer;
    }
  } finally {
    await next?.catch(() => undefined);
    await fh.close();
  }
}

/** Async iterate the decompressed bytes of one input. */
/** src piped into gunzip; an error of src destroys gunzip and is kept (`error`) to tell it from a gzip error */
export function pipeInto(
  src: NodeJS.ReadableStream & { on(e: 'error', f: (e: unknown) => void): unknown },
  gunzip: Gunzip,
): { error: unknown } {
  const feed: { error: unknown } = { error: undefined };
  src.on('error', (e) => {
    feed.error = e;
    gunzip.destroy(e as Error);
  });
  src.pipe(gunzip);
  return feed;
}

/** Atomics.waitAsync (Node >= 16; typed from ES2024 on) */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(a: Int32Array, i: number, v: number, ms: number): { async: boolean; value: Promise<string> | string };
  }
).waitAsync;

/**
 * Inflate the .gz file at `path` in a worker thread (gunzip-worker.ts) and yield its output in place, from a ring
 * of shared slots: each chunk is valid until the next one is asked for. undefined when the worker is not built
 * (running from the TypeScript sources): the caller inflates on this thread.
 */
function gunzipInWorker(name: string, path: string, signal?: AbortSignal): AsyncGenerator<Buffer> | undefined {
  const url = new URL('./gunzip-worker.js', import.meta.url);
  if (!existsSync(url)) return undefined;
  // the worker reads the file again from its start: only a regular file can be (not a pipe such as <(…))
  try {
    if (!statSync(path).isFile()) return undefined;
  } catch {
    return undefined;
  }
  const { SLOTS, SLOT, PUBLISHED, RELEASED, STATE, CODE, MSG_LEN, LENGTHS, CTRL } = RING;
  const ctrlBuf = new SharedArrayBuffer(CTRL * 4);
  const dataBuf = new SharedArrayBuffer(SLOTS * SLOT);
  const msgBuf = new SharedArrayBuffer(1024);
  const ctrl = new Int32Array(ctrlBuf);
  async function* read(): AsyncGenerator<Buffer> {
    const { Worker } = await import('node:worker_threads');
    const worker = new Worker(url, {
      workerData: { path, ctrl: ctrlBuf, data: dataBuf, message: msgBuf },
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
    let crashed: unknown;
    worker.on('error', (e) => {
      crashed = e;
      Atomics.notify(ctrl, PUBLISHED);
    });
    // when the worker stays ahead, every step here is a microtask: give the event loop a turn now and then, or a
    // SIGINT/SIGTERM handler could not run before the whole file was read
    let turn = performance.now();
    try {
      for (let r = 0; ; r++) {
        if (performance.now() - turn > 50) {
          await new Promise((res) => setImmediate(res));
          turn = performance.now();
        }
        for (;;) {
          const published = Atomics.load(ctrl, PUBLISHED);
          if (published > r) break;
          const state = Atomics.load(ctrl, STATE);
          if (state === 2) {
            const msg = Buffer.from(new Uint8Array(msgBuf, 0, ctrl[MSG_LEN])).toString('utf8');
            throw ctrl[CODE] === 1
              ? new InputError(name, 'GZIP', `${name}: corrupt or truncated gzip data (${msg})`)
              : describe(name, { code: 'EIO', message: msg });
          }
          if (state === 1 && Atomics.load(ctrl, PUBLISHED) <= r) return;
          if (crashed) throw describe(name, crashed);
          if (signal?.aborted) throw describe(name, { code: 'ABORT_ERR' });
          const w = waitAsync(ctrl, PUBLISHED, published, 200);
          if (w.async) await w.value;
        }
        const k = r % SLOTS;
        yield Buffer.from(dataBuf, k * SLOT, ctrl[LENGTHS + k]);
        // the caller is done with that chunk: the slot is free again
        Atomics.store(ctrl, RELEASED, r + 1);
        Atomics.notify(ctrl, RELEASED);
      }
    } finally {
      await worker.terminate();
    }
  }
  return read();
}

/** `reuse`: the caller keeps no chunk once it asks for the next one (chunks of a plain file may then share memory) */
export async function* readInput(
  input: ScanInput,
  opts: { highWaterMark?: number; signal?: AbortSignal; reuse?: boolean } = {},
): AsyncGenerator<Buffer> {
  const hwm = opts.highWaterMark ?? CHUNK_BYTES;
  let src: AsyncIterable<Buffer | string>;
  const ring = { on: false };
  if (input.stream) src = input.stream as AsyncIterable<Buffer | string>;
  else if (input.path !== undefined) src = readAhead(input.path, hwm, ring);
  else throw new InputError(input.name, 'EINVAL', `${input.name}: neither a path nor a stream was given`);

  const it = src[Symbol.asyncIterator]();
  const toBuf = (c: Buffer | string) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c);
  const head: Buffer[] = [];
  let headLen = 0;
  let ended = false;
  try {
    // peek at least 2 bytes for the gzip magic
    while (headLen < 2) {
      const r = await it.next();
      if (r.done) {
        ended = true;
        break;
      }
      const b = toBuf(r.value);
      if (b.length === 0) continue;
      head.push(b);
      headLen += b.length;
    }
  } catch (e) {
    throw describe(input.name, e);
  }
  if (headLen === 0) return;
  const first = head.length === 1 ? head[0] : Buffer.concat(head);
  const gz = first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b;
  if (!gz) {
    // the scanner keeps nothing of a chunk once it has returned: buffers can be reused
    ring.on = opts.reuse === true;
    yield first;
    if (ended) return;
    try {
      for (;;) {
        if (opts.signal?.aborted) throw describe(input.name, { code: 'ABORT_ERR' });
        const r = await it.next();
        if (r.done) return;
        const b = toBuf(r.value);
        if (b.length) yield b;
      }
    } catch (e) {
      throw describe(input.name, e);
    } finally {
      if (!ended) await it.return?.();
    }
  }
  // gzip: a file is inflated by a worker thread when the caller lets chunks be reused (the scanner does)
  if (input.path !== undefined && opts.reuse === true) {
    const inWorker = gunzipInWorker(input.name, input.path, opts.signal);
    if (inWorker) {
      await it.return?.();
      ended = true;
      yield* inWorker;
      return;
    }
  }
  // gzip: feed the compressed bytes through a streaming inflater
  const gunzip = createGunzip({ chunkSize: Math.min(hwm, 256 * 1024) });
  async function* compressed() {
    yield first;
    if (ended) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield toBuf(r.value);
    }
  }
  const feeder = Readable.from(compressed(), { objectMode: false });
  const feed = pipeInto(feeder, gunzip);
  try {
    for await (const c of gunzip as AsyncIterable<Buffer>) {
      if (opts.signal?.aborted) throw describe(input.name, { code: 'ABORT_ERR' });
      yield c;
    }
  } catch (e) {
    const feedErr = feed.error;
    if (feedErr && e === feedErr) throw describe(input.name, e);
    const code = (e as NodeJS.ErrnoException)?.code;
    if (code && code.startsWith('Z_')) throw describe(input.name, e);
    if (e instanceof InputError) throw e;
    if (feedErr) throw describe(input.name, feedErr);
    throw describe(input.name, { code: 'Z_DATA_ERROR', message: (e as Error)?.message });
  } finally {
    feeder.unpipe(gunzip);
    feeder.destroy();
    gunzip.destroy();
  }
}
