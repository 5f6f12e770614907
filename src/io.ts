/**
 * The edges the commands see. cli.ts builds the real Io from `process`; tests pass scripted ones.
 * Only light node: modules here, so `--version` and `--help` stay near bare-node startup.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Out {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface SelectChoice {
  value: string;
  name: string;
  description?: string;
}

export interface SelectSpec {
  message: string;
  choices: SelectChoice[];
  default?: string;
}

export interface InputSpec {
  message: string;
  default?: string;
  validate?: (value: string) => true | string;
}

/** What the wizard needs from a terminal. The real one (ui/ask.ts) wraps @inquirer/prompts. */
export interface Prompter {
  select(spec: SelectSpec): Promise<string>;
  input(spec: InputSpec): Promise<string>;
}

export interface Io {
  stdout: Out;
  stderr: Out;
  /** stdin as a stream (diagnose reads logs from it) */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
  /** colour on stdout (TTY, no NO_COLOR, no --no-color) */
  color: boolean;
  /** OSC 8 hyperlinks on stdout (colour on, a terminal that shows them) */
  links?: boolean;
  /** the pager command for long output ($PAGER, else `less -R`); only set when stdout is a terminal */
  pager?: string;
  /** both stdin and stdout are terminals: the wizard may ask */
  interactive: boolean;
  /** the prompter; when absent the wizard loads ui/ask.ts */
  prompter?: Prompter;
  signal?: AbortSignal;
  /** where to find content/ (defaults to the package root) */
  root?: string;
}

export { packageRoot } from './root.js';
import { packageRoot as rootDir } from './root.js';

export function packageVersion(root = rootDir()): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
