/**
 * Reachability over the machine: which causes can still be reached from each (state, choice). Used to tell
 * which step decided the cause (confidence) and which causes an answer ruled out (with that answer as reason).
 * Computed once from the machine definition; no hand-kept lists.
 */
import { doctorMachine } from '../../flows/doctor.machine.js';
import type { FlowMeta } from '../../flows/kit.js';

type Node = (typeof doctorMachine)['root'];

function leafOf(node: Node): Node {
  let n = node;
  while (n.type === 'compound' && n.initial) n = n.initial.target[0] as Node;
  return n;
}

function metaOf(node: Node): FlowMeta | undefined {
  return node.meta as FlowMeta | undefined;
}

export interface Routes {
  /** state path ("runtime.memory-kill-signs") → choice → cause ids reachable after that choice */
  reach: Map<string, Map<string, Set<string>>>;
  /** all cause ids in the machine */
  causes: Set<string>;
}

let cached: Routes | undefined;

export function routes(): Routes {
  if (cached) return cached;
  const all = new Map<string, Node>();
  const visit = (n: Node) => {
    if (!n.states || Object.keys(n.states).length === 0) all.set(n.path.join('.'), n);
    for (const c of Object.values(n.states ?? {})) visit(c as Node);
  };
  visit(doctorMachine.root);
  const edges = new Map<string, Map<string, string>>();
  const causes = new Set<string>();
  for (const [path, n] of all) {
    const m = metaOf(n);
    if (m && 'cause' in m) causes.add(m.cause);
    const out = new Map<string, string>();
    for (const [ev, defs] of n.transitions) {
      const t = defs[0]?.target?.[0];
      if (t) out.set(ev.replace(/^answer\./, ''), leafOf(t as Node).path.join('.'));
    }
    edges.set(path, out);
  }
  const memo = new Map<string, Set<string>>();
  const causesFrom = (path: string, seen: Set<string> = new Set()): Set<string> => {
    const hit = memo.get(path);
    if (hit) return hit;
    const res = new Set<string>();
    const node = all.get(path);
    const m = node && metaOf(node);
    if (m && 'cause' in m) res.add(m.cause);
    if (!seen.has(path)) {
      seen.add(path);
      for (const target of edges.get(path)?.values() ?? []) for (const c of causesFrom(target, seen)) res.add(c);
    }
    memo.set(path, res);
    return res;
  };
  const reach = new Map<string, Map<string, Set<string>>>();
  for (const [path, out] of edges) {
    const byChoice = new Map<string, Set<string>>();
    for (const [choice, target] of out) byChoice.set(choice, causesFrom(target));
    if (byChoice.size) reach.set(path, byChoice);
  }
  cached = { reach, causes };
  return cached;
}
