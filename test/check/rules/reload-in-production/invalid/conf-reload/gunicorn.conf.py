reload = True
