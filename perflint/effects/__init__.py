"""Project-wide effects: what each function does that costs, recorded per file, followed
across the project's calls once every file is summarised."""
