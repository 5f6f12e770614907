/**
 * The wizard: single prompts through @inquirer/testing (what the user sees), and whole walks with a scripted
 * Prompter (Back, numbers, the final page, the menu), no terminal needed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { input, select } from '@inquirer/prompts';
import { render } from '@inquirer/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACK, questionPrompt, validNumber, wizard } from '../src/commands/wizard.js';
import { exitCodeOf } from '../src/errors.js';
import type { InputSpec, Prompter, SelectSpec } from '../src/io.js';
import type { RunOptions } from '../src/run.js';
import { inputConfig, selectConfig } from '../src/ui/ask.js';
import type { Answer } from '../src/engine/types.js';
import { scriptedIo as scriptedIoIn } from './support/scripted-io.js';

let tmp = '';
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'gd-wizard-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const autoTiming: Answer = {
  question: 'restart-timing',
  choice: 'under-load',
  from: 'log',
  evidence: [{ source: 'web.log', line: 412, text: '[CRITICAL] WORKER TIMEOUT (pid:17) \u001b[2J token=abcdef123' }],
};

describe('one question (@inquirer/testing)', () => {
  it('shows the message, why, the cited line, unsure and Back, with the log answer pre-selected', async () => {
    const { answer, events, getScreen } = await render(
      select,
      selectConfig(questionPrompt('restart-timing', autoTiming, true, { color: false, redact: [] })),
    );
    const screen = getScreen();
    expect(screen).toContain('When do the workers restart?');
    expect(screen).toContain('Why we ask: Timing is the fastest way');
    expect(screen).toContain('from your log: web.log:412');
    expect(screen).toContain("I'm not sure");
    expect(screen).toContain('← Back');
    expect(screen).toMatch(/❯ After some traffic, under load, on certain requests\s+← from your log/);
    expect(screen).toContain('\\x1b[2J'); // escaped, visible
    expect(screen).not.toContain('abcdef123'); // redacted
    events.keypress('enter');
    await expect(answer).resolves.toBe('under-load');
  });

  it('the user can override the log answer', async () => {
    const { answer, events } = await render(
      select,
      selectConfig(questionPrompt('restart-timing', autoTiming, true, { color: false, redact: [] })),
    );
    events.keypress('down');
    events.keypress('enter');
    await expect(answer).resolves.toBe('memory-climbs');
  });

  it('the first question has no Back; with nothing from the logs a context question defaults to unsure', async () => {
    const { getScreen, events, answer } = await render(
      select,
      selectConfig(questionPrompt('platform', undefined, false, { color: false, redact: [] })),
    );
    expect(getScreen()).not.toContain('← Back');
    expect(getScreen()).toMatch(/❯ I'm not sure/);
    events.keypress('enter');
    await expect(answer).resolves.toBe('unsure');
  });

  it('Back is a choice with its own value', async () => {
    const { events, answer } = await render(
      select,
      selectConfig(questionPrompt('came-back', undefined, true, { color: false, redact: [] })),
    );
    events.keypress('up'); // loop is off: up from the first stays; go to the end instead
    for (let i = 0; i < 5; i++) events.keypress('down');
    events.keypress('enter');
    await expect(answer).resolves.toBe(BACK);
  });

  it('number fields are prefilled and validated; blank is allowed', async () => {
    const { events, getScreen, answer } = await render(
      input,
      inputConfig({ message: 'Number of workers', default: '3', validate: validNumber }),
    );
    expect(getScreen()).toContain('3');
    events.type('x');
    events.keypress('enter');
    await new Promise((r) => setTimeout(r, 20));
    expect(getScreen()).toContain('Enter a positive whole number, or leave it blank');
    events.keypress('backspace');
    events.keypress('enter');
    await expect(answer).resolves.toBe('3');
    expect(validNumber('')).toBe(true);
    expect(validNumber('0')).not.toBe(true);
  });

  it('Ctrl-C (ExitPromptError) maps to exit 130', () => {
    const e = Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });
    expect(exitCodeOf(e)).toBe(130);
  });
});

type Step = { select?: string | ((s: SelectSpec) => string); input?: string };

function scripted(steps: Step[], seen: { kind: string; spec: SelectSpec | InputSpec }[]): Prompter {
  let i = 0;
  const next = (kind: 'select' | 'input', spec: SelectSpec | InputSpec) => {
    seen.push({ kind, spec });
    const s = steps[i++];
    if (!s) throw Object.assign(new Error(`script ran out at: ${spec.message.split('\n')[0]}`), { name: 'ScriptEnd' });
    const v = s[kind];
    if (v === undefined)
      throw new Error(
        `expected a ${kind} prompt at step ${i}, got ${kind === 'select' ? 'input' : 'select'}: ${spec.message}`,
      );
    return typeof v === 'function' ? v(spec as SelectSpec) : v;
  };
  return { select: async (s) => next('select', s), input: async (s) => next('input', s) };
}

const scriptedIo = (prompter: Prompter) => scriptedIoIn(prompter, tmp);

const opts = (o: Partial<RunOptions> = {}): RunOptions => ({
  command: 'wizard',
  positionals: [],
  logs: [],
  redact: [],
  ...o,
});

describe('a whole walk (scripted prompter)', () => {
  it('walks with Back, numbers, reaches a cause page for the platform, shows the path, saves, quits', async () => {
    const seen: { kind: string; spec: SelectSpec | InputSpec }[] = [];
    const p = scripted(
      [
        { select: 'docker' }, // platform
        { select: 'unsure' }, // gunicorn-version
        { select: BACK }, // worker-class → back to gunicorn-version
        { select: 'v21-23' },
        { select: 'sync' },
        { select: 'known' }, // settings
        { input: '4' },
        { input: '30' },
        { input: '' },
        { input: '' }, // memory of one worker
        { select: 'under-load' }, // restart-timing (settles restarts-without-traffic: not asked)
        { select: 'no' }, // memory-kill-signs
        { select: 'yes' }, // timeout-in-logs
        { select: 'yes' }, // timeout-during-request
        { select: 'no' }, // router-first
        { select: 'full' },
        { select: 'path' },
        { select: 'save-md' },
        { input: 'out.md' },
        { select: 'save-md' },
        { input: 'out.md' }, // exists now: asked before replacing, default No
        { select: (s) => (s.message.includes('already exists') && s.default === 'no' ? 'no' : 'wrong prompt') },
        { input: 'out-2.md' },
        { select: 'save-json' },
        { input: 'out.json' },
        { select: 'quit' },
      ],
      seen,
    );
    const io = scriptedIo(p);
    const code = await wizard(opts(), io);
    expect(code).toBe(0);
    const out = io.text();
    // Back is offered everywhere but on the first question
    const selects = seen.filter((s) => s.kind === 'select').map((s) => s.spec as SelectSpec);
    expect(selects[0]!.choices.some((c) => c.value === BACK)).toBe(false);
    expect(selects[1]!.choices.some((c) => c.value === BACK)).toBe(true);
    expect(selects[0]!.message).toContain('Why we ask:');
    // after Back, gunicorn-version was asked again
    expect(selects.filter((s) => s.message.startsWith('Which Gunicorn version'))).toHaveLength(2);
    // restart-timing "after some traffic" settled "would it restart with no traffic?": not asked
    expect(selects.some((s) => s.message.startsWith('Would the workers still restart with no traffic'))).toBe(false);
    // the summary first: cause, confidence, then the menu
    const summary = out.slice(0, out.indexOf('The path taken:'));
    expect(summary).toMatch(
      /A request holds a worker past its timeout\n\s+Cause: runtime-worker-timeout\n\s+Confidence: \w+ — /,
    );
    // the full report (no pager here: printed): the page for docker with the user's numbers, How to confirm, Prevent,
    // then ruled out, the questions and answers, the context
    expect(out).toMatch(/^# A request holds a worker past its timeout$/m);
    expect(out).toMatch(/^### docker-compose\.yml$/m);
    expect(out).not.toMatch(/^### (Heroku|Procfile)$/m);
    for (const h of [
      "What's happening",
      'How to confirm',
      'Prevent it',
      'Ruled out',
      'Questions and answers',
      'Context',
    ])
      expect(out).toMatch(new RegExp(`^## ${h}$`, 'm'));
    expect(out).not.toContain('{{');
    expect(out).not.toContain('**');
    expect(out).toContain('Saved the report to ' + join(tmp, 'out-2.md'));
    // path taken
    expect(out).toContain('The path taken:');
    expect(out).toMatch(/gunicorn-version → 21\.x – 23\.x/);
    expect(out).toContain('⇒ runtime-worker-timeout');
    // saved reports
    const md = readFileSync(join(tmp, 'out.md'), 'utf8');
    expect(md).toContain('runtime-worker-timeout');
    expect(md).toContain('4 workers');
    expect(md).not.toContain('memoryLimitMb');
    expect(readFileSync(join(tmp, 'out-2.md'), 'utf8')).toBe(md);
    const json = JSON.parse(readFileSync(join(tmp, 'out.json'), 'utf8'));
    expect(json.diagnoses[0].cause).toBe('runtime-worker-timeout');
    expect(json.context.workers).toBe(4);
    expect(json.context.platform).toBe('docker');
    expect(json.answers.find((a: Answer) => a.question === 'settings').values).toEqual({ workers: 4, timeout: 30 });
  });

  it('with --log: the log answers are the defaults, cited; accepting keeps from=log; start over works', async () => {
    writeFileSync(
      join(tmp, 'web.log'),
      [
        '[2024-05-01 10:00:00 +0000] [1] [INFO] Starting gunicorn 21.2.0',
        '[2024-05-01 10:00:00 +0000] [1] [INFO] Using worker: sync',
        '[2024-05-01 10:00:00 +0000] [17] [INFO] Booting worker with pid: 17',
        '10.0.0.1 - - [01/May/2024:10:00:02 +0000] "GET / HTTP/1.1" 200 2 "-" "curl"',
        '10.0.0.1 - - [01/May/2024:10:00:03 +0000] "GET /slow HTTP/1.1" 200 2 "-" "curl"',
        '[2024-05-01 10:00:34 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:17)',
        '[2024-05-01 10:00:31 +0000] [17] [INFO] Worker exiting (pid: 17)',
        '[2024-05-01 10:00:32 +0000] [18] [INFO] Booting worker with pid: 18',
        '',
      ].join('\n'),
    );
    const seen: { kind: string; spec: SelectSpec | InputSpec }[] = [];
    const accept = (s: SelectSpec) => s.default ?? 'unsure';
    let menu = 0;
    const p: Prompter = {
      select: async (s) => {
        seen.push({ kind: 'select', spec: s });
        if (s.message === 'What next?') {
          menu++;
          return menu === 1 ? 'save-json' : menu === 2 ? 'restart' : 'quit';
        }
        return accept(s);
      },
      input: async (s) => {
        seen.push({ kind: 'input', spec: s });
        return s.default ?? '';
      },
    };
    const io = scriptedIo(p);
    const code = await wizard(opts({ logs: ['web.log'] }), io);
    expect(code).toBe(0);
    const timing = seen.find((s) => s.spec.message.startsWith('When do the workers restart?'))!.spec as SelectSpec;
    expect(timing.default).toBe('under-load');
    expect(timing.message).toContain('from your log: web.log:6');
    expect(timing.message).toContain('WORKER TIMEOUT (pid:17)');
    const menus = seen.filter((s) => s.spec.message === 'What next?');
    expect(menus).toHaveLength(3); // save, start over, quit: the walk ran twice
    const saved = JSON.parse(readFileSync(join(tmp, 'gunicorn-doctor-report.json'), 'utf8'));
    const a = saved.answers.find((x: Answer) => x.question === 'restart-timing');
    expect(a).toMatchObject({ choice: 'under-load', from: 'log' });
    expect(a.evidence[0]).toMatchObject({ source: 'web.log', line: 6 });
    expect(io.text()).toContain('A request holds a worker past its timeout');
  });

  it('without a terminal and without --log: a one-line error pointing to diagnose', async () => {
    const io = { ...scriptedIo(scripted([], [])), interactive: false };
    await expect(wizard(opts(), io)).rejects.toMatchObject({
      code: 'no-tty',
      hint: expect.stringContaining('diagnose'),
    });
  });

  it('Ctrl-C inside a prompt propagates (cli maps it to 130) and nothing is written', async () => {
    const p: Prompter = {
      select: async () => {
        throw Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });
      },
      input: async () => '',
    };
    const io = scriptedIo(p);
    const err = await wizard(opts(), io).catch((e: unknown) => e);
    expect(exitCodeOf(err)).toBe(130);
    expect(existsSync(join(tmp, 'gunicorn-doctor-report.md'))).toBe(false);
  });
});
