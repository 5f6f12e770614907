/** `gunicorn-doctor explain [CAUSE]`: one cause page, or the list of causes. */
import { filledPage, pageMarkdown, type Catalog } from '../catalog/causes.js';
import { errors } from '../errors.js';
import type { Io } from '../io.js';
import { valuesFromContext } from '../catalog/fill.js';
import { didYouMean } from '../ui/didyoumean.js';
import { style } from '../text/style.js';
import { catalogOf, type RunOptions } from '../common.js';

export function causeList(catalog: Catalog, color: boolean): string {
  const st = style(color);
  const pages = [...catalog.pages.values()].sort((a, b) => a.id.localeCompare(b.id));
  const w = Math.max(0, ...pages.map((p) => p.id.length));
  return pages.map((p) => `  ${st.bold(p.id.padEnd(w))}  ${p.title}`).join('\n') + '\n';
}

export async function explain(opts: RunOptions, io: Io): Promise<number> {
  const catalog = catalogOf(io);
  const arg = opts.positionals[0];
  if (!arg) {
    io.stdout.write(
      `Causes gunicorn-doctor knows (gunicorn-doctor explain <cause>):\n\n${causeList(catalog, io.color)}`,
    );
    return 0;
  }
  const id = arg.replace(/\.md$/, '').split(/[.]/)[0].replace(/--.*$/, '');
  const page = catalog.pages.get(id);
  if (!page) {
    const known = [...catalog.pages.keys()].sort();
    throw errors.unknownCause(arg, known, didYouMean(id, known));
  }
  const md = pageMarkdown(filledPage(page, valuesFromContext(undefined), opts.platform));
  const { renderMarkdown } = await import('../ui/render.js');
  io.stdout.write(await renderMarkdown(md, { color: io.color, links: io.links, width: io.stdout.columns }));
  return 0;
}
