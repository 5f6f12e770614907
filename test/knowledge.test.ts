/**
 * The knowledge chain, end to end: cause → test case and README row; question → fact → what produces it (a
 * signature's `fact:` or code under src/evidence/); signature → code that consumes its event; cause page → its log
 * example diagnosed as that cause. The checks live in test/support/knowledge-chain.ts (the recipe test runs the same
 * ones on a scratch cause); each failure says what is missing and where to add it.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it, test } from 'vitest';
import {
  caseProblem,
  eventConsumedProblem,
  events,
  exampleProblem,
  factListedProblem,
  factProducedProblem,
  indirectlyProduced,
  loadKnowledge,
  pageExamples,
  questionFacts,
  readmeProblem,
  signatureEventProblem,
} from './support/knowledge-chain.js';

const k = await loadKnowledge(join(import.meta.dirname, '..'));
// the engine, loaded before the examples' clocks start (as a static import would be)
await k.diagnose();

// ---------------------------------------------------------------------------------------------------------------
// (a) every cause has a test case and a row in the README

describe('knowledge chain: causes → test cases', () => {
  it('finds the causes', () => {
    expect(k.causes.length, 'no cause pages in content/causes/ and no leaves in flows/').toBeGreaterThan(0);
  });
  it.each(k.causes)('cause %s has a case in test/cases', (cause) => {
    expect(caseProblem(k, cause)).toBeUndefined();
  });
  it.each(k.causes)('cause %s has a row in the README', (cause) => {
    expect(readmeProblem(k, cause)).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// (b) every fact a question reads exists and is produced

const qFacts = questionFacts(k);
const indirect: string[] = [];

describe('knowledge chain: questions → facts → what derives them', () => {
  it('finds the facts the questions read, and the add() calls of src/evidence/', () => {
    expect(qFacts.length, 'no answeredBy facts found in flows/questions.ts').toBeGreaterThan(0);
    expect(
      k.addedDirectly.size,
      `no add('<fact>', …) call found under src/evidence/: has the timeline's add() been renamed? Update test/support/knowledge-chain.ts`,
    ).toBeGreaterThan(0);
  });

  it.each(qFacts)('fact %s (read by question %s) is listed in FACTS', (fact, q) => {
    expect(factListedProblem(k, fact, q)).toBeUndefined();
  });

  it.each(qFacts)('fact %s (read by question %s) is produced by a signature or in src/evidence/', (fact, q) => {
    const note = indirectlyProduced(k, fact);
    if (note) indirect.push(note);
    expect(factProducedProblem(k, fact, q)).toBeUndefined();
  });

  afterAll(() => {
    if (indirect.length)
      console.log(
        `note: facts produced only through a variable (not a literal add('<fact>') call): ${indirect.join('; ')}`,
      );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// (c) every signature's event is consumed

describe('knowledge chain: signatures → the code that consumes their events', () => {
  it.each(k.signatures.map((s) => [s.file, s] as const))('%s declares an event', (_file, s) => {
    expect(signatureEventProblem(s)).toBeUndefined();
  });

  it.each(events(k))('event %s is consumed under src/evidence/', (event) => {
    expect(eventConsumedProblem(k, event)).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// (d) every cause page's "How to confirm" log example is diagnosed as that cause

const pages = k.pageCauses.map((id) => ({ id, examples: pageExamples(k, id) }));
const exampleCases = pages.flatMap((p) =>
  p.examples.map((text, i) => [`${p.id} #${i + 1}`, p.id, i + 1, text] as const),
);
const withoutExample = pages.filter((p) => p.examples.length === 0).map((p) => `content/causes/${p.id}.md`);

describe('knowledge chain: cause pages → their log example is diagnosed as that cause', () => {
  test('pages without a log example in "How to confirm" (a note, not a failure)', () => {
    if (withoutExample.length)
      console.log(
        `note: ${withoutExample.length} cause page(s) have no \`\`\`log example in "How to confirm" (add one: real lines that show the cause): ${withoutExample.join(', ')}`,
      );
    expect(pages.length).toBeGreaterThan(0);
  });

  it.each(exampleCases)('example %s', async (_label, id, n, text) => {
    expect(await exampleProblem(k, id, n, text)).toBeUndefined();
  });
});
