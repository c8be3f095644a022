"""Survey definitions, question banks, the survey runner and campaign policy (pure: no I/O)."""
