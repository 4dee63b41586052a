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
        let words: Vec<&str> = line.split_whitespace().skip(1).collect();
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
        for flag in words.iter().filter(|w| w.starts_with("--")) {
            let flag = flag.split('=').next().unwrap();
            assert!(
                help.contains(flag),
                "README line {line:?}: the command has no {flag}"
            );
        }
    }
}
