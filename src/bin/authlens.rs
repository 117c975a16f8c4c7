//! The authlens command line: explains why requests in a HAR file, or a pasted request or key, got
//! a 401.
//!
//! ```text
//! authlens check [--json] [--now RFC3339] [--reference-file F] [--reveal] FILE.har|-
//! authlens inspect [--json] [--status N] [--www-authenticate V] [--url U] [--now T] [--reference-file F] [--reveal] < paste
//! authlens challenge [--json] VALUE...
//! authlens docs
//! ```
//!
//! Exit status: 0 when no finding has error severity, 1 when some does, 2 for bad input or usage
//! (one line on stderr, never a backtrace).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::run());
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::fmt::Write as _;
    use std::io::{IsTerminal, Read, Write};
    use std::path::PathBuf;

    use clap::{Args, Parser, Subcommand};

    use authlens::card::{cards_for_exchange, pasted_card, CredentialCard};
    use authlens::findings::reference_markdown;
    use authlens::har::{parse_rfc3339_ms, read_har_from, HarEvent, HarLog};
    use authlens::input::{
        exchange_for_bare_key, parse_paste, InputError, PasteHints, PasteKind, PasteNote, Pasted,
    };
    use authlens::model::{Exchange, Finding, Severity};
    use authlens::parse::challenge::parse_challenges;
    use authlens::report::{HarReport, HarReportBuilder, JsonReport, PreparedExchange};
    use authlens::rules::{
        analyze_credential, analyze_session, har_malformed, AnalysisOptions, EntryReport, Report,
    };

    /// Explains why an HTTP request got a 401. Nothing leaves this machine; keys are shown
    /// redacted unless --reveal.
    #[derive(Parser, Debug)]
    #[command(name = "authlens", version, about, propagate_version = true)]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand, Debug)]
    enum Command {
        /// Analyse a HAR export (Chrome, Firefox, Safari); `-` reads it from stdin.
        Check {
            /// The .har file, or `-` for stdin.
            file: PathBuf,
            /// Output format: `human` (default), `json`, `sarif` (SARIF 2.1.0 for code scanning),
            /// `junit` (one test case per HAR entry) or `github` (workflow annotations, plus a
            /// job-summary table in $GITHUB_STEP_SUMMARY when set).
            #[arg(long, value_enum, value_name = "FORMAT")]
            format: Option<Format>,
            /// Exit with status 1 when a finding of this severity or worse is found: `error`
            /// (default), `warning`, or `never`.
            #[arg(long, value_enum, value_name = "LEVEL", default_value = "error")]
            fail_on: FailOnArg,
            #[command(flatten)]
            common: Common,
        },
        /// Analyse what you paste on stdin: a key, a JWT, header lines, a raw HTTP request or
        /// response, a curl command, a fetch/axios snippet or a HAR. Reading stdin keeps keys out
        /// of your shell history. A bare key with --url, --status or --www-authenticate is analysed
        /// as a request sending it the way the URL's provider expects (else `Authorization: Bearer`).
        Inspect {
            /// The status the request got, if the paste does not include the response.
            #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(100..=999))]
            status: Option<u16>,
            /// The response's WWW-Authenticate value, if the paste does not include it.
            #[arg(long, value_name = "V")]
            www_authenticate: Option<String>,
            /// The request URL, if the paste does not include it (or gives only a path).
            #[arg(long, value_name = "U")]
            url: Option<String>,
            #[command(flatten)]
            common: Common,
        },
        /// Parse WWW-Authenticate / Proxy-Authenticate values (one argument per header line).
        Challenge {
            /// Print `[{"scheme":..,"token68":..|null,"params":[[name,value],..]}]`.
            #[arg(long)]
            json: bool,
            /// The header value(s), e.g. 'Bearer realm="api", error="invalid_token"'.
            #[arg(required = true, value_name = "VALUE")]
            values: Vec<String>,
        },
        /// Write a copy of a HAR with every secret replaced by an `authlens-redacted:` placeholder
        /// that keeps the evidence (scheme, provider and kind, public prefix, length, a
        /// fingerprint salted for this export, odd characters, JWT header and claims).
        /// `authlens check` reads the placeholders back. A report of what was replaced, by kind
        /// and without values, goes to stderr.
        Redact {
            /// The .har file, or `-` for stdin.
            file: PathBuf,
            /// Where to write the redacted HAR (default: stdout).
            #[arg(short, long, value_name = "OUT.har")]
            output: Option<PathBuf>,
            /// Remove personal claims (email, name, preferred_username, phone_number...) from the
            /// JWT payloads that are kept.
            #[arg(long)]
            drop_personal_claims: bool,
            /// Print the report as JSON (on stderr).
            #[arg(long)]
            json: bool,
        },
        /// Draw the token timeline of a HAR as text: one lane per credential (redacted), with
        /// where it was issued, sent, replaced by a refresh and rejected.
        Timeline {
            /// The .har file, or `-` for stdin.
            file: PathBuf,
            /// Print the laid-out timeline as JSON (lanes, marks with their HAR entry index).
            #[arg(long)]
            json: bool,
        },
        /// Print the reference of every finding id (Markdown).
        Docs,
    }

    #[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
    enum Format {
        Human,
        Json,
        Sarif,
        Junit,
        Github,
    }

    #[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
    enum FailOnArg {
        Error,
        Warning,
        Never,
    }

    impl From<FailOnArg> for authlens::ci::FailOn {
        fn from(f: FailOnArg) -> Self {
            match f {
                FailOnArg::Error => authlens::ci::FailOn::Error,
                FailOnArg::Warning => authlens::ci::FailOn::Warning,
                FailOnArg::Never => authlens::ci::FailOn::Never,
            }
        }
    }

    #[derive(Args, Debug)]
    struct Common {
        /// Print JSON instead of the table and explanations.
        #[arg(long)]
        json: bool,
        /// Judge token expiry at this time (RFC 3339) when a request has no time of its own.
        #[arg(long, value_name = "RFC3339")]
        now: Option<String>,
        /// A file holding the key you expect to be sent (one trailing line break is ignored);
        /// compared by fingerprint, never printed.
        #[arg(long, value_name = "F")]
        reference_file: Option<PathBuf>,
        /// Show URLs and credentials in full instead of redacted.
        #[arg(long)]
        reveal: bool,
    }

    /// A message for stderr and exit status 2.
    #[derive(Debug)]
    struct UsageError(String);

    /// `authlens help [COMMAND] [--help]` as `authlens [COMMAND] --help`: clap's own `help`
    /// subcommand refuses `--help` (`authlens help --help` failed with a usage error).
    fn help_as_flag(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
        if args.get(1).is_none_or(|a| a != "help") {
            return args;
        }
        let mut out: Vec<std::ffi::OsString> = args.iter().take(1).cloned().collect();
        out.extend(
            args.iter()
                .skip(2)
                .filter(|a| *a != "--help" && *a != "-h")
                .cloned(),
        );
        out.push("--help".into());
        out
    }

    pub fn run() -> i32 {
        let cli = match Cli::try_parse_from(help_as_flag(std::env::args_os().collect())) {
            Ok(cli) => cli,
            Err(e) => {
                use clap::error::ErrorKind;
                if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                    let _ = e.print();
                    return 0;
                }
                // clap's first line is the whole message; the usage block follows on later lines.
                let rendered = e.render().to_string();
                let first = rendered
                    .lines()
                    .next()
                    .unwrap_or("invalid usage")
                    .trim_start_matches("error: ");
                eprintln!("authlens: {first} (see `authlens --help`)");
                return 2;
            }
        };
        let outcome = match cli.command {
            Command::Check {
                file,
                format,
                fail_on,
                common,
            } => check(&file, format, fail_on.into(), &common),
            Command::Inspect {
                status,
                www_authenticate,
                url,
                common,
            } => inspect(status, www_authenticate, url, &common),
            Command::Challenge { json, values } => challenge(json, &values),
            Command::Redact {
                file,
                output,
                drop_personal_claims,
                json,
            } => redact(&file, output.as_deref(), drop_personal_claims, json),
            Command::Timeline { file, json } => timeline(&file, json),
            Command::Docs => write_out(&reference_markdown()).map(|()| 0),
        };
        match outcome {
            Ok(code) => code,
            Err(UsageError(message)) => {
                eprintln!("authlens: {}", printable(&message));
                2
            }
        }
    }

    fn write_out(text: &str) -> Result<(), UsageError> {
        let mut stdout = std::io::stdout().lock();
        // A closed pipe (`| head`) is not an error worth a message.
        let _ = stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush());
        Ok(())
    }

    fn options(common: &Common) -> Result<AnalysisOptions, UsageError> {
        let mut opts = AnalysisOptions::default();
        if let Some(now) = &common.now {
            let ms = parse_rfc3339_ms(now).ok_or_else(|| {
                UsageError(format!(
                    "--now {now:?} is not an RFC 3339 date-time like 2024-05-01T10:00:00Z"
                ))
            })?;
            opts.now_ms = Some(ms);
        }
        if let Some(path) = &common.reference_file {
            let bytes = std::fs::read(path).map_err(|e| {
                UsageError(format!(
                    "cannot read --reference-file {}: {e}",
                    path.display()
                ))
            })?;
            let text = String::from_utf8(bytes).map_err(|e| {
                UsageError(format!(
                    "--reference-file {} is not UTF-8 text (invalid byte at offset {})",
                    path.display(),
                    e.utf8_error().valid_up_to()
                ))
            })?;
            let key = text
                .strip_suffix("\r\n")
                .or_else(|| text.strip_suffix('\n'))
                .unwrap_or(&text);
            if key.is_empty() {
                return Err(UsageError(format!(
                    "--reference-file {} is empty",
                    path.display()
                )));
            }
            set_reference(&mut opts, key);
        }
        Ok(opts)
    }

    fn set_reference(opts: &mut AnalysisOptions, key: &str) {
        opts.reference_fingerprint = Some(authlens::redact::fingerprint(key));
    }

    fn read_input(file: &std::path::Path) -> Result<(Vec<u8>, String), UsageError> {
        if file.as_os_str() == "-" {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|e| UsageError(format!("cannot read stdin: {e}")))?;
            Ok((bytes, "stdin".to_owned()))
        } else {
            let bytes = std::fs::read(file)
                .map_err(|e| UsageError(format!("cannot read {}: {e}", file.display())))?;
            Ok((bytes, file.display().to_string()))
        }
    }

    fn check(
        file: &std::path::Path,
        format: Option<Format>,
        fail_on: authlens::ci::FailOn,
        common: &Common,
    ) -> Result<i32, UsageError> {
        let opts = options(common)?;
        let format = match (format, common.json) {
            (Some(f), _) => f,
            (None, true) => Format::Json,
            (None, false) => Format::Human,
        };
        let (input, name) = open_input(file)?;
        if format == Format::Json {
            return check_json(input, &name, opts, fail_on, common.reveal);
        }
        // Streaming: each entry is analysed as soon as it is read (the report builder keeps its
        // findings and credential cards), and only its URL is kept with --reveal, never the file.
        let mut builder = HarReportBuilder::new(opts);
        let mut urls = Vec::new();
        let mut entry_lines = Vec::new();
        let reveal = common.reveal;
        let summary = read_har_from(input, &mut |event| match event {
            HarEvent::Exchange {
                entry_index,
                line,
                exchange,
            } => {
                builder.exchange(entry_index, exchange);
                urls.push(if reveal {
                    exchange.url.clone()
                } else {
                    String::new()
                });
                set_line(&mut entry_lines, entry_index, line);
            }
            HarEvent::Issue(issue) => {
                set_line(&mut entry_lines, issue.entry_index, issue.line);
                builder.issue(issue);
            }
        })
        .map_err(|e| UsageError(format!("cannot read {name}: {e}")))?
        .map_err(|e| UsageError(format!("{name}: {e}")))?;
        let HarReport {
            report,
            credentials,
            notes,
            issues,
        } = builder.finish();
        let log = HarLog {
            creator: summary.creator,
            browser: summary.browser,
            issues,
            ..HarLog::default()
        };
        let header = har_summary(&name, &log, report.entries.len());
        let kept: Vec<Kept> = report
            .entries
            .iter()
            .zip(urls)
            .zip(credentials)
            .map(|((e, url), cards)| Kept {
                index: e.index,
                url,
                cards,
            })
            .collect();
        if matches!(format, Format::Sarif | Format::Junit | Format::Github) {
            let input = authlens::ci::CiInput {
                artifact: &name,
                report: &report,
                entry_lines: &entry_lines,
                tool_version: env!("CARGO_PKG_VERSION"),
            };
            let text = match format {
                Format::Sarif => authlens::ci::sarif(&input),
                Format::Junit => authlens::ci::junit(&input, fail_on),
                _ => {
                    if let Some(path) =
                        std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty())
                    {
                        let summary = authlens::ci::github_summary(&input);
                        let written = std::fs::OpenOptions::new()
                            .create(true)
                            .append(true)
                            .open(&path)
                            .and_then(|mut f| f.write_all(summary.as_bytes()));
                        if let Err(e) = written {
                            eprintln!("authlens: cannot write the job summary to $GITHUB_STEP_SUMMARY: {e}");
                        }
                    }
                    let mut text = authlens::ci::github_annotations(&input);
                    text.push_str(&human(
                        &report,
                        &kept,
                        Shown {
                            every_entry: false,
                            pasted: None,
                        },
                        &notes,
                        &header,
                        common.reveal,
                        false,
                    ));
                    text
                }
            };
            write_out(&text)?;
            return Ok(fail_on.exit_code(&report));
        }
        let common_fmt = Common {
            json: format == Format::Json,
            now: None,
            reference_file: None,
            reveal: common.reveal,
        };
        let code = emit(&report, &kept, None, None, &notes, &header, &common_fmt)?;
        Ok(if code == 2 {
            2
        } else {
            fail_on.exit_code(&report)
        })
    }

    fn redact(
        file: &std::path::Path,
        output: Option<&std::path::Path>,
        drop_personal_claims: bool,
        json: bool,
    ) -> Result<i32, UsageError> {
        use authlens::har_redact::{
            placeholder::Salt, redact_har, redact_har_single_pass, RedactOptions,
        };
        let (bytes, name) = read_input(file)?;
        let opts = RedactOptions {
            drop_personal_claims,
        };
        let salt = Salt::random();
        let report = match output {
            Some(path) => {
                // Write next to the target and rename: never leave a half-redacted file.
                let tmp = path.with_extension("har.partial");
                let f = std::fs::File::create(&tmp)
                    .map_err(|e| UsageError(format!("cannot create {}: {e}", tmp.display())))?;
                let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
                // The temporary file is removed on error: one pass, checked as it goes.
                let report = redact_har_single_pass(&bytes, &mut w, opts, &salt).map_err(|e| {
                    let _ = std::fs::remove_file(&tmp);
                    UsageError(format!("{name}: {e}"))
                })?;
                w.flush()
                    .map_err(|e| UsageError(format!("cannot write {}: {e}", tmp.display())))?;
                drop(w);
                std::fs::rename(&tmp, path)
                    .map_err(|e| UsageError(format!("cannot write {}: {e}", path.display())))?;
                report
            }
            None => {
                let stdout = std::io::stdout();
                let mut w = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
                let report = redact_har(&bytes, &mut w, opts, &salt)
                    .map_err(|e| UsageError(format!("{name}: {e}")))?;
                let _ = w.flush();
                report
            }
        };
        if json {
            let text = serde_json::to_string_pretty(&report)
                .map_err(|e| UsageError(format!("cannot write JSON: {e}")))?;
            eprintln!("{text}");
        } else {
            eprint!("authlens: {name}: {report}");
        }
        Ok(0)
    }

    /// Records the line `log.entries[index]` starts on (for CI reports).
    fn set_line(lines: &mut Vec<usize>, index: usize, line: usize) {
        if let Some(slot) = lines.get_mut(index) {
            *slot = line;
        } else {
            lines.resize(index + 1, line);
        }
    }

    /// A file or stdin (`-`) to read as a stream, and the name messages use for it.
    /// Holds the first `HELD_OUTPUT` bytes written, then streams: a file found unreadable early
    /// prints only its error (as a small file always does), and a large one is never held whole.
    /// `flush` is a no-op while holding; [`Held::release`] writes what is held.
    struct Held<W: Write> {
        out: W,
        held: Vec<u8>,
        streaming: bool,
    }

    const HELD_OUTPUT: usize = 256 * 1024;

    impl<W: Write> Write for Held<W> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.streaming {
                return self.out.write(buf);
            }
            self.held.extend_from_slice(buf);
            if self.held.len() >= HELD_OUTPUT {
                self.streaming = true;
                self.out.write_all(&std::mem::take(&mut self.held))?;
            }
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            if self.streaming {
                self.out.flush()
            } else {
                Ok(())
            }
        }
    }

    impl<W: Write> Held<W> {
        fn release(mut self) -> std::io::Result<()> {
            self.out.write_all(&self.held)?;
            self.out.flush()
        }
    }

    /// `check --json`: the report is written while the file is read, each entry once no later
    /// exchange can revise it, so memory holds only the entries still open (issue 9: a HAR of
    /// 401s with keys held every finding and card until the end, 4-5x the file).
    ///
    /// Reading and analysis run on two threads (issue 13): this one parses the HAR and hands each
    /// exchange over a bounded channel to the other, which analyses it and writes the report in
    /// entry order, then hands the exchange's buffers back for the next entry. The bytes written
    /// are the same as one thread's.
    fn check_json(
        input: Box<dyn Read>,
        name: &str,
        opts: AnalysisOptions,
        fail_on: authlens::ci::FailOn,
        reveal: bool,
    ) -> Result<i32, UsageError> {
        /// What the reader hands to the analysis, in file order.
        enum Work {
            Exchange(usize, Box<Exchange>, PreparedExchange),
            Issue(authlens::har::HarIssue),
            /// The file turned out unreadable: nothing more is written.
            ReadFailed,
        }
        /// Work crosses in batches (a thread woken per entry costs more than some entries'
        /// analysis), at most `READ_AHEAD` of them read ahead of the analysis: enough to even out
        /// the entries' differing costs, few enough to keep memory bounded.
        const BATCH: usize = 16;
        const READ_AHEAD: usize = 4;
        let (to_analysis, work) = std::sync::mpsc::sync_channel::<Vec<Work>>(READ_AHEAD);
        let (spare_exchanges, returned) = std::sync::mpsc::channel::<Box<Exchange>>();
        std::thread::scope(|scope| {
            let analysis = scope.spawn(move || {
                let out = Held {
                    out: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout()),
                    held: Vec::new(),
                    streaming: false,
                };
                let mut stream = authlens::report::JsonStream::start(out)
                    .map_err(|e| UsageError(format!("cannot write JSON: {e}")))?;
                let mut builder = HarReportBuilder::new(opts);
                // With --reveal, the URL as sent of each entry not yet written.
                let mut urls = std::collections::VecDeque::new();
                let mut failing = false;
                let mut write_error: Option<serde_json::Error> = None;
                let mut write = |stream: &mut authlens::report::JsonStream<_>,
                                 entry: &EntryReport,
                                 cards: &[CredentialCard],
                                 url: Option<String>| {
                    failing |= entry.findings.iter().any(|f| fail_on.fails(f.severity));
                    if write_error.is_none() {
                        let shown = url
                            .as_deref()
                            .filter(|u| !u.is_empty())
                            .unwrap_or(&entry.url);
                        write_error = stream.entry(entry, cards, shown).err();
                    }
                };
                for item in work.into_iter().flatten() {
                    match item {
                        Work::Exchange(entry_index, exchange, prepared) => {
                            builder.add(entry_index, &exchange, prepared);
                            if reveal {
                                urls.push_back(exchange.url.clone());
                            }
                            for (entry, cards) in builder.take_settled() {
                                write(&mut stream, &entry, &cards, urls.pop_front());
                            }
                            // The reader may be gone (it failed).
                            let _ = spare_exchanges.send(exchange);
                        }
                        Work::Issue(issue) => builder.issue(issue),
                        Work::ReadFailed => return Ok(None),
                    }
                }
                let HarReport {
                    report,
                    credentials,
                    notes,
                    ..
                } = builder.finish();
                for (entry, cards) in report.entries.iter().zip(&credentials) {
                    write(&mut stream, entry, cards, urls.pop_front());
                }
                failing |= report
                    .findings
                    .iter()
                    .any(|f| fail_on.fails(f.finding.severity));
                Ok(Some((stream, report.findings, notes, failing, write_error)))
            });
            let mut batch = Vec::with_capacity(BATCH);
            let hand_over = |batch: &mut Vec<Work>, item: Work| {
                batch.push(item);
                if batch.len() >= BATCH {
                    // A send fails only when the analysis stopped, whose error is reported below.
                    let _ = to_analysis.send(std::mem::replace(batch, Vec::with_capacity(BATCH)));
                }
            };
            let read = read_har_from(input, &mut |event| match event {
                HarEvent::Exchange {
                    entry_index,
                    exchange,
                    ..
                } => {
                    // The reader refills the buffers it is given back: a used exchange if one
                    // was returned, else a new one.
                    let mut next = returned.try_recv().unwrap_or_default();
                    std::mem::swap(exchange, &mut *next);
                    // What depends on this exchange alone is done here, beside the analysis.
                    let prepared = HarReportBuilder::prepare(&mut next);
                    hand_over(&mut batch, Work::Exchange(entry_index, next, prepared));
                }
                HarEvent::Issue(issue) => hand_over(&mut batch, Work::Issue(issue)),
            });
            if !matches!(read, Ok(Ok(_))) {
                batch.push(Work::ReadFailed);
            }
            let _ = to_analysis.send(batch);
            drop(to_analysis);
            let analysed = analysis
                .join()
                .map_err(|_| UsageError("the analysis thread stopped".to_owned()))?;
            // An unreadable file: its error, and (as long as the output is held) nothing else.
            read.map_err(|e| UsageError(format!("cannot read {name}: {e}")))?
                .map_err(|e| UsageError(format!("{name}: {e}")))?;
            let Some((stream, findings, notes, failing, write_error)) = analysed? else {
                return Err(UsageError(format!("cannot read {name}")));
            };
            let written = match write_error {
                Some(e) => Err(e),
                None => stream
                    .finish(&findings, &notes)
                    .and_then(|held| held.release().map_err(serde_json::Error::io)),
            };
            // A closed pipe (`| head`) is not an error worth a message.
            if let Err(e) = written {
                if !e.is_io() {
                    return Err(UsageError(format!("cannot write JSON: {e}")));
                }
            }
            Ok(i32::from(failing))
        })
    }

    fn open_input(file: &std::path::Path) -> Result<(Box<dyn Read>, String), UsageError> {
        if file.as_os_str() == "-" {
            return Ok((Box::new(std::io::stdin().lock()), "stdin".to_owned()));
        }
        let f = std::fs::File::open(file)
            .map_err(|e| UsageError(format!("cannot read {}: {e}", file.display())))?;
        Ok((Box::new(f), file.display().to_string()))
    }

    fn timeline(file: &std::path::Path, json: bool) -> Result<i32, UsageError> {
        let (input, name) = open_input(file)?;
        let mut session = authlens::rules::SessionAnalyzer::new(AnalysisOptions::default());
        let mut entry_indexes = Vec::new();
        read_har_from(input, &mut |event| {
            if let HarEvent::Exchange {
                entry_index,
                exchange,
                ..
            } = event
            {
                // A redacted HAR: equal secrets have equal stand-ins, so lanes stay as in the
                // original.
                authlens::har_redact::rehydrate_exchange(exchange);
                session.push(exchange);
                entry_indexes.push(entry_index);
            }
        })
        .map_err(|e| UsageError(format!("cannot read {name}: {e}")))?
        .map_err(|e| UsageError(format!("{name}: {e}")))?;
        let mut timeline = session.timeline().clone();
        // Marks name exchanges by position; the user looks them up by HAR entry index.
        for mark in timeline.lanes.iter_mut().flat_map(|l| l.marks.iter_mut()) {
            mark.entry = entry_indexes.get(mark.entry).copied().unwrap_or(mark.entry);
        }
        if json {
            let text = serde_json::to_string_pretty(&timeline.layout())
                .map_err(|e| UsageError(format!("cannot write JSON: {e}")))?;
            write_out(&format!("{text}\n"))?;
        } else {
            write_out(&format!(
                "{}: token timeline (I issued, R replaced by a refresh, · sent, ✗ rejected; #N is the HAR entry)\n{}",
                name,
                timeline.to_text()
            ))?;
        }
        Ok(0)
    }

    fn har_summary(name: &str, log: &HarLog, requests: usize) -> String {
        let mut s = format!("{name}: {requests} request(s)");
        if let Some(creator) = &log.creator {
            let _ = write!(s, ", exported by {creator}");
        }
        let skipped = log.issues.iter().filter(|i| i.skipped).count();
        if skipped > 0 {
            let _ = write!(
                s,
                ", {skipped} unreadable entr{} skipped",
                if skipped == 1 { "y" } else { "ies" }
            );
        }
        s
    }

    /// Runs the session rules and renumbers the entries to their HAR `log.entries` indexes.
    fn session_report(
        exchanges: &[Exchange],
        entry_indexes: &[usize],
        log: &HarLog,
        opts: &AnalysisOptions,
    ) -> Report {
        let mut report = analyze_session(exchanges, opts);
        renumber(&mut report, entry_indexes, log);
        report
    }

    /// Renumbers a session report's entries to their HAR `log.entries` indexes and adds the
    /// `har.malformed` findings of skipped entries.
    fn renumber(report: &mut Report, entry_indexes: &[usize], log: &HarLog) {
        let original = |i: usize| entry_indexes.get(i).copied().unwrap_or(i);
        for entry in &mut report.entries {
            entry.index = original(entry.index);
        }
        for finding in &mut report.findings {
            for index in &mut finding.entries {
                *index = original(*index);
            }
        }
        for issue in log.issues.iter().filter(|i| i.skipped) {
            report
                .findings
                .push(har_malformed(issue.entry_index, &issue.message));
        }
    }

    fn inspect(
        status: Option<u16>,
        www_authenticate: Option<String>,
        url: Option<String>,
        common: &Common,
    ) -> Result<i32, UsageError> {
        let opts = options(common)?;
        let stdin = std::io::stdin();
        let interactive = stdin.is_terminal();
        if interactive {
            eprintln!("authlens: paste the key, headers, curl command or HAR, then press Enter and Ctrl-D");
        }
        let mut bytes = Vec::new();
        stdin
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| UsageError(format!("cannot read stdin: {e}")))?;
        let (text, decoded) = authlens::input::paste_text(bytes).map_err(|e| match e {
            InputError::NotUtf8 { byte_offset } => UsageError(format!(
                "stdin is not UTF-8 text (invalid byte at offset {byte_offset})"
            )),
            e => UsageError(format!("stdin: {e}")),
        })?;
        let hints = PasteHints {
            status,
            www_authenticate,
            url,
            now_ms: opts.now_ms,
        };
        let mut pasted = parse_paste(&text, &hints).map_err(|e| UsageError(e.to_string()))?;
        pasted.notes.extend(decoded);
        drop(text);
        let Pasted {
            kind,
            exchanges,
            bare_credential,
            har,
            notes,
        } = pasted;
        let mut note_lines: Vec<String> = Vec::new();
        let header = format!("stdin: {}", kind.described());
        if let Some(credential) = bare_credential {
            let checked = credential_to_check(&credential, &notes, interactive, &mut note_lines);
            let shown = if common.reveal {
                format!("{:?}", checked)
            } else {
                authlens::redact::redact(checked)
            };
            let header = format!(
                "{header}: {shown}, {} bytes, {}",
                checked.len(),
                authlens::redact::fingerprint(checked).short()
            );
            if let Some(exchange) = exchange_for_bare_key(checked, &hints) {
                // A URL, status or challenge hint: analyse the key as the request that sent it.
                if let Some(sent) = exchange.request_headers.first() {
                    note_lines.push(format!(
                        "analysed as a request{} sending the key in `{}`",
                        if hints.url.is_some() {
                            " to the --url"
                        } else {
                            ""
                        },
                        sent.name
                    ));
                }
                let exchanges = vec![exchange];
                let report = session_report(&exchanges, &[0], &HarLog::default(), &opts);
                return emit(
                    &report,
                    &Kept::all(&exchanges, &[0], common.reveal),
                    Some(kind),
                    None,
                    &note_lines,
                    &header,
                    common,
                );
            }
            let findings = analyze_credential(checked, &opts);
            let entry = EntryReport {
                index: 0,
                method: String::new(),
                url: hints
                    .url
                    .as_deref()
                    .map(authlens::rules::display_url)
                    .unwrap_or_default(),
                status: hints.status.unwrap_or(0),
                findings,
            };
            let report = Report {
                entries: vec![entry],
                findings: Vec::new(),
            };
            return emit(
                &report,
                &[],
                Some(kind),
                Some(checked),
                &note_lines,
                &header,
                common,
            );
        }
        note_lines.extend(notes.iter().map(ToString::to_string));
        let log = har.unwrap_or_default();
        let entry_indexes: Vec<usize> = if log.entry_indexes.len() == exchanges.len() {
            log.entry_indexes.clone()
        } else {
            (0..exchanges.len()).collect()
        };
        note_lines.extend(
            log.issues
                .iter()
                .filter(|i| !i.skipped)
                .map(|i| i.to_string()),
        );
        let report = session_report(&exchanges, &entry_indexes, &log, &opts);
        emit(
            &report,
            &Kept::all(&exchanges, &entry_indexes, common.reveal),
            Some(kind),
            None,
            &note_lines,
            &header,
            common,
        )
    }

    /// The bytes to analyse for a bare key. Typed or pasted into a terminal, a single final line
    /// break is the Enter key, not part of the key: it is dropped, and the note says so. From a
    /// pipe or file every byte counts (a key file written by `echo` really ends with `\n`).
    fn credential_to_check<'c>(
        credential: &'c str,
        notes: &[PasteNote],
        interactive: bool,
        note_lines: &mut Vec<String>,
    ) -> &'c str {
        if interactive && notes.contains(&PasteNote::TrailingNewline) {
            note_lines.push(
                "the line break from pressing Enter was not counted as part of the key".to_owned(),
            );
            note_lines.extend(
                notes
                    .iter()
                    .filter(|n| **n != PasteNote::TrailingNewline)
                    .map(ToString::to_string),
            );
            return credential
                .strip_suffix("\r\n")
                .or_else(|| credential.strip_suffix('\n'))
                .unwrap_or(credential);
        }
        note_lines.extend(notes.iter().map(ToString::to_string));
        credential
    }

    fn has_error(report: &Report) -> bool {
        report
            .entries
            .iter()
            .flat_map(|e| &e.findings)
            .chain(report.findings.iter().map(|f| &f.finding))
            .any(|f| f.severity == Severity::Error)
    }

    /// What the output needs of one exchange, kept in its place: `check` streams the HAR and
    /// drops each exchange once it is analysed.
    struct Kept {
        /// The exchange's HAR entry index.
        index: usize,
        /// Its URL in full (only needed, and only kept, with --reveal).
        url: String,
        /// The identity cards of the credentials it carries.
        cards: Vec<CredentialCard>,
    }

    impl Kept {
        fn of(ex: &Exchange, index: usize, keep_url: bool) -> Self {
            Kept {
                index,
                url: if keep_url {
                    ex.url.clone()
                } else {
                    String::new()
                },
                cards: cards_for_exchange(ex),
            }
        }

        fn all(exchanges: &[Exchange], entry_indexes: &[usize], keep_url: bool) -> Vec<Kept> {
            exchanges
                .iter()
                .zip(entry_indexes)
                .map(|(ex, &i)| Kept::of(ex, i, keep_url))
                .collect()
        }
    }

    /// What was kept of the exchange behind the report entry at `position` (report entries
    /// are in exchange order, renumbered to HAR indexes).
    fn kept_of<'a>(entry: &EntryReport, position: usize, kept: &'a [Kept]) -> Option<&'a Kept> {
        kept.get(position).filter(|k| k.index == entry.index)
    }

    /// The cards of one entry: its exchange's credentials, or the pasted one.
    fn entry_cards(
        entry: &EntryReport,
        position: usize,
        kept: &[Kept],
        pasted: Option<&str>,
    ) -> Vec<CredentialCard> {
        match (kept_of(entry, position, kept), pasted) {
            (Some(k), _) => k.cards.clone(),
            (None, Some(value)) => vec![pasted_card(value)],
            (None, None) => Vec::new(),
        }
    }

    /// The URL to show: the engine's redacted one, or with --reveal the exchange's own.
    fn shown_url<'a>(
        entry: &'a EntryReport,
        position: usize,
        kept: &'a [Kept],
        reveal: bool,
    ) -> &'a str {
        if reveal {
            if let Some(k) = kept_of(entry, position, kept).filter(|k| !k.url.is_empty()) {
                return &k.url;
            }
        }
        &entry.url
    }

    #[allow(clippy::too_many_arguments)]
    fn emit(
        report: &Report,
        kept: &[Kept],
        kind: Option<PasteKind>,
        pasted: Option<&str>,
        notes: &[String],
        header: &str,
        common: &Common,
    ) -> Result<i32, UsageError> {
        let code = i32::from(has_error(report));
        if common.json {
            // Written as it is serialised: a 200,000-entry report never exists as one string.
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            let written = json_write(&mut out, report, kept, kind, pasted, notes, common.reveal)
                .and_then(|()| out.flush().map_err(serde_json::Error::io));
            // A closed pipe (`| head`) is not an error worth a message.
            if let Err(e) = written {
                if !e.is_io() {
                    return Err(UsageError(format!("cannot write JSON: {e}")));
                }
            }
            return Ok(code);
        }
        let colour = std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let text = human(
            report,
            kept,
            Shown {
                // `inspect` shows every entry's cards; `check` those of flagged entries.
                every_entry: kind.is_some(),
                pasted,
            },
            notes,
            header,
            common.reveal,
            colour,
        );
        write_out(&text)?;
        Ok(code)
    }

    #[cfg(test)]
    fn json_text(
        report: &Report,
        kept: &[Kept],
        kind: Option<PasteKind>,
        pasted: Option<&str>,
        notes: &[String],
        reveal: bool,
    ) -> Result<String, UsageError> {
        let mut bytes = Vec::new();
        json_write(&mut bytes, report, kept, kind, pasted, notes, reveal)
            .map_err(|e| UsageError(format!("cannot write JSON: {e}")))?;
        String::from_utf8(bytes).map_err(|e| UsageError(format!("cannot write JSON: {e}")))
    }

    /// The JSON report (`authlens::report`, the schema every output shares): the report's
    /// entries with the kept credential cards (or the pasted key's), URLs as sent with --reveal.
    fn json_write(
        out: &mut impl Write,
        report: &Report,
        kept: &[Kept],
        kind: Option<PasteKind>,
        pasted: Option<&str>,
        notes: &[String],
        reveal: bool,
    ) -> Result<(), serde_json::Error> {
        let pasted_cards: Vec<CredentialCard> = pasted.map(pasted_card).into_iter().collect();
        let mut json = JsonReport::new(&report.entries, &report.findings, |p, e| {
            kept_of(e, p, kept).map_or(&pasted_cards[..], |k| &k.cards[..])
        })
        .with_kind(kind.map(PasteKind::as_str))
        .with_notes(notes);
        if reveal {
            for (p, (entry, shown)) in report.entries.iter().zip(&mut json.entries).enumerate() {
                shown.url = shown_url(entry, p, kept, true);
            }
        }
        json.write(out)
    }

    struct Style {
        on: bool,
    }

    impl Style {
        fn paint(&self, code: &str, text: &str) -> String {
            if self.on {
                format!("\x1b[{code}m{text}\x1b[0m")
            } else {
                text.to_owned()
            }
        }
        fn severity(&self, severity: Severity) -> String {
            let (code, label) = match severity {
                Severity::Error => ("1;31", "error  "),
                Severity::Warning => ("33", "warning"),
                Severity::Info => ("36", "info   "),
            };
            self.paint(code, label)
        }
    }

    fn count_summary(findings: &[&Finding]) -> String {
        let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
        let parts: Vec<String> = [
            (Severity::Error, "error"),
            (Severity::Warning, "warning"),
            (Severity::Info, "info"),
        ]
        .into_iter()
        .filter_map(|(s, label)| {
            let n = count(s);
            (n > 0).then(|| {
                format!(
                    "{n} {label}{}",
                    if n > 1 && s != Severity::Info {
                        "s"
                    } else {
                        ""
                    }
                )
            })
        })
        .collect();
        if parts.is_empty() {
            "ok".to_owned()
        } else {
            parts.join(", ")
        }
    }

    use authlens::text::clip_chars as truncate;

    /// Control characters (ESC sequences, CR, bidi and invisible marks) in anything from the
    /// input would reach the user's terminal: show them escaped (`\x1b`).
    fn printable(text: &str) -> String {
        authlens::redact::escape(text)
    }

    /// Which entries get identity cards in the human output.
    struct Shown<'a> {
        every_entry: bool,
        pasted: Option<&'a str>,
    }

    /// The identity card, first in an entry's explanation.
    fn explain_card(out: &mut String, style: &Style, card: &CredentialCard) {
        let scheme = card
            .scheme
            .as_deref()
            .map(|s| format!(" ({})", printable(s)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {}  {}\n           {}{scheme}: {}, {} bytes",
            style.paint("1", "key    "),
            printable(&card.sentence()),
            printable(&card.location),
            printable(&card.redacted),
            card.length,
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn human(
        report: &Report,
        kept: &[Kept],
        shown: Shown<'_>,
        notes: &[String],
        header: &str,
        reveal: bool,
        colour: bool,
    ) -> String {
        let style = Style { on: colour };
        let mut out = String::new();
        let _ = writeln!(out, "{}", style.paint("1", &printable(header)));
        for note in notes {
            let _ = writeln!(out, "note: {}", printable(note));
        }
        out.push('\n');
        // A bare pasted key has no request to tabulate.
        let bare = kept.is_empty()
            && !report.entries.is_empty()
            && report.entries.iter().all(|e| e.method.is_empty());
        let rows: Vec<(String, String, String, String, String)> = report
            .entries
            .iter()
            .enumerate()
            .map(|(p, e)| {
                let findings: Vec<&Finding> = e.findings.iter().collect();
                let status = if e.status == 0 {
                    "-".to_owned()
                } else {
                    e.status.to_string()
                };
                let method = if e.method.is_empty() {
                    "-".to_owned()
                } else {
                    printable(&e.method)
                };
                let url = shown_url(e, p, kept, reveal);
                let url = if url.is_empty() {
                    "-".to_owned()
                } else {
                    truncate(&printable(url), 64)
                };
                (
                    e.index.to_string(),
                    method,
                    status,
                    url,
                    count_summary(&findings),
                )
            })
            .collect();
        let width = |f: fn(&(String, String, String, String, String)) -> &String, title: &str| {
            rows.iter()
                .map(|r| f(r).chars().count())
                .chain([title.len()])
                .max()
                .unwrap_or(0)
        };
        let (w0, w1, w2, w3) = (
            width(|r| &r.0, "#"),
            width(|r| &r.1, "METHOD"),
            width(|r| &r.2, "STATUS"),
            width(|r| &r.3, "URL"),
        );
        if !bare {
            let _ = writeln!(
                out,
                "{}",
                style.paint(
                    "1",
                    &format!(
                        "{:>w0$}  {:<w1$}  {:<w2$}  {:<w3$}  FINDINGS",
                        "#", "METHOD", "STATUS", "URL"
                    )
                )
            );
            for (index, method, status, url, summary) in &rows {
                let _ = writeln!(
                    out,
                    "{index:>w0$}  {method:<w1$}  {status:<w2$}  {url:<w3$}  {summary}"
                );
            }
            if report.entries.is_empty() {
                let _ = writeln!(out, "(no requests)");
            }
        }
        for (p, entry) in report.entries.iter().enumerate() {
            let cards = if shown.every_entry || !entry.findings.is_empty() {
                entry_cards(entry, p, kept, shown.pasted)
            } else {
                Vec::new()
            };
            if entry.findings.is_empty() && cards.is_empty() {
                continue;
            }
            let url = printable(shown_url(entry, p, kept, reveal));
            let status = if entry.status == 0 {
                "no response".to_owned()
            } else {
                entry.status.to_string()
            };
            let title = if bare {
                "The pasted credential".to_owned()
            } else {
                format!(
                    "[{}] {} {} -> {status}",
                    entry.index,
                    printable(&entry.method),
                    url
                )
            };
            let _ = writeln!(
                out,
                "{}{}",
                if bare { "" } else { "\n" },
                style.paint("1", &title)
            );
            for card in &cards {
                explain_card(&mut out, &style, card);
            }
            for finding in &entry.findings {
                explain(&mut out, &style, finding, None);
            }
        }
        if !report.findings.is_empty() {
            let _ = writeln!(out, "\n{}", style.paint("1", "Across requests"));
            for session in &report.findings {
                explain(&mut out, &style, &session.finding, Some(&session.entries));
            }
        }
        let all: Vec<&Finding> = report
            .entries
            .iter()
            .flat_map(|e| &e.findings)
            .chain(report.findings.iter().map(|f| &f.finding))
            .collect();
        let _ = writeln!(
            out,
            "\n{}",
            if all.is_empty() {
                "No problems found.".to_owned()
            } else {
                format!("Summary: {}", count_summary(&all))
            }
        );
        out
    }

    fn explain(out: &mut String, style: &Style, finding: &Finding, entries: Option<&[usize]>) {
        let mut head = format!(
            "  {}  {}  {}",
            style.severity(finding.severity),
            style.paint("1", finding.id.as_str()),
            finding.title()
        );
        if let Some(entries) = entries {
            let list: Vec<String> = entries.iter().map(ToString::to_string).collect();
            let _ = write!(head, " (entries {})", list.join(", "));
        }
        let _ = writeln!(out, "{head}");
        let _ = writeln!(out, "           {}", printable(&finding.detail()));
        let _ = writeln!(out, "           Fix: {}", printable(finding.fix()));
        let evidence = &finding.evidence;
        let mut where_ = printable(&evidence.field);
        if let Some(span) = evidence.span {
            let unit = match span.unit {
                authlens::model::SpanUnit::Utf8Bytes => "bytes",
                authlens::model::SpanUnit::Utf16Units => "UTF-16 units",
            };
            let _ = write!(where_, " ({unit} {}..{})", span.start, span.end);
        }
        for note in &evidence.code_points {
            let _ = write!(
                where_,
                ", {} {} at byte {}",
                note.code_point, note.name, note.byte_offset
            );
        }
        for fact in &evidence.facts {
            let _ = write!(
                where_,
                ", {}: {}",
                fact.name,
                printable(&fact.value.shown())
            );
        }
        if !where_.is_empty() {
            let _ = writeln!(out, "           Evidence: {where_}");
        }
    }

    fn challenge(json: bool, values: &[String]) -> Result<i32, UsageError> {
        let lines: Vec<&str> = values.iter().map(String::as_str).collect();
        let challenges = parse_challenges(&lines)
            .map_err(|e| UsageError(format!("cannot parse the challenge: {e}")))?;
        // Values from the server are shown as Text: a token68 or a parameter holding a key is
        // redacted like everywhere else.
        use authlens::redact::Text;
        if json {
            let shown: Vec<serde_json::Value> = challenges
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "scheme": Text::new(&c.scheme),
                        "token68": c.token68.as_deref().map(Text::new),
                        "params": c.params.iter().map(|(n, v)| (Text::new(n), Text::new(v))).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let mut text = serde_json::to_string(&shown)
                .map_err(|e| UsageError(format!("cannot write JSON: {e}")))?;
            text.push('\n');
            write_out(&text)?;
            return Ok(0);
        }
        let mut out = String::new();
        if challenges.is_empty() {
            out.push_str("No challenges (an empty WWW-Authenticate value).\n");
        }
        for (i, c) in challenges.iter().enumerate() {
            let _ = writeln!(out, "{}. scheme {}", i + 1, Text::new(&c.scheme));
            if let Some(token68) = &c.token68 {
                let _ = writeln!(out, "   token68 {}", Text::new(token68));
            }
            for (name, value) in &c.params {
                let _ = writeln!(out, "   {} = \"{}\"", Text::new(name), Text::new(value));
            }
        }
        write_out(&out)?;
        Ok(0)
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use authlens::findings::FindingId;
        use authlens::model::{msg, CodePointNote, Evidence, Span};
        use authlens::rules::SessionFinding;

        fn finding(id: FindingId, severity: Severity, evidence: Evidence) -> Finding {
            Finding {
                severity,
                ..Finding::new(
                    id,
                    msg("Detail of {id}, with a tab\there.").arg("id", id.as_str()),
                    evidence,
                )
            }
        }

        /// A fixed report, so the layout snapshot does not change when rule wording does.
        fn report() -> (Report, Vec<Exchange>, Vec<usize>) {
            let mut zwsp =
                Evidence::field("request.header.Authorization").with_span(Span::bytes(7, 10));
            zwsp.code_points.push(CodePointNote {
                byte_offset: 7,
                utf16_offset: 7,
                code_point: "U+200B".into(),
                name: "ZERO WIDTH SPACE".into(),
                count: 1,
            });
            let entries = vec![
                EntryReport {
                    index: 0,
                    method: "OPTIONS".into(),
                    url: "https://api.example.com/v1/me".into(),
                    status: 204,
                    findings: vec![],
                },
                EntryReport {
                    index: 2,
                    method: "GET".into(),
                    url: "https://api.example.com/v1/me?api_key=[32 chars]".into(),
                    status: 401,
                    findings: vec![
                        finding(FindingId::TokenInvisibleChar, Severity::Error, zwsp),
                        finding(
                            FindingId::SchemeCase,
                            Severity::Warning,
                            Evidence::field("request.header.Authorization")
                                .with_fact("scheme", "bearer"),
                        ),
                        finding(
                            FindingId::JwtExpiresSoon,
                            Severity::Info,
                            Evidence::field("jwt.claims.exp"),
                        ),
                    ],
                },
                EntryReport {
                    index: 3,
                    method: "GET".into(),
                    url: "https://other.example.net/x".into(),
                    status: 0,
                    findings: vec![],
                },
            ];
            let findings = vec![SessionFinding {
                finding: finding(
                    FindingId::SessionRetryStorm,
                    Severity::Warning,
                    Evidence::field("entry"),
                ),
                entries: vec![2, 3],
            }];
            let exchanges = vec![
                Exchange::new("OPTIONS", "https://api.example.com/v1/me"),
                Exchange::new(
                    "GET",
                    "https://api.example.com/v1/me?api_key=revealed-value",
                ),
                Exchange::new("GET", "https://other.example.net/x"),
            ];
            (Report { entries, findings }, exchanges, vec![0, 2, 3])
        }

        const CHECK: Shown<'static> = Shown {
            every_entry: false,
            pasted: None,
        };

        fn snapshot(name: &str, text: &str) {
            insta::with_settings!({ snapshot_path => "../../tests/snapshots", prepend_module_to_snapshot => false }, {
                insta::assert_snapshot!(name, text);
            });
        }

        #[test]
        fn human_report_layout() {
            let (report, exchanges, indexes) = report();
            let kept = Kept::all(&exchanges, &indexes, true);
            let notes =
                vec!["entry 1: skipped (line 40 of the file): missing field `request`".to_owned()];
            let text = human(
                &report,
                &kept,
                CHECK,
                &notes,
                "session.har: 3 request(s), exported by Firefox 128.0",
                false,
                false,
            );
            assert!(!text.contains("revealed-value"));
            snapshot("cli_human_report", &text);
        }

        #[test]
        fn human_report_revealed_and_coloured() {
            let (report, exchanges, indexes) = report();
            let kept = Kept::all(&exchanges, &indexes, true);
            let text = human(&report, &kept, CHECK, &[], "stdin: a HAR file", true, true);
            assert!(text.contains("https://api.example.com/v1/me?api_key=revealed-value"));
            assert!(text.contains("\x1b[1;31merror  \x1b[0m"));
            snapshot("cli_human_report_coloured", &text);
        }

        #[test]
        fn human_bare_credential_has_no_table() {
            let entry = EntryReport {
                index: 0,
                method: String::new(),
                url: String::new(),
                status: 0,
                findings: vec![finding(
                    FindingId::TokenLineBreak,
                    Severity::Error,
                    Evidence::field("credential").with_span(Span::bytes(40, 41)),
                )],
            };
            let report = Report {
                entries: vec![entry],
                findings: vec![],
            };
            let notes = vec![PasteNote::TrailingNewline.to_string()];
            let key = "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";
            let shown = Shown {
                every_entry: true,
                pasted: Some(key),
            };
            let text = human(
                &report,
                &[],
                shown,
                &notes,
                "stdin: a raw key",
                false,
                false,
            );
            assert!(!text.contains(key));
            snapshot("cli_human_bare_key", &text);
        }

        #[test]
        fn human_empty_session() {
            let text = human(
                &Report {
                    entries: vec![],
                    findings: vec![],
                },
                &[],
                CHECK,
                &[],
                "empty.har: 0 request(s)",
                false,
                false,
            );
            assert!(text.contains("(no requests)") && text.contains("No problems found."));
        }

        #[test]
        fn json_report_shape() {
            let (report, exchanges, indexes) = report();
            let kept = Kept::all(&exchanges, &indexes, true);
            let text = json_text(&report, &kept, Some(PasteKind::Har), None, &[], false).unwrap();
            assert!(!text.contains("revealed-value"));
            // Fingerprints are salted per run: the snapshot keeps their shape only.
            let mut shaped: serde_json::Value = serde_json::from_str(&text).unwrap();
            for entry in shaped["entries"].as_array_mut().unwrap() {
                for card in entry["credentials"].as_array_mut().unwrap() {
                    assert!(card["fingerprint"].as_str().unwrap().starts_with("sha256:"));
                    card["fingerprint"] = "sha256:(salted)".into();
                }
            }
            let text = serde_json::to_string_pretty(&shaped).unwrap() + "\n";
            snapshot("cli_json_report", &text);
            let revealed = json_text(&report, &kept, None, None, &[], true).unwrap();
            let parsed: serde_json::Value = serde_json::from_str(&revealed).unwrap();
            assert!(revealed.contains("api_key=revealed-value") && parsed.get("kind").is_none());
        }

        #[test]
        fn exit_status_follows_error_severity() {
            let (mut report, _, _) = report();
            assert!(has_error(&report));
            for entry in &mut report.entries {
                entry.findings.retain(|f| f.severity != Severity::Error);
            }
            assert!(!has_error(&report));
            report.findings[0].finding.severity = Severity::Error;
            assert!(has_error(&report));
        }

        #[test]
        fn enter_key_newline_is_dropped_only_on_a_terminal() {
            let notes = [PasteNote::TrailingNewline];
            let mut lines = Vec::new();
            assert_eq!(
                credential_to_check("abc\r\n", &notes, true, &mut lines),
                "abc"
            );
            assert_eq!(
                lines,
                ["the line break from pressing Enter was not counted as part of the key"]
            );
            let mut lines = Vec::new();
            assert_eq!(
                credential_to_check("abc\n", &notes, false, &mut lines),
                "abc\n"
            );
            assert_eq!(lines, [PasteNote::TrailingNewline.to_string()]);
            let mut lines = Vec::new();
            assert_eq!(
                credential_to_check("abc\n\n", &[], true, &mut lines),
                "abc\n\n"
            );
            assert!(lines.is_empty());
        }

        #[test]
        fn control_characters_are_escaped_for_the_terminal() {
            assert_eq!(printable("a\x1b[2Jb\n"), "a\\x1b[2Jb\\x0a");
            assert_eq!(truncate("abcdef", 4), "abc…");
            assert_eq!(truncate("abc", 4), "abc");
        }
    }
}
