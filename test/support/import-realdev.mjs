#!/usr/bin/env node
/**
 * Copies the real development corpus (real incident logs from public GitHub threads, see its README.md) into
 * test/cases/ so the case suite runs the engine on them:
 *
 *   node test/support/import-realdev.mjs [CORPUS_DIR]      (default /work/shared/corpus/real-dev)
 *
 * For every CORPUS_DIR/NNN/ (input.log + case.json) it writes test/cases/<cause>--realdev-NNN/ with
 *   - input.log copied byte for byte;
 *   - expected.json: cause = expected[0], acceptable = the rest of expected, labelConfidence, source, notes.
 * `other` (the true cause is none of the catalog's ids) becomes cause "undiagnosed" with "outsideCatalog": true: the
 * doctor must say undiagnosed or stay below high confidence. Labels of confidence "low" get "unscored": true (run,
 * never allowed to be wrong at high confidence, not counted in top-1/top-3). No minConfidence is set.
 *
 * Reproducible: every existing *--realdev-* folder is removed first, so re-running after a corpus change (a new
 * case, a relabelled one) leaves exactly the corpus in test/cases/.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const corpus = process.argv[2] ?? '/work/shared/corpus/real-dev';
const casesDir = join(import.meta.dirname, '..', 'cases');

if (!existsSync(corpus)) {
  console.error(`import-realdev: corpus directory ${corpus} not found`);
  process.exit(2);
}

for (const d of readdirSync(casesDir)) {
  if (d.includes('--realdev-')) rmSync(join(casesDir, d), { recursive: true, force: true });
}

const ids = readdirSync(corpus, { withFileTypes: true })
  .filter((d) => d.isDirectory() && /^\d+$/.test(d.name))
  .map((d) => d.name)
  .sort();

const written = [];
for (const id of ids) {
  const src = join(corpus, id);
  if (!existsSync(join(src, 'case.json')) || !existsSync(join(src, 'input.log'))) {
    console.error(`import-realdev: ${src} lacks case.json or input.log, skipped`);
    continue;
  }
  const c = JSON.parse(readFileSync(join(src, 'case.json'), 'utf8'));
  if (!Array.isArray(c.expected) || c.expected.length === 0)
    throw new Error(`${src}/case.json: "expected" must be a non-empty array`);
  const [first, ...rest] = c.expected;
  const other = first === 'other';
  const cause = other ? 'undiagnosed' : first;
  const expected = { cause };
  const acceptable = rest.filter((x) => x !== 'other' && x !== cause);
  if (acceptable.length) expected.acceptable = acceptable;
  if (other) expected.outsideCatalog = true;
  expected.labelConfidence = c.confidence;
  if (c.confidence === 'low') expected.unscored = true;
  expected.source = `${c.source} (real GitHub thread, copied as posted)`;
  expected.notes = other
    ? `The true cause is outside the catalog (labelled "other"): the doctor must say undiagnosed or stay below high confidence. Resolution: ${c.resolution}`
    : c.resolution;
  if (c.label_note) expected.labelNote = c.label_note;

  const dir = join(casesDir, `${cause}--realdev-${id}`);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(src, 'input.log'), join(dir, 'input.log'));
  writeFileSync(join(dir, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
  written.push(`${cause}--realdev-${id}`);
}
console.log(`import-realdev: ${written.length} cases from ${corpus} into test/cases/`);
