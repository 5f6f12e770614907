#!/usr/bin/env node
/**
 * The bin. The only module that touches process.argv/env/exit/stdin/stdout. `--version` and `--help` are answered
 * before anything heavy is imported (DESIGN §9: `--version` near bare-node startup).
 */
import { writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { parseArgs } from 'node:util';
import { errors, EXIT, exitCodeOf, formatError } from './errors.js';
import { packageVersion, releaseWaitingPipes, type Io } from './io.js';
import { cleanupTempFiles, writeWhy } from './report/atomic.js';
import { wantColor } from './ui/style.js';

const HELP = `gunicorn-doctor: find out why your Gunicorn workers keep restarting

Usage:
  gunicorn-doctor                     guided wizard in the terminal
  gunicorn-doctor --log FILE...       wizard, with what your logs prove pre-selected (you can override)
  gunicorn-doctor diagnose [FILE...]  non-interactive report; FILE may be '-' (stdin), plain or .gz;
                                      with no FILE the log is read from stdin when it is piped
  gunicorn-doctor explain [CAUSE]     a cause explained, with its fix; without CAUSE, the list of causes
  gunicorn-doctor runbook             the whole flow as Markdown with a mermaid diagram
  gunicorn-doctor check               the project's restart traps, read statically (--config DIR;
                                      --format text|md|json|sarif, --fix [--yes]); exit 1 on an error

Options:
  -l, --log FILE       a log for the wizard (repeatable)
      --json           diagnose: JSON report (same as --format json)
      --format FMT     diagnose: text (default), md or json
  -o, --output FILE    diagnose/runbook: write to FILE (atomically) instead of stdout
  -c, --config PATH    project directory or file (Procfile, gunicorn.conf.py, Dockerfile, compose,
                       Kubernetes YAML, systemd unit); read, never executed. Default: the current directory
      --platform NAME  heroku, docker, kubernetes, systemd or bare
      --answers FILE   replay answers (a saved JSON report, or YAML/JSON question: choice)
      --redact REGEX   also redact what matches REGEX in every output (repeatable)
      --threads N      diagnose: threads for scanning one big plain file (default: 2 on big files)
      --no-color       no colour (NO_COLOR is honoured too)
  -h, --help           this help
  -v, --version        the version

Exit codes:
  0    no problem found (healthy, or deliberate recycling only; also an empty or unrecognised
       log without error signs, with a warning); the wizard completed
  1    diagnose found a problem (or could not decide while the log shows errors); check found
       an error-level finding
  2    could not run: usage error, unreadable or invalid input, internal error
  130  interrupted (Ctrl-C); nothing is half-written
  143  terminated (SIGTERM); nothing is half-written

Examples:
  heroku logs -n 1500 | npx gunicorn-doctor diagnose
  npx gunicorn-doctor diagnose web.log --json --output report.json
  npx gunicorn-doctor --log web.log --config .
  npx gunicorn-doctor explain runtime-worker-timeout

Set DEBUG=gunicorn-doctor to see stack traces.
`;

const OPTIONS = {
  log: { type: 'string', short: 'l', multiple: true },
  json: { type: 'boolean' },
  format: { type: 'string' },
  output: { type: 'string', short: 'o' },
  config: { type: 'string', short: 'c' },
  platform: { type: 'string' },
  answers: { type: 'string' },
  redact: { type: 'string', multiple: true },
  threads: { type: 'string' },
  'no-color': { type: 'boolean' },
  color: { type: 'boolean' },
  fix: { type: 'boolean' },
  yes: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const COMMANDS = ['diagnose', 'explain', 'runbook', 'wizard', 'check'] as const;

async function main(argv: string[], io: Io, signal: AbortSignal): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw errors.unknownOption((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT.ok;
  }
  if (values.help || positionals[0] === 'help') {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  let command: (typeof COMMANDS)[number] = 'wizard';
  let rest = positionals;
  if (positionals.length) {
    const first = positionals[0]!;
    if (!(COMMANDS as readonly string[]).includes(first)) throw errors.unknownCommand(first);
    command = first as typeof command;
    rest = positionals.slice(1);
  }
  if (command === 'wizard' && rest.length) throw errors.tooManyArgs('the wizard (use --log FILE)');
  if (values.json && values.format && values.format !== 'json') throw errors.badFormat(`${values.format}" with "--json`);
  const { run } = await import('./run.js');
  return run(
    {
      command,
      positionals: rest,
      logs: values.log ?? [],
      format: values.json ? 'json' : (values.format as 'text' | 'md' | 'json' | 'sarif' | undefined),
      output: values.output,
      config: values.config,
      platform: values.platform,
      answers: values.answers,
      redact: values.redact ?? [],
      threads: values.threads,
      fix: values.fix,
      yes: values.yes,
    },
    { ...io, signal },
  );
}

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
  interactive: isatty(0) && stdoutTTY,
};

const controller = new AbortController();
let interrupted = false;
let failing = false;

for (const [name, stream] of [['stdout', process.stdout], ['stderr', process.stderr]] as const) {
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
      writeSync(2, `gunicorn-doctor: cannot write to stdout: ${writeWhy(e.code, e.message)}; the output is incomplete\nhint: free space or write the report with --output FILE\n`);
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
    const bad = (err ?? (name === 'stdout' ? process.stdout : process.stderr).errored) as NodeJS.ErrnoException | null | undefined;
    if (bad && bad.code !== 'EPIPE') outputFailed(name, bad);
    else next();
  };
  process.stdout.write('', done('stdout', () => process.stderr.write('', done('stderr', () => process.exit(code)))));
}

main(process.argv.slice(2), io, controller.signal).then((code) => exit(interrupted ? EXIT.interrupted : code), fail);
