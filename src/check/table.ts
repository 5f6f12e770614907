/**
 * The README's rule table, generated from the rules' metadata (test/check/outputs.test.ts checks README.md holds it).
 */
import type { Rule } from './types.js';

export const TABLE_START =
  '<!-- check-rules:start (generated from src/check/rules/*.ts: node scripts/rules-table.mjs) -->';
export const TABLE_END = '<!-- check-rules:end -->';

export function ruleTable(rules: readonly Rule[]): string {
  const rows = [...rules]
    .sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1))
    .map((r) => {
      const m = r.meta;
      return `| [\`${m.id}\`](content/rules/${m.id}.md) | ${m.severity} | ${m.platforms.join(', ')} | ${m.gunicorn === '*' ? 'all' : m.gunicorn} | \`${m.cause}\` | ${m.title.replace(/\|/g, '\\|')} |`;
    });
  return ['| rule | severity | platforms | Gunicorn | leads to | trap |', '|---|---|---|---|---|---|', ...rows].join(
    '\n',
  );
}
