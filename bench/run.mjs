#!/usr/bin/env node
// bench/run.mjs — every speed and memory figure of gunicorn-doctor in one run, side by side with ripgrep/grep
// on the same file and the same signature set. Prints a Markdown table (the README shows it).
//
//   npm run build && node bench/run.mjs [--size 1G] [--runs 3] [--dir /tmp/gd-bench]
//
// Workload: bench/genlog.mjs (deterministic mixed Gunicorn/Heroku/compose log, ~70% access lines).
// Reference: `rg -c -F -f` with the product's own signature literals (content/signatures/*.yaml `literal:`; the full
// patterns are not accepted by rg), `zcat | LC_ALL=C grep -cE` with the same literals for .gz. Times are medians after
// one warm-up; peak RSS from GNU time when present.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (k, d) => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : d;
};
const size = opt('--size', '256M');
const runs = Number(opt('--runs', '3'));
const dir = opt('--dir', '/tmp/gd-bench');
const cli = join(root, 'dist/src/cli.js');
if (!existsSync(cli)) {
  console.error('bench: run `npm run build` first');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });

const log = join(dir, `big-${size}.log`);
if (!existsSync(log)) {
  process.stderr.write(`generating ${size} log…\n`);
  execFileSync('sh', ['-c', `node "${join(root, 'bench/genlog.mjs')}" --size ${size} --seed 1 > "${log}"`]);
}
const gz = `${log}.gz`;
if (!existsSync(gz)) execFileSync('sh', ['-c', `gzip -6 -c "${log}" > "${gz}"`]);
const bytes = statSync(log).size;
const MiB = bytes / 1048576;

// The reference signature set: the product's signature LITERALS (content/signatures/*.yaml `literal:`), every one a
// required substring of its signature, as a fixed-string list (rg -F -f, grep -F -f). The full pattern alternation
// is not usable as a reference: rg rejects its look-arounds, and without them its bounded repeats ({0,8000}) blow
// rg's and grep's automaton limits (rg > 1 min to compile with raised limits; grep was OOM-killed on 64 MB).
const sigDir = join(root, 'content/signatures');
const lits = new Set();
for (const f of readdirSync(sigDir).filter((f) => f.endsWith('.yaml') && !f.startsWith('_'))) {
  const y = parse(readFileSync(join(sigDir, f), 'utf8'));
  if (y.literal) lits.add(String(y.literal));
}
const litFile = join(dir, 'signatures.literals');
writeFileSync(litFile, [...lits].join('\n') + '\n');
// the same literals as one ERE alternation (for `grep -cE`)
const ere = [...lits].map((l) => l.replace(/[.[\]()*+?{}|^$\\]/g, '\\$&')).join('|');
writeFileSync(join(dir, 'signatures.ere'), ere);
console.log(
  `reference: rg/grep count lines holding any of the ${lits.size} signature literals (rg -F -f ${litFile}; grep -E with the same literals as an alternation) — not the full patterns`,
);

const hasTime = existsSync('/usr/bin/time');
function measure(label, cmd, argv, { shell = false } = {}) {
  const once = () => {
    const t0 = process.hrtime.bigint();
    const r = hasTime
      ? spawnSync('/usr/bin/time', ['-f', '%M', ...(shell ? ['sh', '-c', cmd] : [cmd, ...argv])], {
          encoding: 'utf8',
          maxBuffer: 1 << 28,
        })
      : spawnSync(shell ? 'sh' : cmd, shell ? ['-c', cmd] : argv, { encoding: 'utf8', maxBuffer: 1 << 28 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const rss = hasTime ? Number(r.stderr.trim().split('\n').pop()) / 1024 : NaN;
    return { ms, rss, out: r.stdout, status: r.status };
  };
  once();
  const rs = Array.from({ length: runs }, once).sort((a, b) => a.ms - b.ms);
  const med = rs[(runs - 1) >> 1];
  return { label, ms: med.ms, min: rs[0].ms, rss: Math.max(...rs.map((r) => r.rss)), out: med.out, status: med.status };
}

const rows = [];
const rg = measure(`rg -c -F -f <${lits.size} signature literals> (--no-mmap)`, 'rg', [
  '--no-mmap',
  '-c',
  '-F',
  '-f',
  litFile,
  log,
]);
rows.push(rg);
const rgMmap = measure(`rg -c -F -f <${lits.size} signature literals> (mmap)`, 'rg', ['-c', '-F', '-f', litFile, log]);
rows.push(rgMmap);
const d1 = measure('gunicorn-doctor diagnose --json (1 thread)', 'node', [
  cli,
  'diagnose',
  '--json',
  '--threads',
  '1',
  log,
]);
rows.push(d1);
const d2 = measure('gunicorn-doctor diagnose --json --threads 2', 'node', [
  cli,
  'diagnose',
  '--json',
  '--threads',
  '2',
  log,
]);
rows.push(d2);
const zg = measure(
  'zcat big.gz | LC_ALL=C grep -cE (signature literals)',
  `zcat "${gz}" | LC_ALL=C grep -cE -f "${join(dir, 'signatures.ere')}"`,
  [],
  { shell: true },
);
rows.push(zg);
const dg = measure('gunicorn-doctor diagnose --json big.gz', 'node', [cli, 'diagnose', '--json', gz]);
rows.push(dg);

const fmt = (r) =>
  `| ${r.label} | ${(r.ms / 1000).toFixed(2)} | ${(MiB / (r.ms / 1000)).toFixed(0)} | ${Number.isFinite(r.rss) ? r.rss.toFixed(0) : '-'} | ${(rg.ms / r.ms).toFixed(2)}× |`;
console.log(
  `\nThroughput on ${size} (${bytes} bytes, ${MiB.toFixed(0)} MiB uncompressed), median of ${runs} after a warm-up; ${process.version}, ${(await import('node:os')).cpus().length} cores\n`,
);
console.log('| command | median s | MiB/s | peak RSS MB | × rg |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(fmt(r));
console.log(`\n.gz: diagnose ${(zg.ms / dg.ms).toFixed(2)}× the speed of zcat | grep -cE`);
for (const r of [d1, d2, dg])
  if (r.status !== 0 && r.status !== 1) console.log(`WARNING: ${r.label} exited ${r.status}`);

// startup, as a ratio to bare node
const small = join(root, 'examples/heroku-memory.log');
function startup(label, argv, n = 20) {
  const once = () => {
    const t0 = process.hrtime.bigint();
    spawnSync('node', argv, { stdio: 'ignore' });
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  once();
  once();
  const t = Array.from({ length: n }, once).sort((a, b) => a - b);
  return { label, ms: t[(n - 1) >> 1] };
}
const bare = startup("node -e ''", ['-e', '']);
const st = [
  bare,
  startup('--version', [cli, '--version']),
  startup('--help', [cli, '--help']),
  startup('diagnose --json (163-line example)', [cli, 'diagnose', '--json', small]),
];
console.log('\n| startup | median ms | × bare node |\n|---|---|---|');
for (const s of st) console.log(`| ${s.label} | ${s.ms.toFixed(1)} | ${(s.ms / bare.ms).toFixed(2)}× |`);

// first wizard question on screen, in a real terminal (tmux)
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (hasTmux) {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const s = `gdbench${process.pid}${i}`;
    const t0 = process.hrtime.bigint();
    spawnSync('tmux', ['new-session', '-d', '-x', '120', '-y', '40', '-s', s, `node ${cli}`]);
    let ms = NaN;
    for (let k = 0; k < 400; k++) {
      const out = spawnSync('tmux', ['capture-pane', '-p', '-t', s], { encoding: 'utf8' }).stdout ?? '';
      if (/Where does this Gunicorn run/.test(out)) {
        ms = Number(process.hrtime.bigint() - t0) / 1e6;
        break;
      }
      spawnSync('sleep', ['0.005']);
    }
    spawnSync('tmux', ['kill-session', '-t', s]);
    times.push(ms);
  }
  const seen = times.filter(Number.isFinite).sort((a, b) => a - b);
  const missed = times.length - seen.length;
  console.log(
    `\nfirst wizard question on screen (tmux, incl. tmux start-up): median ${seen.length ? seen[(seen.length - 1) >> 1].toFixed(0) : '-'} ms, min ${seen.length ? seen[0].toFixed(0) : '-'} ms${missed ? ` (${missed} of ${times.length} runs not seen within 2 s)` : ''}`,
  );
}
