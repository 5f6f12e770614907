/**
 * Every paste format (src/evidence/paste-formats.ts) with its samples: each sample line is recognised as its
 * signature by both scanner paths, needs the fallback (no anchored pattern matches the normalised message) and is
 * recognised by this format; each counter-sample holds a literal before which this format sees no prefix, and
 * the scanner leaves it unrecognised. A new format with samples is tested by adding it.
 */
import { describe, it, expect } from 'vitest';
import { Readable } from 'node:stream';
import { scan } from '../../src/evidence/scan.js';
import { loadSignatures } from '../../src/catalog/signatures.js';
import { normalizeLine } from '../../src/evidence/normalize.js';
import { PASTE_FORMATS, pastePrefixIs, stampedBefore, wordStart } from '../../src/evidence/paste-formats.js';
import type { Hit } from '../../src/evidence/events.js';

const sigs = loadSignatures();

async function hitsOf(line: string, requestFastPath: boolean): Promise<[number, string][]> {
  const hits: Hit[] = [];
  await scan([{ name: 'paste', stream: Readable.from([Buffer.from(line + '\n')]) }], sigs, (h) => hits.push(h), {
    requestFastPath,
  });
  return hits.map((h) => [h.line, h.sig]);
}

describe('paste formats', () => {
  it('have distinct names, and samples and counter-samples each', () => {
    expect(new Set(PASTE_FORMATS.map((f) => f.name)).size).toBe(PASTE_FORMATS.length);
    for (const f of PASTE_FORMATS) {
      expect(f.samples.length, f.name).toBeGreaterThan(0);
      expect(f.counterSamples.length, f.name).toBeGreaterThan(0);
    }
  });

  for (const f of PASTE_FORMATS) {
    describe(f.name, () => {
      for (const s of f.samples) {
        it(`recognises ${JSON.stringify(s.line)}`, async () => {
          const sig = sigs.list.find((c) => c.id === s.sig);
          expect(sig, `no signature ${s.sig}`).toBeDefined();
          const n = normalizeLine(s.line);
          // the fallback is what makes it recognised: no anchored pattern matches the message
          expect(sig!.regexes.some((re) => re.test(n.message))).toBe(false);
          const i = n.message.indexOf(sig!.literal);
          expect(i).toBeGreaterThan(0);
          expect(pastePrefixIs(f, n.message, wordStart(n.message, i), stampedBefore(n))).toBe(true);
          expect(await hitsOf(s.line, true)).toEqual([[1, s.sig]]);
          expect(await hitsOf(s.line, false)).toEqual([[1, s.sig]]);
        });
      }
      for (const line of f.counterSamples) {
        it(`leaves alone ${JSON.stringify(line)}`, async () => {
          const n = normalizeLine(line);
          const at = sigs.list.map((c) => n.message.indexOf(c.literal)).filter((i) => i > 0);
          // a counter-sample holds a literal after some text, else it would not test the format
          expect(at.length).toBeGreaterThan(0);
          for (const i of at)
            expect(pastePrefixIs(f, n.message, wordStart(n.message, i), stampedBefore(n))).toBe(false);
          expect(await hitsOf(line, true)).toEqual([]);
          expect(await hitsOf(line, false)).toEqual([]);
        });
      }
    });
  }
});
