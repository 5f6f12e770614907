#!/usr/bin/env node
// bench/scan.mjs — scanner-only throughput, in-process, against the BUILT code (run `npx tsc -p tsconfig.build.json`).
//
//   node bench/scan.mjs FILE [--threads N] [--runs 3] [--no-timeline] [--rg] [--chunk BYTES]
//
// Each run happens in a fresh child process (so peak RSS is per run); prints MiB/s (median), hits, lines,
// requests, peak RSS. --rg also times `rg --no-mmap -c -F -f` with the signature literals on the same file (the full
// pattern alternation is rejected by rg: look-arounds, and bounded repeats beyond its automaton limits).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (k, d) => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : d;
};

if (args[0] === '--child') {
  const [, file, threads, timeline, chunk] = args;
  const { scan } = await import(join(root, 'dist/src/evidence/scan.js'));
  const { loadSignatures } = await import(join(root, 'dist/src/catalog/signatures.js'));
  const { Timeline } = await import(join(root, 'dist/src/evidence/timeline.js'));
  const sigs = loadSignatures();
  const tl = new Timeline();
  let hits = 0;
  const onHit =
    timeline === '1'
      ? (h) => {
          hits++;
          tl.push(h);
        }
      : () => {
          hits++;
        };
  const opts = { threads: Number(threads) };
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  if (chunk !== '0') opts.chunkBytes = Number(chunk);
  const st = await scan([{ name: file, path: file }], sigs, onHit, opts);
  const ms = performance.now() - t0;
  if (timeline === '1') tl.finish();
  const cpu = process.cpuUsage(c0);
  process.stdout.write(
    JSON.stringify({
      ms,
      cpuMs: (cpu.user + cpu.system) / 1000,
      hits,
      lines: st.lines,
      recognized: st.recognizedLines,
      requests: tl.requests,
      rss: process.resourceUsage().maxRSS / 1024,
    }) + '\n',
  );
  process.exit(0);
}

const file = args.find(
  (a, i) =>
    !a.startsWith('--') &&
    !(i > 0 && args[i - 1].startsWith('--') && args[i - 1] !== '--rg' && args[i - 1] !== '--no-timeline'),
);
if (!file) {
  console.error('usage: node bench/scan.mjs FILE [--threads N] [--runs 3] [--no-timeline] [--rg]');
  process.exit(2);
}
const runs = Number(opt('--runs', '3'));
const threads = opt('--threads', '1');
const timeline = args.includes('--no-timeline') ? '0' : '1';
const chunk = opt('--chunk', '0');
const MiB = statSync(file).size / 1048576;

function child() {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', file, threads, timeline, chunk], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(1);
  }
  return JSON.parse(r.stdout.trim().split('\n').pop());
}
child(); // warm-up (page cache)
const rs = Array.from({ length: runs }, child).sort((a, b) => a.ms - b.ms);
const med = rs[(runs - 1) >> 1];
console.log(
  `scan threads=${threads} timeline=${timeline}: median ${(med.ms / 1000).toFixed(2)} s, ${(MiB / (med.ms / 1000)).toFixed(0)} MiB/s (min ${(rs[0].ms / 1000).toFixed(2)} s, scan CPU min ${(Math.min(...rs.map((r) => r.cpuMs)) / 1000).toFixed(2)} s), hits ${med.hits}, lines ${med.lines}, requests ${med.requests}, peak RSS ${Math.max(...rs.map((r) => r.rss)).toFixed(0)} MB`,
);

if (args.includes('--rg')) {
  const { parse } = await import('yaml');
  const sigDir = join(root, 'content/signatures');
  const pats = [];
  const lits = new Set();
  for (const f of readdirSync(sigDir).filter((f) => f.endsWith('.yaml') && !f.startsWith('_'))) {
    const y = parse(readFileSync(join(sigDir, f), 'utf8'));
    for (const p of y.patterns ?? [])
      pats.push(
        String(typeof p === 'string' ? p : (p.message ?? p.pattern))
          .replace(/\(\?<([A-Za-z_]\w*)>/g, '(')
          .replace(/^\^/, ''),
      );
    if (y.literal) lits.add(y.literal);
  }
  const alt = pats.map((p) => `(?:${p})`).join('|');
  writeFileSync('/tmp/gd-scan-bench.lits', [...lits].join('\n') + '\n');
  const time = (argv) => {
    const once = () => {
      const t0 = process.hrtime.bigint();
      const r = spawnSync('rg', argv, { encoding: 'utf8' });
      return { ms: Number(process.hrtime.bigint() - t0) / 1e6, out: r.stdout.trim() };
    };
    once();
    const t = Array.from({ length: runs }, once).sort((a, b) => a.ms - b.ms);
    return t[(runs - 1) >> 1];
  };
  // the full pattern alternation is not a usable reference (rg rejects its look-arounds; without them the bounded
  // repeats exceed rg's automaton limits): rg counts lines holding a signature literal (-F -f), as bench/run.mjs does
  void alt;
  const b = time(['--no-mmap', '-c', '-F', '-f', '/tmp/gd-scan-bench.lits', file]);
  console.log(
    `rg --no-mmap -c -F -f <${lits.size} signature literals>: ${(b.ms / 1000).toFixed(2)} s, ${(MiB / (b.ms / 1000)).toFixed(0)} MiB/s, ${b.out} lines; scan speed / rg = ${(b.ms / med.ms).toFixed(2)}×`,
  );
}
