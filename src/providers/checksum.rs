//! The CRC32/base62 checksum of GitHub (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`) and npm (`npm_`)
//! tokens, as GitHub described in "Behind GitHub's new authentication token formats" (2021).

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// CRC32 (IEEE, as zlib) of `body`, written in base62 (`0-9A-Za-z`) and left-padded with `0` to
/// six characters: the last six characters of a GitHub-style token.
pub fn base62_crc32(body: &str) -> [u8; 6] {
    let mut n = crc32fast::hash(body.as_bytes());
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        // 62^6 > 2^32, so six digits always hold the value.
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    out
}

/// `prefix(4) + body(30) + checksum(6)`: whether the checksum matches the body. Any other length
/// is not checked and gives `false`.
pub fn github_style_checksum_valid(token: &str) -> bool {
    let b = token.as_bytes();
    if b.len() != 40 {
        return false;
    }
    match (token.get(4..34), b.get(34..40)) {
        (Some(body), Some(check)) => base62_crc32(body) == *check,
        _ => false,
    }
}
