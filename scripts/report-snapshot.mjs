#!/usr/bin/env node
/**
 * Writes the JSON report of every case in test/cases (and of every project fixture in test/projects with a few
 * logs) into OUTDIR, one file each, through the built CLI — the contract users see. For refactors that must not
 * change anything user-visible: run it before and after, then `diff -r BEFORE AFTER`.
 *
 *   npm run build && node scripts/report-snapshot.mjs /tmp/before
 *
 * The report's generation time, scan seconds and the tool's version are blanked; everything else is compared as is.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir, availableParallelism } from 'node:os';
import { join } from 'node:path';

const out = process.argv[2];
if (!out) {
  console.error('usage: node scripts/report-snapshot.mjs OUTDIR');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const repo = join(import.meta.dirname, '..');
const cli = join(repo, 'dist/src/cli.js');
const empty = mkdtempSync(join(tmpdir(), 'gd-snap-'));
const cases = join(repo, 'test/cases');
const projects = join(repo, 'test/projects');

const jobs = [];
for (const d of readdirSync(cases, { withFileTypes: true })) {
  if (!d.isDirectory() || !existsSync(join(cases, d.name, 'input.log'))) continue;
  jobs.push({ name: `case--${d.name}`, args: ['diagnose', '--json', join(cases, d.name, 'input.log')] });
}
// each project fixture with the bundled example and the first case of every cause (the remediation depends on both)
const firstOfCause = new Map();
for (const j of jobs) {
  const cause = j.name.split('--')[1];
  if (!firstOfCause.has(cause)) firstOfCause.set(cause, j.args.at(-1));
}
const logs = [join(repo, 'examples/heroku-memory.log'), ...firstOfCause.values()];
for (const p of readdirSync(projects, { withFileTypes: true })) {
  if (!p.isDirectory()) continue;
  for (const l of logs) {
    const tag = l.includes('/test/cases/') ? l.split('/').at(-2) : 'example';
    jobs.push({
      name: `project--${p.name}--${tag}`,
      args: ['diagnose', '--json', '--config', join(projects, p.name), l],
    });
  }
}

const run = (job) =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...job.args],
      { cwd: empty, env: { ...process.env, NO_COLOR: '1', CI: 'true' }, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        let body = stdout;
        try {
          const r = JSON.parse(stdout);
          if (r.generatedAt) r.generatedAt = '-';
          if (r.tool?.version) r.tool.version = '-';
          if (r.stats && 'seconds' in r.stats) r.stats.seconds = '-';
          body = JSON.stringify(r, null, 2);
        } catch {
          /* not JSON: kept as printed */
        }
        writeFileSync(join(out, `${job.name}.json`), `${body}\n--- exit ${err ? err.code : 0}\n--- stderr\n${stderr}`);
        resolve();
      },
    );
  });

let next = 0;
const workers = Array.from({ length: Math.max(1, availableParallelism()) }, async () => {
  while (next < jobs.length) await run(jobs[next++]);
});
await Promise.all(workers);
console.log(`${jobs.length} reports in ${out}`);
