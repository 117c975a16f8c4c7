//! Auto-detection of pasted input: raw key, header lines, raw HTTP, curl, fetch snippets (owned by the HAR/CLI work).
