"""PFL4xx, network clients: missing timeouts and a new client per request."""
