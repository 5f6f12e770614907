/**
 * `gunicorn-doctor check`: rules as data, ESLint-style. One module per rule under src/check/rules/ exports its
 * metadata (`meta`) and a pure `check(ctx)` over what discovery read statically; its doc page is
 * content/rules/<id>.md and its tests are the fixture projects in test/check/rules/<id>/{valid,invalid}/.
 */
import type { Changes } from '../remedy/edit.js';
import type { Platform, ProjectFacts, ProjectInfo } from '../project/types.js';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export interface RuleMeta {
  /** kebab-case, the same string in the rule file name, its doc page, its fixtures and every output */
  id: string;
  severity: Severity;
  /** one line: the trap */
  title: string;
  /** where the rule applies (the platform of the launch discovery chose) */
  platforms: readonly Platform[];
  /** Gunicorn versions it applies to, as a PEP 440 specifier (`*`, `>=26.0`, `<20.0`) */
  gunicorn: string;
  /** the cause id it prevents (content/causes/<id>.md), with a variant after a dot where one applies */
  cause: string;
  /** where the behaviour is documented (Gunicorn's or the platform's own documentation, or source) */
  sources: readonly string[];
}

/** A line-local text edit: the first `find` on line `line` of `path` becomes `replace` (line count unchanged, so
 * edits of several rules compose). */
export interface LineEdit {
  path: string;
  line: number;
  find: string;
  replace: string;
}

/** A fix a rule proposes: setting changes (placed by src/remedy/edit.ts where the winning value is written) and/or
 * line edits. `safe` fixes are applied by `check --fix`; the others are shown as a diff only. */
export interface FixPlan {
  description: string;
  safe: boolean;
  changes?: Changes;
  lines?: LineEdit[];
}

export interface RuleFinding {
  path: string;
  line: number;
  /** what will happen at run time, one sentence, with the numbers */
  message: string;
  fix?: FixPlan;
}

export interface GunicornVersion {
  /** the specifier as written in the project (`==21.2.0`, `>=20,<22`, `*`), undefined when no file names gunicorn */
  spec?: string;
  source?: { path: string; line: number };
}

export interface RuleContext {
  project: ProjectInfo;
  facts: ProjectFacts;
  platform: Platform;
  gunicorn: GunicornVersion;
  /** a project file's text (cached; undefined when unreadable) */
  read(path: string): string | undefined;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): RuleFinding[];
}

export interface FixOut {
  description: string;
  safe: boolean;
  files: { path: string; diff: string; notes?: string[] }[];
}

/** One finding as every output carries it. */
export interface Finding {
  rule: string;
  severity: Severity;
  title: string;
  cause: string;
  location: { path: string; line: number; text: string };
  message: string;
  docs: string;
  fix?: FixOut;
}

/** The JSON report of `check` (schema/check.schema.json). */
export interface CheckReport {
  schemaVersion: 1;
  report: 'check';
  tool: { name: 'gunicorn-doctor'; version: string };
  project: { root: string; platform?: Platform; files: string[] };
  summary: { errors: number; warnings: number; info: number; rules: number };
  findings: Finding[];
  /** files that could not be read or parsed (the others were still checked) */
  warnings: string[];
}
