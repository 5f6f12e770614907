/** Procfile, systemd units and Python dependency files. */
import type { ArgToken, PackageName, Source, SystemdFacts } from './types.js';
import { systemdMemoryMb, systemdSeconds } from './units.js';

// ---- Procfile -------------------------------------------------------------------------------------------------------

export interface ProcfileFacts {
  web?: { command: string; source: Source; tokens: ArgToken[] };
  processes: string[];
}

export function readProcfile(path: string, text: string): ProcfileFacts {
  const processes: string[] = [];
  let web: ProcfileFacts['web'];
  text.split(/\r?\n/).forEach((raw, i) => {
    const m = /^([A-Za-z0-9_-]+):\s*(.*)$/.exec(raw);
    if (!m) return;
    processes.push(m[1]);
    if (m[1] === 'web') {
      const line = i + 1;
      web = {
        command: m[2].trim(),
        source: { path, line, text: raw.trim() },
        // Heroku runs the line with bash: model it as bash -c "<line>"
        tokens: [
          { value: 'bash', path, line, style: 'shell' },
          { value: '-c', path, line, style: 'shell' },
          { value: m[2].trim(), path, line, style: 'shell' },
        ],
      };
    }
  });
  return { web, processes };
}

// ---- systemd --------------------------------------------------------------------------------------------------------

/** systemd word splitting: quotes like the shell, no operators. */
function systemdSplit(s: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of s.matchAll(re)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3]));
  return out;
}

export function readSystemdUnit(path: string, text: string): SystemdFacts {
  const lines = text.split(/\r?\n/);
  const facts: SystemdFacts = { path, env: new Map(), environmentFiles: [], problems: [] };
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const sec = /^\s*\[([^\]]+)\]/.exec(raw);
    if (sec) {
      section = sec[1];
      continue;
    }
    if (/^\s*[#;]/.test(raw) || section !== 'Service') continue;
    const m = /^\s*([A-Za-z]+)\s*=\s*(.*)$/.exec(raw);
    if (!m) continue;
    let value = m[2];
    const start = i;
    while (/\\\s*$/.test(value) && i + 1 < lines.length) {
      value = value.replace(/\\\s*$/, ' ');
      i++;
      if (/^\s*[#;]/.test(lines[i])) continue;
      value += lines[i].trim();
    }
    value = value.trim();
    const source: Source = { path, line: start + 1, text: raw.trim() };
    switch (m[1]) {
      case 'ExecStart': {
        const cmd = value.replace(/^[-@:+!]+/, '');
        const words = systemdSplit(cmd);
        const phys = lines.slice(start, i + 1).map((t, k) => ({ line: start + 1 + k, text: t }));
        const tokens: ArgToken[] = [];
        let li = 0;
        for (const w of words) {
          let found = -1;
          for (let k = li; k < phys.length; k++)
            if (phys[k].text.includes(w)) {
              found = k;
              break;
            }
          if (found >= 0) li = found;
          tokens.push({ value: w, path, line: phys[li].line, style: 'shell' });
        }
        facts.execStart = { command: cmd, source, endLine: i + 1, tokens };
        break;
      }
      case 'Restart':
        facts.restart = { value, source };
        break;
      case 'Type':
        facts.type = { value, source };
        break;
      case 'MemoryMax':
      case 'MemoryLimit': {
        if (m[1] === 'MemoryLimit' && facts.memoryMax && /MemoryMax/.test(facts.memoryMax.source.text)) break;
        const mb = systemdMemoryMb(value);
        if (mb !== undefined) facts.memoryMax = { value: mb, source, raw: value };
        else if (!/^infinity$/i.test(value)) facts.problems.push(`${m[1]}=${value} is not an absolute size`);
        break;
      }
      case 'TimeoutStopSec':
      case 'TimeoutSec': {
        if (m[1] === 'TimeoutSec' && facts.timeoutStop && /TimeoutStopSec/.test(facts.timeoutStop.source.text)) break;
        const s = systemdSeconds(value);
        if (s !== undefined) facts.timeoutStop = { value: s, source };
        break;
      }
      case 'Environment':
        for (const w of systemdSplit(value)) {
          const eq = w.indexOf('=');
          if (eq > 0) facts.env.set(w.slice(0, eq), { value: w.slice(eq + 1), source });
        }
        break;
      case 'EnvironmentFile':
        facts.environmentFiles.push(source);
        break;
    }
  }
  return facts;
}

// ---- Python dependencies --------------------------------------------------------------------------------------------

const PKGS: PackageName[] = ['gunicorn', 'gevent', 'eventlet', 'uvicorn', 'uvicorn-worker', 'meinheld', 'tornado'];

export interface DependencyFacts {
  packages: Map<PackageName, { spec: string; source: Source; exact?: string }>;
}

function norm(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function exactOf(spec: string): string | undefined {
  const m = /^\s*===?\s*([0-9][0-9A-Za-z.+-]*)\s*$/.exec(spec);
  return m?.[1];
}

/** requirements*.txt, pyproject.toml (PEP 621 and Poetry), Pipfile, poetry.lock, uv.lock, Pipfile.lock. */
export function readDependencies(path: string, text: string): DependencyFacts {
  const packages: DependencyFacts['packages'] = new Map();
  const base = path.split('/').pop() ?? path;
  const lines = text.split(/\r?\n/);
  const add = (name: string, spec: string, i: number, exact?: string) => {
    const n = norm(name) as PackageName;
    if (!PKGS.includes(n)) return;
    if (packages.has(n) && !exact) return;
    packages.set(n, {
      spec: spec.trim(),
      source: { path, line: i + 1, text: lines[i].trim() },
      exact: exact ?? exactOf(spec),
    });
  };
  if (/\.lock$/.test(base) && base !== 'Pipfile.lock') {
    // poetry.lock / uv.lock: [[package]] name = "x" / version = "y"
    for (let i = 0; i < lines.length; i++) {
      const m = /^name\s*=\s*"([^"]+)"/.exec(lines[i]);
      if (!m) continue;
      const v = /^version\s*=\s*"([^"]+)"/.exec(lines[i + 1] ?? '');
      if (v) add(m[1], '==' + v[1], i + 1, v[1]);
    }
    return { packages };
  }
  if (base === 'Pipfile.lock') {
    for (let i = 0; i < lines.length; i++) {
      const m = /^\s*"([A-Za-z0-9_.-]+)":\s*\{/.exec(lines[i]);
      if (!m) continue;
      for (let k = i + 1; k < Math.min(lines.length, i + 15); k++) {
        const v = /"version":\s*"==([^"]+)"/.exec(lines[k]);
        if (v) {
          add(m[1], '==' + v[1], k, v[1]);
          break;
        }
      }
    }
    return { packages };
  }
  const isReq = /\.txt$|\.in$/.test(base);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/(^|\s)#.*$/, '');
    if (isReq) {
      const req = /^\s*([A-Za-z0-9][A-Za-z0-9_.-]*)\s*(\[[^\]]*\])?\s*([=<>!~][^;#]*)?/.exec(raw);
      if (req) add(req[1], req[3] ?? '', i);
      continue;
    }
    // TOML key form (Poetry / Pipfile): gunicorn = "^21.2" or gunicorn = {version = "21.2.0", ...}
    const toml = /^\s*([A-Za-z0-9][A-Za-z0-9_.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|\{[^}]*version\s*=\s*"([^"]*)")/.exec(
      raw,
    );
    if (toml) {
      add(toml[1], (toml[2] ?? toml[3] ?? toml[4] ?? '').replace(/^\*$/, ''), i);
      continue;
    }
    // PEP 508 strings in arrays: dependencies = ["gunicorn==21.2.0", "flask"] (one per line or inline)
    if (/^\s*[A-Za-z0-9_.-]+\s*=\s*"/.test(raw)) continue; // plain key = "string" (name, description …)
    for (const m of raw.matchAll(
      /["']([A-Za-z0-9][A-Za-z0-9_.-]*)\s*(\[[^\]]*\])?\s*([=<>!~][^;"']*)?(?:;[^"']*)?["']/g,
    )) {
      add(m[1], m[3] ?? '', i);
    }
  }
  return { packages };
}
