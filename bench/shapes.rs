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

/// One input shape: a name, what it stresses, the CLI hints, and a generator for `n` bytes.
struct Shape {
    name: &'static str,
    about: &'static str,
    hints: &'static [&'static str],
    make: fn(usize) -> String,
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
        hints: &[],
        make: |n| fill("sk-proj-Ab3dEf6hIj9kLm2nOp5q", "\u{200B}", "", n),
    },
    Shape {
        name: "alternating_invisibles",
        about: "a key with a zero-width space after every letter (one run per character)",
        hints: &[],
        make: |n| fill("sk-", "a\u{200B}", "", n),
    },
    Shape {
        name: "long_bearer",
        about: "one Authorization header with a huge token68",
        hints: HINTS_401,
        make: |n| fill("Authorization: Bearer ", "Ab3dEf6hIj9kLm2n", "\n", n),
    },
    Shape {
        name: "challenge_distinct_params",
        about: "WWW-Authenticate with many distinct parameters (was quadratic)",
        hints: HINTS_401,
        make: |n| numbered("WWW-Authenticate: Bearer ", n, |i| format!("p{i}=x")),
    },
    Shape {
        name: "challenge_duplicate_params",
        about: "WWW-Authenticate repeating one parameter",
        hints: HINTS_401,
        make: |n| fill("WWW-Authenticate: Bearer ", "realm=x, ", "realm=x\n", n),
    },
    Shape {
        name: "challenge_unterminated_quote",
        about: "WWW-Authenticate whose quoted string never closes",
        hints: HINTS_401,
        make: |n| fill("WWW-Authenticate: Bearer realm=\"", "a", "\n", n),
    },
    Shape {
        name: "digest_params",
        about: "Authorization: Digest with many distinct parameters (was quadratic)",
        hints: HINTS_401,
        make: |n| numbered("Authorization: Digest ", n, |i| format!("p{i}=\"x\"")),
    },
    Shape {
        name: "digest_duplicate_params",
        about: "Authorization: Digest repeating one parameter",
        hints: HINTS_401,
        make: |n| {
            fill(
                "Authorization: Digest ",
                "nonce=\"x\", ",
                "nonce=\"x\"\n",
                n,
            )
        },
    },
    Shape {
        name: "header_lines",
        about: "many `Name: value` lines (refused past 2000 lines)",
        hints: HINTS_401,
        make: |n| fill("Authorization: Bearer abc\n", "X-A: b\n", "", n),
    },
    Shape {
        name: "folded_header",
        about: "one header continued over many obs-fold lines",
        hints: HINTS_401,
        make: |n| fill("Authorization: Bearer abc\n", "  def\n", "", n),
    },
    Shape {
        name: "curl_headers",
        about: "curl with many -H options (refused past 5000 words)",
        hints: HINTS_401,
        make: |n| fill("curl https://api.example.com/v1", " -H 'X-A: b'", "", n),
    },
    Shape {
        name: "curl_data",
        about: "curl with one huge --data body",
        hints: HINTS_401,
        make: |n| {
            fill(
                "curl https://api.example.com/v1 -H 'Authorization: Bearer abc' -d '",
                "a=b&",
                "'",
                n,
            )
        },
    },
    Shape {
        name: "fetch_headers",
        about: "fetch() with a huge headers object (refused past 100,000 tokens)",
        hints: HINTS_401,
        make: |n| {
            fill(
                "fetch(\"https://api.example.com/v1\", { headers: { ",
                "\"X-A\": \"b\", ",
                "} })",
                n,
            )
        },
    },
    Shape {
        name: "fetch_nested_headers",
        about: "fetch() with `headers: {` nested and never closed (was quadratic)",
        hints: HINTS_401,
        make: |n| {
            fill(
                "fetch(\"https://api.example.com/v1\", { ",
                "headers: { ",
                "",
                n,
            )
        },
    },
    Shape {
        name: "raw_response_body",
        about: "a raw 401 response with a long body of short lines",
        hints: &[],
        make: |n| {
            fill(
                "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer error=\"invalid_token\"\r\n\r\n",
                "a\r\n",
                "",
                n,
            )
        },
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

fn run_cli(cli: &Path, hints: &[&str], input: &Path) -> (f64, u64, usize, i32) {
    let stdin = std::fs::File::open(input).expect("input file");
    let start = Instant::now();
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("authlens-shapes-rss %M")
        .arg(cli)
        .arg("inspect")
        .arg("--json")
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
    let (_, baseline_kb, _, _) = run_cli(&cli, &[], &baseline_input);

    let mut runs = Vec::new();
    for shape in SHAPES {
        if only.as_deref().is_some_and(|o| o != shape.name) {
            continue;
        }
        for &size in sizes {
            let text = (shape.make)(size);
            let path = work.join(format!("{}-{size}.txt", shape.name));
            std::fs::write(&path, &text).expect("write input");
            let (seconds, max_rss_kb, out_bytes, exit) = run_cli(&cli, shape.hints, &path);
            eprintln!(
                "shapes: {:<28} {:>9} B  {:>8.3} s  {:>8} KB peak  {:>8} B out  exit {exit}",
                shape.name,
                text.len(),
                seconds,
                max_rss_kb,
                out_bytes
            );
            runs.push(Run {
                shape: shape.name,
                bytes: text.len(),
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
