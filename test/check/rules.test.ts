/**
 * Every rule's tests are its fixture projects: test/check/rules/<id>/invalid/<case>/ must produce the rule's
 * finding at the file and line of its expect.json (and, where it says `fix: true`, a safe fix that, once written,
 * makes the finding go away); test/check/rules/<id>/valid/<case>/ must not produce it. All rules run on every
 * fixture, as `check` runs them.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planEdits, runCheck } from '../../src/check/engine.js';
import { RULES } from '../../src/check/rules/index.js';
import { SEVERITIES } from '../../src/check/types.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DIR = join(import.meta.dirname, 'rules');
const CAUSES = new Set(readdirSync(join(ROOT, 'content', 'causes')).map((f) => f.replace(/\.md$/, '')));
const ids = RULES.map((r) => r.meta.id);
const tmp = mkdtempSync(join(tmpdir(), 'gd-check-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cases = (id: string, kind: 'valid' | 'invalid') => {
  const d = join(DIR, id, kind);
  return existsSync(d)
    ? readdirSync(d)
        .sort()
        .map((c) => ({ name: c, dir: join(d, c) }))
    : [];
};
const check = (dir: string) => runCheck({ target: '.', cwd: dir, version: 'test' });

describe('rule set', () => {
  it('has at least 15 rules across Heroku, Docker/compose, Kubernetes and systemd', () => {
    expect(RULES.length).toBeGreaterThanOrEqual(15);
    for (const p of ['heroku', 'docker', 'kubernetes', 'systemd'] as const) {
      expect(RULES.filter((r) => r.meta.platforms.includes(p)).length, p).toBeGreaterThanOrEqual(3);
    }
  });

  it('lists every rule file once, under its own id', () => {
    const files = readdirSync(join(ROOT, 'src', 'check', 'rules'))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'util.ts')
      .map((f) => f.replace(/\.ts$/, ''));
    expect([...ids].sort()).toEqual(files.sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(ids)('%s: metadata, cause, doc page and fixtures', (id) => {
    const m = RULES.find((r) => r.meta.id === id)!.meta;
    expect(m.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(SEVERITIES).toContain(m.severity);
    expect(m.platforms.length).toBeGreaterThan(0);
    expect(m.gunicorn).toMatch(/^(\*|[<>=!~^]{0,3}\d+(\.\d+)*(\s*,\s*[<>=!~^]{1,3}\d+(\.\d+)*)*)$/);
    expect(CAUSES.has(m.cause.split('.')[0]), `cause ${m.cause} is not a page in content/causes/`).toBe(true);
    expect(m.sources.length).toBeGreaterThan(0);
    const doc = readFileSync(join(ROOT, 'content', 'rules', `${id}.md`), 'utf8');
    expect(doc.startsWith(`# ${id}\n`), 'the page starts with "# <id>"').toBe(true);
    for (const h of ['## What happens', '## Documented behaviour', '## Fix']) expect(doc, h).toContain(h);
    // grounded: the page cites where the behaviour is documented, and the rule's sources are on it
    for (const s of m.sources) expect(doc, `the page cites ${s}`).toContain(s);
    expect(cases(id, 'invalid').length, 'invalid fixtures').toBeGreaterThan(0);
    expect(cases(id, 'valid').length, 'valid fixtures').toBeGreaterThan(0);
  });

  it('has no fixture folder without a rule', () => {
    expect(readdirSync(DIR).filter((d) => !ids.includes(d))).toEqual([]);
  });
});

for (const id of ids) {
  describe(id, () => {
    for (const c of cases(id, 'invalid')) {
      it(`finds it in invalid/${c.name}`, async () => {
        const want = JSON.parse(readFileSync(join(c.dir, 'expect.json'), 'utf8')) as {
          path: string;
          line: number;
          fix: boolean;
        };
        const run = await check(c.dir);
        const i = run.report.findings.findIndex((f) => f.rule === id);
        expect(
          i,
          `${id} did not fire; findings: ${run.report.findings.map((f) => f.rule).join(', ')}`,
        ).toBeGreaterThanOrEqual(0);
        const f = run.report.findings[i];
        expect({ path: f.location.path, line: f.location.line }).toEqual({ path: want.path, line: want.line });
        expect(f.message.length).toBeGreaterThan(40);
        expect(f.location.text.length).toBeGreaterThan(0);
        expect(!!f.fix?.safe, 'a safe fix as expect.json says').toBe(want.fix);
        if (!want.fix) return;
        // the fix, written, makes the finding go away (and the other files are left alone)
        const copy = join(tmp, `${id}--${c.name}`);
        cpSync(c.dir, copy, { recursive: true });
        const fixed = await check(copy);
        const j = fixed.report.findings.findIndex((x) => x.rule === id);
        const edits = planEdits(fixed.project, [fixed.plans[j]!], fixed.read);
        expect(edits.length).toBeGreaterThan(0);
        for (const e of edits) writeFileSync(e.path, e.after);
        const after = await check(copy);
        expect(after.report.findings.filter((x) => x.rule === id)).toEqual([]);
      });
    }
    for (const c of cases(id, 'valid')) {
      it(`leaves valid/${c.name} alone`, async () => {
        const run = await check(c.dir);
        expect(run.report.findings.filter((f) => f.rule === id)).toEqual([]);
        expect(run.report.warnings.filter((w) => !/is an expression/.test(w))).toEqual([]);
      });
    }
  });
}
