/**
 * Loads the cause pages (content/causes/<id>.md): YAML front matter + the four fixed H2 sections.
 * Reports *all* problems at once, each naming the file and what to change (lnav's error list).
 * Uses a small heading splitter (not marked) so that diagnose never pays for a Markdown parser.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createRequire } from 'node:module';
import {
  cutFixToPlatform,
  fillPlaceholders,
  FIX_HEADINGS,
  splitHeadings,
  unknownPlaceholders,
  type Values,
} from './fill.js';

export const SECTIONS = ["What's happening", 'How to confirm', 'Fix', 'Prevent it'] as const;
export const PHASES = ['boot', 'runtime', 'recycle', 'platform', 'none', 'unknown'] as const;

export interface CauseMeta {
  id: string;
  title: string;
  phase: string;
  summary: string;
  exitCode?: number;
  settings: string[];
  needs: string[];
  variants: Record<string, string>;
  docs: string[];
  evidence: string[];
  /** settings the fix changes in the user's own file: setting → value or {{placeholder}} */
  changes: Record<string, string>;
  /** why each fixed (non-computed) change is made, shown next to the value (`changes.<k>: {value, why}`) */
  changeWhy: Record<string, string>;
  /** what the log should show once the fix works */
  verify: string[];
}

export interface CausePage extends CauseMeta {
  file: string;
  whatsHappening: string;
  howToConfirm: string;
  fix: string;
  prevent: string;
  /** the whole Markdown body (after the front matter) */
  body: string;
}

export interface Catalog {
  pages: Map<string, CausePage>;
  problems: string[];
}

/** yaml costs ~40 ms to load: only when a page is actually parsed (the wizard's first question does not need it). */
let yamlParse: ((src: string) => unknown) | undefined;
function parseYaml(src: string): unknown {
  yamlParse ??= (createRequire(import.meta.url)('yaml') as { parse: (s: string) => unknown }).parse;
  return yamlParse(src);
}

const FRONT = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

const strList = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;

/** Parse one page; problems are prefixed with the file name. */
export function parsePage(file: string, text: string): { page?: CausePage; problems: string[] } {
  const rel = `content/causes/${basename(file)}`;
  const problems: string[] = [];
  const p = (msg: string) => problems.push(`${rel}: ${msg}`);
  const stem = basename(file, '.md');
  const m = FRONT.exec(text);
  if (!m) {
    p('no front matter: start the file with a `---` block holding id, title, phase, summary');
    return { problems };
  }
  let fm: Record<string, unknown>;
  try {
    const y = parseYaml(m[1]) as unknown;
    if (!y || typeof y !== 'object' || Array.isArray(y)) throw new Error('not a mapping');
    fm = y as Record<string, unknown>;
  } catch (e) {
    p(`front matter is not valid YAML (${(e as Error).message.split('\n')[0]})`);
    return { problems };
  }
  const body = text.slice(m[0].length);
  const str = (k: string, required = true): string => {
    const v = fm[k];
    if (typeof v === 'string' && v.trim()) return v.trim();
    if (required) p(`front matter needs a non-empty string \`${k}:\``);
    return '';
  };
  const id = str('id');
  if (id && id !== stem)
    p(`front matter id "${id}" must equal the file name "${stem}" (rename the file or fix the id)`);
  const title = str('title');
  const summary = str('summary');
  const phase = str('phase');
  if (phase && !(PHASES as readonly string[]).includes(phase))
    p(`phase "${phase}" must be one of ${PHASES.join(', ')}`);
  const list = (k: 'settings' | 'needs' | 'docs' | 'evidence' | 'verify'): string[] => {
    const v = fm[k];
    if (v === undefined || v === null) return [];
    const l = strList(v);
    if (!l) p(`\`${k}:\` must be a list of strings`);
    return l ?? [];
  };
  const lists = {
    settings: list('settings'),
    needs: list('needs'),
    docs: list('docs'),
    evidence: list('evidence'),
    verify: list('verify'),
  };
  let variants: Record<string, string> = {};
  const vv = fm.variants;
  if (vv !== undefined && vv !== null) {
    const named = strList(vv);
    if (named) variants = Object.fromEntries(named.map((x) => [x, x]));
    else if (typeof vv === 'object' && !Array.isArray(vv)) {
      for (const [k, x] of Object.entries(vv as Record<string, unknown>)) {
        if (typeof x === 'string') variants[k] = x;
        else if (x && typeof x === 'object' && typeof (x as { title?: unknown }).title === 'string')
          variants[k] = (x as { title: string }).title;
        else variants[k] = k;
      }
    } else p('`variants:` must be a list of names or a mapping name → title');
  }
  const changes: Record<string, string> = {};
  const changeWhy: Record<string, string> = {};
  if (fm.changes !== undefined && fm.changes !== null) {
    if (typeof fm.changes === 'object' && !Array.isArray(fm.changes)) {
      for (const [k, x] of Object.entries(fm.changes as Record<string, unknown>)) {
        if (typeof x === 'string' || typeof x === 'number') changes[k] = String(x);
        else if (
          x &&
          typeof x === 'object' &&
          !Array.isArray(x) &&
          typeof (x as { value?: unknown }).value === 'string' &&
          typeof (x as { why?: unknown }).why === 'string'
        ) {
          changes[k] = (x as { value: string }).value;
          changeWhy[k] = (x as { why: string }).why;
        } else p(`\`changes.${k}:\` must be a string, a number or {value, why}`);
      }
    } else p('`changes:` must be a mapping setting → value');
  }
  let exitCode: number | undefined;
  if (fm.exitCode !== undefined) {
    if (fm.exitCode === 0 || fm.exitCode === 1) exitCode = fm.exitCode;
    else p('`exitCode:` must be 0 (no problem) or 1 (a problem)');
  }

  const { intro, subs } = splitHeadings(body, 2);
  if (intro.trim()) p('text before the first `## ` heading: move it into "What\'s happening"');
  const heads = subs.map((s) => s.heading);
  if (heads.join('|') !== SECTIONS.join('|')) {
    p(
      `H2 sections must be exactly, in order: ${SECTIONS.map((s) => `"## ${s}"`).join(', ')} (found: ${heads.map((h) => `"## ${h}"`).join(', ') || 'none'})`,
    );
  }
  const sec = (name: string) => subs.find((s) => s.heading === name)?.body.trim() ?? '';
  const fix = sec('Fix');
  if (subs.some((s) => s.heading === 'Fix')) {
    const h3 = splitHeadings(fix, 3);
    const got = h3.subs.map((s) => s.heading);
    if (got.join('|') !== FIX_HEADINGS.join('|')) {
      p(
        `"## Fix" needs exactly these H3 subsections, in order: ${FIX_HEADINGS.map((h) => `"### ${h}"`).join(', ')} (found: ${got.map((h) => `"### ${h}"`).join(', ') || 'none'})`,
      );
    }
    if (!h3.intro.trim()) p('"## Fix" needs an intro (the platform-independent steps) before its first H3');
  }
  for (const name of SECTIONS) if (heads.includes(name) && !sec(name)) p(`"## ${name}" is empty`);
  for (const u of new Set(unknownPlaceholders(text)))
    p(`unknown placeholder {{${u}}} (see PLACEHOLDERS in src/catalog/fill.ts)`);
  if (/\bTODO\b|\bTBD\b|\bFIXME\b/.test(text)) p('contains TODO/TBD/FIXME: finish the page');

  const page: CausePage = {
    id: id || stem,
    title,
    phase,
    summary,
    exitCode,
    settings: lists.settings,
    needs: lists.needs,
    docs: lists.docs,
    evidence: lists.evidence,
    verify: lists.verify,
    changes,
    changeWhy,
    variants,
    file: rel,
    whatsHappening: sec("What's happening"),
    howToConfirm: sec('How to confirm'),
    fix,
    prevent: sec('Prevent it'),
    body,
  };
  return { page, problems };
}

/** Every page in `<root>/content/causes`, and every problem found. */
export function loadCatalog(root: string): Catalog {
  const dir = join(root, 'content', 'causes');
  const pages = new Map<string, CausePage>();
  const problems: string[] = [];
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.md'))
      .sort();
  } catch (e) {
    return { pages, problems: [`content/causes: cannot read the directory (${(e as Error).message})`] };
  }
  for (const f of files) {
    const r = parsePage(f, readFileSync(join(dir, f), 'utf8'));
    problems.push(...r.problems);
    if (r.page) pages.set(r.page.id, r.page);
  }
  return { pages, problems };
}

/** The page with every `{{placeholder}}` filled (unknown → `<marker>`) and its Fix cut to the platform. */
export function filledPage(page: CausePage, values: Values, platform?: string): CausePage {
  const f = (s: string) => fillPlaceholders(s, values);
  return {
    ...page,
    title: f(page.title),
    summary: f(page.summary),
    whatsHappening: f(page.whatsHappening),
    howToConfirm: f(page.howToConfirm),
    fix: f(cutFixToPlatform(page.fix, platform)),
    prevent: f(page.prevent),
    verify: page.verify.map(f),
    body: f(page.body),
  };
}

/** The full page as Markdown (title + summary on top; the Fix after What's happening). */
export function pageMarkdown(page: CausePage, fix: string = page.fix): string {
  return (
    [
      `# ${page.title}`,
      page.summary,
      `## What's happening\n\n${page.whatsHappening}`,
      `## Fix\n\n${fix.trim()}`,
      `## How to confirm\n\n${page.howToConfirm}`,
      `## Prevent it\n\n${page.prevent}`,
      page.docs.length ? `## Read more\n\n${page.docs.map((d) => `- ${d}`).join('\n')}` : '',
    ]
      .filter(Boolean)
      .join('\n\n') + '\n'
  );
}
