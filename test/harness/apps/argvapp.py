"""App module that parses the command line at import (a CLI script turned into a WSGI module).

Under gunicorn, sys.argv is gunicorn's own argv, so the app's argparse rejects gunicorn's options and calls
sys.exit(2) inside the worker, after 'Booting worker': 'usage: gunicorn [-h] [--config CONFIG]' +
'gunicorn: error: unrecognized arguments: --bind ... argvapp:app'.
"""
import argparse

parser = argparse.ArgumentParser(description="settings for the service")
parser.add_argument("--config", default="config.yaml")
args = parser.parse_args()


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"unreachable\n"]
