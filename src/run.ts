/**
 * The dispatcher: checks the options, then runs one command, imported lazily so each pays only for what it uses.
 * Only src/cli.ts imports this module; the commands share src/common.ts (re-exported here for callers of the API).
 */
import { checkConfig, FORMATS, PLATFORMS, type RunOptions } from './common.js';
import { errors } from './errors.js';
import { DEFAULT_THREADS, MAX_THREADS } from './evidence/threads.js';
import type { Io } from './io.js';
import { isPlatform } from './project/types.js';
import { compileUserPatterns, UnsafePatternError } from './report/redact.js';
import { didYouMean } from './ui/didyoumean.js';

export * from './common.js';

export async function run(opts: RunOptions, io: Io): Promise<number> {
  validate(opts);
  if (opts.config !== undefined && (opts.command === 'wizard' || opts.command === 'diagnose'))
    checkConfig(opts.config, io.cwd);
  switch (opts.command) {
    case 'wizard':
      if (!io.interactive && opts.logs.length) {
        io.stderr.write(
          'gunicorn-doctor: no terminal for the wizard, so here is the diagnosis (as `gunicorn-doctor diagnose` prints it; use diagnose for its exit codes)\n',
        );
        // the wizard completed in the only way it can: exit 0 (DESIGN §5); `diagnose` is the command whose exit code
        // reports a problem
        await (
          await import('./commands/diagnose.js')
        ).diagnose({ ...opts, command: 'diagnose', positionals: opts.logs }, io);
        return 0;
      }
      return (await import('./commands/wizard.js')).wizard(opts, io);
    case 'diagnose':
      return (await import('./commands/diagnose.js')).diagnose(opts, io);
    case 'explain':
      return (await import('./commands/explain.js')).explain(opts, io);
    case 'runbook':
      return (await import('./commands/runbook.js')).runbook(opts, io);
    case 'check':
      return (await import('./commands/check.js')).check(opts, io);
  }
}

function validate(opts: RunOptions): void {
  if (opts.format && !FORMATS.includes(opts.format) && !(opts.command === 'check' && opts.format === 'sarif')) {
    throw errors.badFormat(
      opts.format,
      didYouMean(opts.format, opts.command === 'check' ? [...FORMATS, 'sarif'] : FORMATS),
    );
  }
  if ((opts.fix || opts.yes) && opts.command !== 'check') throw errors.fixOnlyCheck();
  if (opts.platform !== undefined) {
    const p = opts.platform.toLowerCase();
    const alias: Record<string, string> = {
      compose: 'docker',
      'docker-compose': 'docker',
      k8s: 'kubernetes',
      vm: 'systemd',
      none: 'bare',
    };
    opts.platform = alias[p] ?? p;
    if (!isPlatform(opts.platform))
      throw errors.badPlatform(opts.platform, [...PLATFORMS], didYouMean(opts.platform, [...PLATFORMS]));
  }
  for (const r of opts.redact) {
    try {
      compileUserPatterns([r]);
    } catch (e) {
      if (e instanceof UnsafePatternError) throw errors.unsafeRedact(r, e.message);
      throw errors.badRedact(r, (e as Error).message.replace(/^Invalid regular expression: /, ''));
    }
  }
  if (opts.threads !== undefined) {
    const t = opts.threads.trim();
    if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > MAX_THREADS)
      throw errors.badThreads(opts.threads, MAX_THREADS, DEFAULT_THREADS);
  }
  if (opts.command === 'explain' && opts.positionals.length > 1) throw errors.tooManyArgs('explain');
  if (opts.command === 'runbook' && opts.positionals.length > 0) throw errors.tooManyArgs('runbook');
}
