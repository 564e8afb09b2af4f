"""Streaming subresources of pods: log, exec, attach (WebSocket channel protocols).

Interface (called by the server's router for pods/NAME/{log,exec,attach,portforward}):
    handle(handler, user, ns, name, subresource, query) -> bool
        handler: the BaseHTTPRequestHandler of the request (its rfile/wfile/headers);
        user: the authenticated user name; query: dict of lists (urllib.parse.parse_qs).
        Returns True when it answered the request, False when the subresource is unknown.
"""


def handle(handler, user, ns, name, subresource, query):
    return False
