import type { QuestionId, Strength } from '../../flows/questions.js';

/** Who answered a question. */
export type From = 'log' | 'config' | 'user' | 'flag' | 'default' | 'platform' | 'replay';
export type Confidence = 'high' | 'medium' | 'low';

/** A cited line: where it came from and its (escaped, redacted at output time) text. */
export interface EvidenceRef {
  source: string;
  line: number;
  time?: string;
  text: string;
  sig?: string;
}

export interface Numbers {
  workers?: number;
  timeout?: number;
  memoryLimitMb?: number;
  maxRequests?: number;
  /** resident memory of one worker after warm-up (MB), when the user measured it */
  workerRssMb?: number;
}

export interface Answer {
  question: QuestionId;
  choice: string;
  from: From;
  strength?: Strength;
  /** the fact that settled it (log answers) */
  fact?: string;
  /** one-line explanation of why the evidence answers it this way */
  reason?: string;
  evidence: EvidenceRef[];
  /** numbers given with the `settings` question */
  values?: Numbers;
}

export interface Context extends Numbers {
  platform?: string;
  gunicornVersion?: string;
  workerClass?: string;
  app?: string;
  /** the bind address as configured (host:port, unix:path, or $PORT forms) */
  bind?: string;
  threads?: number;
  gracefulTimeout?: number;
  maxRequestsJitter?: number;
  killWindowSeconds?: number;
  /** where each value came from: "log web.log:12", "config Procfile:1", "user", "flag --platform" */
  sources: Record<string, string>;
}

export interface RuledOut {
  cause: string;
  reason: string;
}

export interface RemediationFile {
  path: string;
  snippet?: string;
  diff?: string;
  note?: string;
}

export interface Remediation {
  platform: string;
  steps: string[];
  /** shell commands to run (the platform's CLI, a config var that holds a setting), one per line */
  commands: string[];
  files: RemediationFile[];
  verify: string[];
  /** the cause page's Fix section, filled and cut to the platform, as Markdown */
  markdown?: string;
  reasoning?: string[];
}

/** A cause the evidence does not rule out, with what would tell it apart from the answer. */
export interface Alternative {
  cause: string;
  /** the summed weight of the evidence for it (src/evidence/facts.ts FACT_WEIGHTS) */
  score: number;
  reason?: string;
  /** the question whose answer would separate it from the primary cause */
  tellApart?: string;
}

export interface Diagnosis {
  cause: string;
  variant: string | null;
  title: string;
  phase: string;
  summary?: string;
  confidence: Confidence;
  evidence: EvidenceRef[];
  ruledOut: RuledOut[];
  remediation?: Remediation;
  /** for undiagnosed: what to collect next */
  collectNext?: string[];
  /** for the primary diagnosis: the other causes still possible, best first */
  alternatives?: Alternative[];
}
