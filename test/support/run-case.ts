import { basename, dirname } from 'node:path';
import type { Io } from '../../src/io.js';
import { diagnoseInputs, type Diagnosed } from '../../src/pipeline.js';
import type { Report } from '../../src/engine/report.js';

export interface Expected {
  cause: string;
  variant?: string | null;
  minConfidence?: 'low' | 'medium' | 'high';
  exitCode?: number;
  context?: { platform?: string; gunicornVersion?: string };
  auto?: Record<string, string>;
}

/** Output nobody reads: the tests look at the report, not at the lines a terminal would show. */
const sink = { write: () => true };

/**
 * `gunicorn-doctor diagnose [FILE...]` in `cwd`, in-process, through the production pipeline (src/pipeline.ts
 * diagnoseInputs) with the default options; with no file, the log is read from `stdin`.
 */
export function diagnoseIn(cwd: string, files: string[], stdin?: NodeJS.ReadableStream): Promise<Diagnosed> {
  const io: Io = { stdout: sink, stderr: sink, stdin, env: {}, cwd, color: false, interactive: false };
  return diagnoseInputs({ command: 'diagnose', positionals: files, logs: [], redact: [] }, io);
}

/**
 * The doctor on one log file as `gunicorn-doctor diagnose --json FILE` reports it when run in the file's directory
 * (test/pipeline.test.ts checks that they are equal). `report` is the report as concluded, `safe` its redacted and
 * escaped copy (what is printed).
 */
export async function diagnoseFile(path: string): Promise<{ report: Report; safe: Report; exitCode: number }> {
  const d = await diagnoseIn(dirname(path), [basename(path)]);
  return { report: d.report, safe: d.safe, exitCode: d.code };
}
