#!/usr/bin/python3
"""Regenerate test/cases/<cause>--<scenario>-gu<ver>/{input.log,expected.json} from real gunicorn runs.

    /usr/bin/python3 test/harness/generate.py                       # all versions x all scenarios
    /usr/bin/python3 test/harness/generate.py --versions 20.1.0 --scenarios sigkill,segfault
    /usr/bin/python3 test/harness/generate.py --jobs 4             # versions in parallel

Each run is checked against what that gunicorn version is known to log for the scenario (CHECKS below);
a run that does not reproduce is retried twice and then reported, and no case is written for it.
The expected answer (cause, variant, exit code, notes) comes from expectation() below: it is a judgement
about what a reader of input.log alone can and should conclude, per version.
"""
import argparse
import concurrent.futures
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run as harness  # noqa: E402

CASES = os.environ.get("HARNESS_CASES") or os.path.normpath(os.path.join(HERE, "..", "cases"))
# 19.9.0 is not listed: it does not import on Python 3.11 (collections.Mapping was removed in 3.10).
VERSIONS = ["20.0.4", "20.1.0", "21.2.0", "22.0.0", "23.0.0", "24.1.1", "25.1.0", "26.1.0"]
MAX_LOG = 40 * 1024


def vt(v):
    return tuple(int(x) for x in v.split("."))


def tag(v):
    return "gu" + v.replace(".", "")


def has_uvicorn():
    return subprocess.run([harness.PYTHON, "-c", "import uvicorn.workers"], capture_output=True, cwd="/").returncode == 0


def can_unshare():
    try:
        return subprocess.run(["unshare", "--net", "setpriv", "--reuid=65534", "true"], capture_output=True,
                              timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def has_psycopg2():
    return subprocess.run([harness.PYTHON, "-c", "import psycopg2"], capture_output=True, cwd="/").returncode == 0


# ----------------------------------------------------------------------------------------------
# What the run must show (regexes that must / must not match) and the master's exit status.
# ----------------------------------------------------------------------------------------------
def checks(s, v):
    v = vt(v)
    must, mustnot, status = [], [], None
    if s == "clean-stop":
        must, mustnot, status = [r"Handling signal: term", r"Shutting down: Master"], [r"ERROR|CRITICAL|WARNING"], 0
    elif s == "import-error":
        must, status = [r"ModuleNotFoundError: No module named 'nonexistent_pkg_xyz'", r"Reason: Worker failed to boot\."], 3
    elif s == "wrong-app-name":
        must, status = [r"^Failed to find attribute 'nosuch' in 'ok'\.$", r"Reason: App failed to load\."], 4
    elif s == "not-callable":
        must, status = [r"^Application object must be callable\.$", r"Reason: App failed to load\."], 4
    elif s == "wrong-module":
        must, status = [r"^ModuleNotFoundError: No module named 'myproject'$", r"Reason: Worker failed to boot\."], 3
    elif s == "preload-import-error":
        must, mustnot, status = [r"^ModuleNotFoundError: No module named 'nonexistent_pkg_xyz'$"], [r"Booting worker"], 1
    elif s == "missing-worker-class":
        must, mustnot, status = [r"class uri 'uvicorn\.workers\.UvicornWorker' invalid or not found"], [r"Booting worker"], 1
    elif s == "sighup":
        must, mustnot, status = [r"Handling signal: hup", r"Hang up: Master"], [r"CRITICAL|Traceback"], 0
    elif s == "missing-env":
        must, status = [r"^KeyError: 'DATABASE_URL'$", r"Reason: Worker failed to boot\."], 3
    elif s == "db-refused":
        must, status = [r"^ConnectionRefusedError: \[Errno 111\] Connection refused$", r"Worker failed to boot"], 3
    elif s == "pg-refused":
        must, status = [r"^psycopg2\.OperationalError: connection to server at \"127\.0\.0\.1\", port \d+ failed: Connection refused$",
                        r"Worker failed to boot"], 3
    elif s == "slow-import":
        status = 0
        if v <= (21, 2, 0):
            must = [r"WORKER TIMEOUT \(pid:\d+\)(?s:.*)WORKER TIMEOUT \(pid:\d+\)"]
        else:
            must, mustnot = [r'"GET / HTTP/1\.1" 200'], [r"WORKER TIMEOUT"]
    elif s == "slow-request":
        must, status = [r"\[CRITICAL\] WORKER TIMEOUT \(pid:\d+\)"], 0
        mustnot = [r"SIGKILL|signal 9"]
    elif s == "slow-request-stuck":
        must, status = [r"\[CRITICAL\] WORKER TIMEOUT \(pid:\d+\)"], 0
        if v >= (21, 0, 0):
            must.append(r"was sent SIGKILL! Perhaps out of memory\?")
        elif v >= (20, 1, 0):
            must.append(r"was terminated due to signal 9")
    elif s == "sigkill":
        status, mustnot = 0, [r"WORKER TIMEOUT"]
        if v >= (21, 0, 0):
            must = [r"\[ERROR\] Worker \(pid:\d+\) was sent SIGKILL! Perhaps out of memory\?"]
        elif v >= (20, 1, 0):
            must = [r"\[WARNING\] Worker with pid \d+ was terminated due to signal 9"]
        else:
            must = [r"Booting worker(?s:.*)Booting worker"]
    elif s == "segfault":
        status, mustnot = 0, [r"WORKER TIMEOUT"]
        if v >= (21, 0, 0):
            must = [r"Worker \(pid:\d+\) was sent (SIGSEGV|code 139)!"]
        elif v >= (20, 1, 0):
            must = [r"Worker with pid \d+ was terminated due to signal 11"]
        else:
            must = [r"Booting worker(?s:.*)Booting worker"]
    elif s == "exit1":
        status, mustnot = 0, [r"WORKER TIMEOUT"]
        if v >= (21, 0, 0):
            must = [r"\[ERROR\] Worker \(pid:\d+\) exited with code 1\.$"]
        else:
            must = [r"Booting worker(?s:.*)Booting worker"]
    elif s == "max-requests":
        must, mustnot, status = [r"Autorestarting worker after current request\."], [r"ERROR|CRITICAL"], 0
    elif s == "reload":
        must, mustnot, status = [r"Worker reloading: \S*reloadme\.py modified"], [r"CRITICAL"], 0
    elif s == "graceful-kill":
        must, mustnot, status = [r"Handling signal: term", r"Shutting down: Master"], [r"WORKER TIMEOUT"], 0
    elif s == "bad-option":
        must, status = [r"gunicorn: error: unrecognized arguments: --no-such-flag"], 2
    elif s == "bad-timeout-value":
        must, status = [r"gunicorn: error: argument -t/--timeout: invalid int value: 'abc'"], 2
    elif s == "conf-syntax-error":
        must, status = [r"^Failed to read config file: ", r"^SyntaxError: "], 1
    elif s == "conf-bad-value":
        must, status = [r"^Invalid value for timeout: abc$", r"^Error: invalid literal for int\(\)"], 1
    elif s == "port-in-use":
        must, mustnot, status = [r"Connection in use: \('127\.0\.0\.1', \d+\)", r"Can't connect to"], [r"Listening at"], 1
    elif s == "bad-tmpdir":
        must, status = [r"RuntimeError: /nonexistent doesn't exist\. Can't create workertmp\."], 255
    elif s == "gthread-slow-request":
        must, mustnot, status = [r"Using worker: gthread", r'"GET /sleep HTTP/1\.1" 200'], [r"WORKER TIMEOUT"], 0
    elif s == "slow-boot":
        status, mustnot = 0, [r"Traceback", r"Listening at(?s:.*)Listening at"]
        if v <= (21, 2, 0):
            # both workers are killed while importing, at least twice each
            must = [r"(?s:WORKER TIMEOUT \(pid:\d+\).*){4}", r"(?s:Booting worker.*){6}", r"Shutting down: Master"]
        else:
            must = [r"(?s:Booting worker.*){2}", r"Handling signal: term", r"Shutting down: Master"]
            mustnot += [r"WORKER TIMEOUT", r"(?s:Booting worker.*){3}", r"ERROR|CRITICAL|WARNING"]
    elif s == "slow-boot-asgi":
        status = 0
        must = [r"Using worker: uvicorn\.workers\.UvicornWorker", r"\[INFO\] Waiting for application startup\."]
        if v <= (21, 2, 0):
            must.append(r"(?s:WORKER TIMEOUT \(pid:\d+\).*){3}")
            if v >= (21, 0, 0):
                must.append(r"\[ERROR\] Worker \(pid:\d+\) was sent SIGABRT!")
            elif v >= (20, 1, 0):
                must.append(r"\[WARNING\] Worker with pid \d+ was terminated due to signal 6")
        else:
            must += [r"Waiting for application startup\.\n.*Application startup complete\.", r'"GET / HTTP/1\.1" 200']
            mustnot = [r"WORKER TIMEOUT", r"(?s:Booting worker.*){2}"]
    elif s == "bind-retry-family":
        status = 1
        must = [r"\[ERROR\] Invalid address: \('::1', \d+\)$", r"\[ERROR\] Can't connect to \('::1', \d+\)$"]
        if v < (23, 0, 0):
            must.append(r"(?s:Invalid address.*Retrying in 1 second\..*){5}")
        else:
            must.append(r"(?s:connection to \('::1', \d+\) failed: \[Errno 99\] Cannot assign requested address.*){5}")
        mustnot = [r"Connection in use", r"Listening at", r"Booting worker"]
    elif s == "bind-retry-denied":
        status = 1
        must = [r"\[ERROR\] Can't connect to \('127\.0\.0\.1', 80\)$"]
        if v < (23, 0, 0):
            must.append(r"(?s:\[ERROR\] Retrying in 1 second\..*){5}")
        else:
            must.append(r"(?s:connection to \('127\.0\.0\.1', 80\) failed: \[Errno 13\] Permission denied.*){5}")
        mustnot = [r"Connection in use", r"Invalid address", r"Listening at", r"Booting worker"]
    elif s == "winch":
        must = [r"(?s:\[INFO\] Handling signal: winch.*){3}", r"Handling signal: term", r"Shutting down: Master",
                r"(?s:\"GET / HTTP/1\.1\" 200.*){2}"]
        mustnot, status = [r"ERROR|CRITICAL|WARNING", r"(?s:Booting worker.*){3}"], 0
    elif s == "argv-in-app":
        must = [r"^usage: gunicorn \[-h\] \[--config CONFIG\]$",
                r"^gunicorn: error: unrecognized arguments: --bind 127\.0\.0\.1:\d+ argvapp:app$",
                r"(?s:Worker exiting.*){3}", r"Shutting down: Master"]
        mustnot, status = [r"Traceback", r"Worker failed to boot", r"\[CRITICAL\]"], 0
        if v >= (21, 0, 0):
            must.append(r"\[ERROR\] Worker \(pid:\d+\) exited with code 2")
    elif s == "sigkill-external":
        status, mustnot = 0, [r"WORKER TIMEOUT", r"Traceback"]
        if v >= (21, 0, 0):
            must = [r"\[ERROR\] Worker \(pid:\d+\) was sent SIGKILL! Perhaps out of memory\?"]
        elif v >= (20, 1, 0):
            must = [r"\[WARNING\] Worker with pid \d+ was terminated due to signal 9"]
        else:
            must = [r"(?s:Booting worker.*){3}"]
            mustnot.append(r"signal 9|SIGKILL")
    return must, mustnot, status


# ----------------------------------------------------------------------------------------------
# The expected diagnosis.
# ----------------------------------------------------------------------------------------------
def expectation(s, v, log):
    """Return (cause, variant, minConfidence, notes)."""
    t = vt(v)
    if s == "clean-stop":
        return "healthy", None, "medium", (
            "Orderly stop: 'Handling signal: term', each worker logs 'Worker exiting', then 'Shutting down: Master' "
            "at INFO; master exit status 0. Nothing failed; a restart that follows this would be the platform's.")
    if s == "import-error":
        return "boot-import-error", None, "medium", (
            "'Exception in worker process' traceback ending in ModuleNotFoundError for a third-party package "
            "(not the app module), then 'Reason: Worker failed to boot.'; master exit status 3.")
    if s == "wrong-app-name":
        return "boot-app-not-found", None, "medium", (
            "Unprefixed 'Failed to find attribute 'nosuch' in 'ok'.' then 'Reason: App failed to load.': the module "
            "imported but the name after ':' is wrong; master exit status 4.")
    if s == "not-callable":
        return "boot-app-not-found", None, "medium", (
            "Unprefixed 'Application object must be callable.' then 'Reason: App failed to load.' "
            "(APP_MODULE points at a dict); master exit status 4.")
    if s == "wrong-module":
        return "boot-app-not-found", None, "medium", (
            "APP_MODULE 'myproject.wsgi:application' names a module that does not exist: 'Exception in worker "
            "process' traceback ending \"ModuleNotFoundError: No module named 'myproject'\" (from gunicorn's "
            "import_app, the top-level package of APP_MODULE itself), 'Worker failed to boot.', exit status 3. Per "
            "DESIGN section 3 a missing app module is boot-app-not-found, not a missing dependency; boot-import-error "
            "is the nearest alternative.")
    if s == "preload-import-error":
        return "boot-import-error", None, "medium", (
            "--preload imports the app in the master before logging is set up: the log is a bare Python traceback "
            "ending in ModuleNotFoundError for a third-party package, without 'Starting gunicorn' or any bracketed "
            "gunicorn line; exit status 1.")
    if s == "missing-worker-class":
        return "boot-config-error", None, "medium", (
            "-k uvicorn.workers.UvicornWorker with uvicorn not installed: 'Error: class uri "
            "'uvicorn.workers.UvicornWorker' invalid or not found:' + the import traceback in brackets, before "
            "'Starting gunicorn'; exit status 1. A missing package, but it is the worker class in the gunicorn "
            "command line, so a config error rather than boot-import-error.")
    if s == "sighup":
        m = re.search(r"^.*(was sent SIGTERM!|terminated due to signal 15).*$", log, re.M)
        extra = ""
        if m:
            extra = (" The master also logs '%s' for the replaced workers although they logged 'Worker exiting': "
                     "that is the reload's own SIGTERM, not a crash."
                     % re.sub(r"pid( |:)\d+", r"pid\1N", re.sub(r"^\[.*?\] \[\d+\] ", "", m.group(0))))
        return "recycle-reload", None, "medium", (
            "SIGHUP to the master: 'Handling signal: hup', 'Hang up: Master', new workers boot and the old ones log "
            "'Worker exiting'. A deliberate reload (deploy/config change), not a failure." + extra)
    if s == "missing-env":
        return "boot-missing-env", None, "medium", (
            "Boot traceback ends in KeyError: 'DATABASE_URL' raised from os.environ (frame '<frozen os>' "
            "__getitem__), then 'Worker failed to boot.'; master exit status 3.")
    if s == "db-refused":
        return "boot-dependency-unavailable", None, "medium", (
            "Boot traceback ends in 'ConnectionRefusedError: [Errno 111] Connection refused' from "
            "socket.create_connection at import time, then 'Worker failed to boot.'; master exit status 3.")
    if s == "pg-refused":
        return "boot-dependency-unavailable", None, "medium", (
            "Real psycopg2 2.9.5 / libpq 15 at import time: 'psycopg2.OperationalError: connection to server at "
            "\"127.0.0.1\", port N failed: Connection refused' + 'Is the server running on that host and accepting "
            "TCP/IP connections?', then 'Worker failed to boot.'; master exit status 3.")
    if s == "slow-import":
        if t <= (21, 2, 0):
            return "boot-slow-startup", None, "medium", (
                "The app import sleeps 6 s with --timeout 2. Up to 21.2 the boot counts against the timeout: "
                "'Booting worker' -> 'WORKER TIMEOUT' ~2 s later -> 'Worker exiting' -> new boot, in a loop, with no "
                "request ever served and no traceback. The harness then stops it with SIGTERM (the last worker "
                "only exits when its import finishes).")
        return "healthy", None, "medium", (
            "Same slow import (6 s, --timeout 2), but from 22.0 the worker timeout does not apply during boot "
            "(monotonic clock vs the heartbeat file's wall-clock mtime), so the worker boots after 6 s of silence "
            "and serves a 200. Nothing restarted; the log is a healthy slow start then an orderly SIGTERM stop.")
    if s == "slow-request":
        follow = ("'Worker exiting' only" if t <= (20, 1, 0) else
                  "'Worker exiting' then 'exited with code 1' twice (with and without a period)" if t < (22, 0, 0) else
                  "'Error handling request' traceback ending 'SystemExit: 1', a 500 access line, 'Worker exiting'")
        return "runtime-worker-timeout", None, "medium", (
            "Sync worker, --timeout 2, a request sleeping 10 s after a served request: '[CRITICAL] WORKER TIMEOUT "
            "(pid:N)' then %s and a new 'Booting worker'." % follow)
    if s == "slow-request-stuck":
        kill = ("no line at all for the SIGKILL on 20.0.x" if t < (20, 1, 0) else
                "'Worker with pid N was terminated due to signal 9'" if t < (21, 0, 0) else
                "'Worker (pid:N) was sent SIGKILL! Perhaps out of memory?'")
        return "runtime-worker-timeout", None, "medium", (
            "The request blocks SIGABRT (like a worker stuck in C code), so after '[CRITICAL] WORKER TIMEOUT "
            "(pid:N)' the master escalates to SIGKILL ~1 s later: %s for the SAME pid. That SIGKILL is the "
            "timeout's escalation, not memory: runtime-memory-oom must be ruled out." % kill)
    if s == "sigkill":
        if t < (20, 1, 0):
            return "undiagnosed", None, "low", (
                "The request SIGKILLs its own worker (OOM-killer stand-in). 20.0.x logs nothing for a worker killed "
                "by a signal: only a new 'Booting worker' with no 'Worker exiting' for the old pid. The FAQ reads this "
                "as a silent (often OOM) kill, but the same log comes from a segfault or os._exit (see the segfault "
                "and exit1 cases for this version), so the log alone does not decide; ask for dmesg / platform "
                "memory evidence.")
        line = ("'[WARNING] Worker with pid N was terminated due to signal 9'" if t < (21, 0, 0) else
                "'[ERROR] Worker (pid:N) was sent SIGKILL! Perhaps out of memory?'")
        return "runtime-memory-oom", "worker", "medium", (
            "The request SIGKILLs its own worker, as the kernel OOM killer would: %s with no WORKER TIMEOUT before "
            "it and no shutdown in progress; the master survives and boots a replacement, so the scope is the worker."
            % line)
    if s == "segfault":
        if t < (20, 1, 0):
            return "undiagnosed", None, "low", (
                "A request segfaults (ctypes NULL read). 20.0.x logs nothing for a signal death: only a second "
                "'Booting worker' (no access log in this run). Identical to the silent SIGKILL case of this version, "
                "so the log alone cannot name the cause.")
        line = ("'[WARNING] Worker with pid N was terminated due to signal 11'" if t < (21, 0, 0) else
                "'[ERROR] Worker (pid:N) was sent SIGSEGV!'" if t < (24, 0, 0) else
                "'[WARNING] Worker (pid:N) was sent SIGSEGV!'")
        return "runtime-worker-crash", None, "medium", (
            "A request segfaults (ctypes NULL read): %s, then a replacement boots. No core dump here, so the "
            "signal name/number is plain (with a core, 21-23 would log 'was sent code 139!')." % line)
    if s == "exit1":
        if t < (21, 0, 0):
            return "undiagnosed", None, "low", (
                "A request calls os._exit(1). Up to 20.1 the master logs nothing for a non-zero worker exit: the only "
                "trace is a second 'Booting worker' with no 'Worker exiting' for the first pid (no access log in "
                "this run). That is indistinguishable from a silent kill, so the log alone does not decide.")
        line = ("'Worker (pid:N) exited with code 1' and again with a period" if t < (24, 0, 0) else
                "'[ERROR] Worker (pid:N) exited with code 1.'")
        return "runtime-worker-crash", None, "medium", (
            "A request calls os._exit(1) after boot: %s, no traceback, no timeout, no signal; a replacement boots."
            % line)
    if s == "max-requests":
        return "recycle-max-requests", None, "medium", (
            "--max-requests 2: after every 2nd request 'Autorestarting worker after current request.', "
            "'Worker exiting', new 'Booting worker'; no errors. Deliberate recycling.")
    if s == "reload":
        extra = " (25.0+ also warns 'Reloader is on. Use in development only!')" if t >= (25, 0, 0) else ""
        return "recycle-reload", None, "medium", (
            "--reload and the app file was edited: 'Worker reloading: .../reloadme.py modified', 'Worker exiting', "
            "new boot%s. Development reloader, not a failure." % extra)
    if s == "graceful-kill":
        m = re.search(r"^.*(Perhaps out of memory|terminated due to signal 9).*$", log, re.M)
        if m:
            where = "before" if m.start() < log.find("Shutting down: Master") else "after"
            detail = ("here the master logs '%s' after 'Handling signal: term' and %s 'Shutting down: Master'. "
                      "That line is the graceful-timeout escalation of a shutdown, not an OOM kill"
                      % (re.sub(r"pid( |:)\d+", r"pid\1N", re.sub(r"^\[.*?\] \[\d+\] ", "", m.group(0))), where))
        else:
            detail = ("the master exits without reaping the SIGKILLed worker (a race in gunicorn), so the only traces "
                      "are the busy worker never logging 'Worker exiting' and no access line for the in-flight request")
        return "healthy", None, "low", (
            "SIGTERM to the master while a 10 s request is in flight with --graceful-timeout 1: after 1 s the master "
            "SIGKILLs the busy worker; %s. A slow shutdown, master exit status 0." % detail)
    if s == "bad-option":
        return "boot-config-error", None, "medium", (
            "argparse rejects the flag: 'usage: gunicorn [OPTIONS] [APP_MODULE]' + 'gunicorn: error: unrecognized "
            "arguments: --no-such-flag'; no gunicorn log line at all; exit status 2.")
    if s == "bad-timeout-value":
        return "boot-config-error", None, "medium", (
            "argparse rejects '--timeout abc': 'gunicorn: error: argument -t/--timeout: invalid int value: 'abc''; "
            "exit status 2, before 'Starting gunicorn'.")
    if s == "conf-syntax-error":
        return "boot-config-error", None, "medium", (
            "'-c badconf/gunicorn.conf.py' has a SyntaxError: 'Failed to read config file: ...' + traceback ending "
            "in SyntaxError; exit status 1 before 'Starting gunicorn'. (A SyntaxError, but in the config file, "
            "not the app: not boot-import-error.)")
    if s == "conf-bad-value":
        return "boot-config-error", None, "medium", (
            "Config file sets timeout = 'abc': 'Invalid value for timeout: abc', blank lines, 'Error: invalid "
            "literal for int() with base 0: 'abc''; exit status 1 before 'Starting gunicorn'.")
    if s == "port-in-use":
        retry = "'Retrying in 1 second.'" if t < (23, 0, 0) else "'connection to (...) failed: [Errno 98] Address already in use'"
        return "boot-port-bind", "in-use", "medium", (
            "Another process listens on the port: 5 x 'Connection in use: ('127.0.0.1', P)' each followed by %s, "
            "1 s apart, then 'Can't connect to ('127.0.0.1', P)'; never 'Listening at'; exit status 1." % retry)
    if s == "bad-tmpdir":
        return "boot-config-error", None, "medium", (
            "--worker-tmp-dir /nonexistent: the master binds, then 'Unhandled exception in main loop' with "
            "'RuntimeError: /nonexistent doesn't exist. Can't create workertmp.'; no worker ever boots, no "
            "'Shutting down' line; exit status 255.")
    if s == "gthread-slow-request":
        return "healthy", None, "low", (
            "gthread worker with --timeout 2 and a 6 s request: the main thread keeps heart-beating, so there is NO "
            "WORKER TIMEOUT and the slow request completes with 200 (see its access line). No restart happened; "
            "then an orderly SIGTERM stop.")
    if s == "slow-boot":
        if t <= (21, 2, 0):
            kill = re.search(r"^.*(Perhaps out of memory\?|terminated due to signal 9).*$", log, re.M)
            extra = ""
            if kill:
                extra = (" Here the master also logs '%s' right after a WORKER TIMEOUT for the same pid: with 2 "
                         "workers timing out together, the master's next murder_workers pass finds the second, "
                         "already-aborted worker still alive and escalates to SIGKILL. That is the timeout's "
                         "escalation, not an OOM kill (whether it appears is a race)."
                         % re.sub(r"pid( |:)\d+", r"pid\1N", re.sub(r"^\[.*?\] \[\d+\] ", "", kill.group(0))))
            code1 = (" 21.x also logs 'Worker (pid:N) exited with code 1' (twice, with and without a period): the "
                     "SIGABRT handler's sys.exit(1)." if t >= (21, 0, 0) else "")
            return "boot-slow-startup", None, "medium", (
                "No traffic; 2 workers whose app import takes 8 s with --timeout 3. Up to 21.2 the boot counts "
                "against the timeout (the heartbeat file's ctime is set when the master creates it, before the fork): "
                "~3 s after each 'Booting worker' the master logs '[CRITICAL] WORKER TIMEOUT (pid:N)', the worker "
                "logs 'Worker exiting' and a new one boots into the same import, both workers in lock-step, with "
                "no traceback and no request ever served." + code1 + extra + " The harness then sends SIGTERM; the "
                "last two workers are mid-import, so their 'Worker exiting' comes seconds after 'Handling signal: "
                "term' (when the import returns); exit status 0.")
        return "healthy", None, "low", (
            "No traffic; 2 workers whose app import takes 8 s with --timeout 3. From 22.0 the master does not time a "
            "worker that is still importing (workertmp.py last_update() is the heartbeat file's st_mtime, which until "
            "the worker's first notify() is the file's wall-clock creation time, while arbiter.py murder_workers() "
            "compares it with time.monotonic(): the difference is negative). So the log is just two 'Booting worker' "
            "lines, 12 s of silence, then an orderly SIGTERM stop with 'Worker exiting' for both and exit status 0. "
            "No restart, no error; the slow import itself leaves no trace without a served request to date it, so "
            "boot-slow-startup cannot be read from this log (it would need an outside deadline: R10, a probe kill).")
    if s == "slow-boot-asgi":
        if t <= (21, 2, 0):
            death = ("nothing at all is logged for the SIGABRT death on 20.0.x" if t < (20, 1, 0) else
                     "'[WARNING] Worker with pid N was terminated due to signal 6'" if t < (21, 0, 0) else
                     "'[ERROR] Worker (pid:N) was sent SIGABRT!'")
            return "boot-slow-startup", None, "medium", (
                "uvicorn.workers.UvicornWorker (uvicorn 0.17.6), --timeout 3, the ASGI lifespan start-up blocks the "
                "event loop for 8 s: 'Started server process' + 'Waiting for application startup.' and, ~3 s later, "
                "'[CRITICAL] WORKER TIMEOUT (pid:N)' before any 'Application startup complete.'. UvicornWorker resets "
                "gunicorn's signal handlers to SIG_DFL, so the SIGABRT kills the worker outright: no 'Worker "
                "exiting', and %s. A new worker boots into the same start-up: a boot loop. After the harness's "
                "SIGTERM the last worker finishes its start-up and answers the request that was queued in the "
                "listen backlog ('\"GET / HTTP/1.1\" 200') during the shutdown; that does not make the boot healthy."
                % death)
        return "healthy", None, "low", (
            "uvicorn.workers.UvicornWorker (uvicorn 0.17.6), --timeout 3, the ASGI lifespan start-up blocks the event "
            "loop for 8 s: 'Waiting for application startup.' then, 8 s later, 'Application startup complete.' and a "
            "200. From 22.0 the boot is not timed (the heartbeat file is compared with the monotonic clock only after "
            "the worker's first notify(), which UvicornWorker sends from uvicorn's main loop, after start-up), so "
            "nothing is killed: a slow but successful start, no restart, orderly SIGTERM stop, exit status 0.")
    if s == "bind-retry-family":
        retry = ("'[ERROR] Retrying in 1 second.'" if t < (23, 0, 0) else
                 "'[ERROR] connection to ('::1', P) failed: [Errno 99] Cannot assign requested address'")
        return "boot-port-bind", "bad-address", "medium", (
            "--bind [::1]:P inside a network namespace with IPv6 disabled (like a container without IPv6): bind() "
            "fails with EADDRNOTAVAIL, so 5 x '[ERROR] Invalid address: ('::1', P)' each followed by %s, 1 s apart, "
            "then 'Can't connect to ('::1', P)'; never 'Listening at', no worker; exit status 1. There is NO "
            "'Connection in use': the address is not taken, it cannot be bound on this host, so the variant is "
            "bad-address (not in-use; not wrong-address either, which is a bind that succeeds where the platform "
            "does not look)." % retry)
    if s == "bind-retry-denied":
        if t < (23, 0, 0):
            detail = ("only 5 x '[ERROR] Retrying in 1 second.' then 'Can't connect to ('127.0.0.1', 80)': up to 22.0 "
                      "the errno ('connection to ... failed: [Errno 13] Permission denied') is logged at DEBUG, so "
                      "the reason is not in the log; port 80 < 1024 is the only hint")
        else:
            detail = ("5 x '[ERROR] connection to ('127.0.0.1', 80) failed: [Errno 13] Permission denied' 1 s apart "
                      "(the 'Retrying in 1 second.' line is DEBUG from 23.0), then 'Can't connect to ('127.0.0.1', 80)'")
        return "boot-port-bind", "bad-address", "medium", (
            "A non-root user binding port 80 (EACCES): %s; never 'Listening at', no worker; exit status 1. No "
            "'Connection in use' and no 'Invalid address': retries without 'Connection in use' mean the address "
            "cannot be bound here (here for lack of privilege), so bad-address, not in-use (fix: a port >= 1024, "
            "CAP_NET_BIND_SERVICE, or net.ipv4.ip_unprivileged_port_start)." % detail)
    if s == "winch":
        return "healthy", None, "medium", (
            "Three SIGWINCH to the master: '[INFO] Handling signal: winch' each time, and nothing else: unless "
            "gunicorn runs with --daemon, SIGWINCH is ignored ('SIGWINCH ignored. Not daemonized' is DEBUG). It "
            "often comes from a terminal resize (docker attach, tmux, an interactive shell) and is harmless. The "
            "same workers serve a 200 before and after; orderly SIGTERM stop, exit status 0.")
    if s == "argv-in-app":
        code = ("" if t < (21, 0, 0) else
                " The master adds '[ERROR] Worker (pid:N) exited with code 2'%s after each." %
                (" (twice, with and without a period)" if t < (24, 0, 0) else ""))
        return "boot-import-error", None, "medium", (
            "The app module itself calls argparse parse_args() at import and sees gunicorn's argv: after each "
            "'Booting worker' the WORKER prints 'usage: gunicorn [-h] [--config CONFIG]' and 'gunicorn: error: "
            "unrecognized arguments: --bind 127.0.0.1:P argvapp:app', then 'Worker exiting'; exit status 2 is not "
            "gunicorn's boot error (3), so the master respawns it in a loop until the harness's SIGTERM." + code +
            " It looks like gunicorn's own command-line error, but it is not boot-config-error: that usage line "
            "reads 'usage: gunicorn [OPTIONS] [APP_MODULE]' and comes before 'Starting gunicorn', while this one "
            "lists the app's own options ([-h] [--config CONFIG]) and is printed by a worker after gunicorn started "
            "and bound. Gunicorn's command line is fine; importing the app fails (the app's own argparse calls "
            "sys.exit(2)), hence boot-import-error. Fix: parse_known_args() or parse arguments only under "
            "if __name__ == '__main__'.")
    if s == "sigkill-external":
        if t < (20, 1, 0):
            return "undiagnosed", None, "low", (
                "An idle worker is SIGKILLed from outside (kill -9, the OOM killer's signal). 20.0.x logs nothing for "
                "a signal death: a third 'Booting worker' after a served request, and at the SIGTERM only two of the "
                "three booted pids log 'Worker exiting' (the killed one vanished) are the only traces; no request was "
                "in flight, so the access log shows no gap either. So a worker died, but the log alone cannot say "
                "OOM, segfault or exit; ask for dmesg / platform memory evidence.")
        line = ("'[WARNING] Worker with pid N was terminated due to signal 9'" if t < (21, 0, 0) else
                "'[ERROR] Worker (pid:N) was sent SIGKILL! Perhaps out of memory?'")
        return "runtime-memory-oom", "worker", "medium", (
            "An idle worker (2 workers, no request in flight) is SIGKILLed from outside, as the kernel OOM killer or "
            "an operator's kill -9 would: %s, with no WORKER TIMEOUT before it and no shutdown in progress; the "
            "master boots a replacement and the next request gets a 200. The log cannot tell the OOM killer from a "
            "manual kill -9, and the FAQ's reading of a worker SIGKILL is memory, so runtime-memory-oom / worker."
            % line)
    raise KeyError(s)


EXPECTED_EXIT = {"healthy": 0, "recycle-max-requests": 0, "recycle-reload": 0}


def context_from_log(log):
    ctx = {}
    m = re.search(r"\[INFO\] Starting gunicorn (\S+)", log)
    if m:
        ctx["gunicornVersion"] = m.group(1)
    m = re.search(r"\[INFO\] Using worker: (\S+)", log)
    if m:
        ctx["workerClass"] = m.group(1)
    return ctx


def verify(s, v, res, log):
    must, mustnot, status = checks(s, v)
    problems = []
    for rx in must:
        if not re.search(rx, log, re.M):
            problems.append("missing /%s/" % rx)
    for rx in mustnot:
        if re.search(rx, log, re.M):
            problems.append("unexpected /%s/" % rx)
    if status is not None and res["exitStatus"] != status:
        problems.append("exit status %r != %r" % (res["exitStatus"], status))
    if len(log.encode()) > MAX_LOG:
        problems.append("log is %d bytes (> %d)" % (len(log.encode()), MAX_LOG))
    return problems


# Some outcomes are racy in gunicorn itself. For these, runs are repeated (up to PREFER_TRIES) until one shows
# the more informative real outcome; if none does, the last good run is kept (it is just as real).
PREFER = {
    # 24.0+ final reap / 20.1 SIGCHLD during halt: the SIGKILLed worker is logged only if it was already reaped.
    "graceful-kill": r"was sent SIGKILL|terminated due to signal 9",
    # 20.1/21.2 boot loop with 2 workers: the second aborted worker is SIGKILLed if still alive at the next pass
    # (the OOM look-alike); 20.0.x logs no signal deaths and 22.0+ never times the boot, so only these two.
    "slow-boot": (r"Perhaps out of memory|terminated due to signal 9", ("20.1.0", "21.2.0")),
}
PREFER_TRIES = 8


def prefer(s, v):
    """The pattern a racy scenario should preferably show on version v, or None."""
    p = PREFER.get(s)
    if isinstance(p, tuple):
        return p[0] if v in p[1] else None
    return p


def write_case(s, v, res, log, logfile):
    cause, variant, conf, notes = expectation(s, v, log)
    name = "%s--%s-%s" % (cause, s, tag(v))
    for old in glob.glob(os.path.join(CASES, "*--%s-%s" % (s, tag(v)))):
        shutil.rmtree(old)
    dest = os.path.join(CASES, name)
    os.makedirs(dest)
    shutil.copyfile(logfile, os.path.join(dest, "input.log"))
    exp = {"cause": cause}
    if variant:
        exp["variant"] = variant
    exp["minConfidence"] = conf
    exp["exitCode"] = EXPECTED_EXIT.get(cause, 1)
    exp["context"] = context_from_log(log)
    exp["source"] = "real run: %s, test/harness/run.py --version %s --scenario %s (`%s`, master exit status %s)" % (
        res["gunicorn"], v, s, re.sub(r"(127\.0\.0\.1|\[::1\]):\d{4,5}\b", r"\1:PORT", res["command"]), res["exitStatus"])
    exp["notes"] = notes
    with open(os.path.join(dest, "expected.json"), "w") as f:
        json.dump(exp, f, indent=2)
        f.write("\n")
    return name


def generate_one(s, v, tries=3):
    problems, fails, good = [], 0, None
    keep = tempfile.mkdtemp(prefix="gdh-keep-%s-%s-" % (v, s))
    try:
        want = prefer(s, v)
        for attempt in range(PREFER_TRIES if want else tries):
            tmp = tempfile.mkdtemp(prefix="gdh-%s-%s-" % (v, s))
            try:
                res = harness.run_scenario(v, s, tmp)
                with open(os.path.join(tmp, "input.log"), encoding="utf-8", errors="replace") as f:
                    log = f.read()
                problems = verify(s, v, res, log)
                if problems:
                    fails += 1
                    if fails >= tries:
                        break
                    continue
                shutil.copyfile(os.path.join(tmp, "input.log"), os.path.join(keep, "input.log"))
                good = (res, log)
                if not want or re.search(want, log):
                    break
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
        if good:
            return write_case(s, v, good[0], good[1], os.path.join(keep, "input.log")), None
        return None, "%s %s did not reproduce after %d tries: %s" % (v, s, fails, "; ".join(problems))
    finally:
        shutil.rmtree(keep, ignore_errors=True)


def rewrite_expected():
    """Re-derive cause/variant/notes/context for committed cases (after editing expectation())."""
    n = 0
    for d in sorted(glob.glob(os.path.join(CASES, "*--*-gu[0-9]*"))):
        m = re.match(r"^[a-z-]+?--(.+)-gu(\d+)$", os.path.basename(d))
        if not m or m.group(1) not in harness.SCENARIOS:
            continue
        s = m.group(1)
        v = next((x for x in VERSIONS + ["19.9.0"] if tag(x) == "gu" + m.group(2)), None)
        if v is None:
            continue
        with open(os.path.join(d, "expected.json")) as f:
            old = json.load(f)
        with open(os.path.join(d, "input.log"), encoding="utf-8", errors="replace") as f:
            log = f.read()
        status = re.search(r"master exit status (-?\d+|None)", old.get("source", ""))
        res = {"gunicorn": None, "command": "", "exitStatus": status and status.group(1)}
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copyfile(os.path.join(d, "input.log"), os.path.join(tmp, "input.log"))
            source = old.get("source")
            name = write_case(s, v, res, log, os.path.join(tmp, "input.log"))
            path = os.path.join(CASES, name, "expected.json")
            with open(path) as f:
                new = json.load(f)
            new["source"] = source
            for k, val in old.items():  # keys added by hand (e.g. "acceptable") survive a rewrite
                new.setdefault(k, val)
            # text appended to the notes by hand survives too, as long as the generated part is unchanged
            if old.get("notes", "").startswith(new["notes"]):
                new["notes"] = old["notes"]
            elif "acceptable" in old:
                print("note: %s: notes regenerated, check the hand-written part for 'acceptable'" % name)
            with open(path, "w") as f:
                json.dump(new, f, indent=2)
                f.write("\n")
        n += 1
    print("%d expected.json rewritten" % n)
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--versions", default=",".join(VERSIONS))
    p.add_argument("--scenarios", default=",".join(harness.SCENARIOS))
    p.add_argument("--jobs", type=int, default=1, help="versions run in parallel (default 1)")
    p.add_argument("--rewrite-expected", action="store_true",
                   help="no runs: recompute expected.json of the existing harness cases from their input.log")
    a = p.parse_args()
    if a.rewrite_expected:
        return rewrite_expected()
    scenarios = [s for s in a.scenarios.split(",") if s]
    if "pg-refused" in scenarios and not has_psycopg2():
        print("skip pg-refused: /usr/bin/python3 cannot import psycopg2 (apt-get install python3-psycopg2)")
        scenarios.remove("pg-refused")
    uvicorn = has_uvicorn()
    if "missing-worker-class" in scenarios and uvicorn:
        print("skip missing-worker-class: /usr/bin/python3 can import uvicorn (it needs uvicorn NOT installed; "
              "apt-get remove python3-uvicorn to regenerate it)")
        scenarios.remove("missing-worker-class")
    if "slow-boot-asgi" in scenarios and not uvicorn:
        print("skip slow-boot-asgi: /usr/bin/python3 cannot import uvicorn.workers (apt-get install python3-uvicorn)")
        scenarios.remove("slow-boot-asgi")
    if not can_unshare():
        for sc in ("bind-retry-family", "bind-retry-denied"):
            if sc in scenarios:
                print("skip %s: cannot create a network namespace (unshare --net needs root / CAP_SYS_ADMIN)" % sc)
                scenarios.remove(sc)
    versions = [v for v in a.versions.split(",") if v]

    def per_version(v):
        out = []
        for s in scenarios:
            name, err = generate_one(s, v)
            print(name or ("FAIL " + err), flush=True)
            out.append((name, err))
        return out

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        results = [r for rs in ex.map(per_version, versions) for r in rs]
    failed = [e for n, e in results if e]
    print("%d cases written, %d failed" % (sum(1 for n, _ in results if n), len(failed)))
    for e in failed:
        print("FAIL", e)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
