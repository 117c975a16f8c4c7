//! Shell words: how a POSIX shell (and Windows cmd, for Chrome's "Copy as cURL (cmd)") splits
//! a command line into the words curl receives.

use super::{InputError, MAX_CURL_WORDS};

/// Chrome's "Copy as cURL (cmd)" escapes with `^` and continues lines with a trailing `^`.
pub(super) fn is_cmd_syntax(command: &str) -> bool {
    command.contains("^\"") || command.lines().any(|l| l.trim_end().ends_with('^'))
}

/// POSIX shell words: `'..'`, `".."` (with `\` escaping `"\$` and backtick), `$'..'` (ANSI-C
/// escapes), `\` escaping one character, `\` + newline joining lines. `base` is the command's
/// offset in the paste, for error positions.
pub(super) fn shell_words(command: &str, base: usize) -> Result<Vec<String>, InputError> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    let mut chars = command.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    if words.len() == MAX_CURL_WORDS {
                        return Err(too_many_words());
                    }
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            '\\' => match chars.next() {
                // Line continuation: joins lines without starting a word.
                Some((_, '\n')) => {}
                Some((_, '\r')) if chars.peek().is_some_and(|&(_, n)| n == '\n') => {
                    chars.next();
                }
                Some((_, other)) => {
                    in_word = true;
                    current.push(other);
                }
                None => {}
            },
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some((_, '\'')) => break,
                        Some((_, ch)) => current.push(ch),
                        None => {
                            return Err(InputError::UnterminatedQuote {
                                quote: '\'',
                                byte_offset: base + i,
                            })
                        }
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some((_, '"')) => break,
                        Some((_, '\\')) => match chars.next() {
                            Some((_, '\n')) => {}
                            Some((_, ch @ ('"' | '\\' | '$' | '`'))) => current.push(ch),
                            Some((_, ch)) => {
                                current.push('\\');
                                current.push(ch);
                            }
                            None => {
                                return Err(InputError::UnterminatedQuote {
                                    quote: '"',
                                    byte_offset: base + i,
                                })
                            }
                        },
                        Some((_, ch)) => current.push(ch),
                        None => {
                            return Err(InputError::UnterminatedQuote {
                                quote: '"',
                                byte_offset: base + i,
                            })
                        }
                    }
                }
            }
            '$' if chars.peek().is_some_and(|&(_, n)| n == '\'') => {
                chars.next();
                in_word = true;
                ansi_c_quoted(&mut chars, &mut current).ok_or(InputError::UnterminatedQuote {
                    quote: '\'',
                    byte_offset: base + i + 1,
                })?;
            }
            other => {
                in_word = true;
                current.push(other);
            }
        }
    }
    if in_word {
        words.push(current);
    }
    Ok(words)
}

fn too_many_words() -> InputError {
    InputError::TooLarge {
        what: "curl arguments",
        limit: MAX_CURL_WORDS,
    }
}

/// Bash `$'...'`: `\n \t \r \e \a \b \f \v \\ \' \" \?`, `\xHH`, `\uHHHH`, `\UHHHHHHHH`, `\NNN`
/// (octal). `None` when the closing quote is missing.
pub(super) fn ansi_c_quoted(
    chars: &mut std::iter::Peekable<std::str::CharIndices>,
    out: &mut String,
) -> Option<()> {
    loop {
        let (_, c) = chars.next()?;
        match c {
            '\'' => return Some(()),
            '\\' => {
                let (_, e) = chars.next()?;
                match e {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'e' | 'E' => out.push('\u{1b}'),
                    'a' => out.push('\u{7}'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'v' => out.push('\u{b}'),
                    'x' => push_code(chars, out, 16, 2, 'x'),
                    'u' => push_code(chars, out, 16, 4, 'u'),
                    'U' => push_code(chars, out, 16, 8, 'U'),
                    '0'..='7' => {
                        let mut value = e.to_digit(8).unwrap_or(0);
                        for _ in 0..2 {
                            match chars.peek().and_then(|&(_, d)| d.to_digit(8)) {
                                Some(d) => {
                                    value = value * 8 + d;
                                    chars.next();
                                }
                                None => break,
                            }
                        }
                        // Bash emits the byte; for bytes above 0x7F that is not valid UTF-8 on
                        // its own, so keep the code point of the same value.
                        out.push(char::from_u32(value).unwrap_or('\u{fffd}'));
                    }
                    other => {
                        if !matches!(other, '\\' | '\'' | '"' | '?') {
                            out.push('\\');
                        }
                        out.push(other);
                    }
                }
            }
            other => out.push(other),
        }
    }
}

pub(super) fn push_code(
    chars: &mut std::iter::Peekable<std::str::CharIndices>,
    out: &mut String,
    radix: u32,
    max: usize,
    letter: char,
) {
    let mut value = 0u32;
    let mut digits = 0;
    while digits < max {
        match chars.peek().and_then(|&(_, d)| d.to_digit(radix)) {
            Some(d) => {
                value = value * radix + d;
                chars.next();
                digits += 1;
            }
            None => break,
        }
    }
    if digits == 0 {
        out.push('\\');
        out.push(letter);
    } else {
        out.push(char::from_u32(value).unwrap_or('\u{fffd}'));
    }
}

/// Windows cmd: `^X` is a literal X and `^` + newline continues the line; then the C runtime
/// splits arguments (`"` toggles quoting, `\"` is a quote, 2n backslashes before `"` are n).
pub(super) fn cmd_words(command: &str) -> Result<Vec<String>, InputError> {
    let mut unescaped = String::with_capacity(command.len());
    let mut chars = command.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '^' {
            match chars.next() {
                Some('\r') if chars.peek() == Some(&'\n') => {
                    chars.next();
                }
                Some('\n') => {}
                Some(other) => unescaped.push(other),
                None => {}
            }
        } else {
            unescaped.push(c);
        }
    }
    let mut words = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    let mut quoted = false;
    let mut backslashes = 0usize;
    for c in unescaped.chars() {
        match c {
            '\\' => {
                backslashes += 1;
                in_word = true;
            }
            '"' => {
                current.extend(std::iter::repeat_n('\\', backslashes / 2));
                if backslashes % 2 == 1 {
                    current.push('"');
                } else {
                    quoted = !quoted;
                }
                backslashes = 0;
                in_word = true;
            }
            ' ' | '\t' | '\n' | '\r' if !quoted => {
                current.extend(std::iter::repeat_n('\\', backslashes));
                backslashes = 0;
                if in_word {
                    if words.len() == MAX_CURL_WORDS {
                        return Err(too_many_words());
                    }
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            other => {
                current.extend(std::iter::repeat_n('\\', backslashes));
                backslashes = 0;
                current.push(other);
                in_word = true;
            }
        }
    }
    current.extend(std::iter::repeat_n('\\', backslashes));
    if in_word {
        words.push(current);
    }
    Ok(words)
}
