"""One module per fixable rule, named after the rule: the rewrite of its findings."""
