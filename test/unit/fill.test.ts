import { describe, expect, it } from 'vitest';
import {
  cutFixToPlatform,
  fillPlaceholders,
  marker,
  splitHeadings,
  unknownPlaceholders,
  valuesFromContext,
} from '../../src/catalog/fill.js';

const FIX = `1. Do the thing.

Verify: it works.

### Heroku

\`\`\`procfile
web: gunicorn {{app}} --timeout {{suggest.timeout}}
\`\`\`

### gunicorn.conf.py

\`\`\`python
# ### not a heading
timeout = {{ timeout }}
\`\`\`

### Docker / compose

compose text

### Kubernetes

k8s text

### systemd

unit text
`;

describe('fill', () => {
  it('fills known values and leaves visible markers for unknown ones', () => {
    const out = fillPlaceholders('a {{app}} t={{timeout}} w={{suggest.workers}} m={{ memory_limit_mb }}', {
      app: 'web:app',
      timeout: 30,
    });
    expect(out).toBe('a web:app t=30 w=<workers> m=<memory_limit_mb>');
  });

  it('marker drops the suggest. prefix', () => {
    expect(marker('suggest.graceful_timeout')).toBe('<graceful_timeout>');
  });

  it('reports unknown placeholders', () => {
    expect(unknownPlaceholders('{{app}} {{bogus}} {{suggest.nope}}')).toEqual(['bogus', 'suggest.nope']);
  });

  it('values come from context and suggestions', () => {
    const v = valuesFromContext({ workers: 3, timeout: 30, memoryLimitMb: 512 }, { workers: 2, 'suggest.timeout': 25 });
    expect(v).toMatchObject({
      workers: 3,
      timeout: 30,
      memory_limit_mb: 512,
      'suggest.workers': 2,
      'suggest.timeout': 25,
    });
  });

  it('splitHeadings ignores headings inside fenced code', () => {
    const { subs } = splitHeadings(FIX, 3);
    expect(subs.map((s) => s.heading)).toEqual([
      'Heroku',
      'gunicorn.conf.py',
      'Docker / compose',
      'Kubernetes',
      'systemd',
    ]);
  });

  it.each([
    ['heroku', ['Heroku', 'gunicorn.conf.py']],
    ['docker', ['gunicorn.conf.py', 'Docker / compose']],
    ['kubernetes', ['gunicorn.conf.py', 'Kubernetes']],
    ['systemd', ['gunicorn.conf.py', 'systemd']],
    ['bare', ['gunicorn.conf.py']],
    ['unsure', ['Heroku', 'gunicorn.conf.py', 'Docker / compose', 'Kubernetes', 'systemd']],
    [undefined, ['Heroku', 'gunicorn.conf.py', 'Docker / compose', 'Kubernetes', 'systemd']],
  ])('cuts the Fix to platform %s', (platform, heads) => {
    const out = cutFixToPlatform(FIX, platform);
    expect(out).toMatch(/^1\. Do the thing\.\n\nVerify: it works\./);
    expect(splitHeadings(out, 3).subs.map((s) => s.heading)).toEqual(heads);
  });

  it('fills after cutting, with the users numbers', () => {
    const out = fillPlaceholders(cutFixToPlatform(FIX, 'heroku'), valuesFromContext({ app: 'app:app', timeout: 30 }));
    expect(out).toContain('web: gunicorn app:app --timeout <timeout>');
    expect(out).toContain('timeout = 30');
  });
});

describe('pasteable placeholders', () => {
  it('an app factory is quoted in shell lines and left as it is inside quotes (YAML/JSON arrays, Python strings)', async () => {
    const { fillPlaceholders, shellWord } = await import('../../src/catalog/fill.js');
    const v = { app: 'app:create_app()', workers: 3 };
    expect(fillPlaceholders('web: gunicorn {{app}} --workers {{workers}}', v)).toBe(
      'web: gunicorn "app:create_app()" --workers 3',
    );
    expect(fillPlaceholders('command: ["gunicorn", "{{app}}"]', v)).toBe('command: ["gunicorn", "app:create_app()"]');
    expect(fillPlaceholders('wsgi_app = "{{app}}"', v)).toBe('wsgi_app = "app:create_app()"');
    expect(fillPlaceholders('web: gunicorn {{app}}', { app: 'shop.wsgi:application' })).toBe(
      'web: gunicorn shop.wsgi:application',
    );
    expect(shellWord("app:create('a $b')")).toBe(`'app:create('\\''a $b'\\'')'`);
  });
  it('waitress names an app factory with --call, without the parentheses', async () => {
    const { waitressApp } = await import('../../src/catalog/fill.js');
    expect(waitressApp('app:create_app()')).toBe("--call 'app:create_app'");
    expect(waitressApp('hello:app')).toBe('hello:app');
    expect(waitressApp("app:create_app('prod')")).toBeUndefined();
  });
  it('the bind a platform reaches: $PORT on Heroku, 0.0.0.0 keeping the port in a container, nothing proposed elsewhere', async () => {
    const { bindFor } = await import('../../src/catalog/fill.js');
    expect(bindFor('heroku', '127.0.0.1:8000')).toBe('0.0.0.0:$PORT');
    expect(bindFor('docker', '127.0.0.1:5000')).toBe('0.0.0.0:5000');
    expect(bindFor('kubernetes', undefined)).toBe('0.0.0.0:8000');
    expect(bindFor('systemd', '127.0.0.1:8000')).toBeUndefined();
  });
});
