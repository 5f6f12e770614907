/**
 * The layer rules of eslint.layers.js can fail: snippets linted as if they were files of src/ and flows/ (the files
 * need not exist) must be reported, and the imports the table allows must not be. Also: every folder and module of
 * src/ has a row in the table (a new one cannot slip in unlayered), and README.md's Layers table says what it says.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

interface Layer {
  path: string;
  owns: string;
  imports: string[];
}
// a plain JavaScript config module: imported by URL so that the compiler does not look for its types
const layersModule = new URL('../eslint.layers.js', import.meta.url).href;
const { LAYERS } = (await import(layersModule)) as { LAYERS: Record<string, Layer> };
const OURS = new Set([
  'no-restricted-imports',
  'no-restricted-syntax',
  'no-restricted-globals',
  'no-restricted-properties',
]);
const eslint = new ESLint({ cwd: root, overrideConfigFile: join(root, 'eslint.config.js') });

/** the layer rules that report `code` as the file `filePath` */
async function findings(filePath: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: join(root, filePath) });
  expect(r!.messages.filter((m) => m.fatal)).toEqual([]);
  return r!.messages.filter((m) => m.ruleId && OURS.has(m.ruleId)).map((m) => m.ruleId!);
}

describe('layers (eslint.layers.js)', () => {
  // the first lint loads the parser and every plugin: seconds, once
  beforeAll(() => findings('src/text/x.ts', 'export {};'), 60_000);

  it.each([
    // a lower layer reaching up, in every form an import can take
    ['src/evidence/x.ts', "import { formatReport } from '../report/format.js';", 'no-restricted-imports'],
    ['src/evidence/x.ts', "export { formatReport } from '../report/format.js';", 'no-restricted-imports'],
    ['src/evidence/detectors/x.ts', "import type { Report } from '../../engine/report.js';", 'no-restricted-imports'],
    ['src/engine/x.ts', "export const m = () => import('../check/relevant.js');", 'no-restricted-syntax'],
    ['src/engine/x.ts', "export type F = import('../report/format.js').Style;", 'no-restricted-syntax'],
    ['src/catalog/x.ts', "import { Timeline } from '../evidence/timeline.js';", 'no-restricted-imports'],
    ['src/remedy/x.ts', "import type { Context } from '../engine/types.js';", 'no-restricted-imports'],
    ['src/report/x.ts', "import { style } from '../ui/ask.js';", 'no-restricted-imports'],
    ['src/check/rules/x.ts', "import { runCheck } from '../../commands/check.js';", 'no-restricted-imports'],
    ['src/text/x.ts', "import { questionTable } from '../../flows/questions.js';", 'no-restricted-imports'],
    ['src/io.ts', "import { prepare } from './engine/diagnose.js';", 'no-restricted-imports'],
    ['src/pipeline.ts', "import { ask } from './ui/ask.js';", 'no-restricted-imports'],
    // only src/cli.ts touches process
    ['src/engine/x.ts', 'export const home = process.env.HOME;', 'no-restricted-globals'],
    ['src/atomic.ts', "import { pid } from 'node:process';\nexport const p = pid;", 'no-restricted-imports'],
    ['src/report/x.ts', 'export const p = globalThis.process;', 'no-restricted-properties'],
    // only src/ui/ asks and renders Markdown
    ['src/commands/x.ts', "import { select } from '@inquirer/prompts';\nexport { select };", 'no-restricted-imports'],
    ['src/report/x.ts', "import { marked } from 'marked';\nexport { marked };", 'no-restricted-imports'],
    [
      'src/check/x.ts',
      "import TerminalRenderer from 'marked-terminal';\nexport { TerminalRenderer };",
      'no-restricted-imports',
    ],
    // the machine is pure
    ['flows/x.ts', "import { readFileSync } from 'node:fs';\nexport { readFileSync };", 'no-restricted-imports'],
    [
      'flows/x.ts',
      "import type { Report } from '../src/engine/report.js';\nexport type R = Report;",
      'no-restricted-imports',
    ],
    ['flows/x.ts', "import { parse } from 'yaml';\nexport { parse };", 'no-restricted-imports'],
    ['flows/x.ts', "export const m = () => import('./kit.js');", 'no-restricted-syntax'],
    ['flows/x.ts', 'export const argv = process.argv;', 'no-restricted-globals'],
  ])('%s: %s is reported', async (file, code, rule) => {
    expect(await findings(file, code)).toContain(rule);
  });

  it.each([
    ['src/engine/x.ts', "import { Timeline } from '../evidence/timeline.js';\nexport { Timeline };"],
    ['src/engine/x.ts', "import { questionTable } from '../../flows/questions.js';\nexport { questionTable };"],
    ['src/evidence/detectors/x.ts', "import { count } from '../../text/words.js';\nexport { count };"],
    ['src/catalog/x.ts', "import { EVENT_KINDS } from '../evidence/events.js';\nexport { EVENT_KINDS };"],
    ['src/check/rules/x.ts', "import type { Finding } from '../types.js';\nexport type F = Finding;"],
    ['src/commands/x.ts', "import { runDiagnosis } from '../pipeline.js';\nexport { runDiagnosis };"],
    ['src/cli.ts', "import { env } from 'node:process';\nexport const v = env.X ?? process.argv[0];"],
    [
      'src/ui/x.ts',
      "import { select } from '@inquirer/prompts';\nimport { marked } from 'marked';\nexport { select, marked };",
    ],
    ['flows/x.ts', "import { setup } from 'xstate';\nimport { kit } from './kit.js';\nexport { setup, kit };"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await findings(file, code)).toEqual([]);
  });

  it('every folder and module of src/ (and flows/) has a row in the table', () => {
    const entries = readdirSync(join(root, 'src'), { withFileTypes: true }).map((e) =>
      e.isDirectory() ? `src/${e.name}/` : `src/${e.name}`,
    );
    const rows = Object.values(LAYERS).map((l) => l.path);
    expect([...entries, 'flows/'].sort()).toEqual([...rows].sort());
  });

  it("each folder's README.md says what it owns and may import", () => {
    for (const l of Object.values(LAYERS).filter((l) => l.path.endsWith('/'))) {
      const text = readFileSync(join(root, l.path, 'README.md'), 'utf8');
      expect(text).toContain(`**Owns** ${l.owns}.`);
      expect(text).toContain(`**May import** ${l.imports.length ? l.imports.join(', ') : ''}`);
    }
  });

  it('README.md shows the table as it is', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const l of Object.values(LAYERS))
      expect(readme).toContain(`| \`${l.path}\` | ${l.owns} | ${l.imports.join(', ') || '—'} |`);
  });
});
