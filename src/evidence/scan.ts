/**
 * The scanner's entry: `scan()` reads the inputs in order (files, gzip, pipes: read.ts) and feeds each one to a
 * FileScanner (file-scanner.ts), or, for a big regular file when threads are asked for, to the threaded scan
 * (scan-ranges.ts); it adds up the statistics.
 *
 * Owns: scan(), ScanStats, ScanOptions. Imports the input reading, file-scanner.ts and scan-ranges.ts; nothing in
 * the scanner imports it back.
 */
import { looksBinary } from './binary.js';
import type { Hit } from './events.js';
import { readInput, InputError, CHUNK_BYTES, type ScanInput } from './read.js';
import type { CompiledSignatures } from '../catalog/signatures.js';
import { FileScanner } from './file-scanner.js';
import { DEFAULT_THREADS } from './threads.js';

export type { ScanInput } from './read.js';
export { ERROR_SAMPLES } from './file-scanner.js';

export interface ScanStats {
  files: number;
  lines: number;
  /** uncompressed bytes scanned */
  bytes: number;
  /** lines that produced a Hit */
  recognizedLines: number;
  /** lines - recognizedLines */
  unknownLines: number;
  /** lines longer than maxLineBytes (only their first maxLineBytes bytes were examined) */
  longLines: number;
  /** lines joined to the previous line as a hard-wrap continuation */
  joinedLines: number;
  /** inputs whose first 4 KiB look binary (many NUL bytes); scanned anyway */
  binaryFiles: number;
  seconds: number;
}

export interface ScanOptions {
  signal?: AbortSignal;
  /** called after each chunk with the cumulative number of (uncompressed) bytes scanned across all inputs */
  onProgress?: (bytes: number) => void;
  /** per-line cap for matching (default 64 KiB); longer lines keep their start */
  maxLineBytes?: number;
  /** read size (default 512 KiB) */
  chunkBytes?: number;
  /** false = no request fast path (every hit line is normalised in full); for equivalence tests */
  requestFastPath?: boolean;
  /**
   * worker threads for a big regular (uncompressed, >= 2 MiB) file, split into line-aligned 8 MiB byte ranges
   * (capped at os.availableParallelism()). Default 1: on the shared 2-core bench machine 2 threads measured slower
   * than one (the main thread's replay and the two cores' contention eat the gain) at twice the memory (bench/run.mjs).
   * Hits and line numbers are the same as with 1 thread, except that request hits made by the workers carry only
   * the captures the timeline reads (status, service), and their `text` is read back from the file when first used.
   */
  threads?: number;
}

/**
 * Scan inputs in order, calling onHit for each recognised line. Rejects with an Error carrying `code`
 * (ENOENT, EISDIR, EACCES, GZIP, ABORT_ERR, …) on unreadable input; never prints or exits.
 */
export async function scan(
  inputs: ScanInput[],
  sigs: CompiledSignatures,
  onHit: (h: Hit) => void,
  opts: ScanOptions = {},
): Promise<ScanStats> {
  const t0 = performance.now();
  const maxLine = Math.max(256, opts.maxLineBytes ?? 64 * 1024);
  const stats: ScanStats = {
    files: 0,
    lines: 0,
    bytes: 0,
    recognizedLines: 0,
    unknownLines: 0,
    longLines: 0,
    joinedLines: 0,
    binaryFiles: 0,
    seconds: 0,
  };
  const abortErr = () => new InputError('scan', 'ABORT_ERR', 'scan aborted');
  for (const input of inputs) {
    if (opts.signal?.aborted) throw abortErr();
    const path = input.path;
    // the threaded scan (and its worker protocol) loads only when threads are asked for: most runs read one small file
    const ranges =
      path !== undefined && opts.requestFastPath !== false && (opts.threads ?? DEFAULT_THREADS) > 1
        ? await import('./scan-ranges.js')
        : undefined;
    const threads = ranges && path !== undefined ? ranges.threadsFor(path, opts) : 1;
    if (ranges && path !== undefined && threads > 1) {
      const r = await ranges.scanThreaded(input.name, path, threads, sigs, onHit, maxLine, opts, stats.bytes);
      if (r) {
        stats.files++;
        stats.bytes += r.bytes;
        stats.lines += r.lines;
        stats.recognizedLines += r.recognized;
        stats.longLines += r.longLines;
        stats.joinedLines += r.joined;
        if (r.binary) stats.binaryFiles++;
        continue;
      }
    }
    const fs = new FileScanner(input.name, sigs, onHit, maxLine, opts.requestFastPath !== false);
    let first = true;
    for await (const c of readInput(input, {
      highWaterMark: opts.chunkBytes ?? CHUNK_BYTES,
      signal: opts.signal,
      reuse: true,
    })) {
      if (opts.signal?.aborted) throw abortErr();
      if (first) {
        first = false;
        if (looksBinary(c)) stats.binaryFiles++;
      }
      stats.bytes += c.length;
      fs.chunk(c);
      opts.onProgress?.(stats.bytes);
    }
    fs.end();
    stats.files++;
    stats.lines += fs.lineNo - 1;
    stats.recognizedLines += fs.recognized;
    stats.longLines += fs.longLines;
    stats.joinedLines += fs.joined;
  }
  stats.unknownLines = stats.lines - stats.recognizedLines;
  stats.seconds = (performance.now() - t0) / 1000;
  return stats;
}
