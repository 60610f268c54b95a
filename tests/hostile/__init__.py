"""Hostile and unlucky input: odd names, encodings, special files, signals, output
faults, a tampered cache, a crashing rule. Nothing may give a traceback, a hang or a lost
result."""
