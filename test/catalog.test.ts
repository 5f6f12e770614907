/**
 * The cause catalog against the machine (ESLint's checkRuleFiles): every leaf has a page, every page a leaf,
 * pages follow the format of ARCHITECTURE §5, every question's events equal its choices. Messages say what to
 * change and where.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FlowMeta } from '../flows/kit.js';
import { loadCatalog, parsePage, SECTIONS } from '../src/catalog/causes.js';
import { FIX_HEADINGS } from '../src/catalog/fill.js';
import {
  leafPageProblem,
  loadKnowledge,
  pageFormProblems,
  pageLeafProblem,
  questionEventsProblem,
} from './support/knowledge-chain.js';

const root = join(import.meta.dirname, '..');
const causesDir = join(root, 'content', 'causes');
const k = await loadKnowledge(root);
const { leaves, questionStates, questionTable } = k;
const meta = (n: (typeof leaves)[number]) => n.meta as FlowMeta | undefined;
const pageFiles = readdirSync(causesDir)
  .filter((f) => f.endsWith('.md'))
  .sort();

describe('catalog', () => {
  it('has pages', () => {
    expect(pageFiles.length, 'content/causes/ has no *.md pages').toBeGreaterThan(0);
  });

  it.each(leaves.map((n) => [n.path.join('.'), n] as const))('leaf %s has a cause page', (_p, n) => {
    expect(leafPageProblem(k, n)).toBeUndefined();
  });

  it.each(pageFiles)('page %s has a leaf in the machine', (f) => {
    expect(pageLeafProblem(k, f.replace(/\.md$/, ''))).toBeUndefined();
  });

  it.each(pageFiles)('page %s is well-formed', (f) => {
    expect(pageFormProblems(k, f.replace(/\.md$/, ''))).toEqual([]);
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
      expect(questionEventsProblem(k, n)).toBeUndefined();
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
