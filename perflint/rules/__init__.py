"""Rule families, one module each; the registry finds every `Rule` subclass here."""
