import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { prepare, conclude, diagnoseAnswer, exitCodeOf } from '../../src/engine/diagnose.js';
import { walk } from '../../src/engine/walk.js';
import type { Report } from '../../src/engine/report.js';
import { hasProblemSigns } from '../../src/run.js';

export interface Expected {
  cause: string;
  variant?: string | null;
  minConfidence?: 'low' | 'medium' | 'high';
  exitCode?: number;
  context?: { platform?: string; gunicornVersion?: string };
  auto?: Record<string, string>;
}

/** Runs the non-interactive doctor on one log file, in-process. */
export async function diagnoseFile(
  path: string,
  opts: { platform?: string; config?: string } = {},
): Promise<{ report: Report; exitCode: number }> {
  const p = await prepare({
    logs: [{ name: path.split('/').pop()!, path }],
    cwd: process.cwd(),
    env: {},
    platform: opts.platform,
    config: opts.config,
  });
  const result = await walk((q, auto) => diagnoseAnswer(q, auto), p.auto);
  const report = conclude(p, result, { version: 'test' });
  // the CLI's own exit rule (src/run.ts), not a copy of it
  return { report, exitCode: exitCodeOf(report, hasProblemSigns(report, p.facts)) };
}

export const caseInput = (dir: string) => join(dir, 'input.log');
export { createReadStream };
