import os

def on_exit(server):
    os._exit(143)
