//! `node-operator`: validator keys, deposit data, and every node and
//! watcher action on the staking protocol, from one command line.

use std::{
    fs,
    io::IsTerminal,
    path::{Path, PathBuf},
    process::ExitCode,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use alloy::{
    primitives::{Address, U256},
    providers::Provider,
};
use clap::{Args, Parser, Subcommand};
use deploy::{
    abi::minipool_manager::IMinipoolManager,
    chain::Chain,
    deployments::Deployments,
    keys::{connect_signer, KeyVars},
    suite::Addresses,
};
use eyre::{bail, eyre, Result, WrapErr};
use node_operator::{
    actions::{self, Call},
    deposit::{withdrawal_credentials, Deposit, Network, PRESTAKE_GWEI, STAKE_GWEI},
    keys::{self, ValidatorKey},
    keystore::{Kdf, Keystore},
    protocol::{Node, Protocol, Queue},
    report,
    send::{self, Options},
    watch::{self, WatchOptions},
};
use zeroize::Zeroizing;

/// Where the node account's key comes from.
const NODE_VARS: KeyVars = KeyVars {
    private_key: "NODE_PRIVATE_KEY",
    password: "NODE_KEYSTORE_PASSWORD",
};
/// How far `deposit` and `stake` look for a validator index.
const MAX_VALIDATOR_INDEX: u32 = 10_000;

const ABOUT: &str = "Run a node on the staking protocol: make validator keys and deposit data, \
create and stake minipools, follow and claim what you are owed; or watch the protocol as a \
watcher.";

const AFTER_HELP: &str = "\
A node's life, on a dev node (chain 412346 signs with its prefunded account):
    node-operator mnemonic new --out mnemonic.txt
    node-operator register --timezone Europe/Berlin
    node-operator deposit --bond 8 --mnemonic-file mnemonic.txt
    node-operator status
    node-operator stake <MINIPOOL> --mnemonic-file mnemonic.txt   (after the scrub period)
    node-operator claim

Secrets never come from flags: the node key from --keystore (password in NODE_KEYSTORE_PASSWORD
or typed) or NODE_PRIVATE_KEY; the mnemonic from --mnemonic-file or typed; validator keystore
passwords from NODE_VALIDATOR_PASSWORD or typed. Every transaction is estimated and shown with
its cost before anything is sent; --yes skips the question, --dry-run only shows.";

#[derive(Parser)]
#[command(name = "node-operator", version, about = ABOUT, after_help = AFTER_HELP)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct Global {
    /// The chain's JSON-RPC endpoint.
    #[arg(
        long,
        env = "NODE_RPC_URL",
        default_value = "http://localhost:8547",
        global = true
    )]
    rpc_url: String,
    /// The deploy tool's deployments file [default: deployments/<chain-id>.json].
    #[arg(long, env = "NODE_DEPLOYMENTS", global = true)]
    deployments: Option<PathBuf>,
    /// The beacon network deposits are signed for: mainnet, holesky, hoodi, or a devnet's
    /// genesis fork version (0x10000910).
    #[arg(long, env = "NODE_NETWORK", default_value = "mainnet", global = true)]
    network: Network,
    /// The node account's encrypted keystore (password in `NODE_KEYSTORE_PASSWORD` or typed).
    #[arg(long, env = "NODE_KEYSTORE", global = true)]
    keystore: Option<PathBuf>,
    /// Ceiling on the fee per gas, in gwei, for every transaction of the command.
    #[arg(long, env = "NODE_MAX_FEE", global = true)]
    max_fee: Option<f64>,
    /// Send without asking.
    #[arg(long, global = true)]
    yes: bool,
    /// Show the transactions and their cost, send nothing.
    #[arg(long, global = true)]
    dry_run: bool,
    /// Print JSON on stdout for scripts.
    #[arg(long, global = true)]
    json: bool,
}

#[derive(Args)]
struct MnemonicSource {
    /// A file holding the mnemonic (else it is typed, unseen).
    #[arg(long, env = "NODE_MNEMONIC_FILE")]
    mnemonic_file: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Makes a new 24-word mnemonic, the one backup of every validator key.
    #[command(subcommand)]
    Mnemonic(MnemonicCommand),
    /// Lists validator public keys of a mnemonic and writes their EIP-2335 keystores.
    ValidatorKeys {
        #[command(flatten)]
        mnemonic: MnemonicSource,
        /// The first validator index.
        #[arg(long, default_value_t = 0)]
        start: u32,
        /// How many validators.
        #[arg(long, default_value_t = 1)]
        count: u32,
        /// Write keystores there (their password from `NODE_VALIDATOR_PASSWORD` or typed).
        #[arg(long)]
        out_dir: Option<PathBuf>,
    },
    /// Signs deposit data for a minipool (offline) in the deposit CLI's layout.
    DepositData {
        #[command(flatten)]
        mnemonic: MnemonicSource,
        /// The minipool the deposit pays (its withdrawal credentials).
        #[arg(long)]
        minipool: Address,
        /// The validator index in the mnemonic.
        #[arg(long)]
        index: u32,
        /// `prestake` (1 ETH, for createMinipool) or `stake` (31 ETH).
        #[arg(long, value_parser = ["prestake", "stake"])]
        amount: String,
        /// Where to write `deposit_data-<time>.json`.
        #[arg(long, default_value = "validator_keys")]
        out_dir: PathBuf,
    },
    /// Registers this account as a node operator.
    Register {
        /// Where the node runs, as a timezone location (Europe/Berlin).
        #[arg(long)]
        timezone: String,
    },
    /// Creates a minipool: makes its validator key and prestake, and sends the bond.
    Deposit {
        #[command(flatten)]
        mnemonic: MnemonicSource,
        /// The bond in ETH: 8 or 16.
        #[arg(long, default_value_t = 8)]
        bond: u64,
        /// The validator index [default: the first unused].
        #[arg(long)]
        index: Option<u32>,
        /// The minipool salt [default: the first whose address is unused].
        #[arg(long)]
        salt: Option<U256>,
        /// Where to write the validator keystore and deposit data.
        #[arg(long, default_value = "validator_keys")]
        out_dir: PathBuf,
    },
    /// Shows the node, each minipool, and everything owed.
    Status {
        /// The node [default: this account].
        #[arg(long)]
        node: Option<Address>,
    },
    /// Stakes a Prelaunch minipool's 31 ETH once its scrub period is over.
    Stake {
        minipool: Address,
        #[command(flatten)]
        mnemonic: MnemonicSource,
        /// The validator index [default: found from the minipool's public key].
        #[arg(long)]
        index: Option<u32>,
    },
    /// Distributes a minipool's balance: a skim, or its exit once reported.
    Distribute {
        minipool: Address,
        /// Refuse to distribute an exit balance.
        #[arg(long)]
        rewards_only: bool,
    },
    /// Pays refund balances to the withdrawal address (one minipool, or all).
    Refund { minipool: Option<Address> },
    /// Takes everything owed: each balance distributed with the node's share paid in the same
    /// transaction, other refund balances, and smoothing-pool rewards.
    Claim,
    /// Takes back what a dissolved minipool holds.
    Close { minipool: Address },
    /// Leaves the queue, or ends a Prelaunch minipool past its launch timeout.
    Dissolve { minipool: Address },
    /// From the withdrawal address: sets (--confirm) or proposes a new one.
    SetWithdrawalAddress {
        new_address: Address,
        /// The node [default: this account].
        #[arg(long)]
        node: Option<Address>,
        /// Set it at once instead of proposing it for the new address to confirm.
        #[arg(long)]
        confirm: bool,
    },
    /// From a proposed withdrawal address: accepts it.
    ConfirmWithdrawalAddress {
        /// The node.
        #[arg(long)]
        node: Address,
    },
    /// Watcher: votes to scrub every front-run minipool (needs --yes or --dry-run).
    Watch {
        /// One round, then exit.
        #[arg(long)]
        once: bool,
        /// Seconds between rounds.
        #[arg(long, default_value_t = 60)]
        interval: u64,
        /// The first block to read deposits from [default: the beacon deposit contract's deployment].
        #[arg(long)]
        from_block: Option<u64>,
    },
    /// Watcher: reports that a Staking minipool's validator exited.
    ReportExit { minipool: Address },
}

#[derive(Subcommand)]
enum MnemonicCommand {
    /// Generates a mnemonic into a new file (mode 0600), or shows it with --show.
    New {
        /// 12, 15, 18, 21 or 24.
        #[arg(long, default_value_t = 24)]
        words: usize,
        /// The file to write.
        #[arg(long, required_unless_present = "show")]
        out: Option<PathBuf>,
        /// Print the mnemonic on the terminal.
        #[arg(long)]
        show: bool,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<()> {
    let global = &cli.global;
    match cli.command {
        Command::Mnemonic(MnemonicCommand::New { words, out, show }) => {
            new_mnemonic(words, out.as_deref(), show)
        }
        Command::ValidatorKeys {
            mnemonic,
            start,
            count,
            out_dir,
        } => validator_keys(global, &mnemonic, start, count, out_dir.as_deref()),
        Command::DepositData {
            mnemonic,
            minipool,
            index,
            amount,
            out_dir,
        } => {
            let seed = read_seed(&mnemonic)?;
            let key = ValidatorKey::from_seed(&*seed, index)?;
            let gwei = if amount == "prestake" {
                PRESTAKE_GWEI
            } else {
                STAKE_GWEI
            };
            let deposit =
                Deposit::sign(&key, withdrawal_credentials(minipool), gwei, global.network);
            deposit.verify()?;
            let path = write_deposit_data(&out_dir, &deposit)?;
            report_value(
                global,
                &serde_json::json!({ "depositData": path, "deposit": deposit.to_json() }),
                || {
                    format!(
                    "wrote {} ({} gwei from validator {index} to minipool {minipool}, signed for {})",
                    path.display(),
                    gwei,
                    global.network
                )
                },
            )
        }
        Command::Status { node } => status(global, node).await,
        Command::Watch {
            once,
            interval,
            from_block,
        } => {
            if !global.yes && !global.dry_run {
                bail!(
                    "watch votes unattended: pass --yes to send votes, or --dry-run to only report"
                );
            }
            let (chain, addresses, deployments) = connect(global, true).await?;
            let from_block = from_block.unwrap_or_else(|| deployment_block(&deployments));
            watch::run(
                &chain,
                &addresses,
                WatchOptions {
                    from_block,
                    once,
                    interval: Duration::from_secs(interval),
                    send: options(global),
                },
            )
            .await
        }
        command => node_command(global, command).await,
    }
}

/// The commands that act as this node (or watcher) account.
async fn node_command(global: &Global, command: Command) -> Result<()> {
    let (chain, addresses, _) = connect(global, true).await?;
    let protocol = Protocol {
        chain: &chain,
        addresses,
    };
    let me = chain.from;
    let calls: Vec<Call> = match command {
        Command::Register { timezone } => {
            let node = protocol.node(me).await?;
            actions::register(&node, &protocol.settings().await?, &addresses, &timezone)?
        }
        Command::Deposit {
            mnemonic,
            bond,
            index,
            salt,
            out_dir,
        } => {
            return deposit(global, &protocol, &mnemonic, bond, index, salt, &out_dir).await;
        }
        Command::Stake {
            minipool,
            mnemonic,
            index,
        } => {
            let node = protocol.node(me).await?;
            // Refused before the mnemonic is asked for.
            let pubkey = actions::stakeable(&node, minipool)?.pubkey.clone();
            let seed = read_seed(&mnemonic)?;
            let key = match index {
                Some(index) => ValidatorKey::from_seed(&*seed, index)?,
                None => find_key(&*seed, |key| key.pubkey.as_slice() == pubkey.as_ref())?
                    .ok_or_else(|| eyre!("validator 0x{} is not among the first {MAX_VALIDATOR_INDEX} keys of this mnemonic", alloy::hex::encode(&pubkey)))?,
            };
            let deposit = Deposit::sign(
                &key,
                withdrawal_credentials(minipool),
                STAKE_GWEI,
                global.network,
            );
            actions::stake(&node, minipool, &deposit)?
        }
        // Distribute and report-exit concern minipools past the queue: the
        // queue is not read for them.
        Command::Distribute {
            minipool,
            rewards_only,
        } => actions::distribute(
            &protocol.minipool(minipool, &Queue::default()).await?,
            rewards_only,
        )?,
        Command::Refund { minipool } => actions::refund(&protocol.node(me).await?, minipool)?,
        Command::Claim => actions::claim(&protocol.node(me).await?, &addresses)?,
        Command::Close { minipool } => actions::close(&protocol.node(me).await?, minipool)?,
        Command::Dissolve { minipool } => actions::dissolve(&protocol.node(me).await?, minipool)?,
        Command::SetWithdrawalAddress {
            new_address,
            node,
            confirm,
        } => {
            let node = protocol.node(node.unwrap_or(me)).await?;
            actions::set_withdrawal_address(&node, &addresses, me, new_address, confirm)?
        }
        Command::ConfirmWithdrawalAddress { node } => {
            actions::confirm_withdrawal_address(&protocol.node(node).await?, &addresses, me)?
        }
        Command::ReportExit { minipool } => {
            let is_watcher = chain
                .view(
                    addresses.minipool_manager,
                    &IMinipoolManager::getWatcherExistsCall { watcher: me },
                )
                .await?;
            actions::report_exit(
                me,
                is_watcher,
                &protocol.minipool(minipool, &Queue::default()).await?,
            )?
        }
        _ => unreachable!("handled in run"),
    };
    send::execute(&chain, &calls, options(global)).await?;
    Ok(())
}

fn options(global: &Global) -> Options {
    Options {
        yes: global.yes,
        dry_run: global.dry_run,
        json: global.json,
    }
}

/// Connects (with the node key when `sign`) and reads the deployments file.
async fn connect(global: &Global, sign: bool) -> Result<(Chain, Addresses, Deployments)> {
    let max_fee = global
        .max_fee
        .map(|gwei| {
            if gwei.is_finite() && gwei > 0.0 {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                Ok((gwei * 1e9) as u128)
            } else {
                Err(eyre!("--max-fee must be a positive number of gwei"))
            }
        })
        .transpose()?;
    let chain = if sign {
        connect_signer(
            &global.rpc_url,
            global.keystore.as_deref(),
            max_fee,
            NODE_VARS,
        )
        .await?
    } else {
        Chain::connect(&global.rpc_url, None, Address::ZERO, max_fee).await?
    };
    let path = global
        .deployments
        .clone()
        .unwrap_or_else(|| Deployments::path(Path::new("deployments"), chain.chain_id));
    let deployments = Deployments::load(&path)
        .wrap_err_with(|| format!("cannot read {}", path.display()))?
        .ok_or_else(|| {
            eyre!(
                "no deployments file {} for chain {}: pass --deployments FILE (the deploy tool's \
                 `deploy suite` writes it)",
                path.display(),
                chain.chain_id
            )
        })?;
    if deployments.chain_id != chain.chain_id {
        bail!(
            "{} is for chain {}, the node is chain {}",
            path.display(),
            deployments.chain_id,
            chain.chain_id
        );
    }
    let addresses = deployments.addresses().ok_or_else(|| {
        eyre!(
            "the suite in {} is not fully deployed and wired yet",
            path.display()
        )
    })?;
    Ok((chain, addresses, deployments))
}

/// The block the suite's own beacon deposit contract was deployed in: no
/// deposit is older. An external deposit contract's history is read from
/// block 0 unless `--from-block` says where it starts (a front-running
/// deposit can predate the minipool it targets).
fn deployment_block(deployments: &Deployments) -> u64 {
    match deployments.external_beacon_deposit {
        Some(_) => 0,
        None => deployments
            .deployed(deploy::suite::Contract::BeaconDeposit)
            .and_then(|deployed| deployed.sent.as_ref())
            .map_or(0, |sent| sent.block),
    }
}

fn report_value(
    global: &Global,
    json: &serde_json::Value,
    text: impl FnOnce() -> String,
) -> Result<()> {
    if global.json {
        println!("{}", serde_json::to_string_pretty(json)?);
    } else {
        println!("{}", text());
    }
    Ok(())
}

async fn status(global: &Global, node: Option<Address>) -> Result<()> {
    let (chain, addresses, _) = connect(global, node.is_none()).await?;
    let protocol = Protocol {
        chain: &chain,
        addresses,
    };
    let node: Node = protocol.node(node.unwrap_or(chain.from)).await?;
    report_value(
        global,
        &serde_json::json!({ "node": node, "totalOwedWei": node.total_owed() }),
        || report::describe(&node),
    )
}

fn new_mnemonic(words: usize, out: Option<&Path>, show: bool) -> Result<()> {
    let mnemonic = keys::generate_mnemonic(words)?;
    let phrase = Zeroizing::new(mnemonic.to_string());
    if let Some(path) = out {
        write_secret(path, phrase.as_bytes())?;
        eprintln!(
            "wrote a {words}-word mnemonic to {}: it is the only backup of your validator keys; \
             write it down offline, then keep the file out of reach",
            path.display()
        );
    }
    if show {
        println!("{}", phrase.as_str());
    }
    Ok(())
}

/// Writes a new file only its owner can read; never overwrites.
fn write_secret(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::{io::Write, os::unix::fs::OpenOptionsExt};
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .wrap_err_with(|| format!("cannot create {} (it must not exist yet)", path.display()))?;
    file.write_all(bytes)?;
    Ok(())
}

fn read_seed(source: &MnemonicSource) -> Result<Zeroizing<[u8; 64]>> {
    let phrase = Zeroizing::new(match &source.mnemonic_file {
        Some(path) => {
            fs::read_to_string(path).wrap_err_with(|| format!("cannot read {}", path.display()))?
        }
        None if std::io::stdin().is_terminal() => {
            rpassword::prompt_password("mnemonic (not shown): ")
                .wrap_err("cannot read the mnemonic")?
        }
        None => bail!("no mnemonic: pass --mnemonic-file FILE or NODE_MNEMONIC_FILE"),
    });
    let mnemonic = keys::parse_mnemonic(&phrase)?;
    let passphrase = Zeroizing::new(std::env::var("NODE_MNEMONIC_PASSPHRASE").unwrap_or_default());
    Ok(keys::seed(&mnemonic, &passphrase))
}

fn validator_password() -> Result<Zeroizing<String>> {
    if let Ok(password) = std::env::var("NODE_VALIDATOR_PASSWORD") {
        return Ok(Zeroizing::new(password));
    }
    if !std::io::stdin().is_terminal() {
        bail!("no password for the validator keystore: set NODE_VALIDATOR_PASSWORD");
    }
    let first = Zeroizing::new(rpassword::prompt_password(
        "password for the validator keystore: ",
    )?);
    let again = Zeroizing::new(rpassword::prompt_password("the same password again: ")?);
    if first != again {
        bail!("the passwords differ; nothing was written");
    }
    if first.chars().count() < 8 {
        bail!("use a password of at least 8 characters; nothing was written");
    }
    Ok(first)
}

fn validator_keys(
    global: &Global,
    mnemonic: &MnemonicSource,
    start: u32,
    count: u32,
    out_dir: Option<&Path>,
) -> Result<()> {
    let seed = read_seed(mnemonic)?;
    let password = out_dir.map(|_| validator_password()).transpose()?;
    let mut listed = Vec::new();
    for index in start..start.saturating_add(count) {
        let key = ValidatorKey::from_seed(&*seed, index)?;
        let file = match (out_dir, &password) {
            (Some(dir), Some(password)) => Some(write_keystore(dir, &key, password)?),
            _ => None,
        };
        listed.push(serde_json::json!({
            "index": index, "path": key.path(), "pubkey": alloy::hex::encode(key.pubkey), "keystore": file,
        }));
        if !global.json {
            println!(
                "{index:>5}  {}  0x{}{}",
                key.path(),
                alloy::hex::encode(key.pubkey),
                file.map_or_else(String::new, |file| format!("  {}", file.display()))
            );
        }
    }
    if global.json {
        println!("{}", serde_json::to_string_pretty(&listed)?);
    }
    Ok(())
}

fn unix_time() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

/// Writes `keystore-m_12381_3600_<i>_0_0-<time>.json`, as the deposit CLI names them.
fn write_keystore(dir: &Path, key: &ValidatorKey, password: &str) -> Result<PathBuf> {
    fs::create_dir_all(dir)?;
    let secret = Zeroizing::new(key.secret.to_bytes());
    let keystore = Keystore::encrypt(&*secret, password, &key.pubkey, &key.path(), Kdf::Scrypt)?;
    let path = dir.join(format!(
        "keystore-{}-{}.json",
        key.path().replace('/', "_"),
        unix_time()
    ));
    write_secret(&path, serde_json::to_string_pretty(&keystore)?.as_bytes())?;
    Ok(path)
}

fn write_deposit_data(dir: &Path, deposit: &Deposit) -> Result<PathBuf> {
    fs::create_dir_all(dir)?;
    let path = dir.join(format!("deposit_data-{}.json", unix_time()));
    fs::write(&path, serde_json::to_string(&[deposit.to_json()])?)?;
    Ok(path)
}

/// The first key of the mnemonic that `matches`.
fn find_key(seed: &[u8], matches: impl Fn(&ValidatorKey) -> bool) -> Result<Option<ValidatorKey>> {
    for index in 0..MAX_VALIDATOR_INDEX {
        let key = ValidatorKey::from_seed(seed, index)?;
        if matches(&key) {
            return Ok(Some(key));
        }
    }
    Ok(None)
}

/// The first validator key of the mnemonic no minipool uses.
async fn first_unused_key(chain: &Chain, manager: Address, seed: &[u8]) -> Result<ValidatorKey> {
    for index in 0..MAX_VALIDATOR_INDEX {
        let key = ValidatorKey::from_seed(seed, index)?;
        let call = IMinipoolManager::getMinipoolByPubkeyCall {
            validator_pubkey: key.pubkey.to_vec().into(),
        };
        if chain.view(manager, &call).await?.is_zero() {
            return Ok(key);
        }
    }
    bail!("the first {MAX_VALIDATOR_INDEX} keys of this mnemonic are all used")
}

async fn deposit(
    global: &Global,
    protocol: &Protocol<'_>,
    mnemonic: &MnemonicSource,
    bond: u64,
    index: Option<u32>,
    salt: Option<U256>,
    out_dir: &Path,
) -> Result<()> {
    let (chain, manager) = (protocol.chain, protocol.addresses.minipool_manager);
    let node = protocol.node(chain.from).await?;
    let settings = protocol.settings().await?;
    let seed = read_seed(mnemonic)?;
    // The first validator key no minipool uses yet.
    let key = match index {
        Some(index) => ValidatorKey::from_seed(&*seed, index)?,
        None => first_unused_key(chain, manager, &*seed).await?,
    };
    // The first salt whose minipool address is unused.
    let mut salt = salt.unwrap_or(U256::from(node.minipools.len()));
    let expected = loop {
        let address: Address = chain
            .view(
                manager,
                &IMinipoolManager::getExpectedMinipoolAddressCall {
                    node: node.address,
                    salt,
                },
            )
            .await?;
        if chain.provider().get_code_at(address).await?.is_empty() {
            break address;
        }
        salt += U256::from(1);
    };
    let prestake = Deposit::sign(
        &key,
        withdrawal_credentials(expected),
        PRESTAKE_GWEI,
        global.network,
    );
    let calls = actions::create_minipool(
        &node,
        &settings,
        &protocol.addresses,
        bond,
        &prestake,
        salt,
        expected,
    )?;
    eprintln!(
        "validator {} (0x{}) for minipool {expected} (salt {salt}), signed for {}",
        key.index,
        alloy::hex::encode(key.pubkey),
        global.network
    );
    if !global.dry_run {
        // The key is saved before any ETH moves.
        let keystore = write_keystore(out_dir, &key, &validator_password()?)?;
        let data = write_deposit_data(out_dir, &prestake)?;
        eprintln!("wrote {} and {}", keystore.display(), data.display());
    }
    let sent = send::execute(chain, &calls, options(global)).await?;
    if !sent.is_empty() && !global.json {
        println!(
            "minipool {expected} created with a {bond} ETH bond (1 ETH of it prestaked). Import \
             the keystore into your validator client; `node-operator status` shows when it may \
             stake."
        );
    }
    Ok(())
}
