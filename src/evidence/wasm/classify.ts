/**
 * The scanner's line classifier, in AssemblyScript (compiled to WebAssembly by `npm run build:wasm`, which writes
 * src/evidence/classify-wasm.ts; test/unit/kernel.test.ts checks that the committed module is this source's).
 *
 * It does the per-byte work of the request fast path (src/evidence/file-scanner.ts) that JavaScript cannot do quickly:
 * split a block into lines (16 bytes at a time with SIMD), find the first request literal of each line
 * (`HTTP/`, `at=info method=`), check a request line's shape (accessShape / routerShape, the same rules as the
 * TypeScript versions in kernel.ts) and count the plain ones, and look for the family gates in every other line.
 * Only the lines that need the JavaScript side come out, as events.
 */

// memory layout (bytes), shared with the JS side
const BITS: usize = 0; //        65536-bit bitmap of gate first-two-byte pairs (8 KiB)
const HEADS: usize = 8192; //    u8[65536]: 1 + index of the first gate with that pair (gates sorted by pair), 0 = none
const GATES: usize = 73728; //   per gate 32 bytes: u8 length, then the gate's bytes (at most 31); 512 gates at most
const STATE: usize = 90112; //   i32[16]: results of the last classify(); i32[16] after them: of the last prefix()
/** where the caller puts the block (followed by at least 16 spare bytes) */
export const INPUT: usize = 90112 + 128;

let nGates: i32 = 0;
let useAccess: bool = true;
let useRouter: bool = true;
let samples: i32 = 0;

/** how many more 5xx access lines to hand over as events (the others are counted, see classify) */
export function sample(n: i32): void {
  samples = n;
}

/** gates: how many are in GATES (sorted by their first two bytes; 96 at most); access / router: whether those literals count */
export function setup(gates: i32, access: bool, router: bool): void {
  nGates = gates;
  useAccess = access;
  useRouter = router;
}

@inline function at(p: usize): i32 {
  return <i32>load<u8>(p);
}
@inline function isDigit(c: i32): bool {
  return <u32>(c - 48) < 10;
}

// does [p, e) start with one of the gates whose first two bytes are those at p? (e = line end)
function gateAt(p: usize, e: usize): bool {
  const pair = <i32>load<u16>(p);
  let g = <i32>load<u8>(HEADS + <usize>pair) - 1;
  if (g < 0) return false;
  for (; g < nGates; g++) {
    const rec = GATES + (<usize>g << 5);
    const len = <usize>load<u8>(rec);
    if (<i32>load<u16>(rec + 1) != pair) return false;
    if (p + len > e) continue;
    let k: usize = 2;
    while (k < len && load<u8>(p + k) == load<u8>(rec + 1 + k)) k++;
    if (k == len) return true;
  }
  return false;
}

function hasGate(ls: usize, le: usize): bool {
  if (le - ls < 3) return false;
  const last = le - 2;
  for (let p = ls; p < last; p++) {
    const pair = <u32>load<u16>(p);
    if ((load<u8>(BITS + (pair >> 3)) >> (pair & 7)) & 1) {
      if (gateAt(p, le)) return true;
    }
  }
  return false;
}

@inline function httpAt(p: usize, end: usize): usize {
  if (useAccess && p + 5 <= end && load<u32>(p) == 0x50545448 && load<u8>(p + 4) == 47) return p;
  return 0;
}
@inline function routerAt(p: usize, end: usize): usize {
  if (useRouter && p + 15 <= end && load<u64>(p) == 0x206f666e693d7461 && load<u32>(p + 8) == 0x6874656d && load<u16>(p + 12) == 0x646f && load<u8>(p + 14) == 61) return p;
  return 0;
}

// the gates that start in [ls, cap) (and end by le), as bits (sorted gate index) in i32[3] at out
function gateBits(ls: usize, cap: usize, le: usize, out: usize): void {
  let b0: u32 = 0, b1: u32 = 0, b2: u32 = 0;
  const last = cap < le - 2 ? cap : le - 2;
  for (let p = ls; p < last; p++) {
    const pair = <u32>load<u16>(p);
    if (((load<u8>(BITS + (pair >> 3)) >> (pair & 7)) & 1) == 0) continue;
    let g = <i32>load<u8>(HEADS + <usize>pair) - 1;
    for (; g < nGates; g++) {
      const rec = GATES + (<usize>g << 5);
      if (<u32>load<u16>(rec + 1) != pair) break;
      const len = <usize>load<u8>(rec);
      if (p + len > le) continue;
      let k: usize = 2;
      while (k < len && load<u8>(p + k) == load<u8>(rec + 1 + k)) k++;
      if (k < len) continue;
      const bit: u32 = 1 << <u32>(g & 31);
      if (g < 32) b0 |= bit;
      else if (g < 64) b1 |= bit;
      else b2 |= bit;
    }
  }
  store<u32>(out, b0);
  store<u32>(out, b1, 4);
  store<u32>(out, b2, 8);
}

// the last index in [lo, from] holding byte c (lo - 1 if none); 16 bytes at a time
@inline function lastByte(c: i32, from: isize, lo: isize): isize {
  let p = from;
  const cv = i8x16.splat(<i8>c);
  while (p - 15 >= lo) {
    const m = i8x16.bitmask(i8x16.eq(v128.load(<usize>(p - 15)), cv));
    if (m != 0) return p - 15 + <isize>(31 - clz<i32>(m));
    p -= 16;
  }
  while (p >= lo && at(<usize>p) != c) p--;
  return p;
}

// 0 = plain request (counted), 1 = 5xx, 2 = other (precise path); as accessShape in scan.ts
function accessShape(ls: usize, p: usize, le: usize, n: usize): i32 {
  const q = lastByte(34, <isize>p - 1, <isize>ls);
  if (q < <isize>ls + 2 || at(<usize>q - 1) != 32 || at(<usize>q - 2) != 93) return 2;
  const c1 = at(<usize>q + 1);
  if (c1 < 65 || c1 > 90 || at(p - 1) != 32) return 2;
  const b = lastByte(91, q - 3, <isize>ls);
  if (b < <isize>ls) return 2;
  const b2 = <usize>b + 2 < n ? at(<usize>b + 2) : -1;
  const b3 = <usize>b + 3 < n ? at(<usize>b + 3) : -1;
  if (b2 != 47 && b3 != 47) return 2;
  let k = p + 5;
  const vmax = k + 5;
  while (k < vmax && k < n && (isDigit(at(k)) || at(k) == 46)) k++;
  if (k == p + 5 || k + 6 > le || at(k) != 34 || at(k + 1) != 32) return 2;
  const d = at(k + 2);
  if (!isDigit(d) || !isDigit(at(k + 3)) || !isDigit(at(k + 4)) || at(k + 5) != 32) return 2;
  return d == 53 ? 1 : 0;
}

// as routerShape in scan.ts (p = position of 'at=info method=')
function routerShape(ls: usize, p: usize, le: usize): i32 {
  if (p > ls && at(p - 1) != 32) return 2;
  if (p + 15 >= le) return 2;
  const c1 = at(p + 15);
  if (c1 < 65 || c1 > 90) return 2;
  // ' service='
  let sv: usize = 0;
  let found = false;
  for (let i = p + 15; i + 9 <= le; i++) {
    if (load<u64>(i) == 0x3d65636976726573 && at(i - 1) == 32) {
      // 'service=' at i, ' ' before
      sv = i - 1;
      found = true;
      break;
    }
  }
  if (!found) return 2;
  let k = sv + 9;
  let v: i64 = 0;
  while (k < le && k < sv + 18 && isDigit(at(k))) {
    v = v * 10 + <i64>(at(k) - 48);
    k++;
  }
  if (k == sv + 9) return 2;
  // 'ms status='
  if (k + 10 > le || load<u64>(k) != 0x757461747320736d || load<u16>(k + 8) != 0x3d73) return 2;
  if (k + 13 > le) return 2;
  const d = at(k + 10);
  if (!isDigit(d) || !isDigit(at(k + 11)) || !isDigit(at(k + 12))) return 2;
  return d == 53 || v >= 29000 ? 1 : 0;
}

// the counted lines since the last event, at the same offsets in an event and in STATE
@inline function storeCounts(p: usize, aCnt: i32, aPos: i32, aEnd: i32, aLine: i32, rCnt: i32, rPos: i32, rEnd: i32, rLine: i32): void {
  store<i32>(p, aCnt, 16);
  store<i32>(p, aPos, 20);
  store<i32>(p, aEnd, 24);
  store<i32>(p, aLine, 28);
  store<i32>(p, rCnt, 32);
  store<i32>(p, rPos, 36);
  store<i32>(p, rEnd, 40);
  store<i32>(p, rLine, 44);
}

// event kinds
const EV_PRECISE = 1; // a line holding a gate (and no request literal): the precise path
const EV_5XX = 2; //     a 5xx access line while the sample budget lasts: the request path
const EV_ODD = 3; //     a request line of another shape: the precise path

/**
 * Classify the lines of INPUT[from, n) (every line but maybe the last ends with '\n'), the first one numbered
 * lineNo. Writes up to evCap events of 20 i32 at evPtr:
 * [kind, ls, le, lineNo, aCnt, aPos, aEnd, aLine, rCnt, rPos, rEnd, rLine, longLines, gates × 3, aErr, 0, 0, 0]
 * — the counted access / router lines since the previous event (how many; start, end and number of the last one;
 * aErr: how many of the access lines were 5xx, counted once the sample budget is spent),
 * the lines longer than maxLine before this one, and the gates that start in the line before maxLine (bits by
 * sorted gate index). STATE afterwards:
 * [events, next line start, next line number, longLines, aCnt, aPos, aEnd, aLine, rCnt, rPos, rEnd, rLine, done, aErr]
 * (done = 0: evCap events were written and classify must be called again from `next line start`). A last line
 * without '\n' is classified but neither numbered nor measured: the caller does that.
 */
export function classify(from: i32, n: i32, lineNo: i32, maxLine: i32, evPtr: usize, evCap: i32): void {
  const base = INPUT;
  const end = base + <usize>n;
  let pos = base + <usize>from;
  let line = lineNo;
  let longLines = 0;
  let ev = 0;
  let aCnt = 0, aErr = 0, aPos = 0, aEnd = 0, aLine = 0, rCnt = 0, rPos = 0, rEnd = 0, rLine = 0;
  let done = 1;
  while (pos < end) {
    if (ev == evCap) {
      done = 0;
      break;
    }
    // scan the line: its end and the first request literal in it
    let hp: usize = 0;
    let rp: usize = 0;
    let le = end;
    // 16 bytes at a time: newlines, and until a request literal is found its candidate bytes ('H' of HTTP/,
    // '=' of at=info method=)
    let found = false;
    for (let p = pos; p < end; p += 16) {
      const v = v128.load(p);
      const nl = i8x16.eq(v, i8x16.splat(10));
      let mask = i8x16.bitmask(found ? nl : v128.or(nl, v128.or(i8x16.eq(v, i8x16.splat(72)), i8x16.eq(v, i8x16.splat(61)))));
      while (mask != 0) {
        const q = p + <usize>ctz(mask);
        mask &= mask - 1;
        if (q >= end) break;
        const c = load<u8>(q);
        if (c == 10) {
          le = q;
          break;
        }
        if (found) continue;
        if (c == 72) {
          hp = httpAt(q, end);
          if (hp != 0) found = true;
        } else if (q >= pos + 2) {
          rp = routerAt(q - 2, end);
          if (rp != 0) found = true;
        }
        if (found) mask &= i8x16.bitmask(nl) & ~((<i32>2 << <i32>(q - p)) - 1);
      }
      if (le != end) break;
    }
    const ls = pos;
    const len = <i32>(le - ls);
    let kind = 0;
    if (hp != 0 || rp != 0) {
      const access = hp != 0 && (rp == 0 || hp < rp);
      const p = access ? hp : rp;
      const shape = len > maxLine ? 2 : access ? accessShape(ls, p, le, end) : routerShape(ls, p, le);
      if (shape == 1 && access && samples > 0) {
        samples--;
        kind = EV_5XX;
      } else if (shape != 2 && (access || shape == 0)) {
        if (access) {
          aCnt++;
          if (shape == 1) aErr++;
          aPos = <i32>(ls - base);
          aEnd = <i32>(le - base);
          aLine = line;
        } else {
          rCnt++;
          rPos = <i32>(ls - base);
          rEnd = <i32>(le - base);
          rLine = line;
        }
      } else kind = EV_ODD;
    } else if (hasGate(ls, le)) kind = EV_PRECISE;
    if (kind != 0) {
      const e = evPtr + <usize>ev * 80;
      store<i32>(e, kind);
      store<i32>(e, <i32>(ls - base), 4);
      store<i32>(e, <i32>(le - base), 8);
      store<i32>(e, line, 12);
      storeCounts(e, aCnt, aPos, aEnd, aLine, rCnt, rPos, rEnd, rLine);
      store<i32>(e, longLines, 48);
      const cap = len > maxLine ? ls + <usize>maxLine : le;
      gateBits(ls, cap, le, e + 52);
      store<i32>(e, aErr, 64);
      ev++;
      aCnt = 0;
      aErr = 0;
      rCnt = 0;
    }
    if (le >= end) {
      // the last line without a newline: the caller counts it
      pos = le;
      break;
    }
    if (len > maxLine) longLines++;
    line++;
    pos = le + 1;
  }
  store<i32>(STATE, ev);
  store<i32>(STATE, <i32>(pos - base), 4);
  store<i32>(STATE, line, 8);
  store<i32>(STATE, longLines, 12);
  storeCounts(STATE, aCnt, aPos, aEnd, aLine, rCnt, rPos, rEnd, rLine);
  store<i32>(STATE, done, 48);
  store<i32>(STATE, aErr, 52);
}

@inline function digits(p: usize, k: i32): i32 {
  let v = 0;
  for (let i = 0; i < k; i++) {
    const c = at(p + <usize>i) - 48;
    if (<u32>c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

@inline function isWord(c: i32): bool {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c == 95 || c == 46 || c == 45;
}

// the request-line message at p: an IPv4 address and a space, or the router's fields
function messageAt(p: usize, le: usize): bool {
  if (p + 15 <= le && load<u64>(p) == 0x206f666e693d7461 && load<u32>(p + 8) == 0x6874656d && load<u16>(p + 12) == 0x646f && load<u8>(p + 14) == 61) return true;
  let q = p;
  for (let part = 0; part < 4; part++) {
    let k = 0;
    while (k < 3 && q < le && isDigit(at(q))) {
      q++;
      k++;
    }
    if (k == 0 || q >= le) return false;
    const c = at(q);
    if (part < 3 ? c != 46 : c != 32) return false;
    q++;
  }
  return true;
}

/**
 * The prefix of request line INPUT[ls, le) as REQ_PREFIX_RE in file-scanner.ts reads it. Writes i32[16] at STATE + 64:
 * [kind, year, month, day, hour, minute, second, ms, zone minutes, app, proc start, proc end, message start]
 * kind 0 = not a shape REQ_PREFIX_RE accepts, 1 = Heroku logplex (app: 1 for app[…], 0 for heroku[…]),
 * 2 = compose `name  | `, 3 = no prefix.
 */
export function prefix(ls: i32, le: i32): void {
  const out = STATE + 64;
  const s = INPUT + <usize>ls;
  const e = INPUT + <usize>le;
  store<i32>(out, 0);
  // Heroku: 2026-11-24T10:14:23.236477+00:00 app[web.1]: 
  if (s + 20 <= e && at(s + 4) == 45 && at(s + 7) == 45 && at(s + 10) == 84 && at(s + 13) == 58 && at(s + 16) == 58) {
    const y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2), h = digits(s + 11, 2), mi = digits(s + 14, 2), sec = digits(s + 17, 2);
    let p = s + 19;
    let ms = 0;
    let ok = y >= 0 && mo >= 0 && d >= 0 && h >= 0 && mi >= 0 && sec >= 0;
    if (ok && p < e && at(p) == 46) {
      p++;
      let k = 0;
      while (p < e && isDigit(at(p))) {
        if (k < 3) ms = ms * 10 + at(p) - 48;
        p++;
        k++;
      }
      if (k == 0 || k > 9) ok = false;
      else for (; k < 3; k++) ms *= 10;
    }
    let zone = 0;
    if (ok && p < e && at(p) == 90) p++;
    else if (ok && p + 6 <= e && (at(p) == 43 || at(p) == 45) && at(p + 3) == 58) {
      const zh = digits(p + 1, 2), zm = digits(p + 4, 2);
      if (zh < 0 || zm < 0) ok = false;
      else zone = (at(p) == 45 ? -1 : 1) * (zh * 60 + zm);
      p += 6;
    } else ok = false;
    let app = 0;
    if (ok && p + 5 <= e && at(p) == 32 && load<u32>(p + 1) == 0x5b707061) {
      app = 1;
      p += 5;
    } else if (ok && p + 8 <= e && at(p) == 32 && load<u32>(p + 1) == 0x6f726568 && load<u16>(p + 5) == 0x756b && at(p + 7) == 91) p += 8;
    else ok = false;
    if (ok) {
      const ps = p;
      while (p < e && p - ps < 65 && isWord(at(p))) p++;
      if (p == ps || p - ps > 64 || p + 3 > e || at(p) != 93 || at(p + 1) != 58 || at(p + 2) != 32) ok = false;
      else if (messageAt(p + 3, e)) {
        store<i32>(out, 1);
        store<i32>(out, y, 4);
        store<i32>(out, mo, 8);
        store<i32>(out, d, 12);
        store<i32>(out, h, 16);
        store<i32>(out, mi, 20);
        store<i32>(out, sec, 24);
        store<i32>(out, ms, 28);
        store<i32>(out, zone, 32);
        store<i32>(out, app, 36);
        store<i32>(out, <i32>(ps - INPUT), 40);
        store<i32>(out, <i32>(p - INPUT), 44);
        store<i32>(out, <i32>(p + 3 - INPUT), 48);
        return;
      }
    }
  }
  // compose: web-1  | 
  const c0 = at(s);
  if (s < e && c0 >= 97 && c0 <= 122) {
    let p = s + 1;
    while (p < e && p - s < 129 && isWord(at(p))) p++;
    if (p - s <= 128) {
      const ne = p;
      while (p < e && at(p) == 32 && p - ne < 65) p++;
      if (p - ne <= 64 && p + 2 <= e && at(p) == 124 && at(p + 1) == 32 && messageAt(p + 2, e)) {
        store<i32>(out, 2);
        store<i32>(out, <i32>(s - INPUT), 40);
        store<i32>(out, <i32>(ne - INPUT), 44);
        store<i32>(out, <i32>(p + 2 - INPUT), 48);
        return;
      }
    }
  }
  if (messageAt(s, e)) {
    store<i32>(out, 3);
    store<i32>(out, ls, 48);
  }
}
