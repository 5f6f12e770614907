/** YAML access with source lines (for Setting.source and for token provenance). */
import { LineCounter, parseAllDocuments, isMap, isSeq, isScalar, isPair, type Node, type Document } from 'yaml';
import type { ArgToken, Source } from './types.js';

export interface YamlFile {
  path: string;
  lines: string[];
  docs: Document.Parsed[];
  lc: LineCounter;
}

export function parseYamlFile(path: string, text: string): YamlFile {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: false });
  return {
    path,
    lines: text.split(/\r?\n/),
    docs: Array.isArray(docs) ? docs : [docs as unknown as Document.Parsed],
    lc,
  };
}

export function yamlErrors(f: YamlFile): string[] {
  return f.docs.flatMap((d) => d.errors.map((e) => e.message.split('\n')[0]));
}

/** Get a child node by key path (strings for map keys, numbers for seq indexes). */
export function child(node: unknown, ...keys: (string | number)[]): Node | undefined {
  let cur: unknown = node;
  for (const k of keys) {
    if (isMap(cur)) {
      const pair = cur.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(k));
      cur = pair?.value ?? undefined;
    } else if (isSeq(cur) && typeof k === 'number') {
      cur = cur.items[k];
    } else return undefined;
    if (cur === null || cur === undefined) return undefined;
  }
  return cur as Node;
}

/** The key node of `key` in map `node` (to point at `mem_limit:` itself). */
export function keyNode(node: unknown, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
  return (pair?.key as Node) ?? undefined;
}

export function scalar(node: unknown): string | number | boolean | null | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : String(v);
}

export function lineOf(f: YamlFile, node: Node | undefined): number {
  const start = node?.range?.[0];
  if (start === undefined) return 1;
  return f.lc.linePos(start).line;
}

export function sourceOf(f: YamlFile, node: Node | undefined): Source {
  const line = lineOf(f, node);
  return { path: f.path, line, text: (f.lines[line - 1] ?? '').trim() };
}

/** A string-or-list command (`command:`, `args:`) as tokens with lines. `shellSplitString` for compose strings. */
export function commandTokens(
  f: YamlFile,
  node: Node | undefined,
  split: (s: string) => string[],
): ArgToken[] | undefined {
  if (!node) return undefined;
  if (isSeq(node)) {
    const flow = node.flow === true;
    return node.items.map((it) => ({
      value: String(scalar(it) ?? ''),
      path: f.path,
      line: lineOf(f, it as Node),
      style: flow ? ('array' as const) : ('list-item' as const),
    }));
  }
  const s = scalar(node);
  if (s === undefined || s === null) return undefined;
  const line = lineOf(f, node);
  return split(String(s)).map((value) => ({ value, path: f.path, line, style: 'shell' as const }));
}

export { isMap, isSeq, isScalar };
