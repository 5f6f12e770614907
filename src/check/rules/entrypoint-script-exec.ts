import type { Rule } from '../types.js';
import { CONTAINERS, execEdit, execsGunicorn } from './util.js';

/** A container entry script that runs Gunicorn without exec stays PID 1 and keeps the stop signal to itself. */
export const rule: Rule = {
  meta: {
    id: 'entrypoint-script-exec',
    severity: 'warning',
    title: 'The entry script starts Gunicorn without exec',
    platforms: CONTAINERS,
    gunicorn: '*',
    cause: 'platform-restart',
    sources: [
      'https://docs.docker.com/reference/dockerfile/#entrypoint',
      'https://docs.docker.com/build/building/best-practices/#entrypoint',
      'https://docs.gunicorn.org/en/stable/signals.html#master-process',
    ],
  },
  check(ctx) {
    const cmd = ctx.project.command;
    if (cmd?.kind !== 'script') return [];
    const line = ctx.read(cmd.path)?.split(/\r?\n/)[cmd.line - 1];
    if (line === undefined || execsGunicorn(ctx, line) !== false) return [];
    const edit = execEdit(ctx, cmd.path, cmd.line, cmd.line);
    return [
      {
        path: cmd.path,
        line: cmd.line,
        message: `The script stays the container's main process and Gunicorn runs as its child: the shell does not forward SIGTERM, so Gunicorn is SIGKILLed at the end of the grace period instead of stopping gracefully — in-flight requests are cut on every deploy.`,
        fix: edit
          ? { description: 'exec Gunicorn, so it replaces the script and receives SIGTERM', safe: true, lines: [edit] }
          : undefined,
      },
    ];
  },
};
