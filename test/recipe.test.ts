/**
 * The README's recipe for adding a cause ("Adding knowledge"), measured: in a temporary copy of the knowledge
 * (content/, flows/, src/, README.md), a scratch cause whose evidence is one kind of log line is added by exactly the
 * documented steps, and the knowledge-chain checks (test/support/knowledge-chain.ts, the ones the catalog and
 * knowledge tests run) find nothing missing: the page is well-formed, the leaf is reached, the case and the README row
 * exist, the question's fact is listed and produced (by the signature's `fact:`), and the page's "How to confirm"
 * example is diagnosed as the scratch cause by the copy's own engine. Then each step is left out in turn, and the
 * checks must fail with a message naming the file that step adds or edits.
 *
 * If this test fails after a change to the knowledge's layout, the README's recipe is out of date: fix both.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { causeChainProblems, loadKnowledge } from './support/knowledge-chain.js';

const repo = join(import.meta.dirname, '..');
const ID = 'boot-scratch-quota';
const FACT = 'scratch-quota';
const SIGNATURE = 'scratch-quota-exhausted';
const CASE = `${ID}--quota-exhausted`;

/** the log the page's example and the case share: a worker dies at import on the scratch line */
const LOG = `[2024-05-01 10:00:00 +0000] [1] [INFO] Starting gunicorn 22.0.0
[2024-05-01 10:00:00 +0000] [1] [INFO] Listening at: http://0.0.0.0:8000 (1)
[2024-05-01 10:00:00 +0000] [1] [INFO] Using worker: sync
[2024-05-01 10:00:00 +0000] [7] [INFO] Booting worker with pid: 7
[2024-05-01 10:00:01 +0000] [7] [ERROR] Exception in worker process
Traceback (most recent call last):
  File "/app/app.py", line 3, in <module>
    reserve_scratch()
ScratchQuotaError: scratch quota exhausted for this app
[2024-05-01 10:00:01 +0000] [7] [INFO] Worker exiting (pid: 7)
[2024-05-01 10:00:01 +0000] [1] [ERROR] Worker (pid:7) exited with code 3
[2024-05-01 10:00:01 +0000] [1] [ERROR] Shutting down: Master
[2024-05-01 10:00:01 +0000] [1] [ERROR] Reason: Worker failed to boot.
`;

const fixSection = (where: string) => `Raise the scratch quota ${where}, or use less of it at start-up.`;
const PAGE = `---
id: ${ID}
title: The app's scratch quota is exhausted at start-up
phase: boot
summary: The app reserves scratch space while it is imported, the quota is used up, so every worker dies before serving.
exitCode: 1
settings: []
needs: []
docs: []
verify:
  - "no ScratchQuotaError after the next start"
---
## What's happening

Each worker reserves its scratch space while the app is imported; with the quota used up the reservation raises
\`ScratchQuotaError\` and the worker exits before its first request.

## How to confirm

\`\`\`log
${LOG}\`\`\`

## Fix

Free scratch space or raise the quota, then restart.

### Heroku

${fixSection('in the add-on plan')}

### gunicorn.conf.py

${fixSection('where the app is configured')}

### Docker / compose

${fixSection('in the service definition')}

### Kubernetes

${fixSection('in the pod spec')}

### systemd

${fixSection('in the unit')}

## Prevent it

Watch the scratch usage and alert before the quota is reached.
`;

const SIGNATURE_YAML = `id: ${SIGNATURE}
summary: 'the app could not reserve scratch space: its quota is used up'
event: exc-other
fact: ${FACT}
indicates: [${ID}]
source: python
platforms: any
literal: 'ScratchQuotaError: '
priority: 5
patterns:
  - '^ScratchQuotaError: (?<detail>.{0,500})$'
samples:
  - line: 'ScratchQuotaError: scratch quota exhausted for this app'
    captures: { detail: scratch quota exhausted for this app }
    alsoMatches: [exc-other]
`;

/** insert text before an anchor that must be in the file (a moved anchor means the recipe needs a look) */
function insertBefore(root: string, file: string, anchor: string, text: string): void {
  const path = join(root, file);
  const src = readFileSync(path, 'utf8');
  if (!src.includes(anchor)) throw new Error(`${file}: anchor not found (update the recipe test): ${anchor}`);
  writeFileSync(path, src.replace(anchor, `${text}${anchor}`));
}
function add(root: string, file: string, text: string): void {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
}

/**
 * The README's steps, in its order; `names` is what the failure must name when the step is left out. Each step is
 * one file (the case is one folder of two files).
 */
const STEPS: { step: string; doc: string; names: string; apply: (root: string) => void }[] = [
  {
    step: '1. the cause page',
    doc: 'content/causes/<id>.md',
    names: `content/causes/${ID}.md`,
    apply: (root) => add(root, `content/causes/${ID}.md`, PAGE),
  },
  {
    step: '2. the leaf and the answer that reaches it',
    doc: 'flows/<phase>.ts',
    names: 'flows/boot.ts',
    apply: (root) => {
      insertBefore(root, 'flows/boot.ts', "      unsure: 'boot-goes-quiet',", `      '${FACT}': '${ID}',\n`);
      insertBefore(root, 'flows/boot.ts', "    'undiagnosed--boot':", `    '${ID}': cause('${ID}'),\n`);
    },
  },
  {
    step: "3. the question's choice and the fact that answers it",
    doc: 'flows/questions.ts',
    names: 'flows/questions.ts',
    apply: (root) => {
      insertBefore(
        root,
        'flows/questions.ts',
        "      'slow-start': 'Nothing: it goes quiet",
        `      '${FACT}': 'ScratchQuotaError: the scratch quota is used up',\n`,
      );
      insertBefore(
        root,
        'flows/questions.ts',
        "      { fact: 'argv-in-app', choice: 'import-error', strength: d },",
        `      { fact: '${FACT}', choice: '${FACT}', strength: d },\n`,
      );
    },
  },
  {
    step: '4. the fact and its weights',
    doc: 'src/evidence/facts.ts',
    names: 'src/evidence/facts.ts',
    apply: (root) => {
      insertBefore(
        root,
        'src/evidence/facts.ts',
        "  'boot-failure':\n",
        `  '${FACT}': 'ScratchQuotaError at start-up',\n`,
      );
      insertBefore(
        root,
        'src/evidence/facts.ts',
        "  'import-error': { 'boot-import-error': 3 },",
        `  '${FACT}': { '${ID}': 3 },\n`,
      );
      insertBefore(root, 'src/evidence/facts.ts', "  'import-error': 'boot-import-error',", `  '${FACT}': '${ID}',\n`);
    },
  },
  {
    step: '5. the signature of its log line',
    doc: 'content/signatures/<line-id>.yaml',
    names: `content/signatures/<line-id>.yaml with \`fact: ${FACT}\``,
    apply: (root) => add(root, `content/signatures/${SIGNATURE}.yaml`, SIGNATURE_YAML),
  },
  {
    step: '6. the test case',
    doc: 'test/cases/<id>--<short-name>/',
    names: `test/cases/${ID}--<short-name>/`,
    apply: (root) => {
      add(root, `test/cases/${CASE}/input.log`, LOG);
      add(
        root,
        `test/cases/${CASE}/expected.json`,
        `${JSON.stringify({ cause: ID, source: 'made for the recipe test', notes: 'the scratch line at import' }, null, 2)}\n`,
      );
    },
  },
  {
    step: "7. the README's row",
    doc: 'README.md',
    names: 'README.md',
    apply: (root) =>
      insertBefore(
        root,
        'README.md',
        '| `boot-slow-startup` |',
        `| \`${ID}\` | boot | The app's scratch quota is exhausted at start-up | 1 |\n`,
      ),
  },
];

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** a copy of the knowledge and the code that reads it, with every step applied but `skip` */
function knowledgeCopy(skip?: string): string {
  const root = mkdtempSync(join(tmpdir(), 'gd-recipe-'));
  roots.push(root);
  for (const p of ['content', 'flows', 'src', 'README.md', 'package.json', 'tsconfig.json'])
    cpSync(join(repo, p), join(root, p), { recursive: true });
  // the engine the example runs through (test/support/run-case.ts) and the packages it imports
  cpSync(join(repo, 'test', 'support', 'run-case.ts'), join(root, 'test', 'support', 'run-case.ts'));
  mkdirSync(join(root, 'test', 'cases'), { recursive: true });
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir');
  for (const s of STEPS) if (s.step !== skip) s.apply(root);
  return root;
}

describe('the recipe for a new cause (README, "Adding knowledge")', () => {
  it('is the numbered recipe of the README, and takes the files it counts', () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    // one file per step, the case folder's two files counted as two
    expect(readme).toContain(`takes **${STEPS.length + 1} files**`);
    STEPS.forEach((s, i) => expect(readme).toContain(`  ${i + 1}. \`${s.doc}`));
  });

  it('all the steps: the knowledge chain holds, the example is diagnosed as the scratch cause', async () => {
    const k = await loadKnowledge(knowledgeCopy());
    expect(k.pageCauses).toContain(ID);
    expect(await causeChainProblems(k, ID)).toEqual([]);
  }, 180_000);

  it.each(STEPS.map((s) => [s.step, s] as const))(
    'without %s, the chain fails naming the file',
    async (_step, s) => {
      const k = await loadKnowledge(knowledgeCopy(s.step));
      const problems = await causeChainProblems(k, ID);
      expect(problems.length, `leaving out ${s.step} went unnoticed`).toBeGreaterThan(0);
      expect(problems.join('\n')).toContain(s.names);
    },
    180_000,
  );
});
