/**
 * The published JSON contract (schema/report.schema.json), compiled once with ajv. `checkReport` returns the
 * problems of one report (empty when it validates); `assertReport` throws them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';

const root = join(import.meta.dirname, '..', '..');
export const reportSchema = JSON.parse(readFileSync(join(root, 'schema', 'report.schema.json'), 'utf8')) as object;

// compiled on first use (~0.5 s): test files that never read a report do not pay for it
let compiled: ReturnType<Ajv2020['compile']> | undefined;

export function checkReport(report: unknown): string[] {
  const validate = (compiled ??= new Ajv2020({ allErrors: true, strict: true }).compile(reportSchema));
  if (validate(report)) return [];
  return (validate.errors ?? []).map(
    (e) =>
      `${e.instancePath || '/'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
  );
}

export function assertReport(report: unknown, what = 'report'): void {
  const problems = checkReport(report);
  if (problems.length)
    throw new Error(`${what} does not match schema/report.schema.json:\n  ${problems.slice(0, 10).join('\n  ')}`);
}

/** A value that looks like a gunicorn-doctor report (the JSON a test parsed from the CLI or a saved file). */
export function looksLikeReport(v: unknown): boolean {
  return (
    !!v &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    (v as { tool?: { name?: unknown } }).tool?.name === 'gunicorn-doctor' &&
    'diagnoses' in v
  );
}
