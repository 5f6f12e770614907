"""The name given after ':' exists but is not a WSGI callable."""
app = {"name": "not a wsgi callable"}
