/**
 * The import graph of src/ and flows/: no cycle of modules that load each other at run time (static and dynamic
 * value imports), nor of type imports; commands are leaves — nothing imports a command back — and the dispatcher
 * (src/run.ts) is imported
 * only by the CLI; the commands share src/common.ts and the diagnosing pipeline src/pipeline.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

function sources(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(join(root, 'src'));
  walk(join(root, 'flows'));
  return out;
}

/** module → the modules it imports (relative specifiers only: packages cannot close a cycle through us) */
export function importGraph(files: readonly string[], withTypes: boolean): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  const VALUE = [
    /^\s*(?:import|export)\s+(?!type\b)[^'"]*?['"](\.[^'"]+)['"]/gm,
    /\bimport\(\s*['"](\.[^'"]+)['"]\s*\)(?!\.\w+\s*[>;,)]|\[)/g,
  ];
  const TYPES = [/^\s*(?:import|export)\s+type\b[^'"]*?['"](\.[^'"]+)['"]/gm, /\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g];
  for (const f of files) {
    const text = readFileSync(f, 'utf8').replace(/^\s*(?:\/\/|\*).*$/gm, '');
    const deps = new Set<string>();
    for (const re of withTypes ? [...VALUE, ...TYPES] : VALUE)
      for (const m of text.matchAll(re)) deps.add(resolve(dirname(f), m[1]!.replace(/\.js$/, '.ts')));
    graph.set(
      f,
      [...deps].filter((d) => known.has(d)),
    );
  }
  return graph;
}

/** strongly connected components with more than one module, or a module importing itself (Tarjan) */
export function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(scc);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('architecture', () => {
  const files = sources();
  const rel = (p: string) => relative(root, p);
  const show = (g: Map<string, string[]>) =>
    cycles(g)
      .map((c) => c.map(rel).sort().join(' ⇄ '))
      .sort();

  it('no cycle of modules that load each other at run time', () => {
    expect(show(importGraph(files, false))).toEqual([]);
  });

  it('no cycle of type imports either', () => {
    expect(show(importGraph(files, true))).toEqual([]);
  });

  it('nothing imports a command but the dispatcher; only the CLI imports the dispatcher', () => {
    const bad: string[] = [];
    for (const [from, deps] of importGraph(files, true)) {
      for (const to of deps) {
        const r = rel(to);
        if (r.startsWith('src/commands/') && rel(from) !== 'src/run.ts') bad.push(`${rel(from)} → ${r}`);
        if (r === 'src/run.ts' && rel(from) !== 'src/cli.ts') bad.push(`${rel(from)} → ${r}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the checker finds a cycle when there is one', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cycles(g).map((c) => c.sort())).toEqual([['a', 'b', 'c']]);
  });
});
