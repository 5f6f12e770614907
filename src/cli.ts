#!/usr/bin/env node
/**
 * The bin. The only module that touches process.argv/env/exit/stdin/stdout. `--version` and `--help` are answered
 * before anything heavy is imported (DESIGN §9: `--version` near bare-node startup).
 */
import { writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { parseArgs } from 'node:util';
import { errors, EXIT, exitCodeOf, formatError } from './errors.js';
import { DEFAULT_THREADS, MAX_THREADS } from './evidence/threads.js';
import { packageVersion, releaseWaitingPipes, type Io } from './io.js';
import { atomicWriterRunsAs, cleanupTempFiles, writeWhy } from './atomic.js';
import type { RunOptions } from './run.js';
import { didYouMean } from './ui/didyoumean.js';
import { wantColor, wantLinks } from './text/style.js';

/** Every option: its parseArgs shape, its argument's name and its help line. The help text is generated from here. */
const OPTIONS = {
  log: { type: 'string', short: 'l', multiple: true, arg: 'FILE', help: 'a log for the wizard (repeatable)' },
  json: { type: 'boolean', help: 'JSON report (same as --format json)' },
  format: { type: 'string', arg: 'FMT', help: 'text (default), md or json; check also takes sarif' },
  output: { type: 'string', short: 'o', arg: 'FILE', help: 'write to FILE (atomically) instead of stdout' },
  verbose: {
    type: 'boolean',
    help: 'the full text report after the summary: evidence, ruled-out causes, questions, timeline, stats',
  },
  config: {
    type: 'string',
    short: 'c',
    arg: 'PATH',
    help: 'project directory or file (Procfile, gunicorn.conf.py, Dockerfile, compose, Kubernetes YAML, systemd unit); read, never executed. Default: the current directory',
  },
  platform: { type: 'string', arg: 'NAME', help: 'heroku, docker, kubernetes, systemd or bare' },
  answers: { type: 'string', arg: 'FILE', help: 'replay answers (a saved JSON report, or YAML/JSON question: choice)' },
  redact: {
    type: 'string',
    multiple: true,
    arg: 'REGEX',
    help: 'also redact what matches REGEX in every output (repeatable)',
  },
  threads: {
    type: 'string',
    arg: 'N',
    help: `threads for scanning one big plain file (default: ${DEFAULT_THREADS}; at most ${MAX_THREADS})`,
  },
  fix: { type: 'boolean', help: 'check: apply the safe fixes after showing their diffs (asks first; .bak copies)' },
  yes: { type: 'boolean', help: 'check --fix: apply without asking (for CI)' },
  'no-color': { type: 'boolean', help: 'no colour (NO_COLOR and TERM=dumb are honoured too)' },
  color: { type: 'boolean' },
  help: { type: 'boolean', short: 'h', help: 'this help; `gunicorn-doctor COMMAND --help` for one command' },
  version: { type: 'boolean', short: 'v', help: 'the version' },
} as const satisfies Record<
  string,
  { type: 'string' | 'boolean'; short?: string; multiple?: boolean; arg?: string; help?: string }
>;

type OptionName = keyof typeof OPTIONS;

interface CommandSpec {
  /** the word typed after `gunicorn-doctor` */
  name: string;
  usage: string;
  /** one line in the command list */
  summary: string;
  /** what `gunicorn-doctor NAME --help` says about it */
  description: string;
  options: readonly OptionName[];
  examples: readonly string[];
}

const COMMON: readonly OptionName[] = ['no-color', 'help'];

/** The commands, in the order `--help` lists them. A new command is one entry here and one case in run.ts. */
const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'wizard',
    usage: 'gunicorn-doctor [--log FILE...]',
    summary: 'guided wizard in the terminal (the default: no command needed); --log pre-answers what your logs prove',
    description:
      'Asks one question at a time, with why it asks and "I\'m not sure"; what your logs and project files prove is pre-selected (you can override it). Ends on a one-screen summary — the cause, how sure and why, the deciding lines, the fix — with the full report behind "Show the full report", and offers to save the report or apply the change (showing the diff first). Needs a terminal; without one, --log prints the diagnosis instead.',
    options: ['log', 'config', 'platform', 'answers', 'redact', ...COMMON],
    examples: [
      'gunicorn-doctor --log web.log --config .',
      'heroku logs -n 1500 > web.log && gunicorn-doctor --log web.log',
    ],
  },
  {
    name: 'diagnose',
    usage: 'gunicorn-doctor diagnose [FILE...|-]',
    summary: "non-interactive report; FILE may be '-' (stdin), plain or .gz; with no FILE a piped stdin is read",
    description:
      "Reads the logs (any number of files, '-' or a pipe; plain or gzip) and the project, answers every question the evidence can, and prints a summary: the cause, the confidence and why, the deciding lines and the fix. --verbose adds the full report; --format md and --json always hold everything (JSON Schema: schema/report.schema.json). Exit code 0 when there is no problem, 1 when a problem cause was found.",
    options: ['json', 'format', 'output', 'verbose', 'config', 'platform', 'answers', 'redact', 'threads', ...COMMON],
    examples: [
      'heroku logs -n 1500 | gunicorn-doctor diagnose',
      'gunicorn-doctor diagnose web.log --verbose',
      'gunicorn-doctor diagnose web.log --json --output report.json',
    ],
  },
  {
    name: 'explain',
    usage: 'gunicorn-doctor explain [CAUSE]',
    summary: 'a cause explained, with its fix; without CAUSE, the list of causes',
    description:
      "Shows one cause's page — what is happening, the fix (for --platform when given), how to confirm it, how to prevent it. Without CAUSE, lists every cause id.",
    options: ['platform', ...COMMON],
    examples: ['gunicorn-doctor explain', 'gunicorn-doctor explain runtime-worker-timeout --platform heroku'],
  },
  {
    name: 'runbook',
    usage: 'gunicorn-doctor runbook',
    summary: 'the whole flow as Markdown with a mermaid diagram',
    description:
      'Prints every question, every cause page and a mermaid flowchart of the machine, generated from the machine itself (GitHub renders it).',
    options: ['output', ...COMMON],
    examples: ['gunicorn-doctor runbook --output RUNBOOK.md'],
  },
  {
    name: 'check',
    usage: 'gunicorn-doctor check [--config DIR]',
    summary: "the project's restart traps, read statically; exit 1 on an error-level finding",
    description:
      'Reads the project (Procfile, gunicorn.conf.py — parsed, never run —, GUNICORN_CMD_ARGS, Dockerfile, compose, Kubernetes manifests, systemd units, app.json) and reports the settings that will restart workers at run time, each with its rule, severity, file and line, the cause it leads to and, where safe, the fix as a diff. --format sarif for GitHub code scanning; --fix applies the safe fixes after showing them.',
    options: ['config', 'platform', 'format', 'json', 'output', 'fix', 'yes', ...COMMON],
    examples: ['gunicorn-doctor check --config .', 'gunicorn-doctor check --format sarif --output check.sarif'],
  },
];

const EXIT_CODES = `Exit codes:
  0    no problem found (healthy, or deliberate recycling only; also an empty or
       unrecognised log without error signs, with a warning); the wizard
       completed
  1    diagnose found a problem (or could not decide while the log shows
       errors); check found an error-level finding
  2    could not run: usage error, unreadable or invalid input, internal error
  130  interrupted (Ctrl-C); nothing is half-written
  143  terminated (SIGTERM); nothing is half-written
`;

/** Help text is plain: wrapped at word boundaries to 80 columns, continuation lines under the first. */
const HELP_WIDTH = 80;
function wrapPlain(text: string, first: string, rest: string = ' '.repeat(first.length)): string {
  const lines: string[] = [];
  let cur = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && cur.length + 1 + word.length > HELP_WIDTH) {
      lines.push(cur);
      cur = rest + word;
    } else cur += (empty ? '' : ' ') + word;
    empty = false;
  }
  lines.push(cur);
  return lines.join('\n');
}

function optionLines(names: readonly OptionName[]): string {
  const rows = names
    .filter((n) => 'help' in OPTIONS[n])
    .map((n): [string, string] => {
      const o = OPTIONS[n] as { short?: string; arg?: string; help?: string };
      return [`${o.short ? `-${o.short}, ` : '    '}--${n}${o.arg ? ` ${o.arg}` : ''}`, o.help ?? ''];
    });
  const w = Math.max(...rows.map(([l]) => l.length)) + 2;
  return rows.map(([l, h]) => wrapPlain(h, `  ${l.padEnd(w)}`)).join('\n');
}

function generalHelp(): string {
  const w = Math.max(...COMMANDS.map((c) => c.usage.length)) + 2;
  const all = Object.keys(OPTIONS).filter((n) => 'help' in OPTIONS[n as OptionName]) as OptionName[];
  return `gunicorn-doctor: find out why your Gunicorn workers keep restarting

Usage:
${COMMANDS.map((c) => wrapPlain(c.summary, `  ${c.usage.padEnd(w)}`)).join('\n')}

Options (\`gunicorn-doctor COMMAND --help\` lists the ones a command takes):
${optionLines(all)}

${EXIT_CODES}
Examples:
  heroku logs -n 1500 | gunicorn-doctor diagnose
  gunicorn-doctor diagnose web.log --json --output report.json
  gunicorn-doctor --log web.log --config .
  gunicorn-doctor explain runtime-worker-timeout

Set DEBUG=gunicorn-doctor to see stack traces.
`;
}

function commandHelp(c: CommandSpec): string {
  return `Usage: ${c.usage}

${wrapPlain(c.description, '')}

Options:
${optionLines(c.options)}

${EXIT_CODES}
Examples:
${c.examples.map((e) => `  ${e}`).join('\n')}
`;
}

const commandNamed = (name: string) => COMMANDS.find((c) => c.name === name);

/** parseArgs' own message names the option; say what was probably meant. */
function usageError(e: Error, command: string | undefined): Error {
  const m = /Unknown option '(-{1,2}[^']*)'/.exec(e.message);
  const names = Object.keys(OPTIONS).map((n) => `--${n}`);
  if (m) {
    const typed = m[1].replace(/=.*$/, '');
    const near = typed.startsWith('--') ? didYouMean(typed, names) : undefined;
    return errors.unknownOption(`Unknown option '${typed}'`, near, command);
  }
  return errors.unknownOption(e.message, undefined, command);
}

/** The command word, where positionals start, for the error message of a failed parse. */
function commandWord(argv: readonly string[]): string | undefined {
  return argv.find((a) => commandNamed(a) !== undefined);
}

async function main(argv: string[], io: Io, signal: AbortSignal): Promise<number> {
  let parsed;
  try {
    const options = Object.fromEntries(
      Object.entries(OPTIONS).map(([k, o]) => [
        k,
        {
          type: o.type,
          ...('short' in o ? { short: o.short } : {}),
          ...('multiple' in o ? { multiple: o.multiple } : {}),
        },
      ]),
    ) as { [K in OptionName]: { type: (typeof OPTIONS)[K]['type']; short?: string; multiple?: boolean } };
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw usageError(e as Error, commandWord(argv));
  }
  const { values, positionals } = parsed as {
    values: Record<string, string | string[] | boolean | undefined>;
    positionals: string[];
  };
  if (values.version) {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT.ok;
  }
  const first = positionals[0];
  if (values.help || first === 'help') {
    const about = first === 'help' ? positionals[1] : first;
    const spec = about !== undefined ? commandNamed(about) : undefined;
    if (about !== undefined && !spec)
      throw errors.unknownCommand(
        about,
        didYouMean(
          about,
          COMMANDS.map((c) => c.name),
        ),
      );
    io.stdout.write(spec ? commandHelp(spec) : generalHelp());
    return EXIT.ok;
  }
  let command = 'wizard';
  let rest = positionals;
  if (first !== undefined) {
    const spec = commandNamed(first);
    if (!spec)
      throw errors.unknownCommand(
        first,
        didYouMean(
          first,
          COMMANDS.map((c) => c.name),
        ),
      );
    command = spec.name;
    rest = positionals.slice(1);
  }
  if (command === 'wizard' && rest.length) throw errors.tooManyArgs('the wizard (use --log FILE)');
  if (values.json && values.format && values.format !== 'json')
    throw errors.badFormat(`${String(values.format)}" with "--json`);
  const { run } = await import('./run.js');
  return run(
    {
      command: command as RunOptions['command'],
      positionals: rest,
      logs: (values.log as string[] | undefined) ?? [],
      format: values.json ? 'json' : (values.format as RunOptions['format']),
      output: values.output as string | undefined,
      config: values.config as string | undefined,
      platform: values.platform as string | undefined,
      answers: values.answers as string | undefined,
      redact: (values.redact as string[] | undefined) ?? [],
      threads: values.threads as string | undefined,
      verbose: !!values.verbose,
      fix: values.fix as boolean | undefined,
      yes: values.yes as boolean | undefined,
    },
    { ...io, signal },
  );
}

atomicWriterRunsAs(process.pid, process.getuid?.() === 0);
const env = process.env;
const debug = /(^|,)\s*(gunicorn-doctor|\*)\s*(,|$)/.test(env.DEBUG ?? '');
const noColorFlag = process.argv.includes('--no-color');
const stdoutTTY = isatty(1);
const io: Io = {
  stdout: process.stdout,
  stderr: process.stderr,
  get stdin() {
    return process.stdin;
  },
  env,
  cwd: process.cwd(),
  color: wantColor({ noColorFlag, env, isTTY: stdoutTTY }),
  links: wantLinks({ noColorFlag, env, isTTY: stdoutTTY }),
  interactive: isatty(0) && stdoutTTY,
  // PAGER="" means no pager (as git reads it)
  pager: stdoutTTY ? (env.PAGER === undefined ? 'less -R' : env.PAGER.trim() || undefined) : undefined,
};

const controller = new AbortController();
let interrupted = false;
let failing = false;

for (const [name, stream] of [
  ['stdout', process.stdout],
  ['stderr', process.stderr],
] as const) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    // the reader went away (| head): leave quietly, with the outcome if it is known
    if (e.code === 'EPIPE') {
      cleanupTempFiles();
      process.exit(process.exitCode ?? EXIT.ok);
    }
    outputFailed(name, e);
  });
}

/** stdout or stderr cannot be written (a full disk, /dev/full, an I/O error): one line on stderr (when stderr still
 * works), exit 2 — never a silent exit or a truncated report called success. */
function outputFailed(name: 'stdout' | 'stderr', e: NodeJS.ErrnoException): void {
  if (failing) return;
  failing = true;
  cleanupTempFiles();
  if (name === 'stdout') {
    try {
      writeSync(
        2,
        `gunicorn-doctor: cannot write to stdout: ${writeWhy(e.code, e.message)}; the output is incomplete\nhint: free space or write the report with --output FILE\n`,
      );
    } catch {
      // stderr is gone too
    }
  }
  process.exit(interrupted ? EXIT.interrupted : EXIT.failed);
}

/** The last resort: one line + hint (the stack only with DEBUG), exit 2 (130 when interrupted). */
function fail(err: unknown): void {
  if (failing) return;
  failing = true;
  cleanupTempFiles();
  releaseWaitingPipes();
  const code = interrupted ? EXIT.interrupted : exitCodeOf(err);
  const text = formatError(err, debug);
  try {
    if (text) process.stderr.write(text);
  } catch {
    // stderr is gone too
  }
  exit(code);
}
// an error thrown outside the command's promise chain (a stream event, a timer) must not print a raw stack either
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

process.on('SIGINT', () => {
  if (interrupted) process.exit(EXIT.interrupted);
  interrupted = true;
  controller.abort();
  cleanupTempFiles();
  // a pipe still waiting for a writer holds a libuv thread that exit would wait for
  releaseWaitingPipes();
  // give the run a moment to unwind (restore the terminal), then leave
  setTimeout(() => process.exit(EXIT.interrupted), 150).unref();
});
process.on('SIGTERM', () => {
  interrupted = true;
  controller.abort();
  cleanupTempFiles();
  releaseWaitingPipes();
  process.exit(EXIT.terminated);
});

function exit(code: number): void {
  process.exitCode = code;
  releaseWaitingPipes();
  // flush, then leave even if a stream keeps the loop alive; a write that failed on the way is an error, not success
  const done = (name: 'stdout' | 'stderr', next: () => void) => (err?: Error | null) => {
    const bad = (err ?? (name === 'stdout' ? process.stdout : process.stderr).errored) as
      NodeJS.ErrnoException | null | undefined;
    if (bad && bad.code !== 'EPIPE') outputFailed(name, bad);
    else next();
  };
  process.stdout.write(
    '',
    done('stdout', () =>
      process.stderr.write(
        '',
        done('stderr', () => process.exit(code)),
      ),
    ),
  );
}

main(process.argv.slice(2), io, controller.signal).then((code) => exit(interrupted ? EXIT.interrupted : code), fail);
