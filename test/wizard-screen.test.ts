/**
 * The wizard's last screen and its confirmations (issue #13), with a scripted Prompter: the summary first, the full
 * report through the pager, "Apply?" showing the diff it writes, saving that never overwrites silently, memory
 * sizes with units, whole numbers, no internal names, a settled question not asked again (and Back passing it),
 * progress while a big log is read; and questions wrapped to the terminal at 60 columns (@inquirer/testing).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { select } from '@inquirer/prompts';
import { render } from '@inquirer/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACK, parseMemoryMb, questionPrompt, validMemory, validNumber, wizard } from '../src/commands/wizard.js';
import type { InputSpec, Prompter, SelectSpec } from '../src/io.js';
import { selectConfig } from '../src/ui/ask.js';
import { scriptedIo } from './support/scripted-io.js';

const root = join(import.meta.dirname, '..');
let tmp = '';
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'gd-screen-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Enter on every question; the menu and confirmations answered by `menu` (called with each spec). */
function prompter(
  menu: (s: SelectSpec) => string | undefined,
  seen: SelectSpec[] = [],
  inputs: (s: InputSpec) => string = (s) => s.default ?? '',
): Prompter {
  return {
    select: async (s) => {
      seen.push(s);
      return menu(s) ?? s.default ?? s.choices[0]!.value;
    },
    input: async (s) => inputs(s),
  };
}

function project(name: string): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(root, 'examples', 'Procfile'), join(dir, 'Procfile'));
  copyFileSync(join(root, 'examples', 'heroku-memory.log'), join(dir, 'web.log'));
  return dir;
}

const opts = (o: { logs?: string[]; config?: string } = {}) => ({
  command: 'wizard' as const,
  positionals: [],
  logs: o.logs ?? [],
  config: o.config,
  redact: [],
});

describe('numbers', () => {
  it.each([
    ['512', 512],
    ['512M', 512],
    ['512MB', 512],
    ['512Mi', 512],
    ['512 MiB', 512],
    ['1g', 1024],
    ['1G', 1024],
    ['1.5GB', 1536],
    ['1Gi', 1024],
    ['2,048', 2048],
  ])('memory %s → %i MB', (typed, mb) => {
    expect(parseMemoryMb(typed)).toBe(mb);
    expect(validMemory(typed)).toBe(true);
  });

  it.each(['abc', '0', '-1', '1.5.5', '12 parsecs'])('memory %s is refused with an example of what works', (typed) => {
    expect(validMemory(typed)).toMatch(/512M, 512Mi, 1g or 1\.5GB/);
  });

  it('counts and seconds are whole numbers: a fraction is refused as such', () => {
    expect(validNumber('4')).toBe(true);
    expect(validNumber('1,000')).toBe(true);
    expect(validNumber('')).toBe(true);
    expect(validNumber('2.5')).toBe('Enter a whole number (no fractions), or leave it blank');
    expect(validNumber('.5')).toBe('Enter a whole number (no fractions), or leave it blank');
    expect(validNumber('0')).toMatch(/positive whole number/);
  });
});

describe('the last screen', () => {
  it('summary first; Apply shows the diff (default No), No changes nothing, Yes says where the file and its backup are', async () => {
    const dir = project('apply');
    const seen: SelectSpec[] = [];
    let menus = 0;
    const io = scriptedIo(
      prompter((s) => {
        if (s.message === 'What next?') return ['apply', 'apply', 'quit'][menus++];
        if (s.message.startsWith('Write this change?')) return menus === 1 ? 'no' : 'yes';
        return undefined;
      }, seen),
      dir,
    );
    const before = readFileSync(join(dir, 'Procfile'), 'utf8');
    expect(await wizard(opts({ logs: ['web.log'], config: dir }), io)).toBe(0);
    const out = io.text();
    // the summary: before the menu, the cause, the confidence, the deciding line, the diff
    const summary = out.slice(out.indexOf('DIAGNOSIS:'));
    expect(summary).toMatch(
      /^DIAGNOSIS: Workers or the whole container are killed for using too much memory\n\s+Cause: runtime-memory-oom\.container\n\s+Confidence: high — /,
    );
    expect(summary).toContain('web.log:149');
    expect(summary).toContain('+web: gunicorn --max-requests 1000');
    // the numbers question names the numbers as people do
    const settings = seen.find((s) => s.message.startsWith('Your numbers'))!;
    expect(settings.choices[0]!.name).toContain('4 workers, timeout 30 s, memory limit 512 MB');
    expect(JSON.stringify(seen)).not.toMatch(/memoryLimitMb|maxRequests/);
    // the Apply question shows what it writes
    const confirm = seen.filter((s) => s.message.startsWith('Write this change?'));
    expect(confirm).toHaveLength(2);
    expect(confirm[0]!.default).toBe('no');
    expect(confirm[0]!.message).toContain('-web: gunicorn shop.wsgi:application --workers 4 --timeout 30 --log-file -');
    expect(confirm[0]!.message).toContain(
      '+web: gunicorn --max-requests 1000 --max-requests-jitter 100 shop.wsgi:application --workers 3',
    );
    expect(out).toContain('Nothing was changed.');
    expect(out.replace(/\s+/g, ' ')).toContain(
      `Changed ${join(dir, 'Procfile')} (the old version is in ${join(dir, 'Procfile.bak')})`,
    );
    expect(readFileSync(join(dir, 'Procfile.bak'), 'utf8')).toBe(before);
    expect(readFileSync(join(dir, 'Procfile'), 'utf8')).toContain('--workers 3');
  });

  it('the full report goes through the pager when there is one, else it is printed', async () => {
    const dir = project('pager');
    const paged = join(dir, 'paged.txt');
    // "Show the full report" once, then Quit
    const fullThenQuit = () => {
      let n = 0;
      return (s: SelectSpec) => (s.message === 'What next?' ? (n++ === 0 ? 'full' : 'quit') : undefined);
    };
    const io = { ...scriptedIo(prompter(fullThenQuit()), dir), pager: `cat > "${paged}"` };
    await wizard(opts({ logs: ['web.log'], config: dir }), io);
    const text = readFileSync(paged, 'utf8');
    for (const h of ["What's happening", 'Ruled out', 'Questions and answers', 'Timeline', 'Stats'])
      expect(text).toContain(h);
    expect(io.text()).not.toContain('Questions and answers');
    // a pager that cannot start: the report is printed instead
    const io2 = { ...scriptedIo(prompter(fullThenQuit()), dir), pager: 'exit 127' };
    await wizard(opts({ logs: ['web.log'], config: dir }), io2);
    expect(io2.text()).toContain('Questions and answers');
  });

  it('saving never replaces a file without a Yes; blank cancels; it says where the report went', async () => {
    const dir = project('save');
    writeFileSync(join(dir, 'gunicorn-doctor-report.md'), 'mine\n');
    const typed = ['', 'gunicorn-doctor-report.md', 'gunicorn-doctor-report.md'];
    let menus = 0;
    const seen: SelectSpec[] = [];
    const io = scriptedIo(
      prompter(
        (s) => {
          if (s.message === 'What next?') return ['save-md', 'save-md', 'quit'][menus++];
          if (s.message.includes('already exists')) return menus === 2 ? 'yes' : 'no';
          return undefined;
        },
        seen,
        (s) => (s.message.startsWith('Save to') ? (typed.shift() ?? '') : (s.default ?? '')),
      ),
      dir,
    );
    await wizard(opts({ logs: ['web.log'], config: dir }), io);
    const exists = seen.filter((s) => s.message.includes('already exists'));
    expect(exists).toHaveLength(1);
    expect(exists[0]!.default).toBe('no');
    expect(io.text()).toContain('Not saved.'); // the blank name
    expect(io.text()).toContain(`Saved the report to ${join(dir, 'gunicorn-doctor-report.md')}`);
    expect(readFileSync(join(dir, 'gunicorn-doctor-report.md'), 'utf8')).toMatch(/^# gunicorn-doctor report/);
  });
});

describe('questions', () => {
  it('"after some traffic" settles "would it restart with no traffic?"; Back from the next question skips over it', async () => {
    const asked: string[] = [];
    let backs = 0;
    const p: Prompter = {
      select: async (s) => {
        asked.push(s.message.split('\n')[0]!);
        if (s.message === 'What next?') return 'quit';
        if (s.message.startsWith('When do the workers restart?')) return 'under-load';
        if (s.message.startsWith('Do you see a memory kill') && backs++ === 0) return BACK;
        return s.default ?? 'unsure';
      },
      input: async (s) => s.default ?? '',
    };
    await wizard(opts(), scriptedIo(p, tmp));
    expect(asked.some((m) => m.startsWith('Would the workers still restart with no traffic'))).toBe(false);
    // Back from the memory question went to the timing question, which the user saw last
    const timing = asked.filter((m) => m.startsWith('When do the workers restart?'));
    expect(timing).toHaveLength(2);
    expect(asked.indexOf('What next?')).toBeGreaterThan(0);
  });

  it('without that answer from the user the question is asked (the log may not say)', async () => {
    const asked: string[] = [];
    const p = prompter((s) => {
      asked.push(s.message.split('\n')[0]!);
      if (s.message === 'What next?') return 'quit';
      return s.message.startsWith('When do the workers restart?') ? 'unsure' : undefined;
    });
    await wizard(opts(), scriptedIo(p, tmp));
    expect(asked.some((m) => m.startsWith('Would the workers still restart with no traffic'))).toBe(true);
  });

  it.each([60, 80])(
    'a question, its why, the cited line and the choices are wrapped to %i columns, no word cut',
    async (width) => {
      const auto = {
        question: 'memory-kill-signs' as const,
        choice: 'yes',
        from: 'log' as const,
        evidence: [
          {
            source: 'web.log',
            line: 149,
            text: 'heroku[web.1]: Error R15 (Memory quota vastly exceeded) https://devcenter.heroku.com/articles/error-codes#r15-memory-quota-vastly-exceeded',
          },
        ],
      };
      const spec = questionPrompt('memory-kill-signs', auto, true, { color: false, redact: [] });
      const { getScreen, events, answer } = await render(
        select,
        selectConfig(spec, false, () => width + 1),
      );
      const screen = getScreen();
      for (const line of screen.split('\n')) {
        if (line.length > width) expect(line.trim().split(/\s+/).length, line).toBeLessThanOrEqual(2); // a URL alone
      }
      const folded = screen.replace(/\s+/g, ' ');
      expect(folded).toContain(
        'Do you see a memory kill: SIGKILL / "Perhaps out of memory?" / signal 9 with no WORKER TIMEOUT just before it, OOMKilled, exit 137, R14/R15 or a kernel OOM line?',
      );
      expect(folded).toContain('Why we ask:');
      expect(folded).toContain('https://devcenter.heroku.com/articles/error-codes#r15-memory-quota-vastly-exceeded');
      events.keypress('enter');
      await expect(answer).resolves.toBe('yes');
    },
  );
});

describe('reading a big log', () => {
  it('shows progress on a terminal (percent, MB/s once it has a rate), then wipes it', async () => {
    const dir = join(tmp, 'big');
    mkdirSync(dir, { recursive: true });
    const line =
      '10.0.0.1 - - [01/May/2024:10:00:05 +0000] "GET /some/path?with=query HTTP/1.1" 200 2 "-" "curl/8.0"\n';
    writeFileSync(
      join(dir, 'big.log'),
      '[2024-05-01 10:00:00 +0000] [1] [INFO] Starting gunicorn 21.2.0\n' +
        line.repeat(Math.ceil((17 * 1024 * 1024) / line.length)),
    );
    const base = scriptedIo(
      prompter((s) => (s.message === 'What next?' ? 'quit' : undefined)),
      dir,
    );
    let err = '';
    const io = { ...base, stderr: { write: (s: string) => (err += s), isTTY: true, columns: 100 } };
    await wizard(opts({ logs: ['big.log'] }), io);
    expect(err).toMatch(/reading the log… \d+% \(\d+ of 17 MB\)/);
    expect(err).toMatch(/\r +\r$/);
    expect(base.text()).toMatch(/Read [\d,]+ lines, [\d,]+ recognised/);
  }, 60_000);
});
