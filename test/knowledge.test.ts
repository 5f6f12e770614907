/**
 * The knowledge chain, end to end: cause → test case; question → fact → code that derives it; signature → code that
 * consumes its event; cause page → its log example diagnosed as that cause. Each failure says what is missing and
 * where to add it. Source code is read as text (test/support/source-scan.ts), recursively under src/evidence/, so
 * the checks keep working when the timeline is split into files (src/evidence/detectors/…).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyStateNode } from 'xstate';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it, test } from 'vitest';
import { doctorMachine } from '../flows/doctor.machine.js';
import type { FlowMeta } from '../flows/kit.js';
import { questionTable } from '../flows/questions.js';
import { FACTS } from '../src/evidence/facts.js';
import { diagnoseFile } from './support/run-case.js';
import {
  comparedLiterals,
  literalsInCalls,
  producedLiterals,
  tokensOfDir,
  where,
  type Token,
} from './support/source-scan.js';

const root = join(import.meta.dirname, '..');
const causesDir = join(root, 'content', 'causes');
const signaturesDir = join(root, 'content', 'signatures');
const casesDir = join(root, 'test', 'cases');
const evidenceDir = join(root, 'src', 'evidence');

// ---------------------------------------------------------------------------------------------------------------
// (a) every cause has a test case

function allStates(n: AnyStateNode = doctorMachine.root): AnyStateNode[] {
  return [n, ...Object.values(n.states).flatMap((c) => allStates(c as AnyStateNode))];
}
const leafCauses = allStates()
  .map((n) => n.meta as FlowMeta | undefined)
  .filter((m): m is FlowMeta & { cause: string } => !!m && 'cause' in m)
  .map((m) => m.cause);
const pageCauses = readdirSync(causesDir)
  .filter((f) => f.endsWith('.md'))
  .map((f) => f.replace(/\.md$/, ''));
const causes = [...new Set([...pageCauses, ...leafCauses])].sort();
const caseDirs = readdirSync(casesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

describe('knowledge chain: causes → test cases', () => {
  it('finds the causes', () => {
    expect(causes.length, 'no cause pages in content/causes/ and no leaves in flows/').toBeGreaterThan(0);
  });
  it.each(causes)('cause %s has a case in test/cases', (cause) => {
    const from = [
      pageCauses.includes(cause) ? `content/causes/${cause}.md` : '',
      leafCauses.includes(cause) ? 'a final state in flows/' : '',
    ]
      .filter(Boolean)
      .join(' and ');
    expect(
      caseDirs.filter((d) => d.split('--')[0] === cause),
      `Cause "${cause}" (${from}) has no test case. Add a folder test/cases/${cause}--<short-name>/ with input.log (a log that shows it) and expected.json ({"cause": "${cause}", "source": …, "notes": …}).`,
    ).not.toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// (b) every fact a question reads exists and is produced

const evidenceTokens = tokensOfDir(evidenceDir, root, (f) => f.endsWith(join('evidence', 'facts.ts')));
const byValue = (tokens: Token[]) => {
  const m = new Map<string, Token[]>();
  for (const t of tokens) m.set(t.value, [...(m.get(t.value) ?? []), t]);
  return m;
};
/** literal fact ids in `add(…)` calls */
const addedDirectly = byValue(literalsInCalls(evidenceTokens, 'add'));
/** literal fact ids produced as values (returned, assigned, passed on) that reach `add(…)` through a variable */
const producedAsValue = byValue(producedLiterals(evidenceTokens));
const questionFacts = [
  ...new Map(
    Object.entries(questionTable).flatMap(([q, def]) => def.answeredBy.map((r) => [r.fact, q] as const)),
  ).entries(),
].sort(([a], [b]) => a.localeCompare(b));
const indirect: string[] = [];

describe('knowledge chain: questions → facts → the code that derives them', () => {
  it('finds the facts the questions read, and the add() calls of src/evidence/', () => {
    expect(questionFacts.length, 'no answeredBy facts found in flows/questions.ts').toBeGreaterThan(0);
    expect(
      addedDirectly.size,
      `no add('<fact>', …) call found under src/evidence/: has the timeline's add() been renamed? Update test/knowledge.test.ts`,
    ).toBeGreaterThan(0);
  });

  it.each(questionFacts)('fact %s (read by question %s) is listed in FACTS', (fact, q) => {
    expect(
      Object.keys(FACTS),
      `flows/questions.ts: question "${q}" names fact "${fact}" in answeredBy, but src/evidence/facts.ts does not list it in FACTS. Add '${fact}': '<what it means>' to FACTS (and derive it in src/evidence/), or fix the id in the question.`,
    ).toContain(fact);
  });

  it.each(questionFacts)('fact %s (read by question %s) is produced in src/evidence/', (fact, q) => {
    const direct = addedDirectly.get(fact);
    const value = producedAsValue.get(fact);
    if (!direct && value) indirect.push(`${fact} (${value.map(where).join(', ')})`);
    expect(
      !!direct || !!value,
      `Fact "${fact}" is read by question "${q}" (flows/questions.ts answeredBy) but nothing under src/evidence/ produces it: no this.add('${fact}', hit, reason) call and no '${fact}' returned or assigned on its way to add(). Derive it in src/evidence/timeline.ts (or a detector under src/evidence/), or remove the rule from the question — as it is, the log can never answer that way.`,
    ).toBe(true);
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

const signatures = readdirSync(signaturesDir)
  .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
  .sort()
  .map((f) => ({
    file: `content/signatures/${f}`,
    event: (parseYaml(readFileSync(join(signaturesDir, f), 'utf8')) as { event?: unknown }).event,
  }));
const compared = byValue(comparedLiterals(evidenceTokens));
const prefixTests = literalsInCalls(evidenceTokens, 'startsWith');
const events = [...new Set(signatures.map((s) => s.event).filter((e): e is string => typeof e === 'string'))].sort();

describe('knowledge chain: signatures → the code that consumes their events', () => {
  it.each(signatures.map((s) => [s.file, s] as const))('%s declares an event', (file, s) => {
    expect(typeof s.event, `${file}: add \`event: <kind>\` (one of src/evidence/events.ts EVENT_KINDS)`).toBe('string');
  });

  it.each(events)('event %s is consumed under src/evidence/', (event) => {
    const files = signatures.filter((s) => s.event === event).map((s) => s.file);
    const prefix = prefixTests.filter((t) => event.startsWith(t.value));
    expect(
      compared.has(event),
      `Event "${event}" (from ${files.join(', ')}) is never consumed: no \`case '${event}':\` and no comparison with '${event}' anywhere under src/evidence/` +
        (prefix.length
          ? ` (only a prefix test: ${prefix.map((t) => `startsWith('${t.value}') at ${where(t)}`).join(', ')})`
          : '') +
        `. Add \`case '${event}':\` to the switch in src/evidence/timeline.ts (Timeline.push) — or a detector under src/evidence/ — and derive a fact from it; or drop the signature if the line means nothing.`,
    ).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// (d) every cause page's "How to confirm" log example is diagnosed as that cause

const LOGGISH =
  /\[\d{4}-\d\d-\d\d[ T]\d|\d{4}-\d\d-\d\dT\d\d:\d\d|\[(?:INFO|ERROR|CRITICAL|WARNING|DEBUG)\]|\b(?:app|heroku)\[[\w.]+\]:|Traceback \(most recent call last\)|\bgunicorn\b|\bWORKER TIMEOUT\b/;

/** the fenced ```log / ```text blocks of a page's "How to confirm" section that hold log lines */
function confirmExamples(md: string): string[] {
  const lines = md.split(/\r?\n/);
  const examples: string[] = [];
  let inSection = false;
  let fence: { info: string; body: string[] } | undefined;
  for (const l of lines) {
    if (fence) {
      if (/^\s*```\s*$/.test(l)) {
        const body = fence.body.filter((x) => x.trim() && !/^\s*\$ /.test(x));
        const isLog = fence.info === 'log' ? body.length > 0 : body.some((x) => LOGGISH.test(x));
        if (inSection && isLog) examples.push(`${fence.body.join('\n')}\n`);
        fence = undefined;
      } else fence.body.push(l);
      continue;
    }
    const open = /^\s*```\s*([\w-]*)/.exec(l);
    if (open) {
      fence = { info: open[1]!.toLowerCase(), body: [] };
      if (fence.info !== 'log' && fence.info !== 'text') fence.info = `other:${fence.info}`;
      continue;
    }
    if (/^## /.test(l)) inSection = /^## How to confirm\s*$/.test(l);
  }
  return examples;
}

const pages = pageCauses
  .sort()
  .map((id) => ({ id, examples: confirmExamples(readFileSync(join(causesDir, `${id}.md`), 'utf8')) }));
const exampleCases = pages.flatMap((p) => p.examples.map((text, i) => [`${p.id} #${i + 1}`, p.id, text] as const));
const withoutExample = pages.filter((p) => p.examples.length === 0).map((p) => `content/causes/${p.id}.md`);

describe('knowledge chain: cause pages → their log example is diagnosed as that cause', () => {
  test('pages without a log example in "How to confirm" (a note, not a failure)', () => {
    if (withoutExample.length)
      console.log(
        `note: ${withoutExample.length} cause page(s) have no \`\`\`log example in "How to confirm" (add one: real lines that show the cause): ${withoutExample.join(', ')}`,
      );
    expect(pages.length).toBeGreaterThan(0);
  });

  it.each(exampleCases)('example %s', async (label, id, text) => {
    const dir = mkdtempSync(join(tmpdir(), 'gd-knowledge-'));
    try {
      const file = join(dir, `${id}-example.log`);
      writeFileSync(file, text);
      const { report } = await diagnoseFile(file);
      const d = report.diagnoses[0]!;
      const path = report.answers
        .filter((a) => a.from !== 'default')
        .map((a) => `${a.question}=${a.choice}`)
        .join(' > ');
      expect(
        d.cause,
        `content/causes/${id}.md, "How to confirm", log example ${label.split(' ')[1]}: the doctor reads it as ${d.cause}${d.variant ? `.${d.variant}` : ''} (${d.confidence}), not ${id}; path ${path || '(nothing answered from the log)'}. Either the example does not show the cause (fix the example in the page) or the engine misses it (teach src/evidence/ or flows/ the general rule).`,
      ).toBe(id);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
