/**
 * Developer aid: `GD_DEBUG=path/to/input.log npx vitest run test/debug.test.ts` prints the recognised lines and facts.
 */
import { test } from 'vitest';
import { loadSignatures } from '../src/catalog/signatures.js';
import { scan } from '../src/evidence/scan.js';
import { newTimeline } from '../src/evidence/detectors/index.js';

test.runIf(!!process.env.GD_DEBUG)('debug one log', async () => {
  const tl = newTimeline();
  await scan([{ name: 'in', path: process.env.GD_DEBUG! }], loadSignatures(), (h) => {
    console.log(
      `${h.line}\t${h.sig}\t${h.event}\t${JSON.stringify(h.captures)}\tpid=${h.pid ?? ''} t=${h.time ?? ''} o=${h.origin ?? ''}`,
    );
    tl.push(h);
  });
  tl.finish();
  for (const [id, f] of tl.facts)
    console.log(`FACT ${id} ${f.strength} ×${f.count}: ${f.reason} @${f.hits.map((h) => h.line).join(',')}`);
});
