/** `gunicorn-doctor runbook`: the whole flow as Markdown (stdout or --output). */
import { errors } from '../errors.js';
import type { Io } from '../io.js';
import { writeFileAtomic } from '../report/atomic.js';
import { runbookMarkdown } from '../report/runbook.js';
import { catalogOf, versionOf, type RunOptions } from '../run.js';

export async function runbook(opts: RunOptions, io: Io): Promise<number> {
  const md = runbookMarkdown(catalogOf(io), versionOf(io));
  if (opts.output) {
    try {
      writeFileAtomic(opts.output, md);
    } catch (e) {
      throw errors.cannotWrite(opts.output, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
    }
    io.stderr.write(`gunicorn-doctor: wrote ${opts.output}\n`);
  } else io.stdout.write(md);
  return 0;
}
