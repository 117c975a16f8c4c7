//! The provider catalogue and key recognition (owned by the bytes/providers work).
