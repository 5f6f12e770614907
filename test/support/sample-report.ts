import type { Report } from '../../src/engine/report.js';

/** A report with every section filled (format and render tests). */
export function sampleReport(): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'gunicorn-doctor', version: '9.9.9' },
    diagnoses: [
      {
        cause: 'runtime-memory-oom',
        variant: 'worker',
        title: 'Workers are killed for using too much memory',
        phase: 'runtime',
        summary: 'The kernel killed workers.',
        confidence: 'high',
        evidence: [
          {
            source: 'web.log',
            line: 412,
            time: '10:00:03',
            text: '[ERROR] Worker (pid:17) was sent SIGKILL! \u001b[31mPerhaps out of memory?',
          },
        ],
        ruledOut: [
          { cause: 'runtime-worker-timeout', reason: 'no WORKER TIMEOUT before the kill' },
          { cause: 'runtime-heartbeat-tmpdir', reason: 'no WORKER TIMEOUT before the kill' },
        ],
        remediation: {
          platform: 'heroku',
          steps: ['Lower WEB_CONCURRENCY to 2'],
          commands: [],
          files: [{ path: 'Procfile', snippet: 'web: gunicorn app:app --workers 2' }],
          verify: ['no R14 for a day'],
          // the steps are the list items of the Fix text (src/engine/remedy.ts), so the Markdown holds them too
          markdown: '1. Lower WEB_CONCURRENCY to 2\n\n### Heroku\n\nSet `WEB_CONCURRENCY=2`.\n',
        },
      },
      {
        cause: 'recycle-max-requests',
        variant: null,
        title: 'Recycled by max_requests',
        phase: 'recycle',
        confidence: 'low',
        evidence: [{ source: 'web.log', line: 9, text: 'Autorestarting worker after current request.' }],
        ruledOut: [],
      },
    ],
    answers: [
      {
        question: 'platform',
        choice: 'heroku',
        from: 'log',
        evidence: [{ source: 'web.log', line: 1, text: 'app[web.1]: Starting gunicorn 21.2.0' }],
      },
      { question: 'settings', choice: 'known', from: 'user', evidence: [], values: { workers: 4, timeout: 30 } },
      { question: 'restart-timing', choice: 'unsure', from: 'default', evidence: [] },
    ],
    context: {
      platform: 'heroku',
      gunicornVersion: '21.2.0',
      workers: 4,
      timeout: 30,
      memoryLimitMb: 512,
      sources: { platform: 'log web.log:1', workers: 'user' },
    },
    timeline: {
      masterStarts: 1,
      workerBoots: 14,
      workerDeaths: 13,
      kills: [{ time: '10:00:03', pid: 17, signal: 'SIGKILL', kind: 'oom', source: 'web.log', line: 412 }],
      timeouts: 0,
      recycles: 0,
      reloads: 0,
      platformEvents: 0,
      requests: 120,
      memory: [{ mb: 400 }, { mb: 530 }],
      cadence: ['workers die every ~10 min as memory climbs'],
      points: [],
    },
    stats: { files: 1, lines: 500, bytes: 40000, recognizedLines: 300, unknownLines: 200, seconds: 0.02 },
    warnings: ['2 very long line(s) were cut'],
    path: ['platform', 'runtime.runtime-memory-oom--worker'],
    redactions: 3,
  };
}
