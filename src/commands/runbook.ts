/** `gunicorn-doctor runbook`: the whole flow as Markdown (stdout or --output). */
import { resolve } from 'node:path';
import { errors } from '../errors.js';
import type { Io } from '../io.js';
import { writeFileAtomic, writeWhy, WriteError } from '../atomic.js';
import { escapeLine } from '../report/escape.js';
import { runbookMarkdown } from '../report/runbook.js';
import { catalogOf, versionOf, type RunOptions } from '../common.js';

export async function runbook(opts: RunOptions, io: Io): Promise<number> {
  const md = runbookMarkdown(catalogOf(io), versionOf(io));
  if (opts.output) {
    try {
      writeFileAtomic(resolve(io.cwd, opts.output), md);
    } catch (e) {
      if (e instanceof WriteError) throw errors.cannotWrite(opts.output, e.why, e.code === 'ENOTREG');
      throw errors.cannotWrite(opts.output, writeWhy((e as NodeJS.ErrnoException).code, (e as Error).message));
    }
    io.stderr.write(`gunicorn-doctor: wrote ${escapeLine(opts.output)}\n`);
  } else io.stdout.write(md);
  return 0;
}
