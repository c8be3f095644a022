"""PII redaction, theme tagging and safeguarding risk detection for what young people write (pure: no I/O)."""
