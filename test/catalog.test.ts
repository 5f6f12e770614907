/**
 * The cause catalog against the machine (ESLint's checkRuleFiles): every leaf has a page, every page a leaf,
 * pages follow the format of ARCHITECTURE §5, every question's events equal its choices. Messages say what to
 * change and where.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyStateNode } from 'xstate';
import { describe, expect, it } from 'vitest';
import { doctorMachine } from '../flows/doctor.machine.js';
import type { FlowMeta } from '../flows/kit.js';
import { questionTable, type QuestionId } from '../flows/questions.js';
import { loadCatalog, parsePage, SECTIONS } from '../src/catalog/causes.js';
import { FIX_HEADINGS } from '../src/catalog/fill.js';

const root = join(import.meta.dirname, '..');
const causesDir = join(root, 'content', 'causes');

function allStates(n: AnyStateNode = doctorMachine.root): AnyStateNode[] {
  return [n, ...Object.values(n.states).flatMap((c) => allStates(c as AnyStateNode))];
}
const flowFile = (n: AnyStateNode) => {
  const top = n.path[0];
  return top === 'boot' || top === 'runtime' || top === 'recycle'
    ? `flows/${top}.ts`
    : top === 'platform-restarts'
      ? 'flows/platform.ts'
      : 'flows/doctor.machine.ts';
};
const meta = (n: AnyStateNode) => n.meta as FlowMeta | undefined;
const leaves = allStates().filter((n) => meta(n) && 'cause' in meta(n)!);
const questionStates = allStates().filter((n) => meta(n) && 'question' in meta(n)!);
const pageFiles = readdirSync(causesDir)
  .filter((f) => f.endsWith('.md'))
  .sort();

describe('catalog', () => {
  it('has pages', () => {
    expect(pageFiles.length, 'content/causes/ has no *.md pages').toBeGreaterThan(0);
  });

  it.each(leaves.map((n) => [n.path.join('.'), n] as const))('leaf %s has a cause page', (_p, n) => {
    const id = (meta(n) as { cause: string }).cause;
    expect(
      pageFiles.includes(`${id}.md`),
      `Leaf \`${n.path.join('.')}\` in ${flowFile(n)} concludes "${id}" but content/causes/${id}.md does not exist. If you just added a cause, create that page (front matter + the four sections).`,
    ).toBe(true);
  });

  it.each(pageFiles)('page %s has a leaf in the machine', (f) => {
    const id = f.replace(/\.md$/, '');
    expect(
      leaves.some((n) => (meta(n) as { cause: string }).cause === id),
      `content/causes/${f} has no machine leaf with meta.cause "${id}". Add \`'${id}': cause('${id}')\` to a branch in flows/ and point an answer at it, or delete the page.`,
    ).toBe(true);
  });

  it.each(pageFiles)('page %s is well-formed', (f) => {
    const { page, problems } = parsePage(f, readFileSync(join(causesDir, f), 'utf8'));
    expect(problems, problems.join('\n')).toEqual([]);
    expect(page!.id).toBe(f.replace(/\.md$/, ''));
    expect([page!.whatsHappening, page!.howToConfirm, page!.fix, page!.prevent].every((s) => s.length > 0)).toBe(true);
  });

  it('the loader finds no problem in the whole catalog', () => {
    const c = loadCatalog(root);
    expect(c.problems, c.problems.join('\n')).toEqual([]);
    expect([...c.pages.keys()].sort()).toEqual(pageFiles.map((f) => f.replace(/\.md$/, '')));
  });

  it('variants named by leaves are listed in the page front matter', () => {
    const c = loadCatalog(root);
    for (const n of leaves) {
      const m = meta(n) as { cause: string; variant?: string };
      if (!m.variant) continue;
      const p = c.pages.get(m.cause);
      if (!p || Object.keys(p.variants).length === 0) continue; // variants optional in front matter
      expect(
        Object.keys(p.variants),
        `content/causes/${m.cause}.md: add variant "${m.variant}" (leaf ${n.path.join('.')}) to \`variants:\``,
      ).toContain(m.variant);
    }
  });

  it.each(questionStates.map((n) => [n.path.join('.'), n] as const))(
    'state %s: answer.* events equal the question choices',
    (_p, n) => {
      const q = (meta(n) as { question: QuestionId }).question;
      const want = Object.keys(questionTable[q].choices)
        .map((c) => `answer.${c}`)
        .sort();
      const got = [...n.transitions.keys()].sort();
      expect(
        got,
        `State ${n.path.join('.')} in ${flowFile(n)} asks "${q}": its transitions must be exactly one answer.<choice> per choice in flows/questions.ts`,
      ).toEqual(want);
    },
  );

  it('every question in the table is asked by some state', () => {
    const asked = new Set(questionStates.map((n) => (meta(n) as { question: string }).question));
    for (const q of Object.keys(questionTable))
      expect(asked.has(q), `question "${q}" in flows/questions.ts is never asked: use it in flows/ or remove it`).toBe(
        true,
      );
  });

  it('every question has a why and an "unsure" choice', () => {
    for (const [q, def] of Object.entries(questionTable)) {
      expect(def.why.length, `flows/questions.ts: "${q}" needs a one-line why`).toBeGreaterThan(10);
      expect(Object.keys(def.choices), `flows/questions.ts: "${q}" needs an unsure choice`).toContain('unsure');
    }
  });

  it('the section contract is the one documented', () => {
    expect(SECTIONS).toEqual(["What's happening", 'How to confirm', 'Fix', 'Prevent it']);
    expect(FIX_HEADINGS).toEqual(['Heroku', 'gunicorn.conf.py', 'Docker / compose', 'Kubernetes', 'systemd']);
  });

  it('parsePage reports every problem at once', () => {
    const bad = `---\nid: other\ntitle: T\nphase: nowhere\n---\n## Fix\n\n{{bogus}} TODO\n`;
    const { problems } = parsePage('x.md', bad);
    const all = problems.join('\n');
    expect(all).toContain('id "other" must equal the file name "x"');
    expect(all).toContain('summary');
    expect(all).toContain('phase "nowhere"');
    expect(all).toContain('H2 sections must be exactly');
    expect(all).toContain('{{bogus}}');
    expect(all).toContain('TODO');
    expect(all).toContain('"## Fix" needs exactly these H3');
  });
});
