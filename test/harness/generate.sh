#!/bin/sh
# Regenerate every committed test/cases/*--<scenario>-gu<version>/ case from real gunicorn runs.
# Needs: Debian python3-gunicorn (20.1.0), python3-psycopg2 (else pg-refused is skipped), git, and a git
# mirror of benoitc/gunicorn for the other versions (GUNICORN_MIRROR, default /work/.mirror/benoitc+gunicorn/repo).
# Extra arguments go to generate.py, e.g.  test/harness/generate.sh --versions 20.1.0 --scenarios sigkill
set -eu
exec /usr/bin/python3 "$(dirname "$0")/generate.py" --jobs "${JOBS:-4}" "$@"
