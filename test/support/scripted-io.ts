import { join } from 'node:path';
import type { Io, Prompter } from '../../src/io.js';

const root = join(import.meta.dirname, '..', '..');

/** An interactive Io over a scripted Prompter: stdout/stderr collected as text, no terminal needed. */
export function scriptedIo(prompter: Prompter, cwd: string): Io & { text: () => string; errText: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s), isTTY: true, columns: 100 },
    stderr: { write: (s: string) => (err += s) },
    env: {},
    cwd,
    color: false,
    interactive: true,
    prompter,
    root,
    text: () => out,
    errText: () => err,
  };
}
