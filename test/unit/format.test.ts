import { describe, expect, it } from 'vitest';
import { mdCode, toJson, toMarkdown, toText } from '../../src/report/format.js';
import type { Report } from '../../src/report/types.js';
import { checkReport } from '../support/report-schema.js';

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
        evidence: [{ source: 'web.log', line: 412, time: '10:00:03', text: '[ERROR] Worker (pid:17) was sent SIGKILL! \u001b[31mPerhaps out of memory?' }],
        ruledOut: [
          { cause: 'runtime-worker-timeout', reason: 'no WORKER TIMEOUT before the kill' },
          { cause: 'runtime-heartbeat-tmpdir', reason: 'no WORKER TIMEOUT before the kill' },
        ],
        remediation: {
          platform: 'heroku',
          steps: ['Lower WEB_CONCURRENCY to 2'],
          files: [{ path: 'Procfile', snippet: 'web: gunicorn app:app --workers 2' }],
          verify: ['no R14 for a day'],
          // the steps are the list items of the Fix text (src/engine/remedy.ts), so the Markdown holds them too
          markdown: '1. Lower WEB_CONCURRENCY to 2\n\n### Heroku\n\nSet `WEB_CONCURRENCY=2`.\n',
        },
      },
      { cause: 'recycle-max-requests', variant: null, title: 'Recycled by max_requests', phase: 'recycle', confidence: 'low', evidence: [{ source: 'web.log', line: 9, text: 'Autorestarting worker after current request.' }], ruledOut: [] },
    ],
    answers: [
      { question: 'platform', choice: 'heroku', from: 'log', evidence: [{ source: 'web.log', line: 1, text: 'app[web.1]: Starting gunicorn 21.2.0' }] },
      { question: 'settings', choice: 'known', from: 'user', evidence: [], values: { workers: 4, timeout: 30 } },
      { question: 'restart-timing', choice: 'unsure', from: 'default', evidence: [] },
    ],
    context: { platform: 'heroku', gunicornVersion: '21.2.0', workers: 4, timeout: 30, memoryLimitMb: 512, sources: { platform: 'log web.log:1', workers: 'user' } },
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

const MUST = [
  'Workers are killed for using too much memory',
  'runtime-memory-oom.worker',
  'high',
  'web.log:412',
  'was sent SIGKILL!',
  'runtime-worker-timeout, runtime-heartbeat-tmpdir',
  'no WORKER TIMEOUT before the kill',
  'platform: Heroku (dynos, Procfile) [heroku], from your log (web.log:1)',
  'settings: Use these numbers [known], your answer',
  '4 workers',
  'restart-timing',
  'not known (default)',
  'Lower WEB_CONCURRENCY to 2',
  'Procfile',
  'web: gunicorn app:app --workers 2',
  'WEB_CONCURRENCY=2',
  'Recycled by max_requests',
  'workers die every ~10 min as memory climbs',
  '1 master start, 14 worker boots, 13 worker deaths',
  '500 lines',
  '3 values',
  '2 very long line(s) were cut',
  'Cadence:',
  '21.2.0',
];

describe('format', () => {
  const r = sampleReport();
  it.each(MUST)('text and Markdown both carry %s', (s) => {
    // markdown escapes a few characters in plain text: compare without backslashes
    expect(toText(r)).toContain(s);
    expect(toMarkdown(r).replace(/\\([\\*_[\]<>#|])/g, '$1')).toContain(s);
  });

  it('escapes terminal control sequences from log text', () => {
    expect(toText(r)).not.toContain('\u001b');
    expect(toText(r)).toContain('\\x1b[31m');
    expect(toMarkdown(r)).not.toContain('\u001b');
  });

  it('colour only when asked', () => {
    expect(toText(r, { color: true })).toContain('\u001b[1m');
    expect(toText(r, { color: false })).not.toContain('\u001b');
  });

  it('Markdown keeps log text literal', () => {
    expect(mdCode('a `b` c')).toBe('``a `b` c``');
    const md = toMarkdown(r);
    expect(md).toMatch(/^# gunicorn-doctor report/);
    expect(md).toContain('## Ruled out');
    expect(md).toContain('```procfile\nweb: gunicorn app:app --workers 2\n```');
  });

  it('JSON is the report, every key present (null or [] rather than missing), and it matches the published schema', () => {
    const j = JSON.parse(toJson(r));
    expect(j).toMatchObject({ ...r, diagnoses: [expect.objectContaining({ cause: r.diagnoses[0]!.cause, evidence: [expect.objectContaining(r.diagnoses[0]!.evidence[0])] }), expect.anything()] });
    expect(j.diagnoses[1].remediation).toBeNull();
    expect(j.diagnoses[1].collectNext).toEqual([]);
    expect(j.answers[2].values).toBeNull();
    expect(j.context.threads).toBeNull();
    expect(j.alternatives).toEqual([]);
    expect(checkReport(j)).toEqual([]);
  });

  it('the schema check can fail: a missing key, a wrong type, an unknown key', () => {
    const j = JSON.parse(toJson(r));
    delete j.diagnoses[0].ruledOut;
    j.stats.lines = 'many';
    j.extra = 1;
    const problems = checkReport(j).join('\n');
    expect(problems).toMatch(/ruledOut/);
    expect(problems).toMatch(/\/stats\/lines/);
    expect(problems).toMatch(/extra/);
  });

  it('a report without evidence says so', () => {
    const x = sampleReport();
    x.diagnoses[0]!.evidence = [];
    expect(toText(x)).toContain('No log line decides this cause');
  });
});
