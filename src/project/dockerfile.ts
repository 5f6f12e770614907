/** Dockerfile reading: the last stage's ENTRYPOINT / CMD (exec or shell form) and ENV, with lines. */
import { shellSplit } from './argv.js';
import type { ArgToken, DockerfileFacts, DockerInstr, DockerStage, Source } from './types.js';

interface Instruction {
  keyword: string;
  args: string;
  line: number;
  phys: { line: number; text: string }[];
}

/** The line goes on (a backslash before trailing blanks). Not a regex: `\\\s*$` is quadratic on `\ \ \ …`. */
function continued(line: string): boolean {
  return line.trimEnd().endsWith('\\');
}

function instructions(text: string): Instruction[] {
  const lines = text.split(/\r?\n/);
  const out: Instruction[] = [];
  let cur: Instruction | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (!cur) {
      if (/^\s*(#|$)/.test(raw)) continue;
      const m = /^\s*([A-Za-z]+)(?:\s+(.*))?$/.exec(raw);
      if (!m) continue;
      cur = { keyword: m[1].toUpperCase(), args: '', line: i + 1, phys: [] };
      const rest = m[2] ?? '';
      cur.phys.push({ line: i + 1, text: raw });
      if (continued(rest)) {
        cur.args = rest.trimEnd().slice(0, -1);
        continue;
      }
      cur.args = rest;
      out.push(cur);
      cur = undefined;
    } else {
      if (/^\s*#/.test(raw)) continue; // comments inside continuations are dropped by Docker
      cur.phys.push({ line: i + 1, text: raw });
      if (continued(raw)) {
        cur.args += ' ' + raw.trimEnd().slice(0, -1).trim();
        continue;
      }
      cur.args += ' ' + raw.trim();
      out.push(cur);
      cur = undefined;
    }
  }
  if (cur) out.push(cur);
  return out;
}

/**
 * The line of each element of an exec-form JSON array: its string literals, in order, are the elements. One pass over
 * the lines (searching each element's JSON text instead costs a scan of the rest of the instruction per element whose
 * escapes differ from JSON.stringify's, e.g. `"a\/b"`: quadratic).
 */
function locateJsonStrings(path: string, phys: { line: number; text: string }[], values: string[]): ArgToken[] {
  const lines: number[] = [];
  for (const p of phys) {
    const t = p.text;
    for (let i = 0; i < t.length; i++) {
      if (t[i] !== '"') continue;
      lines.push(p.line);
      for (i++; i < t.length && t[i] !== '"'; i++) if (t[i] === '\\') i++;
    }
  }
  const fallback = phys[0]?.line ?? 1;
  return values.map((value, k) => ({
    value,
    path,
    line: lines.length === values.length ? lines[k] : fallback,
    style: 'array' as const,
  }));
}

function parseJsonArray(s: string): string[] | undefined {
  const t = s.trim();
  if (!t.startsWith('[')) return undefined;
  try {
    const v = JSON.parse(t) as unknown;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  } catch {
    /* Docker falls back to shell form when the JSON is invalid */
  }
  return undefined;
}

function parseEnv(args: string): [string, string][] {
  const t = args.trim();
  // legacy form: ENV KEY value with spaces
  const legacy = /^([A-Za-z_][A-Za-z0-9_]*)\s+([^=].*)$/.exec(t);
  if (legacy && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) return [[legacy[1], legacy[2]]];
  const out: [string, string][] = [];
  for (const w of shellSplit(t)) {
    const eq = w.indexOf('=');
    if (eq > 0) out.push([w.slice(0, eq), w.slice(eq + 1)]);
  }
  return out;
}

export function readDockerfile(path: string, text: string): DockerfileFacts {
  const stages: DockerStage[] = [];
  const problems: string[] = [];
  let stage: DockerStage | undefined;
  for (const ins of instructions(text)) {
    const source: Source = { path, line: ins.line, text: ins.phys[0].text.trim() };
    const endLine = ins.phys[ins.phys.length - 1].line;
    if (ins.keyword === 'FROM') {
      const m = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(ins.args.trim());
      const from = m?.[1] ?? '';
      const base = stages.find((s) => s.name && s.name.toLowerCase() === from.toLowerCase());
      stage = {
        name: m?.[2],
        from,
        entrypoint: base?.entrypoint,
        cmd: base?.cmd,
        env: new Map(base?.env ?? []),
      };
      stages.push(stage);
      continue;
    }
    if (!stage) {
      stage = { from: '', env: new Map() };
      stages.push(stage);
    }
    if (ins.keyword === 'ENV') {
      // the variables come in the order of the lines: look from the last one found on (linear in the instruction)
      let from = 0;
      for (const [k, v] of parseEnv(ins.args)) {
        let at = -1;
        for (let q = from; q < ins.phys.length && at < 0; q++) if (ins.phys[q].text.includes(k)) at = q;
        if (at < 0 && ins.phys.length <= 1000) at = ins.phys.findIndex((p) => p.text.includes(k));
        if (at >= 0) from = at;
        const phys = ins.phys[Math.max(0, at)];
        stage.env.set(k, { value: v, source: { path, line: phys.line, text: phys.text.trim() } });
      }
      continue;
    }
    if (ins.keyword === 'CMD' || ins.keyword === 'ENTRYPOINT') {
      const arr = parseJsonArray(ins.args);
      let instr: DockerInstr;
      if (arr) {
        instr = { tokens: locateJsonStrings(path, ins.phys, arr), form: 'exec', source, endLine };
      } else {
        const words = shellSplit(ins.args);
        // shell form runs as /bin/sh -c "<text>"
        const script = ins.args.trim();
        const tokens: ArgToken[] = [
          { value: '/bin/sh', path, line: ins.line, style: 'shell' },
          { value: '-c', path, line: ins.line, style: 'shell' },
          { value: script, path, line: ins.line, style: 'shell' },
        ];
        instr = { tokens, form: 'shell', source, endLine };
        if (!words.length) problems.push(`${path}:${ins.line}: empty ${ins.keyword}`);
      }
      if (ins.keyword === 'CMD') {
        stage.cmd = instr;
        stage.cmdSetHere = true;
      } else {
        stage.entrypoint = instr;
        // Docker: ENTRYPOINT resets a CMD inherited from the base stage (not one set in this stage)
        if (!stage.cmdSetHere) stage.cmd = undefined;
      }
    }
  }
  return { path, stages, final: stages[stages.length - 1], problems };
}

/** Effective argv Docker runs: exec ENTRYPOINT + CMD; shell ENTRYPOINT ignores CMD. */
export function dockerArgv(entrypoint?: ArgToken[], entrypointForm?: 'exec' | 'shell', cmd?: ArgToken[]): ArgToken[] {
  if (entrypoint && entrypoint.length) {
    if (entrypointForm === 'shell') return entrypoint;
    return [...entrypoint, ...(cmd ?? [])];
  }
  return cmd ?? [];
}
