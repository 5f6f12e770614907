#!/usr/bin/env node
// Print the README's `check` rule table from the built rules (npm run build first); --write replaces it in README.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const { RULES } = await import(join(root, 'dist/src/check/rules/index.js'));
const { ruleTable, TABLE_START, TABLE_END } = await import(join(root, 'dist/src/check/table.js'));
const table = ruleTable(RULES);
if (!process.argv.includes('--write')) {
  process.stdout.write(table + '\n');
} else {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const a = readme.indexOf(TABLE_START);
  const b = readme.indexOf(TABLE_END);
  if (a < 0 || b < a) {
    console.error('rules-table: README.md has no check-rules markers');
    process.exit(1);
  }
  writeFileSync(
    join(root, 'README.md'),
    readme.slice(0, a + TABLE_START.length) + '\n' + table + '\n' + readme.slice(b),
  );
}
