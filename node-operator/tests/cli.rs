//! The binary as its users run it: offline commands write what the library
//! makes, and refusals say what to do.
#![allow(clippy::unwrap_used)] // fixtures and helpers of tests

use std::{fs, os::unix::fs::PermissionsExt, path::Path, process::Command};

fn node_operator(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_node-operator"))
        .args(args)
        .current_dir(dir)
        .env_remove("NODE_PRIVATE_KEY")
        .env_remove("NODE_MNEMONIC_FILE")
        .env("NODE_RPC_URL", "http://127.0.0.1:9")
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn deposit_data_writes_the_files_the_motsu_suite_feeds_to_the_contracts() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("m.txt"),
        "test test test test test test test test test test test waste\n",
    )
    .unwrap();
    for amount in ["prestake", "stake"] {
        let out = format!("out-{amount}");
        let (ok, stdout, stderr) = node_operator(
            dir.path(),
            &[
                "deposit-data",
                "--mnemonic-file",
                "m.txt",
                "--index",
                "0",
                "--amount",
                amount,
                "--minipool",
                "0x4d696e69706f6f6c000000000000000000000001",
                "--out-dir",
                &out,
            ],
        );
        assert!(ok, "{stderr}");
        assert!(stdout.contains("signed for mainnet"), "{stdout}");
        let written = fs::read_dir(dir.path().join(&out))
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let fixture = format!(
            "{}/../tests/fixtures/deposit_data-{amount}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        assert_eq!(
            fs::read_to_string(written).unwrap(),
            fs::read_to_string(fixture).unwrap()
        );
    }
}

#[test]
fn a_new_mnemonic_goes_to_a_new_private_file_and_is_not_printed_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, stdout, stderr) = node_operator(dir.path(), &["mnemonic", "new", "--out", "m.txt"]);
    assert!(ok, "{stderr}");
    let phrase = fs::read_to_string(dir.path().join("m.txt")).unwrap();
    assert_eq!(phrase.split_whitespace().count(), 24);
    assert!(!stdout.contains(&phrase) && !stderr.contains(&phrase));
    let mode = fs::metadata(dir.path().join("m.txt"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let (ok, _, stderr) = node_operator(dir.path(), &["mnemonic", "new", "--out", "m.txt"]);
    assert!(!ok && stderr.contains("must not exist yet"), "{stderr}");
    let (ok, stdout, _) =
        node_operator(dir.path(), &["mnemonic", "new", "--words", "12", "--show"]);
    assert!(ok);
    assert_eq!(stdout.split_whitespace().count(), 12);
}

#[test]
fn refusals_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, _, stderr) = node_operator(dir.path(), &["watch"]);
    assert!(
        !ok && stderr.contains("pass --yes to send votes, or --dry-run"),
        "{stderr}"
    );
    let (ok, _, stderr) = node_operator(
        dir.path(),
        &[
            "status",
            "--node",
            "0x00000000000000000000000000000000000000a1",
        ],
    );
    assert!(
        !ok && stderr.contains("is the node running and is --rpc-url right?"),
        "{stderr}"
    );
    let (ok, _, stderr) = node_operator(
        dir.path(),
        &[
            "deposit-data",
            "--minipool",
            "0x00000000000000000000000000000000000000a1",
            "--index",
            "0",
            "--amount",
            "stake",
        ],
    );
    assert!(!ok && stderr.contains("--mnemonic-file"), "{stderr}");
    let (ok, _, stderr) = node_operator(dir.path(), &["--network", "sepolia-ish", "status"]);
    assert!(
        !ok && stderr.contains("give mainnet, holesky, hoodi"),
        "{stderr}"
    );
    let (ok, stdout, _) = node_operator(dir.path(), &["--help"]);
    assert!(
        ok && stdout.contains("A node's life") && stdout.contains("Secrets never come from flags")
    );
}
