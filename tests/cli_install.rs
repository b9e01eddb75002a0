//! What installing stancegraph gives a user: shell completions, man pages,
//! `--help` whose examples use real flags, and a release binary without
//! debug info.

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stancegraph"))
}

fn stdout(args: &[&str]) -> String {
    let o = bin().args(args).output().unwrap();
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

const SUBCOMMANDS: [&str; 11] = [
    "analyze",
    "merge",
    "compare",
    "inspect",
    "extract",
    "eval",
    "explain",
    "lexicon",
    "render",
    "completions",
    "manpage",
];

#[test]
fn completions_for_every_shell_name_the_commands_and_flags() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = stdout(&["completions", shell]);
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell}: no {sub}");
        }
        assert!(script.contains("per-article"), "{shell}");
    }
    let bash = stdout(&["completions", "bash"]);
    assert!(bash.contains("complete -F _stancegraph"), "{bash}");
    assert!(stdout(&["completions", "zsh"]).starts_with("#compdef stancegraph"));
    // The bash script is valid bash.
    if let Ok(o) = Command::new("bash").args(["-n", "-c", &bash]).output() {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let o = bin().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn man_pages_cover_every_command() {
    let page = stdout(&["manpage"]);
    assert!(page.contains(".TH stancegraph 1"), "{page}");
    for sub in SUBCOMMANDS {
        assert!(page.contains(sub), "no {sub} in the main page");
    }
    let dir = tempfile::tempdir().unwrap();
    stdout(&["manpage", "--dir", dir.path().to_str().unwrap()]);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    for sub in SUBCOMMANDS {
        let name = format!("stancegraph-{sub}.1");
        assert!(names.contains(&name), "{name} not in {names:?}");
    }
    let analyze = std::fs::read_to_string(dir.path().join("stancegraph-analyze.1")).unwrap();
    assert!(
        analyze.contains(".TH stancegraph\\-analyze 1")
            || analyze.contains(".TH stancegraph-analyze 1"),
        "{analyze}"
    );
    assert!(analyze.contains("per\\-article"), "{analyze}");
    // The same page written into a folder that cannot be made is an error.
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let o = bin()
        .args(["manpage", "--dir"])
        .arg(file.join("sub"))
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("a-file"));
}

/// Every example in `--help` names a subcommand and flags that exist.
#[test]
fn help_examples_use_real_subcommands_and_flags() {
    let mut checked = 0;
    for cmd in [
        None,
        Some("analyze"),
        Some("compare"),
        Some("extract"),
        Some("merge"),
        Some("completions"),
        Some("manpage"),
    ] {
        let help = match cmd {
            None => stdout(&["--help"]),
            Some(c) => stdout(&[c, "--help"]),
        };
        let examples = help
            .split_once("Example")
            .map(|(_, e)| e.to_string())
            .unwrap_or_else(|| panic!("{cmd:?}: no examples in --help"));
        for line in examples.lines().map(str::trim) {
            // Each command of a line (`a && b`, `cat x | stancegraph ...`).
            for part in line.split("&&").flat_map(|p| p.split('|')) {
                let words: Vec<&str> = part.split_whitespace().collect();
                let Some(at) = words.iter().position(|w| *w == "stancegraph") else {
                    continue;
                };
                let Some(sub) = words.get(at + 1) else {
                    continue;
                };
                let sub_help = stdout(&[sub, "--help"]);
                for w in &words[at + 2..] {
                    if *w == ">" {
                        break;
                    }
                    if let Some(flag) = w.strip_prefix("--") {
                        assert!(
                            sub_help.contains(&format!("--{flag}")),
                            "{cmd:?}: `{line}` uses --{flag}, which {sub} does not take"
                        );
                    } else if w.len() == 2 && w.starts_with('-') {
                        assert!(
                            sub_help.contains(&format!("{w},")),
                            "{cmd:?}: `{line}` uses {w}, which {sub} does not take"
                        );
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 20, "only {checked} examples");
}

/// The release profile (`cargo install`, `cargo build --release`) strips
/// debug info; `--profile profiling` keeps it.
#[test]
fn the_release_binary_carries_no_debug_info() {
    let exe = std::path::Path::new(env!("CARGO_BIN_EXE_stancegraph"));
    let profile = exe
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().to_string());
    if profile.as_deref() != Some("release") {
        println!("not a release build ({profile:?}): nothing to check");
        return;
    }
    let Ok(o) = Command::new("readelf").arg("-S").arg(exe).output() else {
        panic!("readelf (binutils) is needed to read the binary's sections");
    };
    let sections = String::from_utf8_lossy(&o.stdout);
    assert!(sections.contains(".text"), "{sections}");
    assert!(
        !sections.contains(".debug_info"),
        "the release binary carries debug info"
    );
    let size = std::fs::metadata(exe).unwrap().len();
    assert!(size < 60 << 20, "the release binary is {size} bytes");
}
