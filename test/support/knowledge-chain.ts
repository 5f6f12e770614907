/**
 * The knowledge chain, as checks over one copy of the knowledge: cause page ↔ machine leaf, page format, question
 * choices ↔ transitions, cause → test case and README row, question → fact → what produces it, signature → the code
 * that consumes its event, cause page → its "How to confirm" log example diagnosed as that cause.
 *
 * Every check returns the problem as a sentence that names the file to add or fix (undefined when it holds), so the
 * catalog and knowledge tests (test/catalog.test.ts, test/knowledge.test.ts) and the recipe test (test/recipe.test.ts,
 * which runs them on a scratch cause in a temporary copy) share one definition of each check. The knowledge is
 * loaded from a root directory: the repository, or a copy of content/, flows/ and src/ elsewhere. Source code is read
 * as text (test/support/source-scan.ts), recursively under src/evidence/.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyStateNode } from 'xstate';
import { parse as parseYaml } from 'yaml';
import type { FlowMeta } from '../../flows/kit.js';
import type { QuestionDef } from '../../flows/questions.js';
import type { parsePage as ParsePage } from '../../src/catalog/causes.js';
import type { readSignatureDefs as ReadSignatureDefs } from '../../src/catalog/signatures.js';
import type { diagnoseFile as DiagnoseFile } from './run-case.js';
import { comparedLiterals, literalsInCalls, producedLiterals, tokensOfDir, where, type Token } from './source-scan.js';

export interface Signature {
  file: string;
  event: unknown;
  fact: unknown;
}

export interface Knowledge {
  root: string;
  /** every state of the machine (flows/doctor.machine.ts) */
  states: AnyStateNode[];
  leaves: AnyStateNode[];
  questionStates: AnyStateNode[];
  questionTable: Record<string, QuestionDef>;
  /** the fact ids of src/evidence/facts.ts FACTS */
  facts: string[];
  /** the causes named by a page (content/causes/<id>.md) */
  pageCauses: string[];
  /** the causes named by a leaf of the machine */
  leafCauses: string[];
  /** both, sorted */
  causes: string[];
  /** folders of test/cases/ */
  caseDirs: string[];
  signatures: Signature[];
  parsePage: typeof ParsePage;
  readSignatureDefs: typeof ReadSignatureDefs;
  /** the root's own engine, for the examples (loaded on first use) */
  diagnose: () => Promise<typeof DiagnoseFile>;
  /** literal fact ids in add(…) calls under src/evidence/ */
  addedDirectly: Map<string, Token[]>;
  /** literal fact ids produced as values (returned, assigned, passed on) on their way to add(…) */
  producedAsValue: Map<string, Token[]>;
  /** literals compared with (case labels, ===) under src/evidence/ */
  compared: Map<string, Token[]>;
  /** startsWith('…') tests under src/evidence/ */
  prefixTests: Token[];
}

const meta = (n: AnyStateNode) => n.meta as FlowMeta | undefined;
const causeOf = (n: AnyStateNode) => (meta(n) as { cause: string }).cause;

function allStates(n: AnyStateNode): AnyStateNode[] {
  return [n, ...Object.values(n.states).flatMap((c) => allStates(c as AnyStateNode))];
}

const byValue = (tokens: Token[]) => {
  const m = new Map<string, Token[]>();
  for (const t of tokens) m.set(t.value, [...(m.get(t.value) ?? []), t]);
  return m;
};

const mdStems = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.md'))
        .map((f) => f.replace(/\.md$/, ''))
        .sort()
    : [];

/** Loads the knowledge under root: its own flows/ and src/ modules, its content/ and test/cases/. */
export async function loadKnowledge(root: string): Promise<Knowledge> {
  const [{ doctorMachine }, { questionTable }, { FACTS }, { parsePage }, { readSignatureDefs }] = await Promise.all([
    import(join(root, 'flows', 'doctor.machine.ts')) as Promise<typeof import('../../flows/doctor.machine.js')>,
    import(join(root, 'flows', 'questions.ts')) as Promise<typeof import('../../flows/questions.js')>,
    import(join(root, 'src', 'evidence', 'facts.ts')) as Promise<typeof import('../../src/evidence/facts.js')>,
    import(join(root, 'src', 'catalog', 'causes.ts')) as Promise<typeof import('../../src/catalog/causes.js')>,
    import(join(root, 'src', 'catalog', 'signatures.ts')) as Promise<typeof import('../../src/catalog/signatures.js')>,
  ]);
  const states = allStates(doctorMachine.root);
  const leaves = states.filter((n) => 'cause' in (meta(n) ?? {}));
  const leafCauses = [...new Set(leaves.map(causeOf))];
  const pageCauses = mdStems(join(root, 'content', 'causes'));
  const casesDir = join(root, 'test', 'cases');
  const signaturesDir = join(root, 'content', 'signatures');
  const evidenceTokens = tokensOfDir(join(root, 'src', 'evidence'), root, (f) =>
    f.endsWith(join('evidence', 'facts.ts')),
  );
  let diagnose: typeof DiagnoseFile | undefined;
  return {
    root,
    states,
    leaves,
    questionStates: states.filter((n) => 'question' in (meta(n) ?? {})),
    questionTable: questionTable as Record<string, QuestionDef>,
    facts: Object.keys(FACTS),
    pageCauses,
    leafCauses,
    causes: [...new Set([...pageCauses, ...leafCauses])].sort(),
    caseDirs: existsSync(casesDir)
      ? readdirSync(casesDir, { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .map((d) => d.name)
      : [],
    signatures: readdirSync(signaturesDir)
      .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
      .sort()
      .map((f) => {
        const doc = parseYaml(readFileSync(join(signaturesDir, f), 'utf8')) as { event?: unknown; fact?: unknown };
        return { file: `content/signatures/${f}`, event: doc?.event, fact: doc?.fact };
      }),
    parsePage,
    readSignatureDefs,
    diagnose: async () =>
      (diagnose ??= ((await import(join(root, 'test', 'support', 'run-case.ts'))) as typeof import('./run-case.js'))
        .diagnoseFile),
    addedDirectly: byValue(literalsInCalls(evidenceTokens, 'add')),
    producedAsValue: byValue(producedLiterals(evidenceTokens)),
    compared: byValue(comparedLiterals(evidenceTokens)),
    prefixTests: literalsInCalls(evidenceTokens, 'startsWith'),
  };
}

/**
 * The flows/ file that defines a state: its branch file (flows/<branch>.ts, or the file the machine imports for it).
 */
export function flowFile(k: Knowledge, n: AnyStateNode): string {
  const top = n.path[0];
  if (top === undefined) return 'flows/doctor.machine.ts';
  if (existsSync(join(k.root, 'flows', `${top}.ts`))) return `flows/${top}.ts`;
  const machine = readFileSync(join(k.root, 'flows', 'doctor.machine.ts'), 'utf8');
  const ident = new RegExp(`'${top}':\\s*([A-Za-z_]\\w*)\\s*,`).exec(machine)?.[1];
  return ident && existsSync(join(k.root, 'flows', `${ident}.ts`)) ? `flows/${ident}.ts` : 'flows/doctor.machine.ts';
}

// ---------------------------------------------------------------------------------------------------------------
// cause page ↔ machine leaf, page format, question choices ↔ transitions

export function leafPageProblem(k: Knowledge, leaf: AnyStateNode): string | undefined {
  const id = causeOf(leaf);
  if (k.pageCauses.includes(id)) return undefined;
  return `Leaf \`${leaf.path.join('.')}\` in ${flowFile(k, leaf)} concludes "${id}" but content/causes/${id}.md does not exist. If you just added a cause, create that page (front matter + the four sections).`;
}

export function pageLeafProblem(k: Knowledge, id: string): string | undefined {
  if (k.leafCauses.includes(id)) return undefined;
  // the branch of the page's phase, when flows/ has a file of that name
  const phase = /^phase:\s*([\w-]+)/m.exec(readFileSync(join(k.root, 'content', 'causes', `${id}.md`), 'utf8'))?.[1];
  const branch = phase && existsSync(join(k.root, 'flows', `${phase}.ts`)) ? `flows/${phase}.ts` : 'a branch in flows/';
  return `content/causes/${id}.md has no machine leaf with meta.cause "${id}". Add \`'${id}': cause('${id}')\` to ${branch} and point an answer at it, or delete the page.`;
}

/** the page's format problems (front matter, the four sections, placeholders), each naming the page */
export function pageFormProblems(k: Knowledge, id: string): string[] {
  const file = `${id}.md`;
  const path = join(k.root, 'content', 'causes', file);
  if (!existsSync(path)) return [`content/causes/${file} does not exist: add the cause page`];
  const { page, problems } = k.parsePage(file, readFileSync(path, 'utf8'));
  if (problems.length || !page) return problems;
  if (page.id !== id) return [`content/causes/${file}: id "${page.id}" must equal the file name`];
  const empty = [page.whatsHappening, page.howToConfirm, page.fix, page.prevent].some((s) => s.length === 0);
  return empty ? [`content/causes/${file}: every one of the four sections needs text`] : [];
}

export function questionEventsProblem(k: Knowledge, n: AnyStateNode): string | undefined {
  const q = (meta(n) as { question: string }).question;
  const want = Object.keys(k.questionTable[q]?.choices ?? {})
    .map((c) => `answer.${c}`)
    .sort();
  const got = [...n.transitions.keys()].sort();
  if (JSON.stringify(got) === JSON.stringify(want)) return undefined;
  return `State ${n.path.join('.')} in ${flowFile(k, n)} asks "${q}": its transitions must be exactly one answer.<choice> per choice in flows/questions.ts (transitions: ${got.join(', ')}; choices: ${want.join(', ')})`;
}

// ---------------------------------------------------------------------------------------------------------------
// cause → test case, README row

export function caseProblem(k: Knowledge, cause: string): string | undefined {
  if (k.caseDirs.some((d) => d.split('--')[0] === cause)) return undefined;
  const from = [
    k.pageCauses.includes(cause) ? `content/causes/${cause}.md` : '',
    k.leafCauses.includes(cause) ? 'a final state in flows/' : '',
  ]
    .filter(Boolean)
    .join(' and ');
  return `Cause "${cause}" (${from}) has no test case. Add a folder test/cases/${cause}--<short-name>/ with input.log (a log that shows it) and expected.json ({"cause": "${cause}", "source": …, "notes": …}).`;
}

/** the README's Causes table lists every cause: a reader looks ids up there */
export function readmeProblem(k: Knowledge, cause: string): string | undefined {
  const readme = readFileSync(join(k.root, 'README.md'), 'utf8');
  if (readme.includes(`\n| \`${cause}\` |`)) return undefined;
  return `README.md: the "## Causes" table has no row for "${cause}". Add \`| \`${cause}\` | <phase> | <what happened> | <diagnose exit> |\` in id order.`;
}

// ---------------------------------------------------------------------------------------------------------------
// question → fact → what produces it

/** [fact, a question that reads it], one per fact */
export function questionFacts(k: Knowledge): (readonly [string, string])[] {
  return [
    ...new Map(
      Object.entries(k.questionTable).flatMap(([q, def]) => def.answeredBy.map((r) => [r.fact, q] as const)),
    ).entries(),
  ].sort(([a], [b]) => a.localeCompare(b));
}

export function factListedProblem(k: Knowledge, fact: string, q: string): string | undefined {
  if (k.facts.includes(fact)) return undefined;
  return `flows/questions.ts: question "${q}" names fact "${fact}" in answeredBy, but src/evidence/facts.ts does not list it in FACTS. Add '${fact}': '<what it means>' to FACTS (and its weights to FACT_WEIGHTS), or fix the id in the question.`;
}

/** the signatures that name the fact (`fact:`): their lines establish it (src/evidence/detectors/signature-facts.ts) */
export const signaturesOf = (k: Knowledge, fact: string) => k.signatures.filter((s) => s.fact === fact);

export function factProducedProblem(k: Knowledge, fact: string, q: string): string | undefined {
  if (k.addedDirectly.has(fact) || k.producedAsValue.has(fact) || signaturesOf(k, fact).length) return undefined;
  return `Fact "${fact}" is read by question "${q}" (flows/questions.ts answeredBy) but nothing produces it: no content/signatures/*.yaml names it (\`fact: ${fact}\`), no this.add('${fact}', hit, reason) call under src/evidence/ and no '${fact}' returned or assigned on its way to add(). Add a signature content/signatures/<line-id>.yaml with \`fact: ${fact}\` when one kind of line shows it, or derive it in a detector under src/evidence/detectors/ when it takes a sequence — or remove the rule from the question: as it is, the log can never answer that way.`;
}

/** facts produced only through a variable (not a literal add('<fact>') call), for a note */
export function indirectlyProduced(k: Knowledge, fact: string): string | undefined {
  const value = k.producedAsValue.get(fact);
  return !k.addedDirectly.has(fact) && value ? `${fact} (${value.map(where).join(', ')})` : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// signature → the code that consumes its event; the signature catalog loads

export function signatureEventProblem(s: Signature): string | undefined {
  return typeof s.event === 'string'
    ? undefined
    : `${s.file}: add \`event: <kind>\` (one of src/evidence/events.ts EVENT_KINDS)`;
}

export const events = (k: Knowledge) =>
  [...new Set(k.signatures.map((s) => s.event).filter((e): e is string => typeof e === 'string'))].sort();

export function eventConsumedProblem(k: Knowledge, event: string): string | undefined {
  if (k.compared.has(event)) return undefined;
  const files = k.signatures.filter((s) => s.event === event).map((s) => s.file);
  const prefix = k.prefixTests.filter((t) => event.startsWith(t.value));
  return (
    `Event "${event}" (from ${files.join(', ')}) is never consumed: no \`case '${event}':\` and no comparison with '${event}' anywhere under src/evidence/` +
    (prefix.length
      ? ` (only a prefix test: ${prefix.map((t) => `startsWith('${t.value}') at ${where(t)}`).join(', ')})`
      : '') +
    `. Add \`case '${event}':\` to a detector under src/evidence/detectors/ and derive a fact from it; or drop the signature if the line means nothing.`
  );
}

/** the loader's problems with content/signatures/ (unknown keys, events and facts, samples), each naming the file */
export function signatureLoadProblems(k: Knowledge): string[] {
  try {
    k.readSignatureDefs(join(k.root, 'content', 'signatures'));
    return [];
  } catch (e) {
    const problems = (e as { problems?: string[] }).problems ?? [(e as Error).message];
    return problems.map((p) => (p.startsWith('content/') ? p : `content/signatures/${p}`));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// cause page → its "How to confirm" log example is diagnosed as that cause

const LOGGISH =
  /\[\d{4}-\d\d-\d\d[ T]\d|\d{4}-\d\d-\d\dT\d\d:\d\d|\[(?:INFO|ERROR|CRITICAL|WARNING|DEBUG)\]|\b(?:app|heroku)\[[\w.]+\]:|Traceback \(most recent call last\)|\bgunicorn\b|\bWORKER TIMEOUT\b/;

/** the fenced ```log / ```text blocks of a page's "How to confirm" section that hold log lines */
export function confirmExamples(md: string): string[] {
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
      fence = { info: (open[1] ?? '').toLowerCase(), body: [] };
      if (fence.info !== 'log' && fence.info !== 'text') fence.info = `other:${fence.info}`;
      continue;
    }
    if (/^## /.test(l)) inSection = /^## How to confirm\s*$/.test(l);
  }
  return examples;
}

/** the log examples of a page, none when the page does not exist */
export function pageExamples(k: Knowledge, id: string): string[] {
  const path = join(k.root, 'content', 'causes', `${id}.md`);
  return existsSync(path) ? confirmExamples(readFileSync(path, 'utf8')) : [];
}

export async function exampleProblem(k: Knowledge, id: string, n: number, text: string): Promise<string | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'gd-knowledge-'));
  try {
    const file = join(dir, `${id}-example.log`);
    writeFileSync(file, text);
    let report: Awaited<ReturnType<typeof DiagnoseFile>>['report'];
    try {
      ({ report } = await (await k.diagnose())(file));
    } catch (e) {
      // a broken link further down (a signature naming an unknown fact, a choice with no transition) stops the engine
      return `content/causes/${id}.md, "How to confirm", log example #${n}: the doctor fails on it: ${(e as Error).message}`;
    }
    const d = report.diagnoses[0];
    if (!d) return `content/causes/${id}.md, "How to confirm", log example #${n}: the doctor names no cause for it`;
    if (d.cause === id) return undefined;
    const path = report.answers
      .filter((a) => a.from !== 'default')
      .map((a) => `${a.question}=${a.choice}`)
      .join(' > ');
    return `content/causes/${id}.md, "How to confirm", log example #${n}: the doctor reads it as ${d.cause}${d.variant ? `.${d.variant}` : ''} (${d.confidence}), not ${id}; path ${path || '(nothing answered from the log)'}. Either the example does not show the cause (fix the example in the page) or the engine misses it (teach content/signatures/, src/evidence/ or flows/ the general rule).`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// one cause, every link: what the recipe test asserts after each step

/** Every problem of the chain that concerns one cause, the knowledge it depends on included. */
export async function causeChainProblems(k: Knowledge, id: string): Promise<string[]> {
  const problems: string[] = [];
  const push = (p: string | undefined) => p && problems.push(p);
  if (!k.pageCauses.includes(id)) push(`content/causes/${id}.md is missing: add the cause page`);
  else problems.push(...pageFormProblems(k, id));
  for (const leaf of k.leaves.filter((n) => causeOf(n) === id)) push(leafPageProblem(k, leaf));
  if (k.pageCauses.includes(id)) push(pageLeafProblem(k, id));
  for (const n of k.questionStates) push(questionEventsProblem(k, n));
  push(caseProblem(k, id));
  push(readmeProblem(k, id));
  for (const [fact, q] of questionFacts(k)) {
    push(factListedProblem(k, fact, q));
    push(factProducedProblem(k, fact, q));
  }
  for (const s of k.signatures) push(signatureEventProblem(s));
  for (const e of events(k)) push(eventConsumedProblem(k, e));
  problems.push(...signatureLoadProblems(k));
  const examples = pageExamples(k, id);
  if (k.pageCauses.includes(id) && examples.length === 0)
    push(`content/causes/${id}.md: "How to confirm" has no \`\`\`log example (real lines that show the cause)`);
  for (const [i, text] of examples.entries()) push(await exampleProblem(k, id, i + 1, text));
  return problems;
}
