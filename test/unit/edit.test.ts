import { describe, expect, test } from 'vitest';
import { mkdtemp, readFile, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverProject } from '../../src/project/discover.js';
import { applyEdit, proposeEdit, unifiedDiff } from '../../src/remedy/edit.js';

const P = (n: string) => `test/projects/${n}`;

describe('proposeEdit', () => {
  test('Procfile: value replaced in place, ${WEB_CONCURRENCY:-N} default kept, missing flag added after gunicorn', async () => {
    const p = await discoverProject(P('heroku-procfile'), {});
    const [e] = proposeEdit(p, { workers: 2, timeout: 25, gracefulTimeout: 25 }, 'heroku');
    expect(e.diff).toBe(
      [
        '--- a/Procfile',
        '+++ b/Procfile',
        '@@ -1,2 +1,2 @@',
        ' release: python manage.py migrate',
        '-web: gunicorn myproject.wsgi:application --bind 0.0.0.0:$PORT --workers ${WEB_CONCURRENCY:-3} --timeout 120 --max-requests=1000 --log-file -',
        '+web: gunicorn --graceful-timeout 25 myproject.wsgi:application --bind 0.0.0.0:$PORT --workers ${WEB_CONCURRENCY:-2} --timeout 25 --max-requests=1000 --log-file -',
        '',
      ].join('\n'),
    );
    expect(e.notes?.[0]).toMatch(/WEB_CONCURRENCY still wins/);
  });

  test('--key=value style preserved', async () => {
    const p = await discoverProject(P('heroku-procfile'), {});
    const [e] = proposeEdit(p, { maxRequests: 800 });
    expect(e.after).toContain('--max-requests=800 --log-file -');
  });

  test('conf file assignment edited where the setting lives, env default kept', async () => {
    const p = await discoverProject(P('heroku-conf-py'), {});
    const edits = proposeEdit(p, { workers: 3, timeout: 25 });
    expect(edits).toHaveLength(1);
    expect(edits[0].diff).toBe(
      [
        '--- a/gunicorn_config.py',
        '+++ b/gunicorn_config.py',
        '@@ -1,9 +1,9 @@',
        ' import os',
        ' ',
        ' bind = "0.0.0.0:" + os.environ.get("PORT", "5000")',
        '-workers = int(os.environ.get("WEB_CONCURRENCY", 2))',
        '+workers = int(os.environ.get("WEB_CONCURRENCY", 3))',
        " worker_class = 'gevent'",
        '-timeout = 300  # "just in case"',
        '+timeout = 25  # "just in case"',
        ' graceful_timeout = 30',
        ' preload_app = True',
        ' max_requests = 1000',
        '',
      ].join('\n'),
    );
  });

  test('Dockerfile shell-form CMD across continuation lines', async () => {
    const p = await discoverProject(P('docker-shell-cmd'), {});
    const [e] = proposeEdit(p, { workers: 2, gracefulTimeout: 8 });
    expect(e.diff).toBe(
      [
        '--- a/Dockerfile',
        '+++ b/Dockerfile',
        '@@ -5,6 +5,6 @@',
        ' COPY . .',
        ' ENV PYTHONUNBUFFERED=1',
        ' EXPOSE 8000',
        '-CMD gunicorn app.main:app \\',
        '-    -w 4 -t 60 \\',
        '+CMD gunicorn --graceful-timeout 8 app.main:app \\',
        '+    -w 2 -t 60 \\',
        '     -b 0.0.0.0:8000 --worker-tmp-dir /dev/shm',
        '',
      ].join('\n'),
    );
  });

  test('Dockerfile exec-form array element + flag appended in the array', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gd-'));
    await writeFile(join(dir, 'Dockerfile'), 'FROM python:3.12\nCMD ["gunicorn", "--workers", "9", "app:app"]\n');
    const p = await discoverProject(dir, {});
    const [e] = proposeEdit(p, { workers: 3, workerTmpDir: '/dev/shm' });
    expect(e.after).toBe(
      'FROM python:3.12\nCMD ["gunicorn", "--workers", "3", "app:app", "--worker-tmp-dir", "/dev/shm"]\n',
    );
    expect(e.diff).toContain('@@ -1,2 +1,2 @@');
  });

  test('compose command and mem_limit', async () => {
    const p = await discoverProject(P('compose-mem-limit'), {});
    const [e] = proposeEdit(p, { workers: 2, memoryLimitMb: 1024 });
    expect(e.diff).toBe(
      [
        '--- a/docker-compose.yml',
        '+++ b/docker-compose.yml',
        '@@ -4,8 +4,8 @@',
        '     mem_limit: 256m',
        '   web:',
        '     build: .',
        '-    command: gunicorn app:app --workers 9 --bind 0.0.0.0:8000 --timeout 30',
        '-    mem_limit: 512m',
        '+    command: gunicorn app:app --workers 2 --bind 0.0.0.0:8000 --timeout 30',
        '+    mem_limit: 1g',
        '     restart: unless-stopped',
        '     stop_grace_period: 1m30s',
        '     environment:',
        '',
      ].join('\n'),
    );
  });

  test('compose list items and GUNICORN_CMD_ARGS environment line', async () => {
    const p = await discoverProject(P('compose-deploy-limits'), {});
    const [e] = proposeEdit(p, { workers: 4, timeout: 30, maxRequestsJitter: 50 });
    expect(e.after).toContain(
      '      - "--workers=4"\n      - "--max-requests"\n      - "500"\n      - "--max-requests-jitter=50"\n',
    );
    expect(e.after).toContain('GUNICORN_CMD_ARGS: "--timeout 30"');
  });

  test('k8s args list item, new item appended, limits.memory', async () => {
    const p = await discoverProject(P('k8s-multidoc'), {});
    const [e] = proposeEdit(p, { workers: 3, gracefulTimeout: 55, memoryLimitMb: 1536 });
    expect(e.diff).toBe(
      [
        '--- a/k8s/app.yaml',
        '+++ b/k8s/app.yaml',
        '@@ -24,14 +24,15 @@',
        '             - "shop.wsgi:application"',
        '             - "--bind=0.0.0.0:8000"',
        '             - "--workers"',
        '-            - "4"',
        '+            - "3"',
        '             - "--timeout"',
        '             - "90"',
        '+            - "--graceful-timeout=55"',
        '           resources:',
        '             requests:',
        '               memory: 512Mi',
        '             limits:',
        '-              memory: 1Gi',
        '+              memory: 1536Mi',
        '           livenessProbe:',
        '             httpGet:',
        '               path: /healthz',
        '',
      ].join('\n'),
    );
  });

  test('systemd ExecStart continuation and MemoryMax', async () => {
    const p = await discoverProject(P('systemd-unit'), {});
    const [e] = proposeEdit(p, { workers: 5, memoryLimitMb: 2048 });
    expect(e.after).toContain('ExecStart=/srv/app/venv/bin/gunicorn \\\n          --workers 5 \\\n');
    expect(e.after).toContain('\nMemoryMax=2G\n');
  });

  test('precedence: CMD_ARGS value edited in the ENV line, command-line value in CMD, conf value in conf', async () => {
    const p = await discoverProject(P('gunicorn-cmd-args-env'), {});
    const edits = proposeEdit(p, { workers: 2, timeout: 25, gracefulTimeout: 8 });
    const docker = edits.find((e) => e.path.endsWith('Dockerfile'))!;
    const conf = edits.find((e) => e.path.endsWith('gunicorn.conf.py'))!;
    expect(docker.after).toContain('ENV GUNICORN_CMD_ARGS="--workers 2 --timeout 50 --bind 0.0.0.0:8080"');
    expect(docker.after).toContain('CMD ["gunicorn", "--timeout", "25", "app:app"]');
    expect(conf.after).toBe('workers = 8\ntimeout = 100\ngraceful_timeout = 8\n');
  });

  test('unreadable conf assignment replaced by a plain value (said in notes)', async () => {
    const p = await discoverProject(P('conf-py-expression'), {});
    const [e] = proposeEdit(p, { workers: 3 });
    expect(e.after).toContain('\nworkers = 3\n');
    expect(e.notes?.[0]).toMatch(/gunicorn\.conf\.py:4: replaced `workers = multiprocessing\.cpu_count\(\) \* 2 \+ 1`/);
  });

  test.each([
    ['heroku', 'Procfile', 'web: gunicorn <app_module>:app --bind 0.0.0.0:$PORT --workers 3 --timeout 25\n'],
    ['bare', 'gunicorn.conf.py', 'workers = 3\ntimeout = 25\n'],
    [
      'systemd',
      'gunicorn.service',
      '[Service]\nExecStart=/path/to/venv/bin/gunicorn <app_module>:app --workers 3 --timeout 25\n',
    ],
  ] as const)('no project file: %s snippet', (platform, path, after) => {
    const [e] = proposeEdit({ settings: {}, files: [], unreadable: [] }, { workers: 3, timeout: 25 }, platform);
    expect(e).toMatchObject({ path, after });
    expect(e.before).toBeUndefined();
  });
});

describe('unifiedDiff / applyEdit', () => {
  test('insert-only hunk numbering', () => {
    expect(unifiedDiff('f', 'a\nb\n', 'a\nb\nc\n')).toBe('--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n a\n b\n+c\n');
    expect(unifiedDiff('f', 'a\n', 'a\n')).toBe('');
  });
  test('applyEdit writes atomically with a .bak and refuses a changed file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gd-'));
    await cp(P('heroku-procfile'), dir, { recursive: true });
    const p = await discoverProject(dir, {});
    const [e] = proposeEdit(p, { timeout: 25 });
    const r = await applyEdit(e.path, e);
    expect(await readFile(join(dir, 'Procfile'), 'utf8')).toBe(e.after);
    expect(await readFile(r.backup!, 'utf8')).toBe(e.before);
    await expect(applyEdit(e.path, e)).rejects.toThrow(/changed since/);
  });
});
