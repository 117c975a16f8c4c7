//! Parsers for authentication headers and tokens, to the RFCs (owned by the parsers work).
