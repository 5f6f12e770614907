/**
 * worker_threads entry for inflating a .gz file off the main thread (read.ts, gunzipInWorker). zlib's stream makes
 * a new buffer for every piece of output; on the main thread that garbage cost a full collection every few dozen
 * MB (82 per GiB, ~17% of the scan). Here the pieces are copied into a ring of slots in shared memory that the
 * main thread reads in place.
 *
 * Shared layout (see RING in read.ts): ctrl Int32Array [published slots, released slots, state (0 running,
 * 1 done, 2 failed), error code (1 gzip data, 2 I/O), error message length, slot lengths…]; data: SLOTS × SLOT
 * bytes; message: the error text.
 */
import { workerData } from 'node:worker_threads';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { RING } from './ring.js';
import { pipeInto } from './read.js';

const {
  path,
  ctrl: ctrlBuf,
  data: dataBuf,
  message: msgBuf,
} = workerData as { path: string; ctrl: SharedArrayBuffer; data: SharedArrayBuffer; message: SharedArrayBuffer };
const ctrl = new Int32Array(ctrlBuf);
const data = new Uint8Array(dataBuf);
const { SLOTS, SLOT, PUBLISHED, RELEASED, STATE, CODE, MSG_LEN, LENGTHS } = RING;

let w = 0; // slots published
let fill = 0; // bytes in slot w

function publish(): void {
  ctrl[LENGTHS + (w % SLOTS)] = fill;
  w++;
  fill = 0;
  Atomics.store(ctrl, PUBLISHED, w);
  Atomics.notify(ctrl, PUBLISHED);
}

function finish(state: number, code = 0, message = ''): void {
  if (state === 2) {
    const m = Buffer.from(message.slice(0, 900), 'utf8');
    new Uint8Array(msgBuf).set(m);
    ctrl[CODE] = code;
    ctrl[MSG_LEN] = m.length;
  }
  Atomics.store(ctrl, STATE, state);
  // wake the reader whatever it waits for
  Atomics.add(ctrl, PUBLISHED, 0);
  Atomics.notify(ctrl, PUBLISHED);
}

async function run(): Promise<void> {
  const src = createReadStream(path, { highWaterMark: 256 * 1024 });
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  const feed = pipeInto(src, gunzip);
  try {
    for await (const c of gunzip as AsyncIterable<Buffer>) {
      let off = 0;
      while (off < c.length) {
        // wait for a free slot
        for (;;) {
          const released = Atomics.load(ctrl, RELEASED);
          if (w - released < SLOTS) break;
          Atomics.wait(ctrl, RELEASED, released);
        }
        const n = Math.min(SLOT - fill, c.length - off);
        data.set(c.subarray(off, off + n), (w % SLOTS) * SLOT + fill);
        fill += n;
        off += n;
        if (fill === SLOT) publish();
      }
    }
    if (fill > 0) {
      for (;;) {
        const released = Atomics.load(ctrl, RELEASED);
        if (w - released < SLOTS) break;
        Atomics.wait(ctrl, RELEASED, released);
      }
      publish();
    }
    finish(1);
  } catch (e) {
    const readErr = feed.error;
    const err = (readErr ?? e) as NodeJS.ErrnoException;
    const code = String(err?.code ?? '');
    finish(2, code.startsWith('Z_') || !readErr ? 1 : 2, `${code ? code + ': ' : ''}${err?.message ?? String(err)}`);
  }
}

void run();
