//! Fake but well-formed keys of every catalogue kind, for tests, benchmarks and demos. They have
//! the right prefix, length, alphabet, layout and checksum, and random bodies: never real keys.

use base64::Engine as _;

use super::{base62_crc32, Alphabet, ChecksumKind, KeyKind, Provider};

/// xorshift32: deterministic, dependency-free, good enough for filler text.
struct Filler(u32);

impl Filler {
    fn new(seed: u64, salt: &str) -> Self {
        let mixed = salt.bytes().fold(seed ^ 0x9E37_79B9_7F4A_7C15, |h, b| {
            h.rotate_left(5) ^ u64::from(b)
        });
        Filler(((mixed >> 32) as u32 ^ mixed as u32) | 1)
    }

    fn next(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        self.0
    }

    /// `n` characters every variant of `alphabet` accepts.
    fn take(&mut self, alphabet: Alphabet, n: usize) -> String {
        let chars: &[u8] = match alphabet {
            Alphabet::HexLower | Alphabet::Hex | Alphabet::HexDash => b"0123456789abcdef",
            Alphabet::Base32Upper => b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
            Alphabet::Digits => b"0123456789",
            Alphabet::Bech32Upper => b"QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L",
            Alphabet::Base62Upper => b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
            _ => b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
        };
        (0..n)
            .map(|_| {
                chars
                    .get(self.next() as usize % chars.len())
                    .map_or('0', |&b| char::from(b))
            })
            .collect()
    }
}

/// Expands a [`KeyKind::fake`] template: `{h:N}` hex, `{d:N}` digits, `{a:N}` base62,
/// `{u:N}` upper-case base62; any other text is copied.
fn from_template(f: &mut Filler, template: &str) -> String {
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(rest.get(..open).unwrap_or(""));
        let after = rest.get(open + 1..).unwrap_or("");
        let Some(close) = after.find('}') else {
            out.push_str(rest.get(open..).unwrap_or(""));
            return out;
        };
        let spec = after.get(..close).unwrap_or("");
        let (class, n) = spec.split_once(':').unwrap_or((spec, "0"));
        let n: usize = n.parse().unwrap_or(0);
        let alphabet = match class {
            "h" => Alphabet::HexLower,
            "d" => Alphabet::Digits,
            "u" => Alphabet::Base62Upper,
            _ => Alphabet::Base62,
        };
        out.push_str(&f.take(alphabet, n));
        rest = after.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// A fake key of `kind` (one of `provider.keys`); the same seed gives the same key.
pub fn fake_key(provider: &Provider, kind: &KeyKind, seed: u64) -> String {
    let mut f = Filler::new(seed, kind.prefix);
    if let Some(template) = kind.fake {
        return from_template(&mut f, template);
    }
    let mut hex = |n| f.take(Alphabet::HexLower, n);
    let special = match (provider.id, kind.id) {
        ("sendgrid-api-key", _) => {
            let id = hex(22);
            Some(format!("SG.{id}.{}", hex(43)))
        }
        ("slack-bot-token", "bot") => Some(format!("xoxb-1234567890123-1234567890123-{}", hex(24))),
        ("slack-user-token", "user") => {
            Some(format!("xoxp-1234567890-1234567890-1234567890-{}", hex(32)))
        }
        ("slack-app-level-token", _) => {
            Some(format!("xapp-1-A0123456789-1234567890123-{}", hex(64)))
        }
        ("mailchimp-api-key", _) => Some(format!("{}-us21", hex(32))),
        ("mailgun-api-key", "private") => {
            let (a, b) = (hex(32), hex(8));
            Some(format!("{a}-{b}-{}", hex(8)))
        }
        ("telegram-bot-token", _) => Some(format!("123456789:AA{}", hex(33))),
        ("airtable-pat", _) => {
            let id = hex(14);
            Some(format!("pat{id}.{}", hex(64)))
        }
        ("github-fine-grained-pat", _) => {
            let a = hex(22);
            Some(format!("github_pat_{a}_{}", hex(59)))
        }
        ("postman-api-key", _) => {
            let a = hex(24);
            Some(format!("PMAK-{a}-{}", hex(34)))
        }
        ("notion-integration-token", "integration") => Some(format!("ntn_12345678901{}", hex(35))),
        ("heroku-api-key", "legacy") => {
            let (a, b, c, d) = (hex(8), hex(4), hex(4), hex(4));
            Some(format!("{a}-{b}-{c}-{d}-{}", hex(12)))
        }
        _ => None,
    };
    if let Some(key) = special {
        return key;
    }
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    if provider.id == "discord-bot-token" {
        let id = b64.encode(b"123456789012345678");
        return format!(
            "{id}.{}.{}",
            f.take(Alphabet::Base62, 6),
            f.take(Alphabet::Base62, 38)
        );
    }
    if kind.prefix == "eyJ" {
        let claims = b64.encode(b"{\"sub\":\"fake-user\",\"iss\":\"https://issuer.invalid\"}");
        return format!(
            "eyJhbGciOiJSUzI1NiJ9.{claims}.{}",
            f.take(Alphabet::Base62, 86)
        );
    }
    let mut key = kind.prefix.to_owned();
    if kind.checksum == ChecksumKind::Crc32Base62 {
        let body = f.take(Alphabet::Base62, 30);
        key.push_str(&body);
        key.extend(base62_crc32(&body).iter().map(|&b| char::from(b)));
        return key;
    }
    let tail = if kind.layout.is_some() && provider.id.starts_with("anthropic") {
        "AA"
    } else {
        ""
    };
    let marker = kind.marker.unwrap_or("");
    let random = usize::from(kind.min_len).saturating_sub(key.len() + tail.len() + marker.len());
    let first = f.take(kind.alphabet, random / 2);
    let second = f.take(kind.alphabet, random - random / 2);
    key.push_str(&first);
    key.push_str(marker);
    key.push_str(&second);
    key.push_str(tail);
    key
}
