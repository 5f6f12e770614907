"""ASGI app whose lifespan start-up blocks the event loop for STARTUP_SECONDS (default 8) with a synchronous call
(time.sleep standing in for a blocking model load / DB warm-up in a startup hook). Run with
-k uvicorn.workers.UvicornWorker (Debian python3-uvicorn)."""
import os
import time


async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                time.sleep(float(os.environ.get("STARTUP_SECONDS", "8")))  # blocks the event loop
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    elif scope["type"] == "http":
        body = b"ok\n"
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/plain"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
