# A gunicorn config file with a Python syntax error (missing closing bracket).
bind = "127.0.0.1:8000"
workers = int(2
timeout = 30
