//! HAR 1.2 reader (owned by the HAR/CLI work).
