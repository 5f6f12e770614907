/**
 * Boot failure: whether start-up failed and why — boot-failure, and its class: config-error, app-not-found,
 * import-error, missing-env, dependency-refused (bind-failure comes from the bind detector), argv-in-app.
 *
 * Sequences:
 *  - where a traceback was raised decides what it means: under "Exception in worker process" shortly after the
 *    worker booted (before it served) it is a start-up failure, long after the boot or after serving a runtime one;
 *    under "Error handling request" a request's error; under a config error the config's; under "Unhandled exception
 *    in main loop" the master's. The context lasts while the traceback follows its line (TRACEBACK_CONTEXT_LINES);
 *  - the exception line is classified by its kind and the frames above it (import_app raising ModuleNotFoundError is
 *    the APP_MODULE missing; os.environ's __getitem__ raising KeyError is a missing variable; a chained import error
 *    re-raised as ImproperlyConfigured is a missing package; "connection refused" in any exception is a dependency);
 *    the same text again keeps the class its fullest traceback gave;
 *  - an exception whose context is not known is kept pending until Gunicorn confirms a failed start-up ("Worker
 *    failed to boot", exit 3/4 — from this detector, the exits and platform-restarts detectors through
 *    flushPendingBoot) or "Worker exiting" of that pid follows before it served;
 *  - a usage error (argparse) followed by "Worker exiting" was printed by the app inside a worker (it parses
 *    sys.argv at import): argv-in-app, an import-time failure, not Gunicorn's config-error.
 * At the end the class found is added (decisive), or a pending one when the start-up failed or nothing was served.
 * The state other detectors confirm lives on the Timeline: bootFailed, pendingBoot, bootClass.
 */
import type { Hit } from '../events.js';
import type { BootClass, Detector, Timeline } from '../timeline.js';
import {
  APP_FRAME_LINES,
  CHAINED_IMPORT_LINES,
  LONG_AFTER_BOOT_MS,
  MAX_CLASSES_BY_TEXT,
  NEAR_LINES,
  QUOTED_TEXT_CHARS,
  RAISING_FRAME_LINES,
  TRACEBACK_CONTEXT_LINES,
  USAGE_TEXT_CHARS,
} from '../thresholds.js';

type Classified = { cls: BootClass; reason: string; strength?: 'supporting' };

const ENV_NAME = /^[A-Z][A-Z0-9_]{2,}$/;
const CONNECTION_TROUBLE =
  /Connection refused|ECONNREFUSED|\[Errno (?:111|61)\]|Name or service not known|nodename nor servname provided|Temporary failure in name resolution|getaddrinfo failed/;

export function setBootClass(tl: Timeline, cls: BootClass, h: Hit, reason: string, strength?: 'supporting'): void {
  // a specific classification is not overwritten by a generic one
  if (strength && tl.bootClass && !tl.bootClass.strength) return;
  tl.bootClass = { cls, hit: h, reason, strength };
}

/** the start-up failed (exit 3/4, "Worker failed to boot"): the pending exception is its class */
export function flushPendingBoot(tl: Timeline): void {
  if (tl.pendingBoot && !tl.bootClass)
    setBootClass(tl, tl.pendingBoot.cls, tl.pendingBoot.hit, tl.pendingBoot.reason, tl.pendingBoot.strength);
  tl.pendingBoot = undefined;
}

/** a line that shows a failed start-up by itself (a config error, a bind failure, a supervisor giving up …) */
export function bootEvidence(
  tl: Timeline,
  cls: BootClass | undefined,
  h: Hit,
  reason: string,
  strength?: 'supporting',
): void {
  if (!h.event.startsWith('exc-')) tl.gunicornLines++;
  if (cls) setBootClass(tl, cls, h, reason, strength);
  tl.add('boot-failure', h, reason);
  tl.add('problem-signs', h, reason);
}

export class BootFailureDetector implements Detector {
  readonly name = 'boot-failure';
  readonly events = [
    'shutdown-reason',
    'master-crash',
    'worker-exception',
    'request-error',
    'traceback-frame',
    'traceback-start',
    'config-error',
    'app-not-found',
    'exc-import',
    'exc-missing-env',
    'exc-dependency',
    'exc-other',
    'lifespan-failed',
    'worker-exit',
    'master-start',
    'worker-boot',
  ] as const;
  private tracebackContext: 'boot' | 'worker' | 'request' | 'master' | 'config' | 'none' = 'none';
  private tracebackContextLine = 0;
  /** the last traceback frame seen: where the next exception line was raised */
  private lastFrame?: Hit;
  /** the last frame outside Python's frozen import machinery */
  private lastAppFrame?: Hit;
  /** the last import error, for chained tracebacks ("During handling of the above exception…") */
  private chainImport?: Hit;
  /** the current traceback passes through Gunicorn's own code (a --preload import, the arbiter) */
  private gunicornFrame = false;
  private classByText = new Map<string, Classified>();
  /** the last command-line usage error (argparse), to tell Gunicorn's own from one printed by a worker */
  private lastArgparse?: Hit;

  on(h: Hit, tl: Timeline): void {
    switch (h.event) {
      case 'master-start':
        // (worker-lifecycle counts the start) a new master: no traceback context carries over
        this.tracebackContext = 'none';
        return;
      case 'worker-boot': {
        const pid = Number(h.captures.pid ?? h.pid);
        if (!Number.isFinite(pid)) return;
        this.chainImport = undefined;
        if (this.tracebackContext === 'boot') this.tracebackContext = 'none';
        return;
      }
      case 'shutdown-reason':
        this.onShutdownReason(h, tl);
        return;
      case 'master-crash':
        tl.gunicornLines++;
        this.tracebackContext = 'master';
        this.tracebackContextLine = h.line;
        tl.add('problem-signs', h, 'the Gunicorn master crashed', 'decisive');
        return;
      case 'worker-exception': {
        tl.gunicornLines++;
        const w = h.pid !== undefined ? tl.worker(h.pid) : undefined;
        // "Exception in worker process" after the worker served requests is a runtime crash (exit 255), not a boot
        // failure
        // a boot failure raises right after the fork; long after it (or after requests) it is a runtime exception
        const longAfterBoot =
          !!w && w.bootTime !== undefined && h.time !== undefined && h.time - w.bootTime > LONG_AFTER_BOOT_MS;
        const afterServing = longAfterBoot || (w ? tl.requests > w.requestsAtBoot : tl.requests > 0);
        // requests may come from the other workers: after serving, the exception is only decided by what follows
        // (Worker failed to boot / exit 3 → boot; exit 255 and the master carrying on → runtime)
        this.tracebackContext = afterServing ? 'worker' : 'boot';
        this.tracebackContextLine = h.line;
        tl.add(
          'problem-signs',
          h,
          afterServing ? 'a worker raised and exited after serving requests' : 'a worker raised during start-up',
          'decisive',
        );
        return;
      }
      case 'request-error':
        // (the requests detector counts it) a traceback under it is the request's
        this.tracebackContext = 'request';
        this.tracebackContextLine = h.line;
        return;
      case 'traceback-frame':
        this.lastFrame = h;
        if (/[\\/]gunicorn[\\/]/.test(h.captures.file ?? '')) this.gunicornFrame = true;
        if (!/^<frozen |[\\/]importlib[\\/]/.test(h.captures.file ?? '')) this.lastAppFrame = h;
        return;
      case 'traceback-start':
        this.lastFrame = undefined;
        this.gunicornFrame = false;
        if (
          this.tracebackContext !== 'none' &&
          this.tracebackContext !== 'config' &&
          h.line - this.tracebackContextLine > TRACEBACK_CONTEXT_LINES
        )
          this.tracebackContext = 'none';
        return;
      case 'config-error':
        if (/argparse|usage/.test(h.sig) || /^usage: |: error: /.test(h.text.slice(0, USAGE_TEXT_CHARS)))
          this.lastArgparse = h;
        bootEvidence(tl, 'config-error', h, 'Gunicorn rejected its configuration before any worker started');
        // a traceback printed with the config error (bad config file, worker class that cannot be imported) explains it
        this.tracebackContext = 'config';
        this.tracebackContextLine = h.line;
        return;
      case 'app-not-found':
        bootEvidence(tl, 'app-not-found', h, 'the module imported but the WSGI application object was not found');
        return;
      case 'exc-import':
      case 'exc-missing-env':
      case 'exc-dependency':
      case 'exc-other':
        this.onException(h, tl);
        return;
      case 'lifespan-failed':
        bootEvidence(tl, undefined, h, 'the ASGI application failed its start-up (lifespan) and the worker exited');
        return;
      case 'worker-exit': {
        // (worker-lifecycle marks the worker gone)
        const pid = Number(h.captures.pid ?? h.pid);
        this.onWorkerExiting(h, pid, tl);
        return;
      }
      default:
        return;
    }
  }

  finish(tl: Timeline): void {
    if (tl.bootClass)
      tl.add(tl.bootClass.cls, tl.bootClass.hit, tl.bootClass.reason, tl.bootClass.strength ?? 'decisive');
    else if (
      tl.pendingBoot &&
      (tl.bootFailed || (tl.requests === 0 && tl.gunicornLines > 1 && !tl.has('worker-crash')))
    ) {
      tl.add(tl.pendingBoot.cls, tl.pendingBoot.hit, tl.pendingBoot.reason, tl.bootFailed ? 'decisive' : 'supporting');
      tl.add('boot-failure', tl.pendingBoot.hit, tl.pendingBoot.reason, 'supporting');
    }
  }

  private onShutdownReason(h: Hit, tl: Timeline): void {
    tl.gunicornLines++;
    const r = h.captures.reason ?? h.text;
    if (/failed to boot|failed to load/i.test(r)) {
      tl.bootFailed = true;
      tl.add(
        'boot-failure',
        h,
        /load/i.test(r)
          ? 'Gunicorn could not load the application and stopped'
          : 'a worker failed to boot, so Gunicorn stopped',
      );
      tl.add('problem-signs', h, 'Gunicorn stopped');
      if (/failed to load/i.test(r) && !tl.bootClass)
        setBootClass(tl, 'app-not-found', h, 'Gunicorn reports the application could not be loaded');
      flushPendingBoot(tl);
    }
  }

  /**
   * "Worker exiting" right after an error of that worker: the worker gave up. A command-line usage error followed by
   * a worker's exit was printed by the worker — the app parses sys.argv while it is imported (argparse sees
   * Gunicorn's own arguments); Gunicorn's own usage errors come before any worker exists.
   */
  private onWorkerExiting(h: Hit, pid: number, tl: Timeline): void {
    const w = tl.worker(pid);
    const a = this.lastArgparse;
    if (a && a.source === h.source && h.line - a.line >= 0 && h.line - a.line <= NEAR_LINES && !tl.shuttingDown) {
      this.lastArgparse = undefined;
      tl.add(
        'argv-in-app',
        a,
        "a worker printed a command-line usage error and exited: the application parses sys.argv when it is imported (its argparse sees Gunicorn's arguments) — the app, not Gunicorn's command line",
      );
      tl.bootClass = {
        cls: 'import-error',
        hit: a,
        reason:
          "the application parses the command line at import and exits: argparse rejects Gunicorn's own arguments inside the worker",
      };
      const cf = tl.facts.get('config-error');
      if (cf) tl.facts.delete('config-error');
      return;
    }
    const pb = tl.pendingBoot;
    const unserved = w ? tl.requests === w.requestsAtBoot : tl.requests === 0;
    if (
      pb &&
      pb.hit.source === h.source &&
      pb.hit.pid === pid &&
      h.line - pb.hit.line >= 0 &&
      h.line - pb.hit.line <= NEAR_LINES &&
      unserved &&
      !tl.shuttingDown
    ) {
      tl.bootFailed = true;
      tl.add('boot-failure', h, 'the worker raised during start-up and exited before serving');
      flushPendingBoot(tl);
    }
  }

  private classify(h: Hit): Classified | undefined {
    const frame = this.lastFrame && h.line - this.lastFrame.line <= RAISING_FRAME_LINES ? this.lastFrame : undefined;
    const fromImportApp =
      frame && /gunicorn[\\/]util\.py$/.test(frame.captures.file ?? '') && frame.captures.func === 'import_app';
    // frozen importlib frames sit between import_app and the error: look at the last non-frozen frame
    const appFrame =
      this.lastAppFrame && h.line - this.lastAppFrame.line <= APP_FRAME_LINES ? this.lastAppFrame : undefined;
    const appModuleMissing =
      h.event === 'exc-import' &&
      (fromImportApp ||
        (appFrame &&
          /gunicorn[\\/]util\.py$/.test(appFrame.captures.file ?? '') &&
          appFrame.captures.func === 'import_app'));
    if (appModuleMissing && /ModuleNotFound|No module named/.test(h.text)) {
      return {
        cls: 'app-not-found',
        reason: `the module named in APP_MODULE${h.captures.module ? ` ('${h.captures.module}')` : ''} does not exist: Gunicorn's import_app could not import it`,
      };
    }
    if (h.event === 'exc-import')
      return { cls: 'import-error', reason: `start-up failed with ${h.captures.exc ?? 'an import error'}` };
    if (h.event === 'exc-dependency')
      return {
        cls: 'dependency-refused',
        reason: 'start-up failed because a service (database, cache) refused or could not be reached',
      };
    if (
      h.event === 'exc-missing-env' &&
      /No module named|Module not found|[Uu]nable to import|cannot import|[Ee]rror loading \w+ module/.test(h.text)
    ) {
      return {
        cls: 'import-error',
        reason: `start-up failed because something the settings name cannot be imported (${h.text.slice(0, QUOTED_TEXT_CHARS)})`,
      };
    }
    if (h.event === 'exc-missing-env') {
      const name = h.captures.name?.replace(/^['"]|['"]$/g, '');
      // "ImproperlyConfigured: Error loading psycopg2 module" after a chained ModuleNotFoundError is a missing package
      const chained =
        this.chainImport && h.line - this.chainImport.line <= CHAINED_IMPORT_LINES ? this.chainImport : undefined;
      if (!name && chained && !/environ|must be set|not set|SECRET_KEY|variable/i.test(h.text)) {
        return {
          cls: 'import-error',
          reason: `start-up failed because a package is missing (${chained.captures.exc ?? 'ModuleNotFoundError'}${chained.captures.module ? ` '${chained.captures.module}'` : ''}, re-raised as a configuration error)`,
        };
      }
      const viaEnviron =
        frame && /^<frozen os>$|[\\/]os\.py$/.test(frame.captures.file ?? '') && frame.captures.func === '__getitem__';
      if (name && !ENV_NAME.test(name) && !viaEnviron && !/Improperly|must be set|not set/i.test(h.text))
        return undefined;
      return {
        cls: 'missing-env',
        reason: `start-up failed because ${name ? `the environment variable ${name}` : 'a required setting'} is missing`,
      };
    }
    return undefined;
  }

  private onException(h: Hit, tl: Timeline): void {
    if (h.event === 'exc-import') this.chainImport = h;
    const ctx = this.tracebackContext;
    if (ctx === 'config') {
      tl.add('problem-signs', h, 'Gunicorn could not load its configuration', 'supporting');
      return;
    }
    if (ctx === 'request') {
      // a runtime error inside a request: the worker survives
      if (h.event === 'exc-other' && /^SystemExit/.test(h.captures.exc ?? '')) return;
      tl.add('problem-signs', h, 'a request raised an exception', 'supporting');
      return;
    }
    // the same exception text again (a crash loop, often pasted shorter) keeps the class its fullest traceback gave
    const key = `${h.sig}:${h.captures.exc ?? ''}:${h.captures.detail ?? h.captures.name ?? h.captures.module ?? ''}`;
    let c = this.classByText.get(key) ?? this.classify(h);
    // any other exception whose message says a connection was refused or a host did not resolve (Elasticsearch,
    // HTTP clients, AMQP, custom wrappers): a dependency that is not reachable
    if (!c && h.event === 'exc-other' && CONNECTION_TROUBLE.test(h.captures.detail ?? '')) {
      c = {
        cls: 'dependency-refused',
        reason: `start-up failed because a service could not be reached (${h.captures.exc ?? 'an exception'}: connection refused or name not resolved)`,
      };
    }
    if (c && this.classByText.size < MAX_CLASSES_BY_TEXT && !this.classByText.has(key)) this.classByText.set(key, c);
    if (!c && h.event === 'exc-other' && !/^(SystemExit|KeyboardInterrupt)/.test(h.captures.exc ?? '')) {
      // any other exception while the worker imports the app is an import-time failure of the app
      if (ctx === 'worker')
        c = {
          cls: 'import-error',
          strength: 'supporting',
          reason: `the application raised ${h.captures.exc ?? 'an exception'} in a worker`,
        };
      else if (ctx === 'boot')
        c = {
          cls: 'import-error',
          reason: `the application raised ${h.captures.exc ?? 'an exception'} while it was being imported`,
        };
      else if (ctx === 'none' && !tl.masterRunning && tl.masterStarts === 0 && this.gunicornFrame)
        c = {
          cls: 'import-error',
          strength: 'supporting',
          reason: `the application raised ${h.captures.exc ?? 'an exception'} before Gunicorn started (with --preload the app is imported first)`,
        };
    }
    if (!c) {
      if (ctx === 'boot' || ctx === 'worker') tl.add('problem-signs', h, 'a worker raised an exception');
      else if (!/^(SystemExit|KeyboardInterrupt)/.test(h.captures.exc ?? ''))
        tl.add('problem-signs', h, 'an exception in the log', 'supporting');
      return;
    }
    // with no Gunicorn line around, a traceback is Gunicorn's only if it runs through Gunicorn's code (--preload)
    const gunicornsOwn =
      ctx === 'boot' || tl.bootFailed || tl.masterStarts > 0 || this.gunicornFrame || tl.gunicornLines > 1;
    if (!gunicornsOwn) {
      tl.pendingBoot = { cls: c.cls, hit: h, reason: c.reason, strength: 'supporting' };
      tl.add('problem-signs', h, 'an exception', 'supporting');
    } else if (ctx !== 'worker' && (ctx === 'boot' || tl.bootFailed || !tl.masterRunning)) {
      bootEvidence(tl, c.cls, h, c.reason, c.strength);
    } else {
      // unknown context after the master started: keep it until a boot failure confirms it
      tl.pendingBoot = { cls: c.cls, hit: h, reason: c.reason, strength: c.strength };
      tl.add('problem-signs', h, 'an exception', 'supporting');
    }
  }
}
