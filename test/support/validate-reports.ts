/**
 * vitest setup (vitest.config.ts): every report a test reads back validates against schema/report.schema.json.
 * Tests read the CLI's `--json` output and saved reports with JSON.parse; this wraps JSON.parse *for calls made
 * from test files* (the product's own parsing, e.g. of a hostile --answers file, is left alone) and fails the test
 * when a parsed gunicorn-doctor report breaks the contract.
 */
import { assertReport, looksLikeReport } from './report-schema.js';

const parse = JSON.parse;
const fromTest = /[/\\]test[/\\][^/\\]*(?:[/\\][^/\\]*)?\.test\.ts/;

JSON.parse = function parseAndCheck(
  text: string,
  reviver?: (this: unknown, key: string, value: unknown) => unknown,
): unknown {
  const value: unknown = parse(text, reviver);
  if (looksLikeReport(value)) {
    // the caller: the frame below this function
    const caller = new Error().stack?.split('\n')[2] ?? '';
    if (fromTest.test(caller)) assertReport(value, 'a report read by a test');
  }
  return value;
} as typeof JSON.parse;
