//! Canary keys for the leak oracles (the CLI's in `leak_oracle`, the JS boundary's and the UI's in
//! `wasm_binding`): fake keys whose middles are unique, and the runs of a middle that must never
//! show in an output.

/// A canary: a fake key whose middle is unique to it (a deterministic mix of case and digits).
pub fn canary(seed: u32, prefix: &str, len: usize) -> String {
    let alphabet = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(12_345);
    let body: String = (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            char::from(alphabet[(x as usize) % alphabet.len()])
        })
        .collect();
    format!("{prefix}{body}")
}

/// The 10-char windows of a canary's middle (its first and last 8 chars may legitimately show).
pub fn windows(secret: &str) -> Vec<String> {
    let chars: Vec<char> = secret.chars().collect();
    let middle = &chars[8..chars.len() - 8];
    middle
        .windows(10)
        .map(|w| w.iter().collect::<String>())
        .collect()
}
