"""Storage, encryption, pseudonyms, issues, disclosure-controlled aggregation, board papers."""
