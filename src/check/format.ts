/**
 * check's outputs: text (summary first), Markdown, JSON (schema/check.schema.json) and SARIF 2.1.0 for code
 * scanning. All take the sanitised report (redacted, escaped: `sanitizeCheck`).
 */
import { escapeDeep, mapStrings } from '../report/escape.js';
import { mdCode } from '../report/format.js';
import { compileUserPatterns, makeRedactor } from '../report/redact.js';
import { style } from '../text/style.js';
import type { CheckReport, Finding, Rule, Severity } from './types.js';

export type CheckFormat = 'text' | 'md' | 'json' | 'sarif';
export const CHECK_FORMATS: readonly CheckFormat[] = ['text', 'md', 'json', 'sarif'];

/** The single exit path for check's data: redacted (built-in rules + --redact), then escaped. */
export function sanitizeCheck(report: CheckReport, redact: readonly string[]): CheckReport {
  const r = makeRedactor(compileUserPatterns(redact));
  return escapeDeep(mapStrings(report, (s) => r(s).text));
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function summaryLine(r: CheckReport): string {
  const s = r.summary;
  const where = `${r.project.root}${r.project.platform ? ` (${r.project.platform})` : ''}`;
  if (!r.findings.length) return `no findings in ${where}: ${plural(s.rules, 'rule')} checked`;
  return `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.info} info in ${where} (${plural(s.rules, 'rule')} checked)`;
}

const LABEL: Record<Severity, string> = { error: 'ERROR', warning: 'WARNING', info: 'INFO' };

export function checkText(r: CheckReport, color = false): string {
  const st = style(color);
  const paint: Record<Severity, (s: string) => string> = { error: st.red, warning: st.yellow, info: st.cyan };
  const out = [st.bold(`gunicorn-doctor check: ${summaryLine(r)}`)];
  for (const f of r.findings) {
    out.push(
      '',
      `${paint[f.severity](st.bold(LABEL[f.severity]))}  ${f.location.path}:${f.location.line}  ${st.bold(f.rule)}`,
    );
    if (f.location.text) out.push(`  ${st.dim(f.location.text)}`);
    out.push(...wrap(f.message, 100).map((l) => `  ${l}`));
    out.push(`  leads to: ${f.cause}  (gunicorn-doctor explain ${f.cause.split('.')[0]}; rule: ${f.docs})`);
    if (f.fix) {
      out.push(
        `  fix${f.fix.safe ? ' (--fix applies it)' : ' (review it: --fix does not apply this one)'}: ${f.fix.description}`,
      );
      for (const file of f.fix.files) {
        out.push(
          ...file.diff
            .replace(/\n$/, '')
            .split('\n')
            .map(
              (l) =>
                `    ${l.startsWith('+') && !l.startsWith('+++') ? st.green(l) : l.startsWith('-') && !l.startsWith('---') ? st.red(l) : l}`,
            ),
        );
        for (const n of file.notes ?? []) out.push(`    note: ${n}`);
      }
    }
  }
  if (r.warnings.length) {
    out.push('', st.bold('NOT CHECKED'));
    for (const w of r.warnings) out.push(`  - ${w}`);
  }
  return out.join('\n') + '\n';
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const w of text.split(/\s+/).filter(Boolean)) {
    if (cur && cur.length + 1 + w.length > width) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines;
}

function mdText(s: string): string {
  return s.replace(/([\\*_[\]<>#|`])/g, '\\$1');
}

function fence(lang: string, text: string): string {
  const n = Math.max(3, ...(text.match(/`{3,}/g) ?? []).map((r) => r.length + 1));
  const f = '`'.repeat(n);
  return `${f}${lang}\n${text.replace(/\n$/, '')}\n${f}`;
}

export function checkMarkdown(r: CheckReport): string {
  const out = [
    `# gunicorn-doctor check`,
    '',
    `**${mdText(summaryLine(r))}**`,
    '',
    `_gunicorn-doctor ${mdText(r.tool.version)}, check report schema ${r.schemaVersion}_`,
    '',
  ];
  if (r.findings.length) {
    out.push('| severity | rule | where | leads to |', '|---|---|---|---|');
    for (const f of r.findings)
      out.push(
        `| ${f.severity} | ${mdCode(f.rule)} | ${mdCode(`${f.location.path}:${f.location.line}`)} | ${mdCode(f.cause)} |`,
      );
    out.push('');
  }
  for (const f of r.findings) {
    out.push(`## ${f.severity}: ${mdText(f.title)} (${mdCode(f.rule)})`, '');
    out.push(
      `${mdCode(`${f.location.path}:${f.location.line}`)}${f.location.text ? ` ${mdCode(f.location.text)}` : ''}`,
      '',
    );
    out.push(
      mdText(f.message),
      '',
      `Leads to ${mdCode(f.cause)} (\`gunicorn-doctor explain ${f.cause.split('.')[0]}\`); rule documentation: ${mdCode(f.docs)}.`,
      '',
    );
    if (f.fix) {
      out.push(
        `**Fix${f.fix.safe ? ' (applied by `--fix`)' : ' (review it; `--fix` does not apply it)'}:** ${mdText(f.fix.description)}`,
        '',
      );
      for (const file of f.fix.files) {
        out.push(fence('diff', file.diff), '');
        for (const n of file.notes ?? []) out.push(`- ${mdText(n)}`);
      }
    }
  }
  if (r.warnings.length) {
    out.push('## Not checked', '');
    for (const w of r.warnings) out.push(`- ${mdText(w)}`);
  }
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}

export function checkJson(r: CheckReport): string {
  return JSON.stringify(r, null, 2) + '\n';
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF 2.1.0: one run, the rules that ran as reportingDescriptors (help = the rule's doc page), one result per
 * finding with its file and line relative to the directory check ran in (%SRCROOT% in code scanning). */
export function checkSarif(r: CheckReport, rules: readonly Rule[], docOf: (id: string) => string | undefined): string {
  const used = rules.filter((x) => r.findings.some((f) => f.rule === x.meta.id));
  const index = new Map(used.map((x, i) => [x.meta.id, i]));
  const uri = (p: string) => p.split(/[\\/]/).map(encodeURIComponent).join('/');
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'gunicorn-doctor',
            semanticVersion: r.tool.version,
            rules: used.map((x) => {
              const doc = docOf(x.meta.id);
              return {
                id: x.meta.id,
                name: x.meta.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()),
                shortDescription: { text: x.meta.title },
                fullDescription: {
                  text: `${x.meta.title}. Leads to ${x.meta.cause}. Platforms: ${x.meta.platforms.join(', ')}; Gunicorn ${x.meta.gunicorn}.`,
                },
                defaultConfiguration: { level: LEVEL[x.meta.severity] },
                ...(doc ? { help: { text: doc, markdown: doc } } : {}),
                properties: {
                  tags: ['gunicorn', ...x.meta.platforms],
                  cause: x.meta.cause,
                  gunicorn: x.meta.gunicorn,
                  sources: [...x.meta.sources],
                },
              };
            }),
          },
        },
        results: r.findings.map((f: Finding) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule) ?? -1,
          level: LEVEL[f.severity],
          message: { text: `${f.message} Leads to ${f.cause}.${f.fix ? ` Fix: ${f.fix.description}.` : ''}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: uri(f.location.path), uriBaseId: '%SRCROOT%' },
                region: { startLine: Math.max(1, f.location.line) },
              },
            },
          ],
          partialFingerprints: { 'gunicornDoctor/v1': `${f.rule}:${f.location.path}:${f.location.text}` },
          ...(f.fix ? { properties: { fix: f.fix } } : {}),
        })),
        ...(r.warnings.length
          ? {
              invocations: [
                {
                  executionSuccessful: true,
                  toolExecutionNotifications: r.warnings.map((w) => ({ level: 'warning', message: { text: w } })),
                },
              ],
            }
          : {}),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
