// The house's layers as lint rules (#14): which part of src/ may import which, only src/cli.ts touches `process`,
// only src/ui/ imports Inquirer and marked, the machine in flows/ stays pure. The table is the data; the rules below
// are generated from it (README.md "Layers" shows the same table; test/layers.test.ts proves each rule can fail).
//
// A unit is a folder of src/, a module at the top of src/, or flows/. A unit may import itself, node:* and packages
// (but see the Inquirer/marked and flows rules), and the units it lists; any other relative import is an error, for
// static imports and re-exports, `import type`, dynamic `import()` and `import('…')` types alike.

/** what the commands' plumbing (src/pipeline.ts, src/common.ts) may import: every layer under the commands but ui/ */
const PLUMBING = [
  'check',
  'report',
  'engine',
  'remedy',
  'evidence',
  'catalog',
  'project',
  'text',
  'io',
  'errors',
  'atomic',
  'flows',
];

/** @type {Record<string, { path: string, owns: string, imports: string[], except?: Record<string, string[]> }>} */
export const LAYERS = {
  cli: {
    path: 'src/cli.ts',
    owns: 'the bin: argv, env, exit, the standard streams, signals; the only reader of `process`',
    imports: ['run', 'io', 'errors', 'atomic', 'ui', 'text', 'evidence'],
  },
  run: {
    path: 'src/run.ts',
    owns: 'the dispatcher: one command per invocation',
    imports: ['commands', 'common', 'io', 'errors', 'ui', 'report', 'evidence', 'project'],
  },
  commands: {
    path: 'src/commands/',
    owns: 'one module per command; none imports another',
    imports: ['pipeline', 'common', 'ui', ...PLUMBING],
  },
  pipeline: {
    path: 'src/pipeline.ts',
    owns: 'the diagnosing pipeline the commands share (logs → prepare → walk → conclude → sanitise → format)',
    imports: ['common', ...PLUMBING],
  },
  common: {
    path: 'src/common.ts',
    owns: 'what the commands share besides the pipeline: inputs, answers files, the report around a diagnosis',
    imports: PLUMBING,
  },
  ui: {
    path: 'src/ui/',
    owns: 'the terminal: prompts (@inquirer/*), Markdown rendering (marked), the pager, did-you-mean',
    imports: ['io', 'text'],
  },
  check: {
    path: 'src/check/',
    owns: '`check`: the project rules, their fixes and the check report; the findings relevant to a diagnosis',
    imports: ['report', 'engine', 'remedy', 'evidence', 'catalog', 'project', 'text', 'flows'],
  },
  report: {
    path: 'src/report/',
    owns: 'the output formats: text, Markdown, JSON, chart, runbook; escaping and redaction',
    imports: ['engine', 'remedy', 'evidence', 'catalog', 'project', 'text', 'flows'],
  },
  engine: {
    path: 'src/engine/',
    owns: 'the diagnosis: prepare, walk the machine, weigh, answer, the remediation per cause; the Report type',
    imports: ['remedy', 'evidence', 'catalog', 'project', 'text', 'flows'],
  },
  remedy: {
    path: 'src/remedy/',
    owns: 'remediation knowledge: suggested numbers, edits to the user’s own files',
    imports: ['catalog', 'project', 'text', 'atomic'],
  },
  evidence: {
    path: 'src/evidence/',
    owns: 'reading logs: scan, signatures applied, the timeline and its detectors, facts',
    imports: ['catalog', 'text'],
  },
  catalog: {
    path: 'src/catalog/',
    owns: 'the knowledge in content/: cause pages and their placeholders, signatures, worker classes, the bundle',
    imports: ['text'],
    // the event kinds and the facts a signature may name (`event:`, `fact:`): leaf modules of data that import
    // nothing, so no cycle; the loader checks each signature's names against them
    except: { evidence: ['events.js', 'facts.js'] },
  },
  project: {
    path: 'src/project/',
    owns: 'reading project files (Procfile, Dockerfile, compose, Kubernetes, systemd, gunicorn.conf.py); never runs them',
    imports: ['text'],
  },
  text: { path: 'src/text/', owns: 'text helpers: counted words, colour', imports: [] },
  io: {
    path: 'src/io.ts',
    owns: 'the Io the commands see (streams, env, prompter) and input opening',
    imports: ['catalog'],
  },
  errors: { path: 'src/errors.ts', owns: 'the errors users see and their exit codes', imports: [] },
  atomic: { path: 'src/atomic.ts', owns: 'the one atomic file writer', imports: [] },
  types: { path: 'src/types/', owns: 'declarations for untyped packages', imports: [] },
  flows: { path: 'flows/', owns: 'the question machine: pure data and XState, nothing else', imports: [] },
};

const UNITS = Object.keys(LAYERS);
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** how a specifier from `prefix` (the way up to src/) names a unit: `engine/…` for a folder, `cli.js` for a module */
function unitPattern(unit, except = []) {
  const { path } = LAYERS[unit];
  const name = path.replace(/^src\//, '').replace(/\/$/, '');
  if (path.endsWith('/')) return `${escape(name)}\\/${except.length ? `(?!(?:${except.map(escape).join('|')})$)` : ''}`;
  return `${escape(name.replace(/\.ts$/, '.js'))}$`;
}

/** the regex of relative specifiers a file at `depth` folders below src/ may not use */
function forbidden(unit, depth) {
  const { imports, except = {} } = LAYERS[unit];
  const up = depth === 0 ? '\\.\\/' : `(?:\\.\\.\\/){${depth}}`;
  const inSrc = UNITS.filter((u) => u !== unit && u !== 'flows' && !imports.includes(u)).map((u) =>
    unitPattern(u, except[u]),
  );
  const parts = [`${up}(?:${inSrc.join('|')})`];
  if (!imports.includes('flows')) parts.push(`(?:\\.\\.\\/){${depth + 1}}flows\\/`);
  return `^(?:${parts.join('|')})`;
}

const INQUIRER_MARKED = {
  paths: [
    { name: 'marked', message: 'only src/ui/ renders Markdown (eslint.layers.js)' },
    { name: 'marked-terminal', message: 'only src/ui/ renders Markdown (eslint.layers.js)' },
  ],
  patterns: [{ regex: '^@inquirer\\/', message: 'only src/ui/ asks questions (eslint.layers.js)' }],
};
const PROCESS_MODULE = ['node:process', 'process'].map((name) => ({
  name,
  message: 'only src/cli.ts touches process: take what you need from the Io or a parameter (eslint.layers.js)',
}));
const PROCESS_GLOBAL = {
  'no-restricted-globals': [
    'error',
    {
      name: 'process',
      message: 'only src/cli.ts touches process: take it from the Io or a parameter (eslint.layers.js)',
    },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'globalThis', property: 'process', message: 'only src/cli.ts touches process (eslint.layers.js)' },
  ],
};

/** the config blocks of one unit at one depth below src/ */
function blocks(unit) {
  const { path, imports } = LAYERS[unit];
  if (unit === 'flows') {
    const message = 'flows/ is pure: it imports flows/ and xstate only (eslint.layers.js)';
    return [
      {
        files: ['flows/**/*.ts'],
        rules: {
          'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\.\\/|xstate$)', message }] }],
          'no-restricted-syntax': [
            'error',
            { selector: 'ImportExpression', message },
            { selector: 'TSImportType[argument.literal.value=/^(?!\\.\\/|xstate$)/]', message },
          ],
          ...PROCESS_GLOBAL,
        },
      },
    ];
  }
  const depths = path.endsWith('/') ? [1, 2] : [0];
  return depths.map((depth) => {
    const regex = forbidden(unit, depth);
    const message = `${path} may import only ${imports.length ? imports.join(', ') : 'itself'} (eslint.layers.js)`;
    const ui = unit === 'ui' || unit === 'types';
    return {
      files: [path.endsWith('/') ? `${path}${'*/'.repeat(depth - 1)}*.ts` : path],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths: [...(unit === 'cli' ? [] : PROCESS_MODULE), ...(ui ? [] : INQUIRER_MARKED.paths)],
            patterns: [{ regex, message }, ...(ui ? [] : INQUIRER_MARKED.patterns)],
          },
        ],
        'no-restricted-syntax': [
          'error',
          { selector: `ImportExpression[source.value=/${regex}/]`, message },
          { selector: `TSImportType[argument.literal.value=/${regex}/]`, message },
        ],
        ...(unit === 'cli' ? {} : PROCESS_GLOBAL),
      },
    };
  });
}

export default UNITS.flatMap(blocks);
