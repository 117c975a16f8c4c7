//! Redaction and fingerprints of secrets (owned by the bytes/providers work).
