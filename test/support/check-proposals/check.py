"""Checks the command lines and config snippets gunicorn-doctor proposes with the real tools' own parsers.

Reads JSON on stdin — {"items": [ITEM, ...], "only": ["gunicorn", ...]?}, or a bare list of argv arrays and shell
lines — and writes JSON on stdout:
{"gunicorn": VERSION, "waitress": VERSION|null, "results": [{"id", "errors": [...], "checked": [...]}]}.

ITEM kinds (every item has an "id"):
  shell     {"text": LINE}       a line a shell runs (Procfile command, bash line, Dockerfile RUN / shell-form CMD):
                                 `sh -n -c LINE`, no `$VAR` inside single quotes where it must expand, then every
                                 gunicorn / waitress-serve / `sh -c` command in it is checked as below
  argv      {"argv": [...]}      an exec-form command (Kubernetes command+args, Dockerfile JSON CMD, systemd ExecStart
                                 split into words): no shell, `$VAR` still expanded (compose / systemd / k8s `$(VAR)`)
  words     {"text": STRING}     a command string split without a shell (compose `command:` string, systemd ExecStart)
  conf      {"text": SOURCE}     a gunicorn.conf.py snippet: run in a namespace, every top-level setting validated
  cmd-args  {"text": VALUE}      a GUNICORN_CMD_ARGS value (options only, no app)
Optional on any item: "env" (variables for the expansion; null = unset where the line runs, e.g. PORT outside
Heroku), "noExpand": true (exec form that expands no `$VAR`: Kubernetes), "noApp": true (the app comes from a
config file).

Gunicorn checks use gunicorn.config.Config().parser() — the parser `gunicorn` itself builds — then
Config.set(name, value) for every parsed value (the setting's own validator), the way Application.load_config does.
On top of what Gunicorn accepts: an option given twice (argparse keeps the last, or appends for --bind), an
abbreviated long option, more than one APP_MODULE, no APP_MODULE, and a bind address gunicorn.util.parse_address
rejects (`0.0.0.0:$PORT` left unexpanded) are errors: a pasted line must say each thing once, in full.

waitress-serve lines: waitress.adjustments.Adjustments.parse_args (waitress's getopt table), then Adjustments(**kw)
to convert and validate the values, then waitress.runner.match on the app; `module:factory()` is an error (waitress
resolves a name, it does not evaluate a call: a factory needs --call 'module:factory').

`--only gunicorn` on the command line (or "only" in the input) restricts the checks to Gunicorn's (used to run the
same items under a second Gunicorn version without repeating the shell and waitress checks).
"""
import argparse
import difflib
import io
import json
import os
import re
import shlex
import subprocess
import sys
import types
from contextlib import redirect_stderr, redirect_stdout

import gunicorn
import gunicorn.config
import gunicorn.util

try:
    import waitress
    import waitress.adjustments
    import waitress.runner
except ImportError:  # checked for only where a waitress line is proposed
    waitress = None

# plausible values for the variables proposals use
ENV = {
    "PORT": "5000",
    "WEB_CONCURRENCY": "3",
    "HOME": "/app",
    "MAINPID": "1234",
    "DATABASE_URL": "postgres://u:p@db:5432/app",
    "GUNICORN_CMD_ARGS": "",
}
NAME = r"[A-Za-z_][A-Za-z0-9_]*"
# programs that read `$` themselves: a single-quoted `$x` is meant for them, not for the shell
OWN_DOLLAR = {"sh", "bash", "dash", "zsh", "awk", "gawk", "sed", "perl", "python", "python3", "jq", "grep", "egrep"}
SEPARATORS = {";", "&&", "||", "|", "&", "(", ")", "\n"}
REDIRECTS = {">", ">>", "<", ">&", "<&", ">|", "&>"}


def expand(text, env):
    """Shell parameter expansion outside single quotes: $NAME, ${NAME}, ${NAME:-x}, ${NAME-x}, ${NAME:?msg}.
    Returns (text, names found inside single quotes)."""
    out = []
    quoted_dollars = []
    i, n = 0, len(text)
    state = None  # None, "'", '"'
    while i < n:
        c = text[i]
        if state == "'":
            if c == "'":
                state = None
            else:
                m = re.match(r"\$(?:\{(%s)|(%s))" % (NAME, NAME), text[i:])
                if m:
                    quoted_dollars.append(m.group(1) or m.group(2))
            out.append(c)
            i += 1
            continue
        if c == "\\" and i + 1 < n:
            out.append(text[i : i + 2])
            i += 2
            continue
        if c == "'" and state is None:
            state = "'"
            out.append(c)
            i += 1
            continue
        if c == '"':
            state = None if state == '"' else '"'
            out.append(c)
            i += 1
            continue
        if c == "$":
            m = re.match(r"\$\{(%s)(?:(:?[-?=+])([^}]*))?\}" % NAME, text[i:]) or re.match(r"\$(%s)" % NAME, text[i:])
            if m:
                name = m.group(1)
                op = m.group(2) if m.re.groups > 1 else None
                arg = m.group(3) if m.re.groups > 1 else None
                out.append(lookup(env, name, op, arg))
                i += len(m.group(0))
                continue
        out.append(c)
        i += 1
    return "".join(out), quoted_dollars


def lookup(env, name, op=None, arg=None):
    """The value of $name / ${name<op><arg>}. A name in env with the value None is unset there (the shell, compose
    and systemd expand it to nothing); a name not in env at all gets a plausible stand-in."""
    val = env.get(name)
    if op in (":-", "-", ":=", "="):
        return val if val not in (None, "") else arg
    if op in (":?", "?"):
        return val if val not in (None, "") else "value-of-" + name
    if op in (":+", "+"):
        return arg if val not in (None, "") else ""
    if val is None:
        return "" if name in env else "value-of-" + name
    return val


def expand_word(word, env):
    """`$VAR` in one exec-form word (no quotes to honour)."""
    return re.sub(
        r"\$\{(%s)(?:(:?[-?=+])([^}]*))?\}|\$(%s)" % (NAME, NAME),
        lambda m: lookup(env, m.group(1) or m.group(4), m.group(2), m.group(3)),
        word,
    )


def split_commands(text):
    """Words of each simple command (shlex with shell punctuation), redirections dropped."""
    lex = shlex.shlex(text, posix=True, punctuation_chars=";&|()<>")
    lex.whitespace_split = True
    lex.commenters = "#"
    commands, cur, skip = [], [], False
    for tok in lex:
        if skip:
            skip = False
            continue
        if tok in SEPARATORS:
            if cur:
                commands.append(cur)
            cur = []
        elif tok in REDIRECTS or (set(tok) <= set("<>&|") and tok):
            skip = True
            if cur and re.fullmatch(r"\d", cur[-1]):
                cur.pop()
        else:
            cur.append(tok)
    if cur:
        commands.append(cur)
    return commands


def program(words):
    """Strip `VAR=x`, `exec`, `env`, `nohup` before the program; returns (assignments, argv)."""
    assigns = []
    i = 0
    while i < len(words):
        w = words[i]
        if re.match(r"^%s=" % NAME, w):
            assigns.append(w)
        elif w in ("exec", "env", "nohup", "command"):
            pass
        else:
            break
        i += 1
    return assigns, words[i:]


WRAPPERS = {"heroku", "docker", "kubectl", "uv", "poetry", "pipenv"}


def locate(argv):
    """('gunicorn'|'waitress'|'shell'|None, rest) for an exec-form argv: the program itself, or the one a wrapper
    runs (`heroku run gunicorn …`, `docker compose run --rm web gunicorn …`, `time gunicorn …`)."""
    if not argv:
        return None, []
    first = os.path.basename(argv[0])
    if first in WRAPPERS and not ({"run", "exec"} & set(argv[1:4])):
        return None, []
    for j, w in enumerate(argv):
        base = os.path.basename(w)
        if base == "gunicorn":
            return "gunicorn", argv[j + 1 :]
        if base == "waitress-serve":
            return "waitress", argv[j + 1 :]
        if re.fullmatch(r"python[0-9.]*", base) and argv[j + 1 : j + 2] == ["-m"] and j + 2 < len(argv):
            if argv[j + 2] == "gunicorn":
                return "gunicorn", argv[j + 3 :]
            if argv[j + 2] == "waitress":
                return "waitress", argv[j + 3 :]
        if base in ("sh", "bash", "dash") and "-c" in argv[j + 1 :]:
            k = argv.index("-c", j + 1)
            return ("shell", argv[k + 1 : k + 2]) if k + 1 < len(argv) else (None, [])
        if j == 0 and base not in WRAPPERS and base not in ("time", "timeout"):
            return None, []
    return None, []


# ---------------------------------------------------------------- gunicorn

class ParseError(Exception):
    pass


_PARSER = None
_CONFIG = None


def shared_config():
    """One Config for every check: set() validates the one value it is given, whatever the others hold."""
    global _CONFIG
    if _CONFIG is None:
        _CONFIG = gunicorn.config.Config()
    return _CONFIG


def gunicorn_parser():
    """Gunicorn's own argument parser (built once: parse_args does not change it), erroring by exception."""
    global _PARSER
    if _PARSER is None:
        parser = gunicorn.config.Config().parser()

        def error(message):
            raise ParseError(message)

        def exit_(status=0, message=None):
            raise ParseError(message or "exit %s" % status)

        parser.error = error
        parser.exit = exit_
        _PARSER = parser
    return _PARSER


def set_setting(cfg, name, value):
    """Config.set through the setting's validator. chdir's validator also requires the directory to exist on this
    machine: an absolute path is accepted as meant for the target machine."""
    try:
        cfg.set(name, value)
    except Exception as e:
        if name == "chdir" and isinstance(value, str) and value.startswith("/") and "chdir" in str(e):
            return
        raise


def option_table(parser):
    return dict(parser._option_string_actions)


def check_gunicorn(args, need_app=True, label="gunicorn"):
    """Errors for one gunicorn argv (without the program)."""
    errors = []
    parser = gunicorn_parser()
    table = option_table(parser)
    seen = {}
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            break
        if a.startswith("-") and len(a) > 1 and not re.fullmatch(r"-\d+(\.\d+)?", a):
            opt = a.split("=", 1)[0] if a.startswith("--") else a[:2]
            act = table.get(opt)
            if act is None:
                close = [o for o in table if o.startswith(opt)] if opt.startswith("--") else []
                if len(close) == 1:
                    errors.append("%s: abbreviated option %s (write %s in full)" % (label, opt, close[0]))
                    act = table[close[0]]
                else:
                    errors.append("%s: unknown option %s" % (label, opt))
            if act is not None:
                if act.dest in seen and act.dest != "help":
                    errors.append("%s: option %s given twice (as %s and %s): say it once" % (label, act.dest, seen[act.dest], opt))
                seen.setdefault(act.dest, opt)
        i += 1
    err = io.StringIO()
    try:
        with redirect_stderr(err), redirect_stdout(err):
            ns = parser.parse_args(args)
    except ParseError as e:
        msg = str(e).strip()
        if not (msg.startswith("unrecognized arguments") and any("unknown option" in x for x in errors)):
            errors.append("%s: %s" % (label, msg))
        return errors
    cfg = shared_config()
    for k, v in vars(ns).items():
        if v is None or k == "args":
            continue
        try:
            set_setting(cfg, k.lower(), v)
        except Exception as e:  # the setting's validator: TypeError/ValueError/ConfigError
            errors.append("%s: invalid value for %s: %r (%s: %s)" % (label, k, v, type(e).__name__, e))
    for addr in ns.bind or []:
        try:
            if not re.match(r"^(unix:|fd://)", addr):
                gunicorn.util.parse_address(addr)
        except Exception as e:
            hint = " — $PORT is set only on Heroku-style platforms, and Kubernetes does not expand $VAR" if addr.endswith(":") or "$" in addr else ""
            errors.append("%s: bind address %r is not usable (%s)%s" % (label, addr, e, hint))
    positional = ns.args or []
    has_config = "config" in seen or "paste" in seen
    if need_app and not positional and not has_config:
        errors.append("%s: no APP_MODULE (Gunicorn stops with 'No application module specified.')" % label)
    if not need_app and positional:
        errors.append("%s: positional argument(s) %s are ignored here" % (label, positional))
    if len(positional) > 1:
        errors.append("%s: more than one APP_MODULE: %s (Gunicorn uses the first and ignores the rest)" % (label, positional))
    for app in positional[:1]:
        if not re.fullmatch(r"[A-Za-z_][\w.]*(:[A-Za-z_][\w.]*(\(.*\))?)?", app):
            errors.append("%s: APP_MODULE %r is not module[:variable] or module:factory(...)" % (label, app))
    return errors


def check_conf(source, env):
    """Run a gunicorn.conf.py snippet and validate every top-level name that is a setting."""
    errors = []
    cfg = shared_config()
    settings = set(cfg.settings)
    ns = {"__file__": "gunicorn.conf.py", "__name__": "__config__"}
    saved = dict(os.environ)
    for k, v in env.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    try:
        exec(compile(source, "gunicorn.conf.py", "exec"), ns)
    except Exception as e:
        return ["gunicorn.conf.py: does not run: %s: %s" % (type(e).__name__, e)]
    finally:
        os.environ.clear()
        os.environ.update(saved)
    for k, v in ns.items():
        if k.startswith("_") or isinstance(v, types.ModuleType):
            continue
        if k in settings:
            try:
                set_setting(cfg, k, v)
            except Exception as e:
                errors.append("gunicorn.conf.py: invalid value for %s: %r (%s: %s)" % (k, v, type(e).__name__, e))
            continue
        if k.isupper() or isinstance(v, type):
            continue
        close = difflib.get_close_matches(k, settings, n=1, cutoff=0.75)
        if close:
            errors.append("gunicorn.conf.py: %s is not a Gunicorn setting (did you mean %s?)" % (k, close[0]))
        elif not callable(v):
            errors.append("gunicorn.conf.py: %s is not a Gunicorn setting (Gunicorn ignores it)" % k)
    return errors


# ---------------------------------------------------------------- waitress

def check_waitress(args):
    if waitress is None:
        return ["waitress-serve: waitress is not installed here (apt-get install python3-waitress)"]
    errors = []
    try:
        kw, rest = waitress.adjustments.Adjustments.parse_args(list(args))
    except Exception as e:  # getopt.GetoptError
        return ["waitress-serve: %s" % e]
    kw.pop("call", None)  # runner options, not adjustments (waitress.runner.run deletes them the same way)
    kw.pop("help", None)
    try:
        waitress.adjustments.Adjustments(**kw)
    except Exception as e:
        errors.append("waitress-serve: invalid value (%s: %s)" % (type(e).__name__, e))
    if len(rest) != 1:
        errors.append("waitress-serve: expects exactly one application, got %s" % (rest or "none"))
    for app in rest[:1]:
        if re.search(r"\(.*\)$", app):
            errors.append(
                "waitress-serve: %r is a call: waitress resolves a name and does not evaluate it; "
                "an app factory needs --call '%s'" % (app, app.split("(")[0])
            )
            continue
        try:
            waitress.runner.match(app)
        except ValueError as e:
            errors.append("waitress-serve: %s" % e)
    return errors


# ---------------------------------------------------------------- shell

def env_words(words, label, checked=None):
    errors = []
    for w in words:
        m = re.match(r"^(GUNICORN_CMD_ARGS|WEB_CONCURRENCY)=(.*)$", w, re.S)
        if m and checked is not None:
            checked.append("gunicorn")
        if not m:
            continue
        if m.group(1) == "GUNICORN_CMD_ARGS":
            try:
                errors += check_gunicorn(shlex.split(m.group(2)), need_app=False, label="GUNICORN_CMD_ARGS")
            except ValueError as e:
                errors.append("GUNICORN_CMD_ARGS: cannot be split (%s)" % e)
        else:
            try:
                if int(m.group(2)) < 1:
                    raise ValueError
            except ValueError:
                errors.append("%s: WEB_CONCURRENCY=%r is not a positive whole number" % (label, m.group(2)))
    return errors


def check_argv(argv, item, only, checked, depth=0):
    kind, rest = locate(argv)
    errors = env_words(argv, "command", checked)
    if kind == "gunicorn":
        checked.append("gunicorn")
        errors += check_gunicorn(rest, need_app=not item.get("noApp"))
    elif kind == "waitress" and "waitress" in only:
        checked.append("waitress")
        errors += check_waitress(rest)
    elif kind == "shell" and rest and depth < 3:
        errors += check_shell(rest[0], item, only, checked, depth + 1)
    return errors


def check_shell(text, item, only, checked, depth=0):
    errors = []
    env = dict(ENV, **item.get("env", {}))
    r = subprocess.run(["sh", "-n", "-c", text], capture_output=True, text=True)
    if r.returncode != 0:
        # a line the shell cannot parse has no argv to check (reported by the run that checks shell lines)
        if "shell" in only:
            errors.append("sh -n: %s" % (r.stderr.strip().splitlines() or ["syntax error"])[-1])
        return errors
    if "shell" in only:
        checked.append("sh -n")
    expanded, quoted = expand(text, env)
    try:
        commands = split_commands(expanded)
    except ValueError as e:
        return errors + ["shell: cannot split the line (%s)" % e]
    if quoted and "shell" in only:
        # is the quoted $VAR an argument of a program that reads `$` itself?
        for name in quoted:
            for words in split_commands(text):
                _, argv = program(words)
                holder = [w for w in words if ("$" + name) in w or ("${" + name) in w]
                if holder and not (argv and os.path.basename(argv[0]) in OWN_DOLLAR):
                    errors.append("shell: $%s is inside single quotes in %r, so it is passed on literally instead of expanded" % (name, holder[0]))
                    break
    for words in commands:
        assigns, argv = program(words)
        errors += env_words(assigns, "shell", checked)
        errors += check_argv(argv, item, only, checked, depth)
    return errors


# gunicorn-doctor shows an unknown value as a `<name>` marker (src/catalog/fill.ts): reported once, then replaced by
# a typical value so the rest of the line is still checked
MARKER = re.compile(r"<([a-z][a-z0-9_]*)>")
TYPICAL = {
    "app": "myapp.wsgi:application",
    "app_module": "myapp",
    "workers": "3",
    "timeout": "30",
    "graceful_timeout": "25",
    "threads": "4",
    "max_requests": "1000",
    "max_requests_jitter": "100",
    "memory_limit_mb": "512",
}


def unmark(item):
    """(item with markers replaced, complaint or None)."""
    texts = [item.get("text") or ""] + list(item.get("argv") or [])
    names = []
    for t in texts:
        for m in MARKER.finditer(t):
            if m.group(1) not in names:
                names.append(m.group(1))
    if not names:
        return item, None
    sub = lambda t: MARKER.sub(lambda m: TYPICAL.get(m.group(1), m.group(1)), t)
    out = dict(item)
    if "text" in item:
        out["text"] = sub(item["text"])
    if "argv" in item:
        out["argv"] = [sub(w) for w in item["argv"]]
    where = " (a shell reads <x> as a redirection)" if item.get("kind") == "shell" else ""
    return out, "unfilled value %s: does not work as pasted%s" % (", ".join("<%s>" % n for n in names), where)


def check_item(item, only):
    checked = []
    item, marked = unmark(item)
    kind = item.get("kind")
    env = dict(ENV, **item.get("env", {}))
    try:
        if kind == "shell":
            errors = check_shell(item["text"], item, only, checked)
        elif kind == "argv":
            # no shell: the words are taken as they are, `$VAR` expanded where the runner does it (compose,
            # systemd) — not in Kubernetes, which expands only $(VAR): "noExpand"
            argv = list(item["argv"]) if item.get("noExpand") else [expand_word(w, env) for w in item["argv"]]
            errors = check_argv(argv, item, only, checked)
        elif kind == "words":
            expanded, _ = expand(item["text"], env)
            errors = check_argv(shlex.split(expanded), item, only, checked)
        elif kind == "conf":
            checked.append("gunicorn.conf.py")
            errors = check_conf(item["text"], env)
        elif kind == "cmd-args":
            checked.append("gunicorn")
            errors = check_gunicorn(shlex.split(expand(item["text"], env)[0]), need_app=False, label="GUNICORN_CMD_ARGS")
        else:
            errors = ["checker: unknown item kind %r" % kind]
    except Exception as e:  # a checker bug must fail the item, not the batch
        errors = ["checker: %s: %s" % (type(e).__name__, e)]
    if marked and "shell" in only:
        errors.insert(0, marked)
    return {"id": item.get("id"), "errors": errors, "checked": sorted(set(checked))}


def version_of(dist):
    try:
        from importlib.metadata import version

        return version(dist)
    except Exception:
        return "unknown"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", action="append", choices=["gunicorn", "shell", "waitress"])
    opts = ap.parse_args()
    data = json.load(sys.stdin)
    if isinstance(data, list):  # a bare list: argv arrays and shell lines
        data = {"items": [{"id": i, "kind": "argv", "argv": x} if isinstance(x, list) else {"id": i, "kind": "shell", "text": x} for i, x in enumerate(data)]}
    only = set(opts.only or data.get("only") or ["gunicorn", "shell", "waitress"])
    results = [check_item(it, only) for it in data["items"]]
    json.dump(
        {
            "gunicorn": gunicorn.__version__,
            "gunicornPath": os.path.dirname(gunicorn.__file__),
            "waitress": version_of("waitress") if waitress else None,
            "results": results,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
