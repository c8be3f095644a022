"""Storage, encryption, pseudonyms, issues, aggregation with disclosure control, and board papers."""
