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
