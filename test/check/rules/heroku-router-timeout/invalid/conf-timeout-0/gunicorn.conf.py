# no timeout at all
timeout = 0
