/**
 * A reflexive Enter never invents an answer: the wizard walked with Enter on every question (the default the prompt
 * offers, or its first choice when it offers none — what @inquirer/prompts does) reaches the same cause, variant and
 * confidence as `diagnose` on the same log, for every case. Questions the log cannot answer default to "not sure".
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wizard } from '../src/commands/wizard.js';
import type { InputSpec, Prompter, SelectSpec } from '../src/io.js';
import { scriptedIo } from './support/scripted-io.js';
import { diagnoseFile } from './support/run-case.js';

const root = join(import.meta.dirname, '..');
const casesDir = join(root, 'test', 'cases');
let tmp = '';
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'gd-enter-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Enter on every prompt; "Quit" at the menu after the result. */
function enterPrompter(unanswered: string[]): Prompter {
  return {
    select: async (spec: SelectSpec) => {
      if (spec.message.startsWith('What next?')) return 'quit';
      const v = spec.default ?? spec.choices[0]!.value;
      if (spec.default === undefined) unanswered.push(spec.message.split('\n')[0]!);
      return v;
    },
    input: async (spec: InputSpec) => spec.default ?? '',
  };
}

const names = readdirSync(casesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('Enter through the wizard = diagnose', () => {
  it('covers the case sets', () => expect(names.length).toBeGreaterThan(400));
  for (const name of names) {
    it(name, async () => {
      const log = join(casesDir, name, 'input.log');
      const { report } = await diagnoseFile(log);
      const d = report.diagnoses[0]!;
      const unanswered: string[] = [];
      const w = scriptedIo(enterPrompter(unanswered), tmp);
      await wizard({ command: 'wizard', positionals: [], logs: [log], redact: [] }, w);
      const m = /Cause: (\S+)\n\s+Confidence: (\w+)/.exec(w.text());
      expect(m, 'the wizard shows its result').not.toBeNull();
      expect(unanswered, 'every question offers a default (the log\'s answer or "not sure")').toEqual([]);
      expect(`${m![1]} ${m![2]}`).toBe(`${d.cause}${d.variant ? `.${d.variant}` : ''} ${d.confidence}`);
    });
  }
});
