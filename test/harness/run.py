#!/usr/bin/python3
"""Run one real Gunicorn scenario and capture its log (stdlib only; run with /usr/bin/python3).

    /usr/bin/python3 test/harness/run.py --version 20.1.0 --scenario slow-request --out /tmp/x
    /usr/bin/python3 test/harness/run.py --list

Writes OUT/input.log (the combined stdout+stderr of gunicorn, byte for byte) and prints a JSON
summary (exit status, duration, command) on stdout. Everything binds to 127.0.0.1 only, every
run has a hard deadline, and the whole process group is SIGKILLed at the end whatever happened.

Versions: "20.1.0" on a Debian machine with python3-gunicorn uses the system package; any other
tag is taken from a git mirror of benoitc/gunicorn (`git archive <tag> gunicorn`) into a cache dir
and put first on PYTHONPATH.  Env: GUNICORN_MIRROR (git dir), GUNICORN_CACHE (default /tmp/gu),
HARNESS_WORKDIR (default /tmp/gunicorn-doctor-harness).
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
APPS = os.path.join(HERE, "apps")
PYTHON = "/usr/bin/python3"
MIRROR = os.environ.get("GUNICORN_MIRROR", "/work/.mirror/benoitc+gunicorn/repo")
CACHE = os.environ.get("GUNICORN_CACHE", "/tmp/gu")
WORKROOT = os.environ.get("HARNESS_WORKDIR", "/tmp/gunicorn-doctor-harness")

# A copy of the console-script wrapper pip/Debian install as /usr/bin/gunicorn, so that argparse
# says "gunicorn" (as real deployments do) and not "__main__.py" as `python -m gunicorn` would.
LAUNCHER = """#!/usr/bin/python3
import re
import sys
from gunicorn.app.wsgiapp import run
if __name__ == '__main__':
    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
    sys.exit(run())
"""


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def debian_version():
    """Version of the gunicorn that /usr/bin/python3 imports from Debian's dist-packages, or ''."""
    try:
        out = subprocess.run([PYTHON, "-c", "import gunicorn; print(gunicorn.__version__ "
                              "if gunicorn.__file__.startswith('/usr/lib/python3/') else '')"],
                             capture_output=True, text=True, timeout=20, cwd="/")
        return out.stdout.strip()
    except Exception:
        return ""


def gunicorn_env(version):
    """Return (PYTHONPATH or None, description) for a version, extracting it if needed."""
    if version == debian_version():
        return None, "gunicorn %s (Debian python3-gunicorn)" % version
    dest = os.path.join(CACHE, version)
    if not os.path.exists(os.path.join(dest, "gunicorn", "__init__.py")):
        os.makedirs(dest, exist_ok=True)
        arch = subprocess.run(["git", "-C", MIRROR, "archive", version, "gunicorn"],
                              capture_output=True, timeout=60)
        if arch.returncode != 0:
            raise SystemExit("cannot extract gunicorn %s from %s: %s" % (version, MIRROR, arch.stderr.decode()))
        subprocess.run(["tar", "-x", "-C", dest], input=arch.stdout, check=True, timeout=60)
    return dest, "gunicorn %s (git tag %s of benoitc/gunicorn, pure Python on %s)" % (
        version, version, "Python " + sys.version.split()[0])


class Run:
    """One gunicorn process group plus helpers to watch its log and drive traffic."""

    def __init__(self, scenario, version, out, deadline):
        self.scenario = scenario
        self.version = version
        self.out = out
        self.deadline = time.monotonic() + deadline
        self.work = os.path.join(WORKROOT, version, scenario)
        shutil.rmtree(self.work, ignore_errors=True)
        shutil.copytree(APPS, os.path.join(self.work, "app"))
        os.makedirs(os.path.join(self.work, "bin"))
        os.makedirs(os.path.join(self.work, "run"), mode=0o700)
        self.launcher = os.path.join(self.work, "bin", "gunicorn")
        with open(self.launcher, "w") as f:
            f.write(LAUNCHER)
        os.chmod(self.launcher, 0o755)
        self.appdir = os.path.join(self.work, "app")
        self.port = free_port()
        self.logpath = os.path.join(out, "input.log")
        self.proc = None
        self.threads = []
        self.started = None

    # -- process -----------------------------------------------------------------
    def start(self, args, env_extra=None, env_drop=(), wrap=(), wrap_note=""):
        """Start gunicorn with `args`. `wrap` is a command prefix that execs gunicorn (same pid), e.g. unshare -n;
        `wrap_note` says in the case's source what that prefix does."""
        pythonpath, self.description = gunicorn_env(self.version)
        self.args = list(args)
        self.wrap_note = wrap_note
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("PYTHON", "PYENV", "VIRTUAL_ENV", "GUNICORN_", "WEB_CONCURRENCY"))
               and k not in ("PORT",) and k not in env_drop}
        env["PYTHONUNBUFFERED"] = "1"
        # 25.1+ opens a control socket in $XDG_RUNTIME_DIR (else ~/.gunicorn); keep runs independent.
        env["XDG_RUNTIME_DIR"] = os.path.join(self.work, "run")
        if pythonpath:
            env["PYTHONPATH"] = pythonpath
        env.update(env_extra or {})
        for k in env_drop:
            env.pop(k, None)
        self.cmd = list(wrap) + [PYTHON, self.launcher] + args
        self.logfile = open(self.logpath, "wb")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(self.cmd, cwd=self.appdir, env=env, stdin=subprocess.DEVNULL,
                                     stdout=self.logfile, stderr=subprocess.STDOUT, start_new_session=True)

    def remaining(self):
        return max(0.0, self.deadline - time.monotonic())

    def log(self):
        with open(self.logpath, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def wait_for(self, pattern, timeout, count=1, after=0):
        """Wait until `pattern` occurs `count` times in the log (from char offset `after`)."""
        end = time.monotonic() + min(timeout, self.remaining())
        rx = re.compile(pattern, re.M)
        while time.monotonic() < end:
            if len(rx.findall(self.log()[after:])) >= count:
                return True
            if self.proc.poll() is not None:
                return len(rx.findall(self.log()[after:])) >= count
            time.sleep(0.05)
        return False

    def wait_booted(self, n=1, timeout=8):
        return self.wait_for(r"Booting worker with pid", timeout, count=n)

    def wait_exit(self, timeout):
        try:
            return self.proc.wait(timeout=min(timeout, self.remaining()))
        except subprocess.TimeoutExpired:
            return None

    def signal_master(self, sig):
        if self.proc.poll() is None:
            os.kill(self.proc.pid, sig)

    def stop(self, timeout=6):
        """Graceful stop (SIGTERM to the master, like docker stop / systemd / Heroku)."""
        self.signal_master(signal.SIGTERM)
        return self.wait_exit(timeout)

    def finish(self):
        rc = self.proc.poll()
        if rc is None:
            rc = self.wait_exit(0.1)
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # always: master, workers, anything left
        except ProcessLookupError:
            pass
        for t in self.threads:
            t.join(timeout=1)
        self.logfile.close()
        return rc

    # -- traffic -----------------------------------------------------------------
    def get(self, path="/", timeout=5):
        url = "http://127.0.0.1:%d%s" % (self.port, path)
        try:
            with urllib.request.urlopen(url, timeout=timeout) as r:
                r.read()
                return r.status
        except urllib.error.HTTPError as e:
            return e.code
        except Exception as e:  # connection reset/refused, timeout: the log tells the story
            return type(e).__name__

    def get_async(self, path, timeout=15):
        t = threading.Thread(target=self.get, args=(path, timeout), daemon=True)
        t.start()
        self.threads.append(t)
        return t


# ---------------------------------------------------------------------------------
# Scenarios. Each gets a Run and returns nothing; run.finish() collects the result.
# ---------------------------------------------------------------------------------
def base(r, app, *extra, access=False):
    args = ["--bind", "127.0.0.1:%d" % r.port]
    if access:
        args += ["--access-logfile", "-"]
    return args + list(extra) + [app]


def sc_clean_stop(r):
    r.start(base(r, "ok:app", "--workers", "2", access=True))
    r.wait_booted(2)
    for _ in range(3):
        r.get("/")
    time.sleep(0.3)
    r.stop()


def boot_failure(app, *extra, env_extra=None, env_drop=(), wait=12):
    def sc(r):
        env = dict(env_extra or {})
        if "DB_PORT" in env:
            env["DB_PORT"] = str(free_port())  # nothing listens there: connection refused
        r.start(base(r, app, *extra), env_extra=env, env_drop=env_drop)
        r.wait_exit(wait)
    return sc


def cli_failure(*extra):
    def sc(r):
        r.start(["--bind", "127.0.0.1:%d" % r.port] + list(extra) + ["ok:app"])
        r.wait_exit(8)
    return sc


def sc_slow_import(r):
    r.start(base(r, "slowimport:app", "--timeout", "2", access=True), env_extra={"IMPORT_SECONDS": "6"})
    r.wait_booted(1)
    time.sleep(8.5)
    r.get("/", timeout=2)
    time.sleep(0.5)
    r.stop()


def sc_slow_request(r):
    r.start(base(r, "ok:app", "--timeout", "2", access=True), env_extra={"SLEEP_SECONDS": "10"})
    r.wait_booted(1)
    r.get("/")
    r.get_async("/sleep", timeout=15)
    r.wait_for(r"WORKER TIMEOUT", 8)
    r.wait_booted(2, timeout=5)
    time.sleep(0.5)
    r.get("/")
    time.sleep(0.3)
    r.stop()


def sc_slow_request_stuck(r):
    # The handler blocks SIGABRT first, like a worker stuck in a C call: the master escalates to SIGKILL.
    r.start(base(r, "ok:app", "--timeout", "2", access=True), env_extra={"SLEEP_SECONDS": "10"})
    r.wait_booted(1)
    r.get("/")
    r.get_async("/sleep-blocked", timeout=15)
    r.wait_for(r"WORKER TIMEOUT", 8)
    r.wait_booted(2, timeout=5)
    time.sleep(0.5)
    r.get("/")
    time.sleep(0.3)
    r.stop()


def request_kills_worker(path, access, workers="1"):
    def sc(r):
        r.start(base(r, "ok:app", "--workers", workers, access=access))
        r.wait_booted(int(workers))
        r.get("/")
        r.get(path, timeout=5)
        r.wait_booted(int(workers) + 1, timeout=5)
        time.sleep(0.5)
        r.get("/")
        time.sleep(0.3)
        r.stop()
    return sc


def sc_max_requests(r):
    r.start(base(r, "ok:app", "--max-requests", "2", access=True))
    r.wait_booted(1)
    for _ in range(5):
        r.get("/")
        time.sleep(0.2)
    time.sleep(0.5)
    r.stop()


def sc_reload(r):
    r.start(base(r, "reloadme:app", "--reload"))
    r.wait_booted(1)
    time.sleep(2.5)  # let the reloader take its first snapshot
    with open(os.path.join(r.appdir, "reloadme.py"), "a") as f:
        f.write("# edited by the harness\n")
    r.wait_for(r"Worker reloading", 6)
    r.wait_booted(2, timeout=5)
    time.sleep(1)
    r.get("/")
    time.sleep(0.3)
    r.stop()


def sc_graceful_kill(r):
    r.start(base(r, "ok:app", "--timeout", "30", "--graceful-timeout", "1", access=True),
            env_extra={"SLEEP_SECONDS": "10"})
    r.wait_booted(1)
    r.get("/")
    r.get_async("/sleep", timeout=15)
    time.sleep(0.7)
    r.stop(timeout=8)


def sc_port_in_use(r):
    holder = socket.socket()
    holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    holder.bind(("127.0.0.1", r.port))
    holder.listen(1)
    try:
        r.start(base(r, "ok:app"))
        r.wait_exit(12)
    finally:
        holder.close()


def sc_gthread_slow(r):
    r.start(base(r, "ok:app", "-k", "gthread", "--threads", "2", "--timeout", "2", access=True),
            env_extra={"SLEEP_SECONDS": "6"})
    r.wait_booted(1)
    r.get("/")
    r.get("/sleep", timeout=12)
    r.get("/")
    time.sleep(0.3)
    r.stop()


def sc_sighup(r):
    r.start(base(r, "ok:app", "--workers", "2", access=True))
    r.wait_booted(2)
    r.get("/")
    r.signal_master(signal.SIGHUP)
    r.wait_for(r"Hang up: Master", 5)
    r.wait_booted(4, timeout=6)
    time.sleep(1)
    r.get("/")
    time.sleep(0.3)
    r.stop()


def sc_slow_boot(r):
    # No traffic: 2 workers whose import (8 s) outlasts --timeout 3. Up to 21.2 the master kills them while they
    # import (a boot loop); from 22.0 the boot is not timed. SIGTERM after 12 s; a worker still importing only
    # exits when its import returns (<= 8 s), hence the longer stop wait.
    r.start(base(r, "slowimport:app", "--workers", "2", "--timeout", "3"), env_extra={"IMPORT_SECONDS": "8"})
    r.wait_booted(2)
    time.sleep(12)
    r.stop(timeout=10)


def sc_slow_boot_asgi(r):
    # uvicorn worker; the lifespan start-up blocks the event loop 8 s with --timeout 3; one request at ~11 s.
    r.start(base(r, "slowasgi:app", "-k", "uvicorn.workers.UvicornWorker", "--timeout", "3", access=True),
            env_extra={"STARTUP_SECONDS": "8"})
    r.wait_booted(1)
    time.sleep(11)
    r.get("/", timeout=2)
    time.sleep(0.5)
    r.stop(timeout=10)


# A network namespace (needs root / CAP_SYS_ADMIN) with loopback up and IPv6 disabled, like a container on a
# host or runtime without IPv6: [::1] does not exist there, so bind() fails with EADDRNOTAVAIL (errno 99).
NO_IPV6_NETNS = ["unshare", "--net", "sh", "-c",
                 "ip link set lo up 2>/dev/null; "
                 "for f in all default lo; do echo 1 > /proc/sys/net/ipv6/conf/$f/disable_ipv6; done 2>/dev/null; "
                 'exec "$@"', "sh"]


def sc_bind_retry_family(r):
    r.start(["--bind", "[::1]:%d" % r.port, "ok:app"], wrap=NO_IPV6_NETNS,
            wrap_note="in a network namespace with lo up and IPv6 disabled (unshare --net; "
                      "net.ipv6.conf.*.disable_ipv6=1): ")
    r.wait_exit(12)


def sc_bind_retry_denied(r):
    # Unprivileged user (setpriv to 65534) binding port 80 inside a fresh network namespace (so nothing on the
    # host is touched; ip_unprivileged_port_start is 1024 there): bind() fails with EACCES (errno 13), the retry
    # family with neither 'Connection in use' nor 'Invalid address'.
    r.start(["--bind", "127.0.0.1:80", "ok:app"],
            wrap=NO_IPV6_NETNS + ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"],
            wrap_note="as an unprivileged user (setpriv --reuid=65534) in a network namespace (unshare --net): ")
    r.wait_exit(12)


def sc_winch(r):
    r.start(base(r, "ok:app", "--workers", "2", access=True))
    r.wait_booted(2)
    r.get("/")
    for _ in range(3):
        r.signal_master(signal.SIGWINCH)
        time.sleep(0.5)
    r.wait_for(r"Handling signal: winch", 3, count=3)
    r.get("/")
    time.sleep(0.3)
    r.stop()


def sc_argv_in_app(r):
    # The worker exits with status 2 (argparse), not 3 (boot error), so the master keeps respawning it.
    r.start(base(r, "argvapp:app"))
    r.wait_for(r"Worker exiting", 8, count=3)
    time.sleep(0.2)
    r.stop()


def sc_sigkill_external(r):
    # kill -9 of an idle worker from outside (OOM killer / operator), no request in flight.
    r.start(base(r, "ok:app", "--workers", "2", access=True))
    r.wait_booted(2)
    r.get("/")
    time.sleep(0.3)
    m = re.search(r"Booting worker with pid: (\d+)", r.log())
    pid = int(m.group(1)) if m else None
    if pid and os.getpgid(pid) == r.proc.pid:  # only ever a process of this run's group
        os.kill(pid, signal.SIGKILL)
    r.wait_booted(3, timeout=5)
    time.sleep(0.5)
    r.get("/")
    time.sleep(0.3)
    r.stop()


SCENARIOS = {
    "clean-stop": (sc_clean_stop, "2 workers, 3 requests, SIGTERM to the master: orderly shutdown, exit 0"),
    "import-error": (boot_failure("importerror:app"), "app module imports a package that is not installed"),
    "wrong-app-name": (boot_failure("ok:nosuch"), "APP_MODULE names an attribute that does not exist (ok:nosuch)"),
    "not-callable": (boot_failure("notcallable:app"), "APP_MODULE names a dict, not a WSGI callable"),
    "missing-env": (boot_failure("missingenv:app", env_drop=("DATABASE_URL",)),
                    "os.environ['DATABASE_URL'] at import, variable unset"),
    "db-refused": (boot_failure("dbrefused:app", env_extra={"DB_PORT": "?"}),
                   "socket.create_connection to a closed loopback port at import (ConnectionRefusedError)"),
    "pg-refused": (boot_failure("pgrefused:app", env_extra={"DB_PORT": "?"}),
                   "real psycopg2.connect to a closed loopback port at import (needs python3-psycopg2)"),
    "wrong-module": (boot_failure("myproject.wsgi:application"),
                     "APP_MODULE names a module that does not exist (myproject.wsgi, wrong --chdir/package)"),
    "preload-import-error": (boot_failure("importerror:app", "--preload"),
                             "--preload with an app that imports a missing package (fails in the master)"),
    "slow-import": (sc_slow_import, "import sleeps 6 s with --timeout 2; one request after 8.5 s, then SIGTERM"),
    "slow-request": (sc_slow_request, "sync worker, --timeout 2, a request sleeping 10 s; then SIGTERM"),
    "slow-request-stuck": (sc_slow_request_stuck,
                           "as slow-request but SIGABRT is blocked in the handler, so the master escalates to SIGKILL"),
    "sigkill": (request_kills_worker("/kill9", access=True), "a request SIGKILLs its own worker (OOM-killer stand-in)"),
    "segfault": (request_kills_worker("/segv", access=False), "a request reads address 0 through ctypes (SIGSEGV)"),
    "exit1": (request_kills_worker("/exit1", access=False), "a request calls os._exit(1)"),
    "max-requests": (sc_max_requests, "--max-requests 2 and 5 requests; then SIGTERM"),
    "reload": (sc_reload, "--reload and the app file is appended to after boot; then SIGTERM"),
    "graceful-kill": (sc_graceful_kill,
                      "SIGTERM while a 10 s request is in flight with --graceful-timeout 1: worker SIGKILLed at shutdown"),
    "bad-option": (cli_failure("--no-such-flag"), "unknown command-line flag"),
    "bad-timeout-value": (cli_failure("--timeout", "abc"), "non-integer --timeout on the command line"),
    "conf-syntax-error": (cli_failure("-c", "badconf/gunicorn.conf.py"), "gunicorn.conf.py with a SyntaxError"),
    "conf-bad-value": (cli_failure("-c", "badvalueconf/gunicorn.conf.py"), "gunicorn.conf.py with timeout = 'abc'"),
    "missing-worker-class": (cli_failure("-k", "uvicorn.workers.UvicornWorker"),
                             "-k uvicorn.workers.UvicornWorker while uvicorn is not installed"),
    "sighup": (sc_sighup, "2 workers, SIGHUP to the master (config reload: workers replaced), then SIGTERM"),
    "port-in-use": (sc_port_in_use, "the port is already bound and listening by another process"),
    "bad-tmpdir": (cli_failure("--worker-tmp-dir", "/nonexistent"), "--worker-tmp-dir points to a missing directory"),
    "gthread-slow-request": (sc_gthread_slow, "-k gthread --threads 2 --timeout 2, a 6 s request completes; then SIGTERM"),
    "slow-boot": (sc_slow_boot, "2 workers, import sleeps 8 s with --timeout 3, no traffic; SIGTERM after 12 s"),
    "slow-boot-asgi": (sc_slow_boot_asgi, "-k uvicorn.workers.UvicornWorker, lifespan start-up blocks the loop 8 s "
                       "with --timeout 3; one request at ~11 s; SIGTERM (needs python3-uvicorn)"),
    "bind-retry-family": (sc_bind_retry_family, "--bind [::1]:PORT in a network namespace without IPv6 "
                          "(EADDRNOTAVAIL, 'Invalid address'); needs root for unshare --net"),
    "bind-retry-denied": (sc_bind_retry_denied, "--bind 127.0.0.1:80 as an unprivileged user in a network namespace "
                          "(EACCES: bare retries); needs root for unshare --net and setpriv"),
    "winch": (sc_winch, "2 workers, 3 x SIGWINCH to the master (ignored when not daemonized), then SIGTERM"),
    "argv-in-app": (sc_argv_in_app, "the app module runs argparse parse_args() at import and sees gunicorn's argv "
                    "(worker exits 2, respawned); SIGTERM after 3 exits"),
    "sigkill-external": (sc_sigkill_external, "2 workers, kill -9 of an idle worker from outside; then SIGTERM"),
}


def run_scenario(version, scenario, out, deadline=40):
    fn, _ = SCENARIOS[scenario]
    os.makedirs(out, exist_ok=True)
    r = Run(scenario, version, out, deadline)
    timer = threading.Timer(deadline, lambda: r.proc and r.proc.poll() is None and os.killpg(r.proc.pid, signal.SIGKILL))
    timer.daemon = True
    timer.start()
    try:
        fn(r)
    finally:
        timer.cancel()
        rc = r.finish() if r.proc else None
    return {
        "version": version, "scenario": scenario, "exitStatus": rc,
        "seconds": round(time.monotonic() - r.started, 1) if r.started else None,
        "command": (r.wrap_note + " ".join(["gunicorn"] + r.args)) if r.proc else None,
        "gunicorn": getattr(r, "description", None), "log": r.logpath,
    }


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version")
    p.add_argument("--scenario")
    p.add_argument("--out")
    p.add_argument("--deadline", type=float, default=40, help="hard limit in seconds (default 40)")
    p.add_argument("--list", action="store_true", help="list scenarios")
    a = p.parse_args()
    if a.list:
        for name, (_, doc) in SCENARIOS.items():
            print("%-22s %s" % (name, doc))
        return 0
    if not (a.version and a.scenario and a.out):
        p.error("--version, --scenario and --out are required")
    if a.scenario not in SCENARIOS:
        p.error("unknown scenario %r (see --list)" % a.scenario)
    print(json.dumps(run_scenario(a.version, a.scenario, a.out, a.deadline)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
