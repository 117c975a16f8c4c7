//! Pathological paste shapes at 1 KB … 10 MB through the real CLI (`authlens inspect --json`),
//! measuring wall time, peak resident memory (`/usr/bin/time -f %M`) and output size, so that
//! linear time and bounded memory are shown by a benchmark rather than by timed unit tests.
//!
//! ```text
//! cargo build --release --bin authlens --example authlens-shapes
//! target/release/examples/authlens-shapes --cli target/release/authlens --out bench/shapes
//! target/release/examples/authlens-shapes --cli target/debug/authlens --quick --out bench/work/out/shapes-quick
//! ```
//!
//! Writes `<out>.json` (every run) and `<out>.md` (a table per shape: time per MB, time growth
//! per 10× input, memory above the CLI's baseline as a multiple of the input, output bytes).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// One input shape: a name, what it stresses, the CLI command and hints, and a generator for
/// `n` bytes.
struct Shape {
    name: &'static str,
    about: &'static str,
    /// The CLI command reading the input from stdin.
    command: &'static [&'static str],
    hints: &'static [&'static str],
    make: fn(usize) -> String,
    /// Sizes run only in the full run, after the common ones (the 100 MB HAR of issue 9).
    extra_sizes: &'static [usize],
}

const INSPECT: &[&str] = &["inspect", "--json"];
const CHECK: &[&str] = &["check", "-", "--json"];

/// A HAR of about `n` bytes: ~500-byte entries cycling through a 401 with a Bearer key and a
/// challenge, a 200 with a cookie, a 401 without credentials and a preflight (the shape that
/// took 2.1 GB for 200,000 entries before the streaming reader).
fn har(n: usize) -> String {
    har_entries(n, false)
}

/// Every entry a 401 with its own key: the most findings (and credential cards) per byte.
fn har_dense(n: usize) -> String {
    har_entries(n, true)
}

fn har_entries(n: usize, dense: bool) -> String {
    let head = r#"{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"entries":["#;
    let mut out = String::with_capacity(n + 1024);
    out.push_str(head);
    let mut i = 0usize;
    while out.len() + 2 < n || i == 0 {
        if i > 0 {
            out.push(',');
        }
        let (method, request_headers, status, response_headers) = match if dense {
            0
        } else {
            i % 4
        } {
            0 => (
                "GET",
                format!(
                    r#"{{"name":"Authorization","value":"Bearer sk_live_51Hb{i:08}AbCdEfGhIjKlMnOpQrStUvWx"}}"#
                ),
                401,
                r#"{"name":"WWW-Authenticate","value":"Bearer realm=\"api\", error=\"invalid_token\""},{"name":"Content-Type","value":"application/json"}"#,
            ),
            1 => (
                "GET",
                format!(r#"{{"name":"Cookie","value":"session=s%3A{i:08}.Zm9vYmFyYmF6"}}"#),
                200,
                r#"{"name":"Content-Type","value":"application/json"}"#,
            ),
            2 => (
                "POST",
                r#"{"name":"Content-Type","value":"application/json"}"#.to_owned(),
                401,
                r#"{"name":"Content-Type","value":"application/json"}"#,
            ),
            _ => (
                "OPTIONS",
                r#"{"name":"Access-Control-Request-Headers","value":"authorization"}"#.to_owned(),
                204,
                r#"{"name":"Access-Control-Allow-Origin","value":"*"}"#,
            ),
        };
        let second = i % 60;
        out.push_str(&format!(
            r#"{{"startedDateTime":"2024-05-01T10:{:02}:{second:02}.000Z","time":12.5,"request":{{"method":"{method}","url":"https://api.example.com/v1/items/{i}?page=2","httpVersion":"HTTP/1.1","headers":[{request_headers}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0}},"response":{{"status":{status},"statusText":"","httpVersion":"HTTP/1.1","headers":[{response_headers}],"cookies":[],"content":{{"size":46,"mimeType":"application/json","text":"{{\"error\":\"unauthorized\",\"n\":{i}}}"}},"redirectURL":"","headersSize":-1,"bodySize":46}},"cache":{{}},"timings":{{"send":0,"wait":10,"receive":2}}}}"#,
            (i / 60) % 60
        ));
        i += 1;
    }
    out.push_str("]}}");
    out
}

const HINTS_401: &[&str] = &["--status", "401", "--url", "https://api.example.com/v1/me"];

/// Repeats `unit` after `head` until the text is about `n` bytes, then appends `tail`.
fn fill(head: &str, unit: &str, tail: &str, n: usize) -> String {
    let count = n.saturating_sub(head.len() + tail.len()) / unit.len().max(1);
    let mut out = String::with_capacity(n + unit.len());
    out.push_str(head);
    for _ in 0..count.max(1) {
        out.push_str(unit);
    }
    out.push_str(tail);
    out
}

/// `p0=x, p1=x, …` up to about `n` bytes.
fn numbered(head: &str, n: usize, param: fn(usize) -> String) -> String {
    let mut out = String::from(head);
    let mut i = 0;
    while out.len() < n {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&param(i));
        i += 1;
    }
    out.push('\n');
    out
}

const SHAPES: &[Shape] = &[
    Shape {
        name: "zwsp_key",
        about: "a key followed by zero-width spaces (one run)",
        command: INSPECT,
        hints: &[],
        make: |n| fill("sk-proj-Ab3dEf6hIj9kLm2nOp5q", "\u{200B}", "", n),
        extra_sizes: &[],
    },
    Shape {
        name: "alternating_invisibles",
        about: "a key with a zero-width space after every letter (one run per character)",
        command: INSPECT,
        hints: &[],
        make: |n| fill("sk-", "a\u{200B}", "", n),
        extra_sizes: &[],
    },
    Shape {
        name: "long_bearer",
        about: "one Authorization header with a huge token68",
        command: INSPECT,
        hints: HINTS_401,
        make: |n| fill("Authorization: Bearer ", "Ab3dEf6hIj9kLm2n", "\n", n),
        extra_sizes: &[],
    },
    Shape {
        name: "challenge_distinct_params",
        about: "WWW-Authenticate with many distinct parameters (was quadratic)",
        command: INSPECT,
        hints: HINTS_401,
        make: |n| numbered("WWW-Authenticate: Bearer ", n, |i| format!("p{i}=x")),
        extra_sizes: &[],
    },
    Shape {
        name: "challenge_duplicate_params",
        about: "WWW-Authenticate repeating one parameter",
        command: INSPECT,
        hints: HINTS_401,
        make: |n| fill("WWW-Authenticate: Bearer ", "realm=x, ", "realm=x\n", n),
        extra_sizes: &[],
    },
    Shape {
        name: "challenge_unterminated_quote",
        about: "WWW-Authenticate whose quoted string never closes",
        command: INSPECT,
        hints: HINTS_401,
        make: |n| fill("WWW-Authenticate: Bearer realm=\"", "a", "\n", n),
        extra_sizes: &[],
    },
    Shape {
        name: "digest_params",
        about: "Authorization: Digest with many distinct parameters (was quadratic)",
        command: INSPECT,
        hints: HINTS_401,
        make: |n| numbered("Authorization: Digest ", n, |i| format!("p{i}=\"x\"")),
        extra_sizes: &[],
    },
    Shape {
        name: "digest_duplicate_params",
        about: "Authorization: Digest repeating one parameter",
        command: INSPECT,
        hints: HINTS_401,
        make: |n| {
            fill(
                "Authorization: Digest ",
                "nonce=\"x\", ",
                "nonce=\"x\"\n",
                n,
            )
        },
        extra_sizes: &[],
    },
    Shape {
        name: "header_lines",
        about: "many `Name: value` lines (refused past 2000 lines)",
        command: INSPECT,
        hints: HINTS_401,
        make: |n| fill("Authorization: Bearer abc\n", "X-A: b\n", "", n),
        extra_sizes: &[],
    },
    Shape {
        name: "folded_header",
        about: "one header continued over many obs-fold lines",
        command: INSPECT,
        hints: HINTS_401,
        make: |n| fill("Authorization: Bearer abc\n", "  def\n", "", n),
        extra_sizes: &[],
    },
    Shape {
        name: "curl_headers",
        about: "curl with many -H options (refused past 5000 words)",
        command: INSPECT,
        hints: HINTS_401,
        make: |n| fill("curl https://api.example.com/v1", " -H 'X-A: b'", "", n),
        extra_sizes: &[],
    },
    Shape {
        name: "curl_data",
        about: "curl with one huge --data body",
        command: INSPECT,
        hints: HINTS_401,
        make: |n| {
            fill(
                "curl https://api.example.com/v1 -H 'Authorization: Bearer abc' -d '",
                "a=b&",
                "'",
                n,
            )
        },
        extra_sizes: &[],
    },
    Shape {
        name: "fetch_headers",
        about: "fetch() with a huge headers object (refused past 100,000 tokens)",
        command: INSPECT,
        hints: HINTS_401,
        make: |n| {
            fill(
                "fetch(\"https://api.example.com/v1\", { headers: { ",
                "\"X-A\": \"b\", ",
                "} })",
                n,
            )
        },
        extra_sizes: &[],
    },
    Shape {
        name: "fetch_nested_headers",
        about: "fetch() with `headers: {` nested and never closed (was quadratic)",
        command: INSPECT,
        hints: HINTS_401,
        make: |n| {
            fill(
                "fetch(\"https://api.example.com/v1\", { ",
                "headers: { ",
                "",
                n,
            )
        },
        extra_sizes: &[],
    },
    Shape {
        name: "raw_response_body",
        about: "a raw 401 response with a long body of short lines",
        command: INSPECT,
        hints: &[],
        make: |n| {
            fill(
                "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer error=\"invalid_token\"\r\n\r\n",
                "a\r\n",
                "",
                n,
            )
        },
        extra_sizes: &[],
    },
    Shape {
        name: "har_entries",
        about: "a HAR of ~500-byte entries, `check - --json` (200,000 entries at 100 MB; was 2.1 GB of memory)",
        command: CHECK,
        hints: &[],
        make: har,
        extra_sizes: &[100_000_000],
    },
    Shape {
        name: "har_dense",
        about: "a HAR whose every entry is a 401 with its own key, `check - --json`",
        command: CHECK,
        hints: &[],
        make: har_dense,
        extra_sizes: &[],
    },
];

struct Run {
    shape: &'static str,
    bytes: usize,
    seconds: f64,
    max_rss_kb: u64,
    out_bytes: usize,
    exit: i32,
}

fn run_cli(cli: &Path, command: &[&str], hints: &[&str], input: &Path) -> (f64, u64, usize, i32) {
    let stdin = std::fs::File::open(input).expect("input file");
    let start = Instant::now();
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("authlens-shapes-rss %M")
        .arg(cli)
        .args(command)
        .args(hints)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("run /usr/bin/time");
    let seconds = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let rss = stderr
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("authlens-shapes-rss "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    // `/usr/bin/time` exits with the command's status.
    (
        seconds,
        rss,
        out.stdout.len(),
        out.status.code().unwrap_or(-1),
    )
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let quick = args.iter().any(|a| a == "--quick");
    let cli = PathBuf::from(value("--cli").unwrap_or_else(|| "target/release/authlens".into()));
    let out = PathBuf::from(value("--out").unwrap_or_else(|| "bench/shapes".into()));
    let only = value("--only");
    let sizes: &[usize] = if quick {
        &[1_000, 10_000, 100_000]
    } else {
        &[1_000, 10_000, 100_000, 1_000_000, 10_000_000]
    };
    let work = PathBuf::from("bench/work/shapes");
    std::fs::create_dir_all(&work).expect("bench/work/shapes");
    let baseline_input = work.join("baseline.txt");
    std::fs::write(&baseline_input, "sk-proj-Ab3dEf6hIj9kLm2nOp5q").expect("baseline input");
    let (_, baseline_kb, _, _) = run_cli(&cli, INSPECT, &[], &baseline_input);

    let mut runs = Vec::new();
    for shape in SHAPES {
        if only.as_deref().is_some_and(|o| o != shape.name) {
            continue;
        }
        let extra = if quick { &[][..] } else { shape.extra_sizes };
        for &size in sizes.iter().chain(extra) {
            let text = (shape.make)(size);
            let path = work.join(format!("{}-{size}.txt", shape.name));
            std::fs::write(&path, &text).expect("write input");
            let len = text.len();
            drop(text);
            let (seconds, max_rss_kb, out_bytes, exit) =
                run_cli(&cli, shape.command, shape.hints, &path);
            eprintln!(
                "shapes: {:<28} {:>9} B  {:>8.3} s  {:>8} KB peak  {:>8} B out  exit {exit}",
                shape.name, len, seconds, max_rss_kb, out_bytes
            );
            runs.push(Run {
                shape: shape.name,
                bytes: len,
                seconds,
                max_rss_kb,
                out_bytes,
                exit,
            });
            let _ = std::fs::remove_file(&path);
        }
    }

    let mut json = String::from("{\n");
    let _ = writeln!(json, "  \"cli\": {:?},", cli.display().to_string());
    let _ = writeln!(json, "  \"baseline_max_rss_kb\": {baseline_kb},");
    json.push_str("  \"runs\": [\n");
    for (i, r) in runs.iter().enumerate() {
        let _ = write!(
            json,
            "    {{\"shape\": {:?}, \"bytes\": {}, \"seconds\": {:.4}, \"max_rss_kb\": {}, \"out_bytes\": {}, \"exit\": {}}}",
            r.shape, r.bytes, r.seconds, r.max_rss_kb, r.out_bytes, r.exit
        );
        json.push_str(if i + 1 < runs.len() { ",\n" } else { "\n" });
    }
    json.push_str("  ]\n}\n");
    std::fs::write(out.with_extension("json"), json).expect("write json");

    let mut md = String::new();
    let _ = writeln!(md, "# Pathological paste shapes\n");
    let _ = writeln!(
        md,
        "Generated by `bench/shapes.rs` ({}): `{} inspect --json` on each input, one process per run; peak memory from `/usr/bin/time -f %M`. \"Extra memory\" is the peak minus the CLI's baseline ({baseline_kb} KB on a 28-byte key), as a multiple of the input size. \"Time ×\" is the time growth from the previous (10× smaller) size: about 10 means linear (small sizes are dominated by process start-up). Exit 1 = error findings, 2 = input refused with a message (size limits).\n",
        if quick { "--quick" } else { "full run" },
        cli.display()
    );
    for shape in SHAPES {
        let rows: Vec<&Run> = runs.iter().filter(|r| r.shape == shape.name).collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(md, "## `{}`: {}\n", shape.name, shape.about);
        let _ = writeln!(
            md,
            "| input | time | time × | peak RSS | extra memory | output | exit |\n|---:|---:|---:|---:|---:|---:|---:|"
        );
        let mut previous: Option<f64> = None;
        for r in rows {
            let extra = r.max_rss_kb.saturating_sub(baseline_kb) as f64 * 1024.0;
            let growth = previous
                .map(|p| format!("{:.1}", r.seconds / p.max(1e-6)))
                .unwrap_or_else(|| "".into());
            let _ = writeln!(
                md,
                "| {} | {:.3} s | {growth} | {} KB | {:.2}× | {} B | {} |",
                human(r.bytes),
                r.seconds,
                r.max_rss_kb,
                extra / r.bytes as f64,
                r.out_bytes,
                r.exit
            );
            previous = Some(r.seconds);
        }
        md.push('\n');
    }
    let mut file = std::fs::File::create(out.with_extension("md")).expect("write md");
    file.write_all(md.as_bytes()).expect("write md");
    eprintln!(
        "shapes: wrote {} and {}",
        out.with_extension("json").display(),
        out.with_extension("md").display()
    );
}

fn human(bytes: usize) -> String {
    match bytes {
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b if b >= 1_000 => format!("{:.0} KB", b as f64 / 1e3),
        b => format!("{b} B"),
    }
}
