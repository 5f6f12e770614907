/**
 * Every user-facing error text, and the one place outcomes map to exit codes (DESIGN §5).
 * Nothing here touches `process`: cli.ts prints what `formatError` returns and exits with `exitCodeOf`.
 */

export type ErrorCode = 'usage' | 'input' | 'catalog' | 'no-tty' | 'internal' | 'interrupted';

export class DoctorError extends Error {
  override readonly name = 'DoctorError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * DESIGN §5: 0 ok / no problem, 1 problem found, 2 could not run, 130 interrupted (SIGINT), 143 terminated (SIGTERM).
 */
export const EXIT = { ok: 0, problem: 1, failed: 2, interrupted: 130, terminated: 143 } as const;

export function exitCodeOf(err: unknown): number {
  if (isInterrupt(err)) return EXIT.interrupted;
  return EXIT.failed;
}

/**
 * @inquirer throws ExitPromptError on Ctrl-C; an AbortSignal gives AbortError; the log reader rejects with code
 * ABORT_ERR.
 */
export function isInterrupt(err: unknown): boolean {
  if (err instanceof DoctorError) return err.code === 'interrupted';
  const e = err as { name?: string; code?: unknown } | null;
  const name = e?.name;
  return name === 'ExitPromptError' || name === 'AbortError' || name === 'AbortPromptError' || e?.code === 'ABORT_ERR';
}

const HELP_HINT = 'run `gunicorn-doctor --help` for usage';

export const errors = {
  unknownOption: (detail: string, near?: string, command?: string) =>
    new DoctorError(
      'usage',
      detail.replace(/\. To specify a positional.*$/s, '').trim(),
      `${near ? `did you mean ${near}? ` : ''}run \`gunicorn-doctor ${command ? `${command} ` : ''}--help\` for the options`,
    ),
  unknownCommand: (cmd: string, near?: string) =>
    new DoctorError(
      'usage',
      `unknown command "${cmd}"`,
      `${near ? `did you mean "${near}"? ` : ''}run \`gunicorn-doctor --help\` for the commands (no command starts the wizard)`,
    ),
  tooManyArgs: (cmd: string) => new DoctorError('usage', `too many arguments for "${cmd}"`, HELP_HINT),
  badFormat: (f: string, near?: string) =>
    new DoctorError(
      'usage',
      `unknown --format "${f}"`,
      `${near ? `did you mean ${near}? ` : ''}use --format text, md or json (or --json); check also takes --format sarif`,
    ),
  noProjectFiles: (path: string) =>
    new DoctorError(
      'input',
      `no project files in ${path}: nothing to check`,
      'run it in the project directory or give it with --config DIR (Procfile, gunicorn.conf.py, Dockerfile, compose or Kubernetes YAML, systemd unit)',
    ),
  fixOnlyCheck: () =>
    new DoctorError(
      'usage',
      '--fix and --yes go with the check command',
      'e.g. `gunicorn-doctor check --config . --fix`',
    ),
  fixNeedsConfirmation: () =>
    new DoctorError(
      'usage',
      '--fix asks before writing, and there is no terminal to ask in',
      'run it in a terminal, or add --yes to write the safe fixes without asking (a .bak copy is kept)',
    ),
  badPlatform: (p: string, allowed: readonly string[], near?: string) =>
    new DoctorError(
      'usage',
      `unknown --platform "${p}"`,
      `${near ? `did you mean ${near}? ` : ''}use one of: ${allowed.join(', ')}`,
    ),
  badRedact: (re: string, why: string) =>
    new DoctorError(
      'usage',
      `--redact "${re}" is not a valid regular expression (${why})`,
      'pass a JavaScript regular expression, e.g. --redact "acct-[0-9]+"',
    ),
  unsafeRedact: (re: string, why: string) =>
    new DoctorError(
      'usage',
      `--redact "${re}" is refused: ${why}`,
      'simplify it: no repeated group holding another repeat or alternatives, no back-references (e.g. --redact "acct-[0-9]+", one --redact per alternative)',
    ),
  noInput: () =>
    new DoctorError(
      'usage',
      'diagnose needs a log: give a file, or pipe one in',
      'e.g. `heroku logs -n 1500 | gunicorn-doctor diagnose` or `gunicorn-doctor diagnose web.log`',
    ),
  noTty: () =>
    new DoctorError(
      'no-tty',
      'the wizard needs an interactive terminal',
      'for scripts and pipes use `gunicorn-doctor diagnose FILE` (or pipe the log into it)',
    ),
  unreadable: (path: string, why: string) =>
    new DoctorError('input', `cannot read ${path}: ${why}`, 'check the path and its permissions'),
  badGzip: (path: string, why: string) =>
    new DoctorError(
      'input',
      `cannot read ${path}: corrupt or truncated gzip data (${why})`,
      'check it with `gzip -t FILE`; what a cut-off .gz still holds can be read with `zcat FILE | gunicorn-doctor diagnose`',
    ),
  badConfig: (path: string, why: string) =>
    new DoctorError(
      'input',
      `cannot read --config ${path}: ${why}`,
      '--config takes the project directory or one of its files (Procfile, gunicorn.conf.py, Dockerfile, compose or Kubernetes YAML, systemd unit)',
    ),
  badThreads: (v: string, max: number, dflt: number) =>
    new DoctorError(
      'usage',
      `--threads "${v}" is not a whole number from 1 to ${max}`,
      `e.g. --threads 2 (the default is ${dflt})`,
    ),
  stdinTwice: () =>
    new DoctorError('usage', "stdin ('-') can be read only once", 'give "-" once, and the other logs as files'),
  badAnswers: (path: string, why: string) =>
    new DoctorError(
      'input',
      `cannot use the answers file ${path}: ${why}`,
      'it must be JSON or YAML, e.g. a report saved with --json',
    ),
  cannotWrite: (path: string, why: string, notRegular = false) =>
    new DoctorError(
      'input',
      `cannot write ${path}: ${why}`,
      notRegular
        ? 'give the path of a regular file (or a new one) to write to'
        : 'check that the directory exists, is writable and has space',
    ),
  unknownCause: (id: string, known: readonly string[], near?: string) =>
    new DoctorError(
      'usage',
      `unknown cause "${id}"`,
      near
        ? `did you mean "${near}"? (\`gunicorn-doctor explain\` lists them all)`
        : `known causes: ${known.join(', ')}`,
    ),
  catalog: (problems: readonly string[]) =>
    new DoctorError(
      'catalog',
      `the cause catalog is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${problems[0] ?? ''}`,
      'this is a bug in gunicorn-doctor; please report it',
    ),
  noPackageRoot: () =>
    new DoctorError('internal', 'cannot find the gunicorn-doctor package directory', 'reinstall gunicorn-doctor'),
  interrupted: () => new DoctorError('interrupted', 'interrupted'),
  internal: (err: unknown) =>
    new DoctorError(
      'internal',
      `internal error: ${firstLine(err)}`,
      'please report this with DEBUG=gunicorn-doctor set',
      { cause: err },
    ),
};

/** The first line of a message; a heading ending in ':' (a list follows) takes the first item with it. */
function firstLine(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  const [head = '', next] = m.split('\n');
  return head.trimEnd().endsWith(':') && next ? `${head.trimEnd()} ${next.trim().replace(/^[-*]\s*/, '')}` : head;
}

const FS_WHY: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'not a directory',
  EIO: 'input/output error',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
};

/** Plain words for a Node fs error code (`ENOENT` → "no such file"). */
export function fsWhy(code: string | undefined, fallback = 'unknown error'): string {
  return (code && FS_WHY[code]) ?? code ?? fallback;
}

/**
 * Wrap anything that is not already a DoctorError. Node fs errors and the log reader's InputError become `input`
 * errors.
 */
export function toDoctorError(err: unknown): DoctorError {
  if (err instanceof DoctorError) return err;
  if (isInterrupt(err)) return errors.interrupted();
  const e = err as (NodeJS.ErrnoException & { input?: unknown; cause?: unknown }) | null;
  if (
    e &&
    typeof e === 'object' &&
    e.name === 'InputError' &&
    typeof e.input === 'string' &&
    typeof e.code === 'string'
  ) {
    // src/evidence/read.ts: message is "<input>: <what>"
    const what = String(e.message ?? '').startsWith(`${e.input}: `) ? e.message.slice(e.input.length + 2) : e.message;
    if (e.code === 'GZIP') {
      const inner =
        (e.cause as Error | undefined)?.message ?? what.replace(/^corrupt or truncated gzip data \((.*)\)$/, '$1');
      const g = errors.badGzip(e.input, inner);
      return new DoctorError('input', g.message, g.hint, { cause: err });
    }
    return new DoctorError(
      'input',
      `cannot read ${e.input}: ${FS_WHY[e.code] ?? what}`,
      'check the path and its permissions',
      { cause: err },
    );
  }
  if (e && typeof e === 'object' && typeof e.code === 'string' && typeof e.path === 'string') {
    return new DoctorError('input', `cannot read ${e.path}: ${fsWhy(e.code)}`, 'check the path and its permissions', {
      cause: err,
    });
  }
  return errors.internal(err);
}

/** The stderr text for an error: one line + hint; the stack only in debug mode. */
export function formatError(err: unknown, debug: boolean): string {
  const e = toDoctorError(err);
  if (e.code === 'interrupted')
    return debug && err instanceof Error && err.stack ? `gunicorn-doctor: interrupted\n${err.stack}\n` : '';
  let out = `gunicorn-doctor: ${oneLine(e.message)}\n`;
  if (e.hint) out += `hint: ${oneLine(e.hint)}\n`;
  if (debug) {
    const inner = e.cause instanceof Error ? e.cause : err instanceof Error ? err : undefined;
    if (inner?.stack) out += `${inner.stack}\n`;
  }
  return out;
}

/** Messages are single lines; control characters never reach the terminal from an error, and a secret in a name or
 * a value it quotes is redacted. */
function oneLine(s: string): string {
  return redactLine(s.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g, ' ').trim());
}

/**
 * The redaction error lines go through: installed by src/run.ts (which every command loads), so `--version` and
 * `--help` do not pay for the secret patterns at start-up. Before it is installed only usage errors about the
 * command line itself can occur, and those are masked by the fallback for the common `key=value` secrets.
 */
let redactLine: (s: string) => string = (s) =>
  s.replace(/((?:password|passwd|secret|token|api[_-]?key)\S{0,3}[=:])\S+/gi, '$1[REDACTED]');
export function useRedactor(fn: (s: string) => string): void {
  redactLine = fn;
}
