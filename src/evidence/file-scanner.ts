/**
 * One input's lines to hits: FileScanner takes the input chunk by chunk (carrying partial lines, capping over-long
 * ones) and, per block of complete lines,
 *
 * - the fast path: the line classifier (kernel.ts, WebAssembly) splits the block into lines, counts the plain request
 *   lines by shape (access log 2xx–4xx, router lines under 29 s, 5xx once ERROR_SAMPLES were reported) and hands over
 *   the rest that matters: lines holding a family gate, request lines of another shape, the first 5xx lines; each
 *   run of counted request lines between two hits becomes one Hit with `captures.count` (and `errors`);
 * - the general path (`fast` false: tests, and without WebAssembly): every line holding a literal is matched one by
 *   one; the tests hold the two equal (test/unit/scan-equivalence.test.ts).
 *
 * Either way a handed-over line is decoded (latin1, or UTF-8 when it has high bytes: invalid bytes -> U+FFFD),
 * capped at maxLineBytes (keeping the start), normalised (normalize.ts), and the patterns of every signature whose
 * literal occurs in it are tried in catalog order; the first match becomes a Hit. A line no anchored pattern
 * matched is retried after the paste formats of paste-formats.ts, or joined with a hard-wrapped continuation.
 *
 * Owns: FileScanner and the per-line work. Imports the classifier, the normaliser, the paste formats and types;
 * never the reading of inputs (scan.ts) or the threads (scan-ranges.ts, scan-worker.ts), which use it.
 */
import { isServerError, type Hit } from './events.js';
import { normalizeLine, normalizeLineHinted, type Normalized } from './normalize.js';
import type { CompiledSignatures } from '../catalog/signatures.js';
import { Kernel, EV_5XX, EV_ODD, EVENT, F, S, P } from './kernel.js';
import { pastePrefix, stampedBefore, wordStart } from './paste-formats.js';

const EMPTY: number[] = [];
const NO_LITERALS: string[] = [];

function mergeCandidates(lists: number[][]): number[] {
  if (lists.length === 1) return lists[0];
  const set = new Set<number>();
  for (const l of lists) for (const x of l) set.add(x);
  return [...set].sort((a, b) => a - b);
}

const NL = 10;
/** 5xx access lines reported one by one before they are only counted (the timeline cites the first three) */
export const ERROR_SAMPLES = 3;
const HIGH_RE = /[\x80-\xff]/;
const ODD_RE = /[\x80-\xff\x1b<&|]/;
const PLAIN_ODD_RE = /[\x80-\xff\x1b<&]/;

/**
 * The request-line prefixes the fast path accepts, each exactly as normalizeLine reads it: Heroku logplex
 * `<iso T, fraction '.', zone> app|heroku[proc]: ` (ISO_RE + HEROKU_TAG_RE), compose `name  | ` (PIPE_RE), or none;
 * then the message must start with an IPv4 address + space (never a date, pipe name, level or key=value, so
 * normalizeLine stops there) or with `at=info method=`. The specification of the classifier's prefix()
 * (wasm/classify.ts), which reads it on the fast path; test/unit/kernel.test.ts holds the two equal.
 */
export const REQ_PREFIX_RE =
  /(?:(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d) (app|heroku)\[([\w.-]{1,64})\]: |([a-z][\w.-]{0,127}) {0,64}\| )?(?=\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3} |at=info method=)/y;

export class FileScanner {
  lineNo = 1; // number of the line starting at the next unprocessed byte
  carry: Buffer | null = null;
  skipHead: Buffer | null = null; // first maxLine bytes of an over-long line still being skipped
  recognized = 0;
  longLines = 0;
  joined = 0;
  /** input byte offset of the next chunk / of buffer[0] in the current block() / of the carried partial line */
  pos = 0;
  bufPos = 0;
  carryPos = 0;
  /**
   * side channel for onHit: input byte offset of the hit line, and whether the request fast path made the hit
   * (`hitFast`; then `hitCount` > 0 when it is a batch of counted request lines, whose text is '')
   */
  hitOffset = 0;
  hitFast = false;
  hitCount = 0;
  private readonly accessIdx: number;
  private readonly routerIdx: number;
  /** counted request lines of the last block(s) not yet delivered (access / router), as the Hit they will become */
  private pendA: Hit | null = null;
  private pendR: Hit | null = null;
  private pendAOff = 0;
  private pendROff = 0;
  private kernel?: Kernel;
  /** the classifier: block() makes it before the fast path first runs, so the fast path always finds it */
  private get classifier(): Kernel {
    const k = this.kernel;
    if (!k) throw new Error('the fast path ran without its classifier');
    return k;
  }
  /** 5xx access lines seen (see errorSamples) */
  private errorsSeen = 0;
  private lastProc = '';

  constructor(
    readonly name: string,
    readonly sigs: CompiledSignatures,
    readonly onHit: (h: Hit) => void,
    readonly maxLine: number,
    /** use the request fast path (false: every line takes the general path; for tests, and without WebAssembly) */
    public fast = true,
    /**
     * how many 5xx access lines become hits of their own (to be cited); the later ones are counted in the batches
     * (`captures.errors`). In a threaded scan each range keeps its own first few and the main thread counts those
     * beyond the first few of the file, which gives the same hits as one thread.
     */
    readonly errorSamples = ERROR_SAMPLES,
  ) {
    this.accessIdx = sigs.countedLiterals.includes('HTTP/') ? ((sigs.byLiteral.get('HTTP/') ?? EMPTY)[0] ?? -1) : -1;
    this.routerIdx = sigs.countedLiterals.includes('at=info method=')
      ? ((sigs.byLiteral.get('at=info method=') ?? EMPTY)[0] ?? -1)
      : -1;
  }

  chunk(c: Buffer): void {
    const cpos = this.pos;
    this.pos += c.length;
    let off = 0;
    if (this.skipHead) {
      const nl = c.indexOf(NL);
      if (nl === -1) return;
      const head = this.skipHead;
      this.skipHead = null;
      this.longLines++;
      this.bufPos = this.carryPos;
      this.block(head, 0, head.length, false);
      off = nl + 1;
    } else if (this.carry) {
      const nl = c.indexOf(NL);
      if (nl === -1) {
        const grown = Buffer.concat([this.carry, c]);
        if (grown.length > this.maxLine) {
          this.carry = null;
          this.skipHead = Buffer.from(grown.subarray(0, this.maxLine));
        } else this.carry = grown;
        return;
      }
      const line = Buffer.concat([this.carry, c.subarray(0, nl + 1)]);
      this.carry = null;
      this.bufPos = this.carryPos;
      this.block(line, 0, line.length, true);
      off = nl + 1;
    }
    const last = c.lastIndexOf(NL);
    if (last >= off) {
      this.bufPos = cpos;
      this.block(c, off, last + 1, true);
      off = last + 1;
    }
    if (off < c.length) {
      const rest = c.subarray(off);
      this.carryPos = cpos + off;
      if (rest.length > this.maxLine) this.skipHead = Buffer.from(rest.subarray(0, this.maxLine));
      else this.carry = Buffer.from(rest);
    }
  }

  end(): void {
    this.endBlocks();
    this.deliverCounts();
  }

  private endBlocks(): void {
    this.bufPos = this.carryPos;
    if (this.skipHead) {
      const head = this.skipHead;
      this.skipHead = null;
      this.longLines++;
      this.block(head, 0, head.length, false);
    } else if (this.carry) {
      const c = this.carry;
      this.carry = null;
      this.block(c, 0, c.length, true);
    }
  }

  /**
   * Scan bytes [start, end) of buf. Every line in it ends with '\n' except possibly the last one (then it is a
   * final line, or the kept head of an over-long line). `countLong` = whether line lengths here are real.
   *
   * Request lines (the counted literals `HTTP/` and `at=info method=`, found with indexOf) are checked by shape
   * only and counted; each run of counted lines between two other hits becomes one Hit with `captures.count`.
   * A request line that matters on its own (5xx, router service >= 29 s) or has an unexpected shape takes the
   * precise path. The text between request lines is searched with the family gates (`sigs.gateRe`); a gated line
   * holding a literal takes the precise path (litsIn + patterns).
   */
  block(buf: Buffer, start: number, end: number, countLong: boolean): void {
    if (this.fast && this.kernel === undefined) {
      try {
        this.kernel = new Kernel(this.sigs.gates, this.accessIdx >= 0, this.routerIdx >= 0);
      } catch {
        this.fast = false; // no WebAssembly (node --jitless): the general path gives the same diagnosis, slower
      }
    }
    if (!this.fast) return this.blockGeneral(buf, start, end, countLong);
    // the per-byte work (lines, request shapes and counts, gates) is the classifier's (kernel.ts); here only
    // the lines it hands over are decoded: gated lines and odd request lines (precise path), 5xx access lines
    const n = end - start;
    const max = this.maxLine;
    const sigs = this.sigs;
    const k = this.classifier;
    k.load(buf, start, end);
    const ev = k.events;
    const st = k.state;
    let line = this.lineNo;
    let longLines = 0;
    // pending counts: number, line number, start and end of the last counted line, per kind
    let aCnt = 0,
      aErr = 0,
      aLine = 0,
      aPos = 0,
      aEnd = 0,
      rCnt = 0,
      rLine = 0,
      rPos = 0,
      rEnd = 0;
    const flush = () => {
      if (aCnt) {
        this.pendA = this.countHit(buf, start, this.accessIdx, aCnt, aErr, aLine, aPos, aEnd, this.pendA);
        this.pendAOff = this.bufPos + start + aPos;
        aCnt = 0;
        aErr = 0;
      }
      if (rCnt) {
        this.pendR = this.countHit(buf, start, this.routerIdx, rCnt, 0, rLine, rPos, rEnd, this.pendR);
        this.pendROff = this.bufPos + start + rPos;
        rCnt = 0;
      }
    };
    // precise path for line [ls, le) numbered lineNo; returns the end of what was consumed (further when a
    // hard-wrapped continuation was joined). The line is decoded with the next one (only one of at most max bytes
    // can be joined).
    let gateBits = 0; // offset in ev of the current event's gate bits
    const precise = (ls: number, le: number, lineNo: number, requestLiteral: boolean) => {
      // the line up to its cap (and a little more: a literal may start just before it)
      const str = buf.toString('latin1', start + ls, start + Math.min(le, ls + max + 256));
      const lits = this.litsOf(str, Math.min(le, ls + max) - ls, gateBits, requestLiteral);
      if (!lits.length) return le;
      flush();
      return ls + this.line(buf, start + ls, str, 0, le - ls, lineNo, lits, sigs.byLiteral, n - ls);
    };

    // the counted request lines the classifier reports (in an event since the previous one, or at the end of a call:
    // the same fields at the same indexes from `at`, F and S agree on them; the 5xx count at errAt)
    const absorb = (a: Int32Array, at: number, errAt: number) => {
      if (a[at + F.aCnt]) {
        this.recognized += a[at + F.aCnt];
        aCnt += a[at + F.aCnt];
        aErr += a[errAt];
        aPos = a[at + F.aPos];
        aEnd = a[at + F.aEnd];
        aLine = a[at + F.aLine];
      }
      if (a[at + F.rCnt]) {
        this.recognized += a[at + F.rCnt];
        rCnt += a[at + F.rCnt];
        rPos = a[at + F.rPos];
        rEnd = a[at + F.rEnd];
        rLine = a[at + F.rLine];
      }
    };

    let from = 0;
    let finished = false;
    while (!finished) {
      k.sample(Math.max(0, this.errorSamples - this.errorsSeen));
      k.classify(from, n, line, max);
      const count = st[S.events];
      let restart = -1;
      let joinedAt = 0;
      for (let i = 0; i < count; i++) {
        const e = i * EVENT;
        absorb(ev, e, e + F.aErr);
        const ls = ev[e + F.ls];
        const le = ev[e + F.le];
        gateBits = e + F.gates;
        const lineNo = ev[e + F.line];
        let consumed = le;
        if (ev[e + F.kind] === EV_5XX) {
          if (this.errorsSeen >= this.errorSamples) {
            // the samples were taken meanwhile: counted, as the classifier does once they are
            this.errorsSeen++;
            this.recognized++;
            aCnt++;
            aErr++;
            aPos = ls;
            aEnd = le;
            aLine = lineNo;
            continue;
          }
          flush();
          if (!this.request(buf, start, ls, le, lineNo, sigs.byLiteral.get('HTTP/') ?? EMPTY))
            consumed = precise(ls, le, lineNo, true);
        } else consumed = precise(ls, le, lineNo, ev[e + F.kind] === EV_ODD);
        if (consumed > le) {
          // a hard-wrapped continuation was joined: the classifier goes on after it
          longLines += ev[e + F.long] + (le - ls > max ? 1 : 0);
          restart = consumed;
          joinedAt = lineNo;
          break;
        }
      }
      if (restart >= 0) {
        if (restart < n) {
          // the joined line ended with a newline
          line = joinedAt + 2;
          from = restart + 1;
          finished = from >= n;
        } else {
          // the joined line was the block's last, without a newline: counted below
          line = joinedAt + 1;
          finished = true;
        }
        continue;
      }
      absorb(st, 0, S.aErr);
      longLines += st[S.long];
      line = st[S.line];
      from = st[S.next];
      if (st[S.done]) finished = true;
    }
    // the counts stay pending: delivered just before the next other hit (or at the end), merged with later ones
    flush();
    // the last line of the block when it has no trailing newline (the classifier leaves it to us)
    if (n > 0 && buf[end - 1] !== NL) {
      const nl = buf.lastIndexOf(NL, end - 1);
      const lastStart = nl === -1 || nl < start ? 0 : nl - start + 1;
      if (n - lastStart > max) longLines++;
      line++;
    }
    this.lineNo = line;
    if (countLong) this.longLines += longLines;
  }

  /**
   * The Hit for `cnt` counted request lines (plus those of `prev`, the pending hit of earlier blocks); line, time,
   * origin and process come from the last one, line [ls, le) of the block string s (bytes [base + ls, base + le)
   * of buf): read from the usual prefixes directly, else by normalising that line as the general path would.
   */
  countHit(
    buf: Buffer,
    base: number,
    sigIdx: number,
    cnt: number,
    errs: number,
    lineNo: number,
    ls: number,
    le: number,
    prev: Hit | null,
  ): Hit {
    const sig = this.sigs.list[sigIdx];
    const total = prev === null ? cnt : cnt + Number(prev.captures.count);
    const errors = prev === null || prev.captures.errors === undefined ? errs : errs + Number(prev.captures.errors);
    const hit: Hit = {
      sig: sig.id,
      event: sig.event,
      source: this.name,
      line: lineNo,
      captures: errors ? { count: String(total), errors: String(errors) } : { count: String(total) },
      text: '',
    };
    const k = this.classifier;
    k.prefix(ls, le);
    const pre = k.pre;
    const kind = pre[P.kind];
    if (kind !== 0) this.prefixInto(hit, buf, base);
    else {
      // a prefix the classifier does not read: normalise the line as the general path would
      const cap = Math.min(le, ls + this.maxLine);
      const sub = buf.toString('latin1', base + ls, base + cap);
      const odd = ODD_RE.test(sub);
      const n = normalizeLineHinted(odd && HIGH_RE.test(sub) ? buf.toString('utf8', base + ls, base + cap) : sub, !odd);
      if (n.time !== undefined) hit.time = n.time;
      if (n.origin !== undefined) hit.origin = n.origin;
      if (n.proc !== undefined) hit.proc = n.proc;
    }
    return hit;
  }

  /** time, origin and process of the prefix the classifier just read (kernel.pre; Heroku or compose) */
  private prefixInto(t: { time?: number; origin?: string; proc?: string }, buf: Buffer, base: number): void {
    const pre = this.classifier.pre;
    if (pre[P.kind] === 1) {
      t.time =
        Date.UTC(pre[P.year], pre[P.month] - 1, pre[P.day], pre[P.hour], pre[P.minute], pre[P.second], pre[P.ms]) -
        pre[P.zone] * 60000;
      t.proc = this.procName(buf, base + pre[P.procStart], base + pre[P.procEnd]);
      t.origin = pre[P.app] ? 'heroku-app' : t.proc === 'router' ? 'heroku-router' : 'heroku-platform';
    } else if (pre[P.kind] === 2) {
      t.origin = 'compose';
      t.proc = this.procName(buf, base + pre[P.procStart], base + pre[P.procEnd]);
    }
  }

  /** bytes [a, b) of buf as a string; the last one is kept (process names repeat line after line) */
  private procName(buf: Buffer, a: number, b: number): string {
    const last = this.lastProc;
    if (last.length === b - a) {
      let i = 0;
      while (i < last.length && buf[a + i] === last.charCodeAt(i)) i++;
      if (i === last.length) return last;
    }
    return (this.lastProc = buf.toString('latin1', a, b));
  }

  /** Emit the pending request counts (access first, then router). */
  deliverCounts(): void {
    if (this.pendA !== null) {
      const h = this.pendA;
      this.pendA = null;
      this.emitCount(h, this.pendAOff);
    }
    if (this.pendR !== null) {
      const h = this.pendR;
      this.pendR = null;
      this.emitCount(h, this.pendROff);
    }
  }

  private emitCount(h: Hit, off: number): void {
    this.hitOffset = off;
    this.hitFast = true;
    this.hitCount = Number(h.captures.count);
    this.onHit(h);
    this.hitCount = 0;
  }

  /**
   * Scan bytes [start, end) of buf. Every line in it ends with '\n' except possibly the last one (then it is a
   * final line, or the kept head of an over-long line). `countLong` = whether line lengths here are real.
   *
   * The general path (tests, and without WebAssembly): every line holding a signature literal (`literalRe`) is
   * normalised and matched on its own — request lines too, one Hit each.
   */
  blockGeneral(buf: Buffer, start: number, end: number, countLong: boolean): void {
    const s = buf.toString('latin1', start, end);
    const n = s.length;
    const max = this.maxLine;
    const sigs = this.sigs;
    const ore = sigs.literalRe;
    let line = this.lineNo;
    let lineStart = 0; // start of the line `line`
    let cnt = 0; // newlines counted up to here
    let nextNl = -2; // cached indexOf result from cnt (-2 = unknown)
    let longLines = 0;

    // count newlines in [cnt, pos): afterwards lineStart/line describe the line containing pos
    const advanceTo = (pos: number) => {
      let j = nextNl === -2 || nextNl < cnt ? s.indexOf('\n', cnt) : nextNl;
      while (j !== -1 && j < pos) {
        if (j - lineStart > max) longLines++;
        line++;
        lineStart = j + 1;
        j = s.indexOf('\n', j + 1);
      }
      nextNl = j;
      cnt = pos;
    };

    const INF = n + 1;
    const nextLiteral = (from: number) => {
      ore.lastIndex = from;
      const m = ore.exec(s);
      return m === null ? INF : m.index;
    };
    let p = nextLiteral(0);
    while (p < INF) {
      advanceTo(p);
      let le = nextNl === -1 ? n : nextNl;
      const capEnd = Math.min(le, lineStart + max);
      // a literal before the cap (or an over-long line): the literals present, then the patterns
      if (p < capEnd || le - lineStart > max) {
        const lits = this.litsIn(s, lineStart, le, capEnd);
        if (lits.length) le = this.line(buf, start, s, lineStart, le, line, lits, sigs.byLiteral);
      }
      if (le >= n) break;
      // past the line (and past a joined continuation line)
      p = nextLiteral(le);
    }
    advanceTo(n);
    // the last line of the block when it has no trailing newline
    if (n > 0 && s.charCodeAt(n - 1) !== NL) {
      if (n - lineStart > max) longLines++;
      line++;
    }
    this.lineNo = line;
    if (countLong) this.longLines += longLines;
  }

  /**
   * The distinct literals of the line at the start of s (the line and maybe the next one) that start before cap,
   * looking only for the literals of the gates the classifier found before cap (bits at ev[at…at+2]) — what
   * litsIn finds with the gate RegExps.
   */
  litsOf(s: string, cap: number, at: number, requestLiteral: boolean): string[] {
    const sigs = this.sigs;
    const k = this.classifier;
    const ev = k.events;
    const lits: string[] = [];
    const has = (l: string) => {
      const i = s.indexOf(l);
      if (i !== -1 && i < cap && !lits.includes(l)) lits.push(l);
    };
    // the counted literals can be in the line only when the classifier found one
    if (requestLiteral) for (const l of sigs.countedLiterals) has(l);
    for (let w = 0; w < 3; w++) {
      let bits = ev[at + w];
      while (bits !== 0) {
        const b = 31 - Math.clz32(bits & -bits);
        bits &= bits - 1;
        for (const l of sigs.gateCovers.get(k.gates[w * 32 + b]) ?? NO_LITERALS) has(l);
      }
    }
    return lits;
  }

  /**
   * The distinct literals of line [ls, le) of s that start before capEnd. Every literal contains a gate (or is a
   * counted request literal), so only the literals of the gates present are looked for.
   */
  litsIn(s: string, ls: number, le: number, capEnd: number): string[] {
    const sigs = this.sigs;
    const sub = s.slice(ls, le);
    const cap = capEnd - ls;
    const lits: string[] = [];
    const has = (l: string) => {
      const i = sub.indexOf(l);
      if (i !== -1 && i < cap && !lits.includes(l)) lits.push(l);
    };
    for (const l of sigs.countedLiterals) has(l);
    const covers = sigs.gateCovers;
    const gres = sigs.gateRes;
    for (let k = 0; k < gres.length; k++) {
      const re = gres[k];
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(sub)) !== null && m.index < cap) {
        for (const l of covers.get(m[0]) ?? NO_LITERALS) has(l);
        re.lastIndex = m.index + 1;
      }
    }
    return lits;
  }

  /**
   * Request fast path for a plain (ASCII-only, no ESC/</&) line [ls, le) whose only literal is a request literal:
   * recognise the common prefixes (none, Heroku `<iso> app[web.1]: ` / `heroku[router]: `, compose `web-1  | `)
   * exactly as normalizeLine would, then try the signature patterns on the message. Returns false when the line
   * has another shape or no pattern matches (the caller then takes the general path, which gives the same answer
   * for every line this accepts).
   */
  request(buf: Buffer, base: number, ls: number, le: number, lineNo: number, cands: number[]): boolean {
    const t = buf.toString('latin1', base + ls, base + le);
    if (PLAIN_ODD_RE.test(t)) return false;
    let te = t.length;
    while (te > 0) {
      const c = t.charCodeAt(te - 1);
      if (c === 13 || c === 32 || c === 9) te--;
      else break;
    }
    // the block is in the classifier (this path runs only with one): it reads the prefix as REQ_PREFIX_RE does
    const k = this.classifier;
    k.prefix(ls, le);
    const pre = k.pre;
    if (pre[P.kind] === 0) return false;
    const at = pre[P.message] - ls;
    const n: Normalized = { message: t.slice(at, te), prefixLen: at };
    this.prefixInto(n, buf, base);
    this.hitOffset = this.bufPos + base + ls;
    return this.match(n, n.message, cands, t, lineNo, true);
  }

  /**
   * Handle one hit line [ls, le) of block string s; returns the end of what was consumed (le, or further if joined).
   */
  line(
    buf: Buffer,
    base: number,
    s: string,
    ls: number,
    le: number,
    lineNo: number,
    lits: string[],
    byLit: Map<string, number[]>,
    blockEnd = s.length,
  ): number {
    const max = this.maxLine;
    const cap = Math.min(le, ls + max);
    // ASCII lines: the latin1 view is already the UTF-8 decoding. s is this line (fast path), so a slice of it
    // keeps little alive; the general path's s is its whole block: a fresh copy there
    const sub = this.fast ? s.slice(ls, cap) : buf.toString('latin1', base + ls, base + cap);
    const odd = ODD_RE.test(sub);
    const text = odd && HIGH_RE.test(sub) ? buf.toString('utf8', base + ls, base + cap) : sub;
    const n = normalizeLineHinted(text, !odd);
    const cands =
      lits.length === 1 ? (byLit.get(lits[0]) ?? EMPTY) : mergeCandidates(lits.map((l) => byLit.get(l) ?? EMPTY));
    if (this.match(n, n.message, cands, text, lineNo)) return le;
    if (this.retry(n, cands, text, lineNo)) return le;
    // hard-wrapped paste: try joining the next line when it carries no prefix of its own
    // (blockEnd: where the block ends, in the coordinates of ls/le; s may hold only this line)
    if (le < blockEnd && n.message.length >= 40) {
      let ne = buf.indexOf(NL, base + le + 1);
      ne = ne === -1 || ne >= base + blockEnd ? blockEnd : ne - base;
      if (ne - (le + 1) > 0 && ne - (le + 1) <= max) {
        const nextText = buf.toString('utf8', base + le + 1, base + ne);
        const c0 = nextText.charCodeAt(0);
        if (c0 !== 32 && c0 !== 9) {
          const nn = normalizeLine(nextText);
          if (nn.prefixLen === 0 && nn.message.length > 0) {
            if (
              this.match(n, n.message + nn.message, cands, text + '\n' + nextText, lineNo) ||
              this.match(n, n.message + ' ' + nn.message, cands, text + '\n' + nextText, lineNo)
            ) {
              this.joined++;
              return ne;
            }
          }
        }
      }
    }
    return le;
  }

  /**
   * Generic fallback for a candidate line that no anchored pattern matched (an unknown prefix before the message,
   * a message inside a CSV cell …): try each candidate signature's patterns on the message from the position of its
   * literal, and from the start of the word holding it (`ValueError: ` for the literal `Error: `) — only when what
   * comes before is one of the paste formats (paste-formats.ts: a level word `…,"error","`, a source and timestamp,
   * a container path, a zone abbreviation), so prose that merely mentions a message stays unrecognised.
   */
  retry(n: Normalized, cands: number[], text: string, lineNo: number): boolean {
    const msg = n.message;
    const list = this.sigs.list;
    for (let k = 0; k < cands.length; k++) {
      const i = msg.indexOf(list[cands[k]].literal);
      if (i <= 0) continue;
      // only after something that ends like a log prefix (paste-formats.ts), so prose mentioning a message is left
      // alone
      const w = wordStart(msg, i);
      if (pastePrefix(msg, w, stampedBefore(n)) === undefined) continue;
      const one = [cands[k]];
      if (w < i && this.match(n, msg.slice(w), one, text, lineNo)) return true;
      if (this.match(n, msg.slice(i), one, text, lineNo)) return true;
    }
    return false;
  }

  /**
   * Try the candidates' patterns on the message; the first that matches makes the Hit (`fast`: the request fast path
   * made it).
   */
  match(n: Normalized, message: string, cands: number[], text: string, lineNo: number, fast = false): boolean {
    const list = this.sigs.list;
    for (let k = 0; k < cands.length; k++) {
      const sig = list[cands[k]];
      const rs = sig.fast;
      for (let r = 0; r < rs.length; r++) {
        const f = rs[r];
        const mm = f.re.exec(message);
        if (mm === null) continue;
        const captures = capturesOf(f.names, mm);
        if (
          this.fast &&
          sig.event === 'request' &&
          isServerError(captures.status) &&
          this.errorsSeen++ >= this.errorSamples
        ) {
          // past the samples a 5xx line is counted, in the pending batch (whatever path brought it here)
          const prev = this.pendA;
          const c: Hit = {
            sig: sig.id,
            event: sig.event,
            source: this.name,
            line: lineNo,
            captures: {
              count: String(prev === null ? 1 : Number(prev.captures.count) + 1),
              errors: String(prev === null ? 1 : Number(prev.captures.errors ?? 0) + 1),
            },
            text: '',
          };
          if (n.time !== undefined) c.time = n.time;
          if (n.origin !== undefined) c.origin = n.origin;
          if (n.proc !== undefined) c.proc = n.proc;
          this.pendA = c;
          this.pendAOff = this.hitOffset;
          this.recognized++;
          return true;
        }
        const hit: Hit = {
          sig: sig.id,
          event: sig.event,
          source: this.name,
          line: lineNo,
          captures,
          text: stripCr(text),
        };
        if (n.time !== undefined) hit.time = n.time;
        if (n.pid !== undefined) hit.pid = n.pid;
        if (n.level !== undefined) hit.level = n.level;
        if (n.origin !== undefined) hit.origin = n.origin;
        if (n.proc !== undefined) hit.proc = n.proc;
        this.recognized++;
        this.deliverCounts();
        this.hitFast = fast;
        if (fast) this.hitCount = 0;
        this.onHit(hit);
        return true;
      }
    }
    return false;
  }
}

export function stripCr(t: string): string {
  return t.length && t.charCodeAt(t.length - 1) === 13 ? t.slice(0, -1) : t;
}

/** The named captures of a pattern match (compiled with unnamed groups: `names` maps group index → name). */
function capturesOf(names: readonly (string | undefined)[], mm: RegExpExecArray): Record<string, string> {
  const captures: Record<string, string> = {};
  if (names.length) {
    for (let g = 0; g < names.length; g++) {
      const name = names[g];
      const v = mm[g + 1];
      if (name !== undefined && v !== undefined) captures[name] = v;
    }
  } else if (mm.groups) {
    for (const key in mm.groups) if (mm.groups[key] !== undefined) captures[key] = mm.groups[key];
  }
  return captures;
}
