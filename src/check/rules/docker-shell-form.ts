import { dockerArgv } from '../../project/dockerfile.js';
import type { ArgToken } from '../../project/types.js';
import type { Rule, RuleContext } from '../types.js';
import { CONTAINERS, execEdit, execsGunicorn } from './util.js';

const SHELL = /(^|\/)(sh|bash|dash|ash|zsh)$/;

/** The tokens that start the container, wrappers included (what discovery stripped to find gunicorn). */
function startTokens(ctx: RuleContext): ArgToken[] | undefined {
  const f = ctx.facts;
  if (f.k8s?.container.command) return [...f.k8s.container.command, ...(f.k8s.container.args ?? [])];
  if (f.compose?.service.entrypoint) return [...f.compose.service.entrypoint, ...(f.compose.service.command ?? [])];
  if (f.compose?.service.command && !f.dockerfile?.final?.entrypoint) return f.compose.service.command;
  const st = f.dockerfile?.final;
  if (st && !(f.k8s?.container.args || f.compose?.service.command))
    return dockerArgv(st.entrypoint?.tokens, st.entrypoint?.form, st.cmd?.tokens);
  return undefined;
}

/** Gunicorn under `/bin/sh -c` (Dockerfile shell form, or an explicit `sh -c`): the stop signal reaches the shell. */
export const rule: Rule = {
  meta: {
    id: 'docker-shell-form',
    severity: 'warning',
    title: 'Gunicorn is started through a shell that does not exec it',
    platforms: CONTAINERS,
    gunicorn: '*',
    cause: 'platform-restart',
    sources: [
      'https://docs.docker.com/reference/dockerfile/#entrypoint',
      'https://docs.docker.com/reference/dockerfile/#shell-and-exec-form',
      'https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-execution',
      'https://docs.gunicorn.org/en/stable/signals.html#master-process',
    ],
  },
  check(ctx) {
    const toks = startTokens(ctx);
    if (!toks || toks.length < 3 || !SHELL.test(toks[0].value) || !/^-[a-z]*c$/.test(toks[1].value)) return [];
    const script = toks[2];
    if (execsGunicorn(ctx, script.value) !== false) return [];
    const shellForm =
      script.style === 'shell' && toks[0].value === '/bin/sh' && ctx.facts.dockerfile?.path === script.path;
    const edit = execEdit(ctx, script.path, script.line);
    const stop = ctx.platform === 'kubernetes' ? 'the kubelet' : 'docker stop';
    return [
      {
        path: edit?.path ?? script.path,
        line: edit?.line ?? script.line,
        message: `${shellForm ? 'This shell-form instruction runs Gunicorn as a child of /bin/sh -c' : `Gunicorn runs as a child of ${toks[0].value} -c`}: the SIGTERM of ${stop} goes to the shell, which does not pass it on, so Gunicorn never shuts down gracefully and is SIGKILLed when the grace period ends — in-flight requests are cut on every deploy and restart.`,
        fix: edit
          ? { description: 'exec Gunicorn, so it replaces the shell and receives SIGTERM', safe: true, lines: [edit] }
          : undefined,
      },
    ];
  },
};
