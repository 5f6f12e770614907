import { describe, expect, it } from 'vitest';
import { mdCode, toJson, toMarkdown, toText } from '../../src/report/format.js';
import { sampleReport } from '../support/sample-report.js';
import { checkReport } from '../support/report-schema.js';

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
    expect(j).toMatchObject({
      ...r,
      diagnoses: [
        expect.objectContaining({
          cause: r.diagnoses[0]!.cause,
          evidence: [expect.objectContaining(r.diagnoses[0]!.evidence[0])],
        }),
        expect.anything(),
      ],
    });
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
