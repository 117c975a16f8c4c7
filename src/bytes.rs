//! Classifies every character of a credential (owned by the bytes/providers work).
