"""App for --reload: the harness appends a comment line to a temporary copy of this file."""


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok\n"]
