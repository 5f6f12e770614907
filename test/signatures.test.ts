import { describe, it, expect } from 'vitest';
import { Readable } from 'node:stream';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  readSignatureDefs,
  compileSignatures,
  loadSignatures,
  type SignatureDef,
  type CompiledSignatures,
} from '../src/catalog/signatures.js';
import { scan } from '../src/evidence/scan.js';
import { normalizeLine } from '../src/evidence/normalize.js';
import type { Hit } from '../src/evidence/events.js';

const defs = readSignatureDefs();
const all = compileSignatures(defs);
const byId = new Map(defs.map((d) => [d.id, d]));

async function scanText(text: string, sigs: CompiledSignatures, requestFastPath = true): Promise<Hit[]> {
  const hits: Hit[] = [];
  await scan([{ name: 'sample', stream: Readable.from([Buffer.from(text, 'utf8')]) }], sigs, (h) => hits.push(h), {
    requestFastPath,
  });
  return hits;
}

const isBatch = (h: Hit) => (h.event === 'request' || h.event === 'router-ok') && h.captures.count !== undefined;

/** counted request lines come as one Hit with captures.count: expand them into one entry per line */
function expandCounts(hits: Hit[]): { sig: string; line: number }[] {
  const out: { sig: string; line: number }[] = [];
  for (const h of hits) {
    const k = isBatch(h) ? Number(h.captures.count) : 1;
    for (let j = k - 1; j >= 0; j--) out.push({ sig: h.sig, line: h.line - j });
  }
  return out;
}

/**
 * does signature d recognise raw line `line` on its own (literal present + a pattern matches the normalized message)?
 */
function matchesDirect(d: SignatureDef, line: string): boolean {
  if (!line.includes(d.literal)) return false;
  const msg = normalizeLine(line).message;
  return d.patterns.some((p) => new RegExp(p, 'u').test(msg));
}

describe('signature catalog', () => {
  it('loads and validates', () => {
    expect(defs.length).toBeGreaterThan(80);
    expect(() => loadSignatures()).not.toThrow();
  });

  it('reports every problem of a broken catalog at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigs-'));
    try {
      writeFileSync(
        join(dir, 'a.yaml'),
        "id: b\nsummary: x\nevent: nope\nindicates: []\nsource: s\nliteral: 'xyz'\npatterns: ['(']\nsamples: [{ line: 'abc' }]\n",
      );
      writeFileSync(join(dir, 'c.yaml'), 'id: c\n: : :\n');
      let err: (Error & { problems?: string[] }) | undefined;
      try {
        loadSignatures(dir);
      } catch (e) {
        err = e as Error;
      }
      expect(err).toBeDefined();
      const msg = err!.message;
      expect(msg).toMatch(/a\.yaml: id "b" must equal the file stem/);
      expect(msg).toMatch(/a\.yaml: event "nope"/);
      expect(msg).toMatch(/a\.yaml: patterns\[0\] does not compile/);
      expect(msg).toMatch(/a\.yaml: samples\[0\]\.line does not contain the literal/);
      expect(msg).toMatch(/c\.yaml/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('orders deterministically (priority desc, then id)', () => {
    const again = compileSignatures([...defs].reverse());
    expect(again.list.map((s) => s.id)).toEqual(all.list.map((s) => s.id));
  });
});

describe.each(defs.map((d) => [d.id, d] as const))('%s', (_id, d) => {
  const own = compileSignatures([d]);

  it.each(d.samples.map((s, i) => [i, s] as const))(
    'sample %i is recognised by its own signature (scan path) with its captures',
    async (_i, s) => {
      const hits = await scanText(s.line + '\n', all);
      expect(
        hits.map((h) => h.sig),
        `line: ${s.line}`,
      ).toEqual([d.id]);
      expect(hits[0].event).toBe(d.event);
      expect(hits[0].line).toBe(1);
      // a plain request line is counted, not objectified: its captures come from the precise path
      if (isBatch(hits[0])) expect(hits[0].captures.count).toBe('1');
      const full = isBatch(hits[0]) ? await scanText(s.line + '\n', all, false) : hits;
      expect(full.map((h) => h.sig)).toEqual([d.id]);
      for (const [k, v] of Object.entries(s.captures ?? {})) expect(full[0].captures[k], `capture ${k}`).toBe(v);
      // and alone, CRLF-terminated
      const alone = await scanText(s.line + '\r\n', own);
      expect(alone.length).toBe(1);
    },
  );

  it.each(d.samples.map((s, i) => [i, s] as const))(
    'sample %i overlaps only with signatures listed in alsoMatches',
    (_i, s) => {
      const others = defs.filter((o) => o.id !== d.id && matchesDirect(o, s.line)).map((o) => o.id);
      expect(others.sort(), `line: ${s.line}`).toEqual([...(s.alsoMatches ?? [])].sort());
    },
  );

  it('every pattern is exercised by at least one sample', () => {
    d.patterns.forEach((p, i) => {
      const re = new RegExp(p, 'u');
      const used = d.samples.some((s) => re.test(normalizeLine(s.line).message));
      expect(used, `patterns[${i}] of ${d.id} has no sample`).toBe(true);
    });
  });

  if (d.counterSamples?.length) {
    it.each(d.counterSamples.map((c, i) => [i, c] as const))('counter-sample %i is not recognised', async (_i, c) => {
      expect(await scanText(c + '\n', own)).toEqual([]);
      expect(matchesDirect(d, c)).toBe(false);
    });
  }

  it('every pattern stays fast on 1 MB hostile lines', () => {
    const MB = 1 << 20;
    const hostile = [
      '[a '.repeat(MB / 3),
      'a'.repeat(MB) + '!',
      'word '.repeat(MB / 5),
      '1'.repeat(MB),
      ' '.repeat(MB) + 'x',
      d.literal + 'a'.repeat(MB),
      d.literal + ' '.repeat(MB) + '!',
      d.literal + '('.repeat(MB),
      d.literal + '0'.repeat(MB),
      d.literal + '"'.repeat(MB),
    ];
    for (const s of d.samples.slice(0, 1)) {
      const msg = normalizeLine(s.line).message;
      hostile.push(msg + 'x'.repeat(MB), msg.slice(0, Math.max(1, msg.length - 1)) + ' '.repeat(MB));
    }
    for (const p of d.patterns) {
      const re = new RegExp(p, 'u');
      for (const h of hostile) {
        const t0 = performance.now();
        re.exec(h);
        const ms = performance.now() - t0;
        expect(ms, `${d.id} /${p}/ on ${JSON.stringify(h.slice(0, 20))}…`).toBeLessThan(200);
      }
    }
  });
});

describe('family gates (compile step)', () => {
  it('every literal that is not counted contains a gate, and every gate covers only literals containing it', () => {
    for (const lit of all.byLiteral.keys()) {
      if (all.countedLiterals.includes(lit)) continue;
      expect(
        all.gates.some((g) => lit.includes(g)),
        `literal ${JSON.stringify(lit)}`,
      ).toBe(true);
    }
    for (const [g, lits] of all.gateCovers) for (const l of lits) expect(l.includes(g)).toBe(true);
  });

  it('every sample line holds a gate or a counted literal (so the scanner looks at it)', () => {
    for (const d of defs)
      for (const s of d.samples) {
        all.gateRe.lastIndex = 0;
        const gated = all.gateRe.test(s.line) || all.countedLiterals.some((l) => s.line.includes(l));
        expect(gated, `${d.id}: ${s.line}`).toBe(true);
      }
  });

  it('keeps the gate alternation short', () => {
    // the gate alternation's length is what bench/run.mjs measures; keep it well under the ~125 literals it replaced
    expect(all.gates.length).toBeLessThanOrEqual(90);
  });
});

describe('scan over all samples at once', () => {
  it('recognises every sample line with exact line numbers', async () => {
    const lines: { id: string; line: string }[] = [];
    for (const d of defs) for (const s of d.samples) lines.push({ id: d.id, line: s.line });
    const text = lines.map((l) => l.line).join('\n') + '\n';
    const hits = expandCounts(await scanText(text, all));
    expect(hits.length).toBe(lines.length);
    hits.forEach((h, i) => {
      expect(h.line).toBe(i + 1);
      expect(h.sig).toBe(lines[i].id);
    });
    expect(byId.size).toBe(defs.length);
  });
});
