import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { discoverProject } from '../../src/project/discover.js';
import { expandVars, findGunicorn, parseGunicornArgs, shellSplit } from '../../src/project/argv.js';
import { parseConfPy } from '../../src/project/confpy.js';
import {
  dockerMemoryMb,
  goDurationSeconds,
  k8sMemoryMb,
  systemdMemoryMb,
  systemdSeconds,
} from '../../src/project/units.js';
import type { ProjectInfo } from '../../src/project/types.js';

const P = (name: string) => join('test/projects', name);

/** value @ file:line for a setting, e.g. `3 @Procfile:2` */
function at(info: ProjectInfo, key: keyof ProjectInfo['settings']): string | undefined {
  const s = info.settings[key];
  if (!s) return undefined;
  return `${JSON.stringify(s.value)} @${s.source.path.split('/').pop()}:${s.source.line}`;
}

describe('discoverProject: fixtures', () => {
  test('heroku-procfile: $PORT and ${WEB_CONCURRENCY:-3} kept as text without env', async () => {
    const p = await discoverProject(P('heroku-procfile'), {});
    expect(p.platform?.value).toBe('heroku');
    expect(p.platform?.source).toMatchObject({ path: join(P('heroku-procfile'), 'Procfile'), line: 2 });
    expect(p.command).toMatchObject({
      kind: 'procfile',
      line: 2,
      argv: [
        'gunicorn',
        'myproject.wsgi:application',
        '--bind',
        '0.0.0.0:$PORT',
        '--workers',
        '${WEB_CONCURRENCY:-3}',
        '--timeout',
        '120',
        '--max-requests=1000',
        '--log-file',
        '-',
      ],
    });
    expect(at(p, 'workers')).toBe('"${WEB_CONCURRENCY:-3}" @Procfile:2');
    expect(p.settings.workers?.note).toMatch(/defaults to 3 when WEB_CONCURRENCY is unset/);
    expect(at(p, 'bind')).toBe('"0.0.0.0:$PORT" @Procfile:2');
    expect(at(p, 'timeout')).toBe('120 @Procfile:2');
    expect(at(p, 'maxRequests')).toBe('1000 @Procfile:2');
    expect(at(p, 'app')).toBe('"myproject.wsgi:application" @Procfile:2');
    expect(at(p, 'gunicornVersion')).toBe('"20.1.0" @requirements.txt:2');
    expect(p.unreadable).toEqual([]);
    expect(p.files.map((f) => f.split('/').pop()).sort()).toEqual(['Procfile', 'requirements.txt']);
  });

  test('heroku-procfile: env expands $PORT and WEB_CONCURRENCY', async () => {
    const p = await discoverProject(P('heroku-procfile'), { env: { PORT: '5000', WEB_CONCURRENCY: '4' } });
    expect(p.settings.workers?.value).toBe(4);
    expect(p.settings.bind?.value).toBe('0.0.0.0:5000');
    const q = await discoverProject(P('heroku-procfile'), { env: {} });
    expect(q.settings.workers?.value).toBe(3); // ${WEB_CONCURRENCY:-3} with WEB_CONCURRENCY really unset
  });

  test('heroku-conf-py: -c gunicorn_config.py assignments with lines, env default noted', async () => {
    const p = await discoverProject(P('heroku-conf-py'), {});
    expect(p.platform?.value).toBe('heroku');
    expect(at(p, 'workers')).toBe('2 @gunicorn_config.py:4');
    expect(p.settings.workers?.via).toBe('config-file');
    expect(p.settings.workers?.note).toMatch(/WEB_CONCURRENCY is read from the environment/);
    expect(at(p, 'bind')).toBe('"0.0.0.0:5000" @gunicorn_config.py:3');
    expect(at(p, 'workerClass')).toBe('"gevent" @gunicorn_config.py:5');
    expect(at(p, 'timeout')).toBe('300 @gunicorn_config.py:6');
    expect(at(p, 'gracefulTimeout')).toBe('30 @gunicorn_config.py:7');
    expect(at(p, 'preload')).toBe('true @gunicorn_config.py:8');
    expect(at(p, 'maxRequests')).toBe('1000 @gunicorn_config.py:9');
    expect(at(p, 'maxRequestsJitter')).toBe('50 @gunicorn_config.py:10');
    expect(at(p, 'app')).toBe('"app:app" @Procfile:1');
    expect(at(p, 'gunicornVersion')).toBe('"21.2.0" @requirements.txt:2');
    expect(p.packages?.gevent?.value).toBe('24.2.1');
    const e = await discoverProject(P('heroku-conf-py'), { env: { WEB_CONCURRENCY: '6' } });
    expect(e.settings.workers?.value).toBe(6);
  });

  test('docker-shell-cmd: shell-form CMD with continuations and short flags', async () => {
    const p = await discoverProject(P('docker-shell-cmd'), {});
    expect(p.platform?.value).toBe('docker');
    expect(p.command).toMatchObject({
      kind: 'dockerfile-cmd',
      line: 8,
      argv: ['gunicorn', 'app.main:app', '-w', '4', '-t', '60', '-b', '0.0.0.0:8000', '--worker-tmp-dir', '/dev/shm'],
    });
    expect(at(p, 'workers')).toBe('4 @Dockerfile:8');
    expect(at(p, 'timeout')).toBe('60 @Dockerfile:8');
    expect(at(p, 'bind')).toBe('"0.0.0.0:8000" @Dockerfile:8');
    expect(at(p, 'workerTmpDir')).toBe('"/dev/shm" @Dockerfile:8');
    expect(at(p, 'gunicornVersion')).toBe('">=22,<24" @requirements.txt:1');
  });

  test('docker-exec-entrypoint-sh-c: last stage wins, sh -c unwrapped, ENV expands $WEB_CONCURRENCY', async () => {
    const p = await discoverProject(P('docker-exec-entrypoint-sh-c'), {});
    expect(p.command).toMatchObject({ kind: 'dockerfile-entrypoint', line: 9 });
    expect(p.command?.argv).toEqual([
      'gunicorn',
      'mysite.wsgi',
      '--workers=$WEB_CONCURRENCY',
      '--graceful-timeout',
      '20',
      '-k',
      'gthread',
      '--threads',
      '4',
    ]);
    expect(at(p, 'workers')).toBe('5 @Dockerfile:9');
    expect(p.settings.workers?.note).toMatch(/\$WEB_CONCURRENCY expanded to 5/);
    expect(at(p, 'gracefulTimeout')).toBe('20 @Dockerfile:9');
    expect(at(p, 'workerClass')).toBe('"gthread" @Dockerfile:9');
    expect(at(p, 'threads')).toBe('4 @Dockerfile:9');
  });

  test('compose-mem-limit: compose command overrides Dockerfile CMD; mem_limit 512m, restart, stop_grace_period', async () => {
    const p = await discoverProject(P('compose-mem-limit'), {});
    expect(p.platform?.value).toBe('docker');
    expect(p.command).toMatchObject({ kind: 'compose', line: 7 });
    expect(at(p, 'workers')).toBe('9 @docker-compose.yml:7');
    expect(at(p, 'timeout')).toBe('30 @docker-compose.yml:7');
    expect(at(p, 'memoryLimitMb')).toBe('512 @docker-compose.yml:8');
    expect(at(p, 'restartPolicy')).toBe('"unless-stopped" @docker-compose.yml:9');
    expect(at(p, 'killWindowSeconds')).toBe('90 @docker-compose.yml:10');
  });

  test('compose-deploy-limits: list command, deploy.resources.limits.memory 1G, GUNICORN_CMD_ARGS in environment', async () => {
    const p = await discoverProject(P('compose-deploy-limits'), {});
    expect(p.command).toMatchObject({ kind: 'compose', line: 6, endLine: 10 });
    expect(at(p, 'workers')).toBe('6 @compose.yaml:8');
    expect(at(p, 'maxRequests')).toBe('500 @compose.yaml:10');
    expect(at(p, 'timeout')).toBe('45 @compose.yaml:12');
    expect(p.settings.timeout?.via).toBe('cmd-args-env');
    expect(at(p, 'memoryLimitMb')).toBe('1024 @compose.yaml:17');
    expect(at(p, 'restartPolicy')).toBe('"on-failure" @compose.yaml:19');
  });

  test('k8s-multidoc: Service + Deployment, args list, 1Gi, probes, terminationGracePeriodSeconds', async () => {
    const p = await discoverProject(P('k8s-multidoc'), {});
    expect(p.platform?.value).toBe('kubernetes');
    expect(p.command).toMatchObject({
      kind: 'k8s',
      line: 22,
      argv: ['gunicorn', 'shop.wsgi:application', '--bind=0.0.0.0:8000', '--workers', '4', '--timeout', '90'],
    });
    expect(at(p, 'workers')).toBe('4 @app.yaml:27');
    expect(at(p, 'timeout')).toBe('90 @app.yaml:29');
    expect(at(p, 'bind')).toBe('"0.0.0.0:8000" @app.yaml:25');
    expect(at(p, 'memoryLimitMb')).toBe('1024 @app.yaml:34');
    expect(at(p, 'killWindowSeconds')).toBe('60 @app.yaml:18');
    expect(p.settings.probes?.value).toMatch(
      /^liveness: httpGet \/healthz port 8000, initialDelaySeconds=10, periodSeconds=10, timeoutSeconds=1, failureThreshold=3 \(container restarted after ≈30 s of failures\); readiness: /,
    );
    expect(p.settings.probes?.source.line).toBe(35);
  });

  test('systemd-unit: ExecStart continuation, MemoryMax=1G, Restart=on-failure, TimeoutStopSec', async () => {
    const p = await discoverProject(P('systemd-unit'), {});
    expect(p.platform?.value).toBe('systemd');
    expect(p.command).toMatchObject({ kind: 'systemd', line: 9, endLine: 13 });
    expect(p.command?.argv[0]).toBe('/srv/app/venv/bin/gunicorn');
    expect(at(p, 'workers')).toBe('3 @gunicorn.service:10');
    expect(at(p, 'timeout')).toBe('60 @gunicorn.service:11');
    expect(at(p, 'bind')).toBe('"unix:/run/gunicorn.sock" @gunicorn.service:12');
    expect(at(p, 'app')).toBe('"app.wsgi:application" @gunicorn.service:13');
    expect(at(p, 'memoryLimitMb')).toBe('1024 @gunicorn.service:15');
    expect(at(p, 'restartPolicy')).toBe('"on-failure" @gunicorn.service:14');
    expect(at(p, 'killWindowSeconds')).toBe('45 @gunicorn.service:16');
  });

  test('gunicorn-cmd-args-env: config file < GUNICORN_CMD_ARGS < command line', async () => {
    const p = await discoverProject(P('gunicorn-cmd-args-env'), {});
    expect(at(p, 'workers')).toBe('3 @Dockerfile:2'); // CMD_ARGS beats gunicorn.conf.py workers = 8
    expect(p.settings.workers?.via).toBe('cmd-args-env');
    expect(at(p, 'timeout')).toBe('20 @Dockerfile:4'); // command line beats both
    expect(p.settings.timeout?.via).toBe('command');
    expect(at(p, 'gracefulTimeout')).toBe('10 @gunicorn.conf.py:3');
    expect(at(p, 'bind')).toBe('"0.0.0.0:8080" @Dockerfile:2');
  });

  test('GUNICORN_CMD_ARGS from the env given', async () => {
    const p = await discoverProject(P('heroku-procfile'), {
      env: { GUNICORN_CMD_ARGS: '--graceful-timeout 12 --timeout 5' },
    });
    expect(p.settings.gracefulTimeout).toMatchObject({
      value: 12,
      via: 'cmd-args-env',
      source: { path: 'environment' },
    });
    expect(p.settings.timeout?.value).toBe(120); // the Procfile flag wins
  });

  test('pyproject-uvicorn: PEP 621 deps, uvicorn worker class', async () => {
    const p = await discoverProject(P('pyproject-uvicorn'), {});
    expect(at(p, 'gunicornVersion')).toBe('"23.0.0" @pyproject.toml:6');
    expect(p.packages?.['uvicorn-worker']?.value).toBe('>=0.2');
    expect(p.packages?.uvicorn?.source.line).toBe(8);
    expect(at(p, 'workerClass')).toBe('"uvicorn_worker.UvicornWorker" @Procfile:1');
    expect(at(p, 'workers')).toBe('2 @Procfile:1');
  });

  test('conf-py-expression: unreadable assignments are said, readable ones kept', async () => {
    const p = await discoverProject(P('conf-py-expression'), {});
    expect(p.platform?.value).toBe('bare');
    expect(p.settings.workers).toBeUndefined();
    expect(p.unreadable.map((u) => u.reason)).toEqual([
      'gunicorn.conf.py:4: workers = multiprocessing.cpu_count() * 2 + 1 is an expression',
      'gunicorn.conf.py:8: max_requests is assigned inside a block (if/def/with); which branch runs is decided at run time',
      `gunicorn.conf.py:9: worker_class = f"{'sync'}" is an f-string`,
    ]);
    expect(at(p, 'timeout')).toBe('120 @gunicorn.conf.py:6');
    expect(at(p, 'threads')).toBe('2 @gunicorn.conf.py:5');
    expect(at(p, 'bind')).toBe('"0.0.0.0:8000" @gunicorn.conf.py:3');
  });

  test('single file target', async () => {
    const p = await discoverProject(join(P('k8s-multidoc'), 'k8s/app.yaml'), {});
    expect(p.platform?.value).toBe('kubernetes');
    expect(p.settings.workers?.value).toBe(4);
  });

  test('missing target is reported, not thrown', async () => {
    const p = await discoverProject(P('does-not-exist'), {});
    expect(p.unreadable[0].reason).toMatch(/ENOENT/);
  });
});

describe('argv', () => {
  test.each([
    ['--workers 3', 3],
    ['--workers=3', 3],
    ['-w 3', 3],
    ['-w3', 3],
    ['--workers', NaN],
  ])('%s', (s, n) => {
    expect(Number(parseGunicornArgs(shellSplit(s)).options.get('workers')?.value)).toBe(n);
  });
  test('argparse prefixes: unique ones work, ambiguous ones are unknown', () => {
    expect(parseGunicornArgs(['--graceful', '5']).options.get('graceful_timeout')?.value).toBe('5');
    expect(parseGunicornArgs(['--work', '3']).unknown[0].token).toBe('--work');
  });
  test('switches do not eat the app module; -- and quoting', () => {
    const p = parseGunicornArgs(shellSplit(`--preload app:app -k 'uvicorn.workers.UvicornWorker' --bind="0.0.0.0:80"`));
    expect(p.options.get('preload_app')?.value).toBe(true);
    expect(p.positional.map((x) => x.value)).toEqual(['app:app']);
    expect(p.options.get('worker_class')?.value).toBe('uvicorn.workers.UvicornWorker');
    expect(p.options.get('bind')).toMatchObject({ value: '0.0.0.0:80', form: 'equals' });
  });
  test.each([
    [
      ['sh', '-c', 'exec gunicorn app:app'],
      ['gunicorn', 'app:app'],
    ],
    [
      ['bash', '-lc', 'cd /app && GUNICORN_CMD_ARGS="-w 2" gunicorn app:app'],
      ['gunicorn', 'app:app'],
    ],
    [
      ['python', '-m', 'gunicorn', 'a:b'],
      ['python', '-m', 'gunicorn', 'a:b'],
    ],
    [
      ['poetry', 'run', 'gunicorn', 'a:b'],
      ['gunicorn', 'a:b'],
    ],
    [
      ['newrelic-admin', 'run-program', 'gunicorn', 'a:b'],
      ['gunicorn', 'a:b'],
    ],
    [['uvicorn', 'a:b'], undefined],
  ])('findGunicorn %j', (argv, want) => {
    expect(findGunicorn(argv)?.argv).toEqual(want);
  });
  test('prefix env is captured', () => {
    expect(findGunicorn(['sh', '-c', 'GUNICORN_CMD_ARGS="-w 2" gunicorn app:app'])?.env).toEqual({
      GUNICORN_CMD_ARGS: '-w 2',
    });
  });
  test('expandVars', () => {
    expect(expandVars('${A:-3} $B ${C}', { B: 'b' }, false)).toBe('${A:-3} b ${C}');
    expect(expandVars('${A:-3}', {}, true)).toBe('3');
  });
});

describe('confpy', () => {
  test('literals, env defaults, arithmetic, lists; later unreadable assignment removes the earlier value', () => {
    const r = parseConfPy(
      [
        'workers = 2',
        'timeout = 2 * 60',
        "bind = ['0.0.0.0:80', 'unix:/s']",
        'preload_app = True',
        'threads = int(os.getenv("T", "8"))',
        'workers = get_workers()',
      ].join('\n'),
    );
    expect(r.values.get('timeout')?.value).toBe(120);
    expect(r.values.get('bind')?.value).toEqual(['0.0.0.0:80', 'unix:/s']);
    expect(r.values.get('preload_app')?.value).toBe(true);
    expect(r.values.get('threads')?.value).toBe(8);
    expect(r.values.has('workers')).toBe(false);
    expect(r.unreadable[0]).toMatchObject({ line: 6 });
  });
});

describe('units', () => {
  test.each([
    ['512m', 512],
    ['1g', 1024],
    ['512M', 512],
    ['1Gi', 1024],
  ])('docker %s', (s, mb) => expect(dockerMemoryMb(s)).toBe(mb));
  test.each([
    ['512Mi', 512],
    ['1Gi', 1024],
    ['1G', 954],
    ['500M', 477],
  ])('k8s %s', (s, mb) => expect(k8sMemoryMb(s)).toBe(mb));
  test('systemd and durations', () => {
    expect(systemdMemoryMb('1G')).toBe(1024);
    expect(systemdMemoryMb('80%')).toBeUndefined();
    expect(systemdSeconds('1min 30s')).toBe(90);
    expect(goDurationSeconds('1m30s')).toBe(90);
  });
});
