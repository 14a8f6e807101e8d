"""`quizapp serve`: the app in a browser, for a class (textual-serve, the optional `serve` extra).

The server (server.py) starts one app process per browser tab (session.py). The database URL is
handed to those processes in their environment, on the server machine; the browser only ever
exchanges keystrokes and screen updates with them, so the URL (and its password) never reaches
it. Who studies is decided inside the app process by the sign-in screen.
"""
