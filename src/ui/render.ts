/**
 * The only importer of marked / marked-terminal. marked-terminal alone costs ~117 ms at startup, so it is loaded
 * here, lazily, and only when colour output is wanted; without colour the Markdown itself is the plain text.
 */

export interface RenderOptions {
  color: boolean;
  width?: number;
}

/** Markdown → terminal text. Callers pass text that is already escaped and redacted. */
export async function renderMarkdown(md: string, opts: RenderOptions): Promise<string> {
  if (!opts.color) return md.endsWith('\n') ? md : md + '\n';
  const [{ Marked }, { markedTerminal }] = await Promise.all([import('marked'), import('marked-terminal')]);
  // list items are indented past the reflow width: leave room for them
  const width = Math.max(40, Math.min((opts.width ?? 100) - 6, 114));
  const m = new Marked(markedTerminal({ width, reflowText: true, tab: 2, emoji: false }, { ignoreIllegals: true }));
  const out = m.parse(knownLanguagesOnly(md), { async: false });
  return out.endsWith('\n') ? out : out + '\n';
}

/** cli-highlight complains on stderr about languages it lacks (`log`, `procfile`): drop those fence labels. */
const HIGHLIGHTED = new Set(['python', 'py', 'yaml', 'yml', 'ini', 'bash', 'sh', 'shell', 'dockerfile', 'json', 'diff', 'toml', 'nginx']);
export function knownLanguagesOnly(md: string): string {
  return md.replace(/^(\s{0,3})(`{3,}|~{3,})([^\s`~]+)([^\n]*)$/gm, (m, ind: string, fence: string, lang: string) =>
    HIGHLIGHTED.has(lang.toLowerCase()) ? m : `${ind}${fence}`,
  );
}
