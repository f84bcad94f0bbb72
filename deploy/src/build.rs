//! The release build of the suite, as Nitro activates it: one definition
//! (`.cargo/config.toml` plus `deploy/stylus-release.toml`, then `wasm-opt`
//! with [`WASM_OPT_ARGS`]) that `deploy build`, `deploy suite` and CI all
//! run.

use std::{
    collections::BTreeMap,
    fs,
    path::{Path, PathBuf},
    process::Command,
};

use alloy::primitives::{Keccak256, B256};
use eyre::{bail, eyre, Result, WrapErr};

use crate::{code::Program, suite::Contract};

/// The workspace this tool was built in.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Where the release build writes the programs, under the workspace.
pub const TARGET_DIR: &str = "target/stylus";
/// The config file that layers the release flags over `.cargo/config.toml`.
pub const RELEASE_CONFIG: &str = "deploy/stylus-release.toml";

/// What decides the programs a build produces: the workspace manifest and
/// lock file, the toolchain, the build flags and every contract crate.
pub const SOURCES: &[&str] = &[
    "Cargo.toml",
    "Cargo.lock",
    "rust-toolchain.toml",
    ".cargo/config.toml",
    RELEASE_CONFIG,
    "proxy",
    "contracts-macros",
    "contracts",
    "beacon-deposit",
    "node-manager",
    "reth-token",
    "deposit-pool",
    "minipool",
    "minipool-manager",
    "rewards-distributor",
];

/// A hash of every file under [`SOURCES`] (path and contents, in path
/// order). A program also depends on the toolchain and binaryen that build
/// it (and, before the contracts stopped routing openzeppelin-stylus's
/// ERC-165 query, on `HashMap` order), so a suite's contracts are matched
/// to their source by this, not by code hash.
///
/// # Errors
/// When a source cannot be read.
pub fn source_fingerprint(workspace: &Path) -> Result<B256> {
    let mut files = Vec::new();
    for source in SOURCES {
        collect_files(&workspace.join(source), &mut files)
            .wrap_err_with(|| format!("cannot read {source}"))?;
    }
    files.sort();
    let mut hasher = Keccak256::new();
    for file in files {
        let relative = file.strip_prefix(workspace).unwrap_or(&file);
        let contents = fs::read(&file)?;
        hasher.update(relative.to_string_lossy().as_bytes());
        hasher.update([0]);
        hasher.update((contents.len() as u64).to_be_bytes());
        hasher.update(&contents);
    }
    Ok(hasher.finalize())
}

fn collect_files(path: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_dir() {
        for entry in fs::read_dir(path)? {
            let entry = entry?.path();
            if entry.file_name().is_some_and(|name| name != "target") {
                collect_files(&entry, files)?;
            }
        }
    } else {
        files.push(path.to_path_buf());
    }
    Ok(())
}

/// The cargo command of the release build for `contracts`.
pub fn release_command(workspace: &Path, contracts: &[Contract]) -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(workspace)
        // std is rebuilt with the unstable size flags on the pinned stable
        // toolchain, as OpenZeppelin does with a pinned nightly.
        .env("RUSTC_BOOTSTRAP", "1")
        // RUSTFLAGS from the environment would replace the config files'
        // flags (the stack size and Nitro's wasm features) instead of adding
        // to them.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS")
        .args(["--config", RELEASE_CONFIG, "build", "--release", "--locked"])
        .args(["--target", "wasm32-unknown-unknown", "--lib"])
        .args(["--target-dir", TARGET_DIR]);
    for contract in contracts {
        command.args(["-p", contract.name()]);
    }
    command
}

/// Where cargo writes `contract`'s release wasm.
fn cargo_wasm_path(workspace: &Path, contract: Contract) -> PathBuf {
    workspace
        .join(TARGET_DIR)
        .join("wasm32-unknown-unknown/release")
        .join(contract.wasm_file())
}

/// The program of `contract` as deployed: cargo's release wasm after
/// `wasm-opt`.
pub fn wasm_path(workspace: &Path, contract: Contract) -> PathBuf {
    workspace
        .join(TARGET_DIR)
        .join("optimized")
        .join(contract.wasm_file())
}

/// `wasm-opt` (binaryen) for size, with exactly the wasm features Nitro
/// activates and rustc emits (binaryen 108 does not read them from the
/// module), and no custom sections left; `--converge` repeats the passes
/// while they still shrink it. About 6 % fewer compressed bytes and a
/// quarter fewer wasm bytes, which every call into the program pays for
/// when it starts.
pub const WASM_OPT_ARGS: &[&str] = &[
    "-Oz",
    "--converge",
    "--enable-bulk-memory",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--strip-debug",
    "--strip-producers",
    "--strip-target-features",
];

/// Runs the release build of `contracts` (cargo's own progress on stderr),
/// then `wasm-opt` on each program.
///
/// # Errors
/// When cargo or `wasm-opt` cannot be started or fails.
pub fn build(workspace: &Path, contracts: &[Contract]) -> Result<()> {
    let status = release_command(workspace, contracts)
        .status()
        .wrap_err("could not start cargo for the release build")?;
    if !status.success() {
        bail!("the release build failed ({status}); cargo's errors are above");
    }
    let optimized = workspace.join(TARGET_DIR).join("optimized");
    fs::create_dir_all(&optimized)
        .wrap_err_with(|| format!("cannot create {}", optimized.display()))?;
    for &contract in contracts {
        let output = Command::new("wasm-opt")
            .args(WASM_OPT_ARGS)
            .arg(cargo_wasm_path(workspace, contract))
            .arg("-o")
            .arg(wasm_path(workspace, contract))
            .output()
            .wrap_err(
                "could not run wasm-opt: install binaryen (`apt-get install binaryen`, \
                 or `brew install binaryen`) and run the build again",
            )?;
        if !output.status.success() {
            bail!(
                "wasm-opt failed on {} ({}): {}",
                contract.name(),
                output.status,
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
    Ok(())
}

/// Reads the built programs of `contracts`.
///
/// # Errors
/// When a wasm file is missing or is not a wasm module.
pub fn load(workspace: &Path, contracts: &[Contract]) -> Result<BTreeMap<Contract, Program>> {
    contracts
        .iter()
        .map(|&contract| Ok((contract, read_program(&wasm_path(workspace, contract))?)))
        .collect()
}

/// Reads a release wasm as a program.
///
/// # Errors
/// When the file is missing or is not a wasm module.
pub fn read_program(path: &Path) -> Result<Program> {
    let wasm = fs::read(path).wrap_err_with(|| {
        format!(
            "cannot read {} (build the suite with `cargo run --manifest-path deploy/Cargo.toml -- build`)",
            path.display()
        )
    })?;
    Program::from_wasm(&wasm).ok_or_else(|| eyre!("{} is not a wasm module", path.display()))
}
