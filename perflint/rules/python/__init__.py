"""PFL5xx: Python hot loops and data structures (quadratic growth, scans, needless copies)."""
