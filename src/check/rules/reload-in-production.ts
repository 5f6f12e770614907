import type { LineEdit, Rule } from '../types.js';
import { DEPLOYED, origin, setting } from './util.js';

/** --reload is a development setting: in production any touched file restarts every worker. */
export const rule: Rule = {
  meta: {
    id: 'reload-in-production',
    severity: 'warning',
    title: 'reload is on in a deployed service',
    platforms: DEPLOYED,
    gunicorn: '*',
    cause: 'recycle-reload',
    sources: ['https://docs.gunicorn.org/en/stable/settings.html#reload'],
  },
  check(ctx) {
    const r = setting(ctx, 'reload');
    if (!r || r.value !== true || r.source.path === 'environment') return [];
    const { path, line } = r.source;
    const text = ctx.read(path)?.split(/\r?\n/)[line - 1] ?? '';
    let edit: LineEdit | undefined;
    if (r.via === 'config-file') {
      const m = /^(\s*reload\s*=\s*)True\b/.exec(text);
      if (m) edit = { path, line, find: m[0], replace: `${m[1]}False` };
    } else {
      const m = /\s+--reload(?=[\s"']|$)/.exec(text);
      // a flag alone in a YAML list item or a JSON array needs the item removed: shown, not edited
      if (m && !/^\s*-\s*["']?--reload["']?\s*$/.test(text) && !/["']--reload["']/.test(text))
        edit = { path, line, find: m[0], replace: '' };
    }
    return [
      {
        path,
        line,
        message: `reload is on (${origin(r)}): Gunicorn restarts the workers whenever a file of the application changes (it is meant for development), the reloader is incompatible with --preload, and while it is active a failure to load the app shows its full traceback to any client.`,
        fix: edit ? { description: 'turn reload off', safe: true, lines: [edit] } : undefined,
      },
    ];
  },
};
