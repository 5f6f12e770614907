/** `gunicorn-doctor diagnose [FILE...|-]`: non-interactive; the report on stdout or in --output; exit 0/1/2. */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { errors, fsWhy } from '../errors.js';
import type { Io } from '../io.js';
import { checkWritable, writeFileAtomic, writeWhy, WriteError } from '../atomic.js';
import { escapeLine } from '../report/escape.js';
import { compileUserPatterns, redact } from '../report/redact.js';
import type { RunOptions } from '../common.js';
import { diagnoseInputs, formatReport, logInputs, MORE_DIAGNOSE } from '../pipeline.js';

/** --output must be writable where it points: fail before a long scan, not after it. */
function checkOutput(output: string, cwd: string): void {
  const abs = resolve(cwd, output);
  let dir;
  try {
    dir = statSync(dirname(abs));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw errors.cannotWrite(output, code === 'ENOENT' ? 'no such directory' : fsWhy(code));
  }
  if (!dir.isDirectory()) throw errors.cannotWrite(output, `${dirname(output)} is not a directory`);
  try {
    checkWritable(abs);
  } catch (e) {
    throw writeFailed(output, e);
  }
}

function writeFailed(output: string, e: unknown) {
  if (e instanceof WriteError) return errors.cannotWrite(output, e.why, e.code === 'ENOTREG');
  return errors.cannotWrite(output, writeWhy((e as NodeJS.ErrnoException).code, (e as Error).message));
}

export async function diagnose(opts: RunOptions, io: Io): Promise<number> {
  const logs = logInputs(opts.positionals, io);
  if (opts.output) checkOutput(opts.output, io.cwd);
  const d = await diagnoseInputs(opts, io, { logs });
  const format = opts.format ?? 'text';
  // Ctrl-C after the scan: leave without writing anything
  if (io.signal?.aborted) throw errors.interrupted();
  if (opts.output) {
    const text = formatReport(d.safe, format, false, { verbose: true });
    try {
      writeFileAtomic(resolve(io.cwd, opts.output), text);
    } catch (e) {
      throw writeFailed(opts.output, e);
    }
    io.stderr.write(
      `gunicorn-doctor: wrote ${escapeLine(redact(opts.output, compileUserPatterns(opts.redact)).text)} (${d.safe.diagnoses[0]?.cause ?? 'no diagnosis'})\n`,
    );
  } else {
    io.stdout.write(
      formatReport(d.safe, format, io.color, {
        verbose: opts.verbose,
        width: io.stdout.isTTY ? io.stdout.columns : undefined,
        more: MORE_DIAGNOSE,
      }),
    );
  }
  return d.code;
}
