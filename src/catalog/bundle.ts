/**
 * The content bundle: content/signatures/*.yaml and content/causes/*.md, validated and parsed once at build time
 * into dist/content.json (scripts/bundle-content.mjs), so the CLI starts without a YAML parser. The YAML and
 * Markdown stay the source of truth: a bundle older than any content file is ignored and the sources are read.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CausePage } from './causes.js';
import type { SignatureDef } from './signatures.js';

export const BUNDLE_PATH = join('dist', 'content.json');
const SOURCES = [join('content', 'signatures'), join('content', 'causes')];

export interface Bundle {
  signatures: SignatureDef[];
  causes: CausePage[];
}

let cache: { root: string; bundle: Bundle | undefined } | undefined;

/** The bundle when it exists and no content file is newer, else undefined. */
export function readBundle(root: string): Bundle | undefined {
  if (cache?.root === root) return cache.bundle;
  let bundle: Bundle | undefined;
  try {
    const built = statSync(join(root, BUNDLE_PATH)).mtimeMs;
    const stale = SOURCES.some((d) =>
      readdirSync(join(root, d)).some((f) => statSync(join(root, d, f)).mtimeMs > built),
    );
    if (!stale) bundle = JSON.parse(readFileSync(join(root, BUNDLE_PATH), 'utf8')) as Bundle;
  } catch {
    bundle = undefined;
  }
  cache = { root, bundle };
  return bundle;
}
