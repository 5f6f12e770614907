#!/usr/bin/env node
// Build step: validate content/ with the same loaders the tests use and write dist/content.json (see
// src/catalog/bundle.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const { readSignatureDefs } = await import(join(root, 'dist/src/catalog/signatures.js'));
const { loadCatalog } = await import(join(root, 'dist/src/catalog/causes.js'));
let signatures;
try {
  signatures = readSignatureDefs(join(root, 'content/signatures'));
} catch (e) {
  console.error(`bundle-content: ${e.message}`);
  process.exit(1);
}
const catalog = loadCatalog(root);
if (catalog.problems.length) {
  console.error(`bundle-content: invalid cause pages:\n  - ${catalog.problems.join('\n  - ')}`);
  process.exit(1);
}
writeFileSync(join(root, 'dist/content.json'), JSON.stringify({ signatures, causes: [...catalog.pages.values()] }));
