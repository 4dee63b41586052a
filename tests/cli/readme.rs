//! The README names only commands and flags the binary has: every `smb …` line in a code block
//! is checked against `smb … --help`.

use crate::support::Workdir;

/// The `smb …` command lines of the README's code blocks (a leading `$ ` is dropped).
fn readme_commands() -> Vec<String> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let mut in_block = false;
    let mut out = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_block = !in_block;
            continue;
        }
        let l = line.trim().trim_start_matches("$ ");
        if in_block && l.starts_with("smb ") {
            out.push(l.split(" #").next().unwrap().trim().to_string());
        }
    }
    out
}

#[test]
fn every_readme_command_and_flag_exists() {
    let w = Workdir::new();
    let commands = readme_commands();
    assert!(commands.len() >= 10, "found only {commands:?}");
    for line in commands {
        let tokens = shell_words(&line);
        let words: Vec<&str> = tokens.iter().skip(1).map(String::as_str).collect();
        // Global options may come first; skip them and their values.
        let mut path = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let wd = words[i];
            if ["--db", "--as", "--now", "--format"].contains(&wd) {
                i += 2;
                continue;
            }
            if wd.starts_with('-') || !wd.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
                break;
            }
            path.push(wd);
            i += 1;
            // Subcommands are at most two deep (`case new`, `report sla`).
            if path.len() == 2 {
                break;
            }
        }
        // Take the longest prefix that is a command.
        let mut help = None;
        for n in (1..=path.len()).rev() {
            let mut args: Vec<&str> = path[..n].to_vec();
            args.push("--help");
            let out = w.smb(&args).output().unwrap();
            if out.status.success() {
                help = Some(String::from_utf8_lossy(&out.stdout).into_owned());
                break;
            }
        }
        let help = help.unwrap_or_else(|| panic!("README line {line:?}: no such command"));
        let known = help_flags(&help);
        for flag in words.iter().filter(|w| w.starts_with("--")) {
            let flag = flag.split('=').next().unwrap();
            assert!(
                known.contains(flag),
                "README line {line:?}: the command has no {flag}"
            );
        }
    }
}

/// The flags a help text names, as whole words: `--next` is not `--next-steps`.
fn help_flags(help: &str) -> std::collections::BTreeSet<String> {
    help.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| w.starts_with("--") && w.len() > 2)
        .map(str::to_string)
        .collect()
}

#[test]
fn a_flag_is_matched_whole_not_as_a_prefix() {
    let help = "Options:\n      --next-steps <TEXT>  What comes next\n  -f, --force\n";
    let flags = help_flags(help);
    assert!(flags.contains("--next-steps") && flags.contains("--force"));
    assert!(!flags.contains("--next"), "{flags:?}");
    assert!(!flags.contains("--for"), "{flags:?}");
}

/// Splits a command line into words, honouring double and single quotes.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut in_word = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            (None, c) => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    words
}
