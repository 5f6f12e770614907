/**
 * The line classifier (src/evidence/wasm/classify.ts, compiled to WebAssembly): one instance per FileScanner, with
 * its own memory. `classify()` runs it over a block copied in with `load()`; the results are in `events` (EVENT
 * i32 each) and `state` (see classify.ts).
 */
import { CLASSIFY_WASM } from './classify-wasm.js';

/** event kinds */
export const EV_PRECISE = 1;
export const EV_5XX = 2;
export const EV_ODD = 3;
/** i32 per event, and the fields */
export const EVENT = 20;
export const F = {
  kind: 0,
  ls: 1,
  le: 2,
  line: 3,
  aCnt: 4,
  aPos: 5,
  aEnd: 6,
  aLine: 7,
  rCnt: 8,
  rPos: 9,
  rEnd: 10,
  rLine: 11,
  long: 12,
  gates: 13,
  aErr: 16,
} as const;
/** the counted-lines fields (aCnt … rLine) have the same indexes in F and S */
export const S = {
  events: 0,
  next: 1,
  line: 2,
  long: 3,
  aCnt: 4,
  aPos: 5,
  aEnd: 6,
  aLine: 7,
  rCnt: 8,
  rPos: 9,
  rEnd: 10,
  rLine: 11,
  done: 12,
  aErr: 13,
} as const;
/** prefix() results: kind 0 none, 1 Heroku, 2 compose, 3 no prefix (see classify.ts) */
export const P = {
  kind: 0,
  year: 1,
  month: 2,
  day: 3,
  hour: 4,
  minute: 5,
  second: 6,
  ms: 7,
  zone: 8,
  app: 9,
  procStart: 10,
  procEnd: 11,
  message: 12,
} as const;

const BITS = 0;
const HEADS = 8192;
const GATES = 73728;
const STATE = 90112;
const MAX_GATES = 96;
/** events per call */
const EV_CAP = 2048;
const PAGE = 65536;

interface Exports {
  memory: WebAssembly.Memory;
  INPUT: WebAssembly.Global;
  setup(gates: number, access: number, router: number): void;
  classify(from: number, n: number, lineNo: number, maxLine: number, evPtr: number, evCap: number): void;
  prefix(ls: number, le: number): void;
  sample(n: number): void;
}

let compiled: WebAssembly.Module | undefined;

export class Kernel {
  private readonly ex: Exports;
  private readonly input: number;
  private evPtr = 0;
  private capacity = 0;
  private bytes!: Uint8Array;
  events!: Int32Array;
  state!: Int32Array;
  /** results of prefix() */
  pre!: Int32Array;
  /** the gates in the classifier's order (the bit numbers of an event's gate fields) */
  readonly gates: string[];

  /**
   * gates: the family gates (at most 96, of 3–31 ASCII bytes each); access / router: whether `HTTP/` / `at=info
   * method=` count
   */
  constructor(gates: readonly string[], access: boolean, router: boolean) {
    compiled ??= new WebAssembly.Module(Buffer.from(CLASSIFY_WASM, 'base64'));
    this.ex = new WebAssembly.Instance(compiled, {}).exports as unknown as Exports;
    this.input = this.ex.INPUT.value as number;
    this.reserve(1 << 20);
    const list = gates.map((g) => Buffer.from(g, 'latin1'));
    if (list.length > MAX_GATES || list.some((g) => g.length < 3 || g.length > 31))
      throw new Error(`the classifier takes at most ${MAX_GATES} gates of 3 to 31 bytes`);
    list.sort((a, b) => a.readUInt16LE(0) - b.readUInt16LE(0));
    this.gates = list.map((g) => g.toString('latin1'));
    const m = this.bytes;
    list.forEach((g, i) => {
      const pair = g.readUInt16LE(0);
      m[BITS + (pair >> 3)] |= 1 << (pair & 7);
      if (m[HEADS + pair] === 0) m[HEADS + pair] = i + 1;
      m[GATES + i * 32] = g.length;
      m.set(g, GATES + i * 32 + 1);
    });
    this.ex.setup(list.length, access ? 1 : 0, router ? 1 : 0);
  }

  /** room for a block of n bytes (plus the 16 spare bytes SIMD loads read past it) and the events after it */
  private reserve(n: number): void {
    if (n <= this.capacity) return;
    const cap = Math.max(n, this.capacity * 2);
    const evPtr = Math.ceil((this.input + cap + 16) / 64) * 64;
    const need = evPtr + EV_CAP * EVENT * 4;
    const mem = this.ex.memory;
    if (need > mem.buffer.byteLength) mem.grow(Math.ceil((need - mem.buffer.byteLength) / PAGE));
    this.capacity = cap;
    this.evPtr = evPtr;
    this.bytes = new Uint8Array(mem.buffer);
    this.events = new Int32Array(mem.buffer, evPtr, EV_CAP * EVENT);
    this.state = new Int32Array(mem.buffer, STATE, 16);
    this.pre = new Int32Array(mem.buffer, STATE + 64, 16);
  }

  /** copy bytes [start, end) of buf in as the block */
  load(buf: Buffer, start: number, end: number): void {
    this.reserve(end - start);
    this.bytes.set(buf.subarray(start, end), this.input);
  }

  /** hand over the next n 5xx access lines as events (the others are counted); at most 2^31 - 1 */
  sample(n: number): void {
    this.ex.sample(Math.min(n, 0x7fffffff));
  }

  /** read the prefix of the block's request line [ls, le) into `pre` */
  prefix(ls: number, le: number): void {
    this.ex.prefix(ls, le);
  }

  /** classify the block's lines from offset `from` to n (see classify.ts) */
  classify(from: number, n: number, lineNo: number, maxLine: number): void {
    this.ex.classify(from, n, lineNo, maxLine, this.evPtr, EV_CAP);
  }
}
