# A gunicorn config file whose value fails gunicorn's validator.
timeout = "abc"
