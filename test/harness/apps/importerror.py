"""App whose module imports a package that is not installed."""
import nonexistent_pkg_xyz  # noqa: F401


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"unreachable\n"]
