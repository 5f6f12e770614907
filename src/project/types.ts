/** Static project discovery: what the user's own files say about how Gunicorn is launched. */

/** The platforms, one list for the project reader, the remediation, the --platform flag and the platform question. */
export const PLATFORMS = ['heroku', 'docker', 'kubernetes', 'systemd', 'bare'] as const;
export type Platform = (typeof PLATFORMS)[number];

export function isPlatform(x: string | undefined): x is Platform {
  return (PLATFORMS as readonly string[]).includes(x ?? '');
}

export interface Source {
  path: string;
  /** 1-based line number in `path`. */
  line: number;
  /** The (trimmed) text of that line. */
  text: string;
}

export interface Setting<T> {
  value: T;
  source: Source;
  /** Which layer set it, for precedence and for editing in the right place. */
  via?: SettingVia;
  /** A caveat the report should repeat (e.g. "default used when WEB_CONCURRENCY is unset"). */
  note?: string;
}

export type SettingVia =
  | 'command' // a flag on the launching command line
  | 'cmd-args-env' // GUNICORN_CMD_ARGS
  | 'config-file' // gunicorn.conf.py (or -c file)
  | 'web-concurrency' // WEB_CONCURRENCY env (Gunicorn's default for workers)
  | 'platform' // compose / k8s / systemd / Procfile facts
  | 'requirements'; // requirements.txt / pyproject.toml / Pipfile / lock files

export interface ProjectSettings {
  workers: Setting<number | string>;
  timeout: Setting<number>;
  gracefulTimeout: Setting<number>;
  workerClass: Setting<string>;
  threads: Setting<number>;
  maxRequests: Setting<number>;
  maxRequestsJitter: Setting<number>;
  preload: Setting<boolean>;
  bind: Setting<string>;
  workerTmpDir: Setting<string>;
  app: Setting<string>;
  configFile: Setting<string>;
  reload: Setting<boolean>;
  memoryLimitMb: Setting<number>;
  killWindowSeconds: Setting<number>;
  gunicornVersion: Setting<string>;
  restartPolicy: Setting<string>;
  probes: Setting<string>;
}

export type CommandKind =
  'procfile' | 'dockerfile-cmd' | 'dockerfile-entrypoint' | 'compose' | 'k8s' | 'systemd' | 'env' | 'script';

/** One argv token with where it was written. */
export interface ArgToken {
  value: string;
  path: string;
  line: number;
  /** How the token is written in the file: inside a shell string, a JSON/YAML flow array, or a YAML block list item. */
  style: 'shell' | 'array' | 'list-item';
}

export interface CommandInfo {
  path: string;
  line: number;
  text: string;
  /** The gunicorn argv (starting at the gunicorn executable, or `python -m gunicorn`), wrappers removed. */
  argv: string[];
  kind: CommandKind;
  /** Parallel to `argv`: where each token is written (for minimal edits). */
  tokens?: ArgToken[];
  /** Last line of the command when it spans several lines (systemd continuations, YAML lists). */
  endLine?: number;
}

export type PackageName =
  'gunicorn' | 'gevent' | 'eventlet' | 'uvicorn' | 'uvicorn-worker' | 'meinheld' | 'tornado' | 'gthread';

export interface ProjectInfo {
  /** the project's root directory (the --config directory, or the directory of the single file given) */
  root?: string;
  platform?: Setting<Platform>;
  settings: Partial<ProjectSettings>;
  command?: CommandInfo;
  /** Python packages that matter for worker classes (name → version spec as written). */
  packages?: Partial<Record<PackageName, Setting<string>>>;
  files: string[];
  unreadable: { path: string; reason: string }[];
  /** Caveats that are not errors (a config file Gunicorn will not load, an overridden value …). */
  notes?: string[];
  /** The parsed files behind the launch that was picked (read by `check`'s rules). */
  facts?: ProjectFacts;
}

/** What the files behind the chosen launch say beyond the settings (for `gunicorn-doctor check`). */
export interface ProjectFacts {
  /**
   * variables the launching process gets from the project files (Dockerfile ENV, compose/k8s env, unit Environment=,
   * `VAR=x gunicorn`)
   */
  env: Record<string, string>;
  dockerfile?: DockerfileFacts;
  compose?: { path: string; service: ComposeService };
  k8s?: { path: string; container: K8sContainer };
  systemd?: SystemdFacts;
  /** the gunicorn.conf.py Gunicorn loads, as text (parsed, never run) */
  confPy?: { path: string; text: string };
  /** app.json / heroku.yml */
  herokuMeta?: { path: string; text: string }[];
  /** dependency files read (requirements*.txt, pyproject.toml, Pipfile, lock files) */
  dependencyFiles: string[];
}

// ---- the parsed files' facts (the parsers fill them; defined here so that the parsers and this module do not
// import each other) ---------------------------------------------------------------------------------------------

export interface DockerInstr {
  tokens: ArgToken[];
  form: 'exec' | 'shell';
  source: Source;
  endLine: number;
}

export interface DockerStage {
  name?: string;
  from: string;
  entrypoint?: DockerInstr;
  cmd?: DockerInstr;
  env: Map<string, { value: string; source: Source }>;
  cmdSetHere?: boolean;
}

export interface DockerfileFacts {
  path: string;
  stages: DockerStage[];
  /** the stage that runs (the last one). */
  final?: DockerStage;
  problems: string[];
}

/** a value and the line it is written on */
export type Located<T> = { value: T; source: Source };

export interface ComposeService {
  name: string;
  command?: ArgToken[];
  commandSource?: Source;
  commandEndLine?: number;
  entrypoint?: ArgToken[];
  entrypointSource?: Source;
  build?: { context: string; dockerfile?: string };
  image?: string;
  env: Map<string, Located<string>>;
  memoryLimitMb?: Located<number>;
  restart?: Located<string>;
  stopGraceSeconds?: Located<number>;
}

export interface K8sContainer {
  workload: string;
  kind: string;
  name: string;
  command?: ArgToken[];
  commandSource?: Source;
  args?: ArgToken[];
  argsSource?: Source;
  env: Map<string, Located<string>>;
  memoryLimitMb?: Located<number>;
  memoryLimitRaw?: string;
  probes: ({
    kind: 'liveness' | 'readiness' | 'startup';
    summary: string;
    source: Source;
    windowSeconds: number;
  } & ProbeTiming)[];
  terminationGrace?: Located<number>;
  restartPolicy?: Located<string>;
  podSpecSource: Source;
}

/** A probe's numbers (Kubernetes defaults filled in) and the port it checks, with the line of that port. */
export interface ProbeTiming {
  initialDelaySeconds: number;
  periodSeconds: number;
  failureThreshold: number;
  timeoutSeconds: number;
  port?: { value: string | number; source: Source };
}

export interface SystemdFacts {
  path: string;
  execStart?: { command: string; source: Source; endLine: number; tokens: ArgToken[] };
  restart?: { value: string; source: Source };
  /** `Type=` of the [Service] section (systemd's default is simple) */
  type?: { value: string; source: Source };
  memoryMax?: { value: number; source: Source; raw: string };
  timeoutStop?: { value: number; source: Source };
  env: Map<string, { value: string; source: Source }>;
  environmentFiles: Source[];
  problems: string[];
}
