/** docker-compose and Kubernetes manifests. */
import { isMap, isSeq, type Node } from 'yaml';
import { shellSplit, findGunicorn } from './argv.js';
import type { ComposeService, K8sContainer, Located, ProbeTiming } from './types.js';
import { dockerMemoryMb, goDurationSeconds, k8sMemoryMb } from './units.js';
import { child, commandTokens, keyNode, scalar, sourceOf, type YamlFile } from './yamlsrc.js';

export interface ComposeFacts {
  path: string;
  services: ComposeService[];
}

function envMap(f: YamlFile, node: Node | undefined): Map<string, Located<string>> {
  const env = new Map<string, Located<string>>();
  if (isMap(node)) {
    for (const p of node.items) {
      const k = scalar(p.key);
      if (k === undefined || k === null) continue;
      const v = scalar(p.value);
      env.set(String(k), { value: v === null || v === undefined ? '' : String(v), source: sourceOf(f, p.key as Node) });
    }
  } else if (isSeq(node)) {
    for (const it of node.items) {
      const s = scalar(it);
      if (typeof s !== 'string') continue;
      const eq = s.indexOf('=');
      if (eq > 0) env.set(s.slice(0, eq), { value: s.slice(eq + 1), source: sourceOf(f, it as Node) });
    }
  }
  return env;
}

export function readCompose(f: YamlFile): ComposeFacts {
  const services: ComposeService[] = [];
  const root = f.docs[0]?.contents;
  const svcs = child(root, 'services');
  if (!isMap(svcs)) return { path: f.path, services };
  for (const pair of svcs.items) {
    const name = String(scalar(pair.key) ?? '');
    const svc = pair.value;
    if (!isMap(svc)) continue;
    const s: ComposeService = { name, env: envMap(f, child(svc, 'environment')) };
    const cmd = child(svc, 'command');
    if (cmd) {
      s.command = commandTokens(f, cmd, shellSplit);
      s.commandSource = sourceOf(f, keyNode(svc, 'command'));
      const r = cmd.range;
      s.commandEndLine = r ? f.lc.linePos(Math.max(r[0], r[1] - 1)).line : undefined;
    }
    const ep = child(svc, 'entrypoint');
    if (ep) {
      s.entrypoint = commandTokens(f, ep, shellSplit);
      s.entrypointSource = sourceOf(f, keyNode(svc, 'entrypoint'));
    }
    const build = child(svc, 'build');
    if (build) {
      const ctx = scalar(build);
      if (typeof ctx === 'string') s.build = { context: ctx };
      else
        s.build = {
          context: String(scalar(child(build, 'context')) ?? '.'),
          dockerfile: scalar(child(build, 'dockerfile')) as string | undefined,
        };
    }
    const image = scalar(child(svc, 'image'));
    if (typeof image === 'string') s.image = image;
    const mem = child(svc, 'mem_limit') ?? child(svc, 'deploy', 'resources', 'limits', 'memory');
    const memVal = scalar(mem);
    if (memVal !== undefined && memVal !== null) {
      const mb = dockerMemoryMb(typeof memVal === 'number' ? memVal : String(memVal));
      if (mb !== undefined) s.memoryLimitMb = { value: mb, source: sourceOf(f, mem) };
    }
    const restart = child(svc, 'restart') ?? child(svc, 'deploy', 'restart_policy', 'condition');
    if (scalar(restart) !== undefined) s.restart = { value: String(scalar(restart)), source: sourceOf(f, restart) };
    const sgp = child(svc, 'stop_grace_period');
    const sgpv = scalar(sgp);
    if (sgpv !== undefined && sgpv !== null) {
      const sec = goDurationSeconds(typeof sgpv === 'number' ? sgpv : String(sgpv));
      if (sec !== undefined) s.stopGraceSeconds = { value: sec, source: sourceOf(f, sgp) };
    }
    services.push(s);
  }
  return { path: f.path, services };
}

/** The service that runs gunicorn: by command, else the one built from a Dockerfile, else the first. */
export function pickComposeService(c: ComposeFacts): ComposeService | undefined {
  const byCmd = c.services.find(
    (s) =>
      (s.command && findGunicorn(s.command.map((t) => t.value))) ||
      (s.entrypoint && findGunicorn(s.entrypoint.map((t) => t.value))),
  );
  if (byCmd) return byCmd;
  const byName = c.services.find((s) => /^(web|app|api|django|flask|gunicorn|backend|server)$/.test(s.name) && s.build);
  return byName ?? c.services.find((s) => s.build) ?? c.services[0];
}

// ---- Kubernetes -----------------------------------------------------------------------------------------------------

export interface K8sFacts {
  path: string;
  containers: K8sContainer[];
  kinds: string[];
}

function podSpecOf(kind: string, doc: unknown): Node | undefined {
  switch (kind) {
    case 'Pod':
      return child(doc, 'spec');
    case 'CronJob':
      return child(doc, 'spec', 'jobTemplate', 'spec', 'template', 'spec');
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
    case 'ReplicationController':
    case 'Rollout':
    case 'DeploymentConfig':
      return child(doc, 'spec', 'template', 'spec');
    default:
      return undefined;
  }
}

function probeSummary(
  kind: string,
  p: Node,
): { summary: string; windowSeconds: number; timing: Omit<ProbeTiming, 'port'> } {
  const n = (k: string, d: number) => {
    const v = scalar(child(p, k));
    return typeof v === 'number' ? v : d;
  };
  const period = n('periodSeconds', 10);
  const failures = n('failureThreshold', 3);
  const initial = n('initialDelaySeconds', 0);
  const timeout = n('timeoutSeconds', 1);
  let how = 'probe';
  const http = child(p, 'httpGet');
  if (http) how = `httpGet ${scalar(child(http, 'path')) ?? '/'} port ${scalar(child(http, 'port')) ?? '?'}`;
  else if (child(p, 'tcpSocket')) how = `tcpSocket port ${scalar(child(p, 'tcpSocket', 'port')) ?? '?'}`;
  else if (child(p, 'exec')) how = 'exec';
  else if (child(p, 'grpc')) how = 'grpc';
  const window = period * failures;
  const effect = kind === 'readiness' ? 'removed from the Service' : 'container restarted';
  return {
    timing: {
      initialDelaySeconds: initial,
      periodSeconds: period,
      failureThreshold: failures,
      timeoutSeconds: timeout,
    },
    summary: `${kind}: ${how}, initialDelaySeconds=${initial}, periodSeconds=${period}, timeoutSeconds=${timeout}, failureThreshold=${failures} (${effect} after ≈${window} s of failures)`,
    windowSeconds: window,
  };
}

export function readK8s(f: YamlFile): K8sFacts {
  const containers: K8sContainer[] = [];
  const kinds: string[] = [];
  for (const doc of f.docs) {
    const root = doc.contents;
    const docs =
      String(scalar(child(root, 'kind')) ?? '') === 'List' && isSeq(child(root, 'items'))
        ? (child(root, 'items') as unknown as { items: Node[] }).items
        : [root];
    for (const d of docs) {
      const kind = String(scalar(child(d, 'kind')) ?? '');
      if (kind) kinds.push(kind);
      const spec = podSpecOf(kind, d);
      if (!isMap(spec)) continue;
      const workload = `${kind}/${scalar(child(d, 'metadata', 'name')) ?? '?'}`;
      const tgp = child(spec, 'terminationGracePeriodSeconds');
      const rp = child(spec, 'restartPolicy');
      const cs = child(spec, 'containers');
      if (!isSeq(cs)) continue;
      for (const c of cs.items) {
        if (!isMap(c)) continue;
        const ct: K8sContainer = {
          workload,
          kind,
          name: String(scalar(child(c, 'name')) ?? ''),
          env: envMap(f, undefined),
          probes: [],
          podSpecSource: sourceOf(f, spec as Node),
        };
        const env = child(c, 'env');
        if (isSeq(env)) {
          for (const e of env.items) {
            const n = scalar(child(e, 'name'));
            const v = scalar(child(e, 'value'));
            if (typeof n === 'string' && v !== undefined && v !== null)
              ct.env.set(n, { value: String(v), source: sourceOf(f, child(e, 'value')) });
          }
        }
        const cmd = child(c, 'command');
        if (cmd) {
          ct.command = commandTokens(f, cmd, (s) => [s]);
          ct.commandSource = sourceOf(f, keyNode(c, 'command'));
        }
        const args = child(c, 'args');
        if (args) {
          ct.args = commandTokens(f, args, (s) => [s]);
          ct.argsSource = sourceOf(f, keyNode(c, 'args'));
        }
        const mem = child(c, 'resources', 'limits', 'memory');
        const mv = scalar(mem);
        if (mv !== undefined && mv !== null) {
          const mb = k8sMemoryMb(typeof mv === 'number' ? mv : String(mv));
          if (mb !== undefined) {
            ct.memoryLimitMb = { value: mb, source: sourceOf(f, mem) };
            ct.memoryLimitRaw = String(mv);
          }
        }
        for (const pk of ['startup', 'liveness', 'readiness'] as const) {
          const p = child(c, `${pk}Probe`);
          if (!isMap(p)) continue;
          const { summary, windowSeconds, timing } = probeSummary(pk, p);
          const portNode = child(p, 'httpGet', 'port') ?? child(p, 'tcpSocket', 'port') ?? child(p, 'grpc', 'port');
          const pv = scalar(portNode);
          const port =
            typeof pv === 'number' || typeof pv === 'string' ? { value: pv, source: sourceOf(f, portNode) } : undefined;
          ct.probes.push({
            kind: pk,
            summary,
            source: sourceOf(f, keyNode(c, `${pk}Probe`)),
            windowSeconds,
            ...timing,
            ...(port ? { port } : {}),
          });
        }
        const tv = scalar(tgp);
        if (typeof tv === 'number') ct.terminationGrace = { value: tv, source: sourceOf(f, tgp) };
        const rv = scalar(rp);
        if (typeof rv === 'string') ct.restartPolicy = { value: rv, source: sourceOf(f, rp) };
        containers.push(ct);
      }
    }
  }
  return { path: f.path, containers, kinds };
}

export function pickK8sContainer(k: K8sFacts): K8sContainer | undefined {
  const tokens = (c: K8sContainer) => [...(c.command ?? []), ...(c.args ?? [])].map((t) => t.value);
  return (
    k.containers.find((c) => findGunicorn(tokens(c)) !== undefined) ??
    k.containers.find((c) => tokens(c).some((t) => /gunicorn/.test(t))) ??
    k.containers.find((c) => /web|app|api|gunicorn|django|flask/.test(c.name)) ??
    k.containers[0]
  );
}
