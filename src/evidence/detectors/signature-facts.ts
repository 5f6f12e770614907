/**
 * Signature facts: a line that establishes a fact by itself. A signature in content/signatures/ may name the fact
 * its lines establish (`fact: <id>`); every such line adds that fact, decisive, with the signature's summary as the
 * reason. This lets a new cause whose evidence is one kind of line be taught with data alone (a signature and the
 * fact's entry in src/evidence/facts.ts); facts that need a sequence or a cadence stay with the other detectors.
 *
 * The signature → fact table comes from the signatures the scan uses (Timeline.signatureFacts, set by the engine's
 * prepare()); no built-in signature names a fact today, so for them this detector does nothing.
 */
import type { Hit } from '../events.js';
import type { Detector, Timeline } from '../timeline.js';

export class SignatureFactsDetector implements Detector {
  readonly name = 'signature-facts';
  readonly events = 'all' as const;

  on(h: Hit, tl: Timeline): void {
    const named = tl.signatureFacts.get(h.sig);
    if (named) tl.add(named.fact, h, named.reason);
  }
}
