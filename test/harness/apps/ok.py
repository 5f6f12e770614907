"""Healthy WSGI app. Also used for wrong-app-name (ok:nosuch) and most runtime scenarios.

Endpoints:
  /          200 "ok"
  /sleep     sleeps SLEEP_SECONDS (default 10) then answers 200 (slow request)
  /sleep-blocked  blocks SIGABRT first, then sleeps (a worker stuck where Python cannot run the abort handler)
  /kill9     the worker SIGKILLs itself (simulates the kernel OOM killer)
  /segv      NULL read through ctypes (segmentation fault)
  /exit1     os._exit(1) inside the request
"""
import ctypes
import os
import signal
import time


def app(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    if path == "/sleep":
        time.sleep(float(os.environ.get("SLEEP_SECONDS", "10")))
    elif path == "/sleep-blocked":
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGABRT})
        time.sleep(float(os.environ.get("SLEEP_SECONDS", "10")))
    elif path == "/kill9":
        os.kill(os.getpid(), signal.SIGKILL)
    elif path == "/segv":
        ctypes.string_at(0)
    elif path == "/exit1":
        os._exit(1)
    body = b"ok\n"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
