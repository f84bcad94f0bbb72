//! `deploy`: build the suite as Nitro activates it, check it offline,
//! deploy and wire it on any Stylus chain, and read its status.

use std::{
    collections::BTreeMap,
    fs,
    path::{Path, PathBuf},
    process::ExitCode,
};

use alloy::primitives::{keccak256, utils::format_ether, Address};
use clap::{Args, Parser, Subcommand};
use deploy::{
    build,
    chain::{confirm, Chain},
    code::Program,
    deployments::Deployments,
    keys, nitro,
    plan::{plan, Step},
    run, sizes, status,
    suite::{Contract, Layout, STYLUS_DEPLOYER},
};
use eyre::{bail, eyre, Result, WrapErr};

/// What `deploy --help` opens with.
const LONG_ABOUT: &str = "\
Builds, checks, deploys and inspects the staking protocol's Stylus contracts.

Against a Nitro dev node (http://localhost:8547, chain 412346) one command
deploys, wires and verifies everything with the node's prefunded account:

    cargo run --manifest-path deploy/Cargo.toml -- suite

On any other chain give a key (--keystore FILE, or DEPLOY_PRIVATE_KEY) and
look at the plan and what it costs first with --dry-run. Then:

    cargo run --manifest-path deploy/Cargo.toml -- status";

/// Builds, checks, deploys and inspects the staking protocol's Stylus
/// contracts.
#[derive(Parser)]
#[command(version, long_about = LONG_ABOUT)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Builds every contract as it is deployed (.cargo/config.toml plus
    /// deploy/stylus-release.toml) and checks each as `check` does.
    Build {
        /// Print the sizes and findings as JSON.
        #[arg(long)]
        json: bool,
        /// Rewrite the README's table of sizes and start gas from this
        /// build (without it, a table that differs fails the build).
        #[arg(long)]
        update_readme: bool,
    },
    /// Checks wasm files against what a Stylus chain enforces at
    /// activation: Nitro's wasm features, the entry point, memory, imports,
    /// start function, limits, and the 24,576-byte code size, and each suite
    /// contract against its size budget. Exits 1 if any file fails, naming
    /// the file and the rule. Also prints the gas each call pays to start
    /// each program, uncached and cached, by Nitro's own formula.
    Check {
        /// Release wasm files (default: the built suite).
        files: Vec<PathBuf>,
        /// Print the sizes and findings as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Builds, checks, deploys, wires and verifies the whole suite through
    /// the chain's StylusDeployer (create, activate and constructor in one
    /// transaction each). Shows the plan and its cost and asks before
    /// sending; resumes from deployments/<chain-id>.json.
    Suite(SuiteArgs),
    /// Shows each deployed contract (address, code, activation, cache) and
    /// the protocol's headline numbers.
    Status {
        #[command(flatten)]
        chain: ChainArgs,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
struct ChainArgs {
    /// JSON-RPC endpoint of a Stylus chain.
    #[arg(long, env = "DEPLOY_RPC_URL", default_value = "http://localhost:8547")]
    rpc_url: String,
    /// Directory of the deployments files (one per chain id).
    #[arg(long, default_value = "deployments")]
    deployments: PathBuf,
}

#[derive(Args)]
#[allow(clippy::struct_excessive_bools)] // command-line switches
struct SuiteArgs {
    #[command(flatten)]
    chain: ChainArgs,
    /// Encrypted (EIP-2335/Web3 secret storage) keystore of the deploying
    /// account, which becomes every contract's admin. Its password is read
    /// from `DEPLOY_KEYSTORE_PASSWORD` or asked for. Without it the key comes
    /// from `DEPLOY_PRIVATE_KEY`, or on the Nitro dev node from its documented
    /// dev account.
    #[arg(long)]
    keystore: Option<PathBuf>,
    /// Text the suite's CREATE2 salt is made from: the same salt, admin and
    /// wasm give the same addresses on every chain; another salt starts a
    /// second suite.
    #[arg(long, default_value = "rocket-stylus")]
    salt: String,
    /// Use this beacon deposit contract instead of deploying the project's
    /// own (which is for devnets).
    #[arg(long)]
    beacon_deposit: Option<Address>,
    /// The StylusDeployer to deploy through.
    #[arg(long, default_value_t = STYLUS_DEPLOYER)]
    stylus_deployer: Address,
    /// Also bid to cache the hot programs (rETH, deposit pool, minipool,
    /// smoothing pool) in the chain's CacheManager, at its minimum bid.
    #[arg(long)]
    cache: bool,
    /// Ceiling on the fee per gas, in gwei, for every transaction.
    #[arg(long, value_name = "GWEI")]
    max_fee: Option<f64>,
    /// Print the plan with gas and cost estimates and send nothing.
    #[arg(long)]
    dry_run: bool,
    /// Send without asking for confirmation.
    #[arg(long)]
    yes: bool,
    /// Take the wasm already built in target/stylus instead of building.
    #[arg(long)]
    no_build: bool,
    /// Print the plan (with --dry-run) or the deployments file as JSON.
    #[arg(long)]
    json: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            json,
            update_readme,
        } => build_and_check(json, update_readme),
        Command::Check { files, json } => check_files(&files, json),
        Command::Suite(args) => suite(args).await,
        Command::Status { chain, json } => show_status(&chain, json).await,
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn build_and_check(json: bool, update_readme: bool) -> Result<bool> {
    let workspace = build::workspace_root();
    build::build(&workspace, &Contract::ALL)?;
    let programs = build::load(&workspace, &Contract::ALL)?;
    let checked = check_programs(suite_in_order(&programs), json)?;
    Ok(readme_table_is_current(&workspace, &programs, update_readme)? && checked)
}

/// Whether the README's table of sizes and start gas matches `programs`,
/// just built; with `update`, rewrites it when it does not.
fn readme_table_is_current(
    workspace: &Path,
    programs: &BTreeMap<Contract, Program>,
    update: bool,
) -> Result<bool> {
    let table = sizes::table(
        programs
            .iter()
            .map(|(&contract, program)| (contract, program)),
    );
    let path = workspace.join("README.md");
    let readme =
        fs::read_to_string(&path).wrap_err_with(|| format!("cannot read {}", path.display()))?;
    let Some(updated) = sizes::with_table(&readme, &table) else {
        bail!(
            "{} has no size table to keep current (its header is {:?})",
            path.display(),
            sizes::HEADER.lines().next().unwrap_or_default()
        );
    };
    if updated == readme {
        return Ok(true);
    }
    if update {
        fs::write(&path, updated).wrap_err_with(|| format!("cannot write {}", path.display()))?;
        eprintln!("updated the size table in {}", path.display());
        return Ok(true);
    }
    eprintln!(
        "the size table in {} differs from this build: run `cargo run --manifest-path \
         deploy/Cargo.toml -- build --update-readme` and commit the README",
        path.display()
    );
    Ok(false)
}

/// The suite's programs, named, in deployment order.
fn suite_in_order(
    programs: &BTreeMap<Contract, Program>,
) -> impl Iterator<Item = (String, &Program)> {
    Contract::ALL.iter().filter_map(|contract| {
        programs
            .get(contract)
            .map(|program| (contract.to_string(), program))
    })
}

/// Checks each file (default: the built suite); `Ok(false)` if any breaks
/// a rule.
fn check_files(files: &[PathBuf], json: bool) -> Result<bool> {
    if files.is_empty() {
        let programs = build::load(&build::workspace_root(), &Contract::ALL)?;
        return check_programs(suite_in_order(&programs), json);
    }
    let programs = files
        .iter()
        .map(|path| {
            let name = path.file_stem().map_or_else(
                || path.display().to_string(),
                |s| s.to_string_lossy().replace('_', "-"),
            );
            Ok((name, build::read_program(path)?))
        })
        .collect::<Result<Vec<_>>>()?;
    check_programs(
        programs
            .iter()
            .map(|(name, program)| (name.clone(), program)),
        json,
    )
}

/// Checks each named program; `Ok(false)` if any breaks a rule.
fn check_programs<'a>(
    programs: impl IntoIterator<Item = (String, &'a Program)>,
    json: bool,
) -> Result<bool> {
    let mut all_ok = true;
    let mut report = Vec::new();
    for (name, program) in programs {
        let violations = program.violations();
        let start = program.start_gas();
        let budget = Contract::from_name(&name).map(Contract::size_budget);
        let over_budget = budget.is_some_and(|budget| program.code_size() > budget);
        all_ok &= violations.is_empty() && !over_budget;
        if json {
            report.push(serde_json::json!({
                "contract": name,
                "wasmBytes": program.wasm.len(),
                "codeBytes": program.code_size(),
                "budgetBytes": budget,
                "codeHash": program.code_hash(),
                "startGas": start.map(|start| start.uncached),
                "startGasCached": start.map(|start| start.cached),
                "memoryPages": start.map(|start| start.memory_pages),
                "violations": violations.iter().map(ToString::to_string).collect::<Vec<_>>(),
            }));
            continue;
        }
        let percent = program.code_size().saturating_mul(100) / nitro::MAX_COMPRESSED_SIZE;
        let verdict = if !violations.is_empty() {
            "REFUSED"
        } else if over_budget {
            "OVER BUDGET"
        } else {
            "ok"
        };
        let budget = budget.map_or_else(String::new, |budget| format!(", budget {budget}"));
        let start = start.map_or_else(String::new, |start| {
            format!(
                "  starts at {} gas ({} cached)",
                start.uncached, start.cached
            )
        });
        println!(
            "{name:<22} {:>7} bytes wasm {:>7} bytes compressed ({percent:>2} % of {}{budget}){start}  {verdict}",
            program.wasm.len(),
            program.code_size(),
            nitro::MAX_COMPRESSED_SIZE,
        );
        for violation in &violations {
            println!("  {name}: {violation}");
        }
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else if !all_ok {
        eprintln!(
            "a Stylus chain would refuse the programs marked REFUSED; those marked OVER BUDGET \
             grew past the size budget in deploy/src/suite.rs (Contract::size_budget): make \
             them smaller, or raise the budget in a reviewed change that says why"
        );
    }
    Ok(all_ok)
}

/// `--max-fee` in wei.
fn max_fee_in_wei(gwei: Option<f64>) -> Result<Option<u128>> {
    gwei.map(|gwei| {
        if gwei.is_finite() && gwei > 0.0 {
            // Whole wei; gwei values are small enough for f64.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            Ok((gwei * 1e9) as u128)
        } else {
            Err(eyre!("--max-fee must be a positive number of gwei"))
        }
    })
    .transpose()
}

async fn suite(args: SuiteArgs) -> Result<bool> {
    let workspace = build::workspace_root();
    let max_fee = max_fee_in_wei(args.max_fee)?;

    // The chain first: a wrong URL should fail before a long build.
    let chain = keys::connect_signer(
        &args.chain.rpc_url,
        args.keystore.as_deref(),
        max_fee,
        keys::DEPLOY_VARS,
    )
    .await?;
    let (chain_id, admin) = (chain.chain_id, chain.from);

    let contracts: Vec<Contract> = Contract::ALL
        .into_iter()
        .filter(|&c| c != Contract::BeaconDeposit || args.beacon_deposit.is_none())
        .collect();
    if !args.no_build {
        eprintln!("building the suite (release, as Nitro activates it)...");
        build::build(&workspace, &contracts)?;
    }
    let programs = build::load(&workspace, &contracts)?;
    refuse_inactivatable(&programs)?;

    let path = Deployments::path(&args.chain.deployments, chain_id);
    let recorded =
        Deployments::load(&path).wrap_err_with(|| format!("cannot read {}", path.display()))?;
    let (deployer, put_deployer) =
        stylus_deployer(&chain, args.stylus_deployer, recorded.as_ref()).await?;
    let layout = Layout {
        admin,
        deployer,
        salt: keccak256(args.salt.as_bytes()),
        beacon_deposit: args.beacon_deposit,
    };
    let fingerprint = build::source_fingerprint(&workspace)?;
    let mut deployments =
        recorded.unwrap_or_else(|| Deployments::new(chain_id, &layout, fingerprint));
    let mut plan = plan(&layout, &programs, fingerprint, &deployments, args.cache)?;
    if put_deployer {
        plan.steps
            .insert(0, Step::StylusDeployer { address: deployer });
    }

    let fees = chain.fees().await?;
    let estimates = run::estimate(&chain, &plan, &programs, layout.deployer).await?;
    if args.json && args.dry_run {
        let addresses: BTreeMap<_, _> = layout
            .contracts()
            .map(|c| (c.name(), plan.addresses.get(c)))
            .collect();
        let out = serde_json::json!({
            "chainId": chain_id,
            "admin": admin,
            "maxFeePerGas": fees.max_fee_per_gas,
            "addresses": addresses,
            "smoothingPool": plan.addresses.smoothing_pool,
            "steps": run::to_json(&estimates),
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(true);
    }
    let balance = chain.balance().await?;
    eprintln!(
        "chain {chain_id}, admin and sender {admin} (balance {} ETH), deployments file {}",
        format_ether(balance),
        path.display()
    );
    if plan.steps.is_empty() {
        eprintln!("nothing to do: every contract is deployed and wired");
    } else {
        eprintln!("plan:\n{}", run::describe(&estimates, fees.max_fee_per_gas));
    }
    if args.dry_run {
        return Ok(true);
    }
    if !plan.steps.is_empty() {
        if !ready_to_send(&estimates, fees.max_fee_per_gas, balance, args.yes)? {
            eprintln!("nothing was sent");
            return Ok(false);
        }
        run::execute(&chain, &plan, &programs, &mut deployments, &path).await?;
    }
    run::verify(&chain, &plan.addresses, admin).await?;
    eprintln!("verified: every contract is wired as planned and governed by {admin}");
    eprintln!(
        "smoothing pool (validators' fee recipient): {}",
        plan.addresses.smoothing_pool
    );
    if args.json {
        println!("{}", serde_json::to_string_pretty(&deployments)?);
    } else {
        for contract in layout.contracts() {
            println!("{:<20} {}", contract.name(), plan.addresses.get(contract));
        }
    }
    Ok(true)
}

/// The StylusDeployer to use, and whether the run must put it there first:
/// the requested one if the chain has it, else the one the deployments file
/// recorded, else (on the Nitro dev node only) the dev chains' own, created
/// from the signing account at its next nonce.
async fn stylus_deployer(
    chain: &Chain,
    requested: Address,
    recorded: Option<&Deployments>,
) -> Result<(Address, bool)> {
    if chain.code_hash_at(requested).await?.is_some() {
        return Ok((requested, false));
    }
    if let Some(file) = recorded {
        if chain.code_hash_at(file.stylus_deployer).await?.is_some() {
            eprintln!(
                "no StylusDeployer at {requested}: using {} from {}.json",
                file.stylus_deployer, chain.chain_id
            );
            return Ok((file.stylus_deployer, false));
        }
    }
    if chain.chain_id != keys::NITRO_DEV_CHAIN_ID {
        bail!(
            "chain {} has no StylusDeployer at {requested}: pass --stylus-deployer with the \
             address of one",
            chain.chain_id
        );
    }
    let address = chain.from.create(chain.nonce().await?);
    eprintln!("this dev chain has no StylusDeployer: the run puts one at {address} first");
    Ok((address, true))
}

/// Whether to send the plan: no step would fail, the account can pay for
/// it, and the user said yes (or passed --yes).
fn ready_to_send(
    estimates: &[run::Estimate],
    max_fee_per_gas: u128,
    balance: alloy::primitives::U256,
    yes: bool,
) -> Result<bool> {
    if let Some(problem) = estimates.iter().find_map(|e| {
        e.problem
            .as_ref()
            .map(|problem| format!("{}: {problem}", e.step))
    }) {
        bail!("{problem}; nothing was sent");
    }
    let needed = run::total_cost(estimates, max_fee_per_gas);
    if balance < needed {
        bail!(
            "the account holds {} ETH but the plan may cost {} ETH: fund it; nothing was sent",
            format_ether(balance),
            format_ether(needed)
        );
    }
    Ok(yes || confirm("send these transactions?")?)
}

/// Fails before anything is sent if a program would be refused.
fn refuse_inactivatable(programs: &BTreeMap<Contract, Program>) -> Result<()> {
    let problems: Vec<String> = programs
        .iter()
        .flat_map(|(contract, program)| {
            program
                .violations()
                .into_iter()
                .map(move |violation| format!("{contract}: {violation}"))
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        bail!(
            "a Stylus chain would refuse to activate the build; nothing was sent:\n  {}",
            problems.join("\n  ")
        )
    }
}

async fn show_status(args: &ChainArgs, json: bool) -> Result<bool> {
    let chain = Chain::connect(&args.rpc_url, None, Address::ZERO, None).await?;
    let path = Deployments::path(&args.deployments, chain.chain_id);
    let Some(deployments) =
        Deployments::load(&path).wrap_err_with(|| format!("cannot read {}", path.display()))?
    else {
        bail!(
            "no deployments file for chain {} at {}: deploy with `deploy suite` first",
            chain.chain_id,
            path.display()
        );
    };
    let status = status::read(&chain, &deployments).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&status)?);
    } else {
        print!("{}", status::describe(&status));
    }
    Ok(status
        .contracts
        .iter()
        .all(|c| c.code_matches && c.activated.is_some()))
}
