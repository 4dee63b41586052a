//! `--help` snapshot and the checked-in completion scripts.

use crate::support::Workdir;

#[test]
fn top_level_help() {
    let w = Workdir::new();
    let out = w.ok(&["--help"]);
    insta::assert_snapshot!(out);
}

/// `completions/` must match what the binary generates. To refresh after changing the command
/// line: `UPDATE_COMPLETIONS=1 cargo test --test cli completions`.
#[test]
fn completions_are_current() {
    let w = Workdir::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    for (shell, file) in [("bash", "smb.bash"), ("zsh", "_smb"), ("fish", "smb.fish")] {
        let generated = w.ok(&["completions", shell]);
        let path = dir.join(file);
        if std::env::var_os("UPDATE_COMPLETIONS").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &generated).unwrap();
        }
        let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            checked_in == generated,
            "completions/{file} is stale: run UPDATE_COMPLETIONS=1 cargo test --test cli completions"
        );
    }
}

/// `man/smb.1` must match `smb man`. To refresh: `UPDATE_COMPLETIONS=1 cargo test --test cli man`.
#[test]
fn man_page_is_current() {
    let w = Workdir::new();
    let generated = w.ok(&["man"]);
    assert!(
        generated.contains(".TH smb 1") && generated.contains("case"),
        "{generated}"
    );
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("man/smb.1");
    if std::env::var_os("UPDATE_COMPLETIONS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "man/smb.1 is stale: run UPDATE_COMPLETIONS=1 cargo test --test cli man"
    );
}

/// bash completes values: closed vocabularies from the script, people and queues from the
/// database at the moment of completing.
#[cfg(unix)]
#[test]
fn bash_completes_statuses_actions_people_and_queues() {
    if std::process::Command::new("bash")
        .arg("-c")
        .arg("true")
        .status()
        .is_err()
    {
        return; // no bash on this machine
    }
    let w = crate::casework::digital();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/smb.bash");
    let bin = assert_cmd::cargo::cargo_bin("smb");
    let complete = |words: &[&str]| -> Vec<String> {
        let words_q: Vec<String> = words.iter().map(|x| format!("'{x}'")).collect();
        let prog = format!(
            "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE='{}'; COMP_POINT=${{#COMP_LINE}}; _smb_with_names smb '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            script.display(),
            words_q.join(" "),
            words.len() - 1,
            words.join(" "),
            words[words.len() - 1],
            words[words.len() - 2],
        );
        let out = std::process::Command::new("bash")
            .args(["-c", &prog])
            .env(
                "PATH",
                format!("{}:/usr/bin:/bin", bin.parent().unwrap().display()),
            )
            .env("SMB_DB", w.db_arg())
            .env("HOME", w.path(""))
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_string)
            .filter(|l| !l.is_empty())
            .collect()
    };
    assert_eq!(complete(&["smb", "case", "list", "--owner", "D"]), ["Dana"]);
    assert_eq!(
        complete(&["smb", "queue", "list", "--queue", "E"]),
        ["EMEA"]
    );
    assert_eq!(
        complete(&["smb", "close", "1", "--action", "answ"]),
        ["answered-question"]
    );
    assert_eq!(
        complete(&["smb", "close", "1", "--status", "un"]),
        ["unresponsive"]
    );
    assert!(
        complete(&["smb", "case", "new", "--reason", "bil"])
            .contains(&"billing-payment".to_string())
    );
}

/// The README's completion lines work on a fresh home: every folder is made first.
#[cfg(unix)]
#[test]
fn readme_completion_lines_work_on_a_fresh_home() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = text
        .find("### `smb completions bash|zsh|fish`")
        .expect("completions section");
    let block = &text[start..];
    let block = &block[block.find("```sh").unwrap() + 5..];
    let block = &block[..block.find("```").unwrap()];
    let home = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("smb");
    let out = std::process::Command::new("sh")
        .args(["-ec", block])
        .env("HOME", home.path())
        .env(
            "PATH",
            format!("{}:/usr/bin:/bin", bin.parent().unwrap().display()),
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{block}",
        String::from_utf8_lossy(&out.stderr)
    );
    for f in [
        ".local/share/bash-completion/completions/smb",
        ".zfunc/_smb",
        ".config/fish/completions/smb.fish",
        ".local/share/man/man1/smb.1",
    ] {
        let p = home.path().join(f);
        assert!(
            std::fs::metadata(&p).is_ok_and(|m| m.len() > 1000),
            "{f}\n{block}"
        );
    }
}
