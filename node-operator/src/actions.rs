//! Every node and watcher command as the transactions it sends, decided
//! from what [`crate::protocol`] read. These functions send nothing: a
//! refusal is an error that says why and what to do, before any
//! transaction exists.

use alloy::{
    primitives::{utils::format_ether, Address, Bytes, U256},
    sol_types::SolCall,
};
use deploy::{
    abi::{
        minipool::IMinipool, minipool_manager::IMinipoolManager, node_manager::INodeManager,
        rewards_distributor::IRewardsDistributor,
    },
    suite::Addresses,
};
use eyre::{bail, ensure, Result};

use crate::{
    deposit::{withdrawal_credentials, Deposit, PRESTAKE_GWEI, STAKE_GWEI},
    protocol::{Minipool, Node, Settings, Status, SKIM_LIMIT},
};

/// The node manager's limits on a timezone location's length.
const TIMEZONE_LENGTH: std::ops::RangeInclusive<usize> = 4..=64;
/// The bonds a minipool may have.
const BONDS_ETH: [u64; 2] = [8, 16];

/// One transaction a command sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// What it does, for the plan shown before sending.
    pub label: String,
    pub to: Address,
    pub data: Bytes,
    pub value: U256,
}

impl Call {
    fn new(label: impl Into<String>, to: Address, call: &impl SolCall) -> Self {
        Self {
            label: label.into(),
            to,
            data: call.abi_encode().into(),
            value: U256::ZERO,
        }
    }

    #[must_use]
    fn with_value(mut self, value: U256) -> Self {
        self.value = value;
        self
    }
}

/// Wei in ETH, without trailing zeros (`0.355`, `8`).
pub fn eth(wei: U256) -> String {
    let text = format_ether(wei);
    match text.split_once('.') {
        Some((whole, fraction)) => match fraction.trim_end_matches('0') {
            "" => whole.to_owned(),
            fraction => format!("{whole}.{fraction}"),
        },
        None => text,
    }
}

/// A duration in seconds as people read it: `2d 3h`, `3h 12m`, `45s`.
pub fn duration(seconds: u64) -> String {
    let (days, hours, minutes) = (seconds / 86_400, seconds / 3_600 % 24, seconds / 60 % 60);
    match (days, hours, minutes) {
        (0, 0, 0) => format!("{seconds}s"),
        (0, 0, m) => format!("{m}m {}s", seconds % 60),
        (0, h, m) => format!("{h}h {m}m"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

fn require_registered(node: &Node) -> Result<()> {
    ensure!(
        node.registered,
        "{} is not a registered node: run `node-operator register --timezone <Area/City>` first",
        node.address
    );
    Ok(())
}

/// `register`: registers the node in `timezone`.
///
/// # Errors
/// Already registered, registration closed, or a timezone the node manager
/// refuses.
pub fn register(
    node: &Node,
    settings: &Settings,
    addresses: &Addresses,
    timezone: &str,
) -> Result<Vec<Call>> {
    ensure!(!node.registered, "{} is already registered", node.address);
    ensure!(
        settings.registration_enabled,
        "registration is closed by the protocol's admin; nothing was sent"
    );
    ensure!(
        TIMEZONE_LENGTH.contains(&timezone.len()),
        "the timezone location must be {} to {} bytes, like Europe/Berlin (got {})",
        TIMEZONE_LENGTH.start(),
        TIMEZONE_LENGTH.end(),
        timezone.len()
    );
    Ok(vec![Call::new(
        format!("register {} in {timezone}", node.address),
        addresses.node_manager,
        &INodeManager::registerNodeCall {
            timezone_location: timezone.into(),
        },
    )])
}

/// `deposit`: creates a minipool at `expected` (the manager's
/// `getExpectedMinipoolAddress(node, salt)`) with a `bond_eth` bond and the
/// signed 1-ETH prestake.
///
/// # Errors
/// Not registered, creation closed, a bond other than 8 or 16 ETH, or
/// deposit data that is not a valid prestake to `expected`.
pub fn create_minipool(
    node: &Node,
    settings: &Settings,
    addresses: &Addresses,
    bond_eth: u64,
    prestake: &Deposit,
    salt: U256,
    expected: Address,
) -> Result<Vec<Call>> {
    require_registered(node)?;
    ensure!(
        settings.creation_enabled,
        "minipool creation is closed by the protocol's admin; nothing was sent"
    );
    ensure!(
        BONDS_ETH.contains(&bond_eth),
        "a bond is 8 or 16 ETH, not {bond_eth}"
    );
    check_deposit(prestake, expected, PRESTAKE_GWEI, "prestake")?;
    Ok(vec![Call::new(
        format!("create minipool {expected} with a {bond_eth} ETH bond"),
        addresses.minipool_manager,
        &IMinipoolManager::createMinipoolCall {
            validator_pubkey: prestake.pubkey.to_vec().into(),
            validator_signature: prestake.signature.to_vec().into(),
            deposit_data_root: prestake.deposit_data_root,
            salt,
        },
    )
    .with_value(U256::from(bond_eth) * U256::from(10_u64.pow(18)))])
}

/// Deposit data must be for `minipool`'s withdrawal credentials, of
/// `amount_gwei`, and valid.
fn check_deposit(deposit: &Deposit, minipool: Address, amount_gwei: u64, what: &str) -> Result<()> {
    ensure!(
        deposit.withdrawal_credentials == withdrawal_credentials(minipool),
        "the {what} deposit data pays {}, not minipool {minipool}",
        deposit.withdrawal_credentials
    );
    ensure!(
        deposit.amount_gwei == amount_gwei,
        "the {what} deposit is {} gwei, not {amount_gwei}",
        deposit.amount_gwei
    );
    deposit.verify()
}

/// The node's minipool at `minipool`, if it may stake now: Prelaunch, and
/// its scrub period over. `node-operator stake` checks this before it asks
/// for the mnemonic.
///
/// # Errors
/// Not the node's minipool, another status, or the scrub period not over
/// (saying how long is left).
pub fn stakeable(node: &Node, minipool: Address) -> Result<&Minipool> {
    let minipool = node.minipool(minipool)?;
    let address = minipool.address;
    match minipool.status {
        Status::Prelaunch => {}
        Status::Initialised => {
            let position = minipool
                .queue
                .map_or_else(|| "?".into(), |spot| spot.position.to_string());
            bail!(
                "minipool {address} is still in the queue (position {position}): it can stake \
                 once stakers' ETH is assigned to it"
            )
        }
        other => bail!(
            "minipool {address} is {}: only a Prelaunch minipool stakes",
            other.name()
        ),
    }
    let ready = minipool.stake_from();
    ensure!(
        node.now >= ready,
        "minipool {address}'s scrub period ends in {} (at unix time {ready}): the watchers \
         check its prestake until then; nothing was sent",
        duration(ready - node.now)
    );
    Ok(minipool)
}

/// `stake`: the 31-ETH deposit of a Prelaunch minipool once its scrub
/// period is over.
///
/// # Errors
/// As [`stakeable`], or deposit data for another key or minipool.
pub fn stake(node: &Node, minipool: Address, deposit: &Deposit) -> Result<Vec<Call>> {
    let minipool = stakeable(node, minipool)?;
    ensure!(
        deposit.pubkey.as_slice() == minipool.pubkey.as_ref(),
        "the deposit data is for validator 0x{}, minipool {} has 0x{}",
        hex::encode(deposit.pubkey),
        minipool.address,
        hex::encode(&minipool.pubkey)
    );
    check_deposit(deposit, minipool.address, STAKE_GWEI, "stake")?;
    Ok(vec![Call::new(
        format!(
            "stake minipool {} (31 ETH to the beacon deposit contract)",
            minipool.address
        ),
        minipool.address,
        &IMinipool::stakeCall {
            validator_signature: deposit.signature.to_vec().into(),
            deposit_data_root: deposit.deposit_data_root,
        },
    )])
}

/// `distribute`: splits a minipool's balance (a skim while Staking, the
/// exit balance once Withdrawable).
///
/// # Errors
/// A status with nothing to distribute, an exit the watchers have not
/// reported, nothing to distribute, or `rewards_only` on an exit balance.
pub fn distribute(minipool: &Minipool, rewards_only: bool) -> Result<Vec<Call>> {
    check_distributable(minipool, rewards_only)?;
    let node_share = minipool
        .node_share_of_balance()
        .map_or_else(String::new, |share| {
            format!(", {} ETH to the node", eth(share))
        });
    Ok(vec![Call::new(
        format!(
            "distribute {} ETH of minipool {}{node_share}",
            eth(minipool.distributable()),
            minipool.address
        ),
        minipool.address,
        &IMinipool::distributeBalanceCall { rewards_only },
    )])
}

/// Refuses what `distributeBalance(rewards_only)` would refuse.
///
/// # Errors
/// As [`distribute`].
fn check_distributable(minipool: &Minipool, rewards_only: bool) -> Result<()> {
    let balance = minipool.distributable();
    match minipool.status {
        Status::Staking if balance >= SKIM_LIMIT => bail!(
            "minipool {} holds {} ETH beyond its refunds: that is an exit, which the watchers \
             must report (voteWithdrawable) before it can be distributed",
            minipool.address,
            eth(balance)
        ),
        Status::Staking | Status::Withdrawable if !minipool.has_distributable() => {
            bail!("minipool {} has nothing to distribute", minipool.address)
        }
        Status::Withdrawable if rewards_only && !minipool.finalised => bail!(
            "minipool {}'s balance is its exit balance: distribute it without --rewards-only",
            minipool.address
        ),
        Status::Staking | Status::Withdrawable => {}
        other => bail!(
            "minipool {} is {}: only Staking and Withdrawable minipools distribute",
            minipool.address,
            other.name()
        ),
    }
    Ok(())
}

/// The node's one call that distributes a minipool's balance (a skim, or a
/// reported exit) and pays it the refund balance with its new share.
///
/// # Errors
/// As [`distribute`].
fn distribute_and_refund(minipool: &Minipool, withdrawal_address: Address) -> Result<Call> {
    let rewards_only = minipool.status == Status::Staking;
    check_distributable(minipool, rewards_only)?;
    let owed = minipool
        .refund
        .saturating_add(minipool.node_share_of_balance().unwrap_or_default());
    Ok(Call::new(
        format!(
            "distribute {} ETH of minipool {} and pay the node's {} ETH to {withdrawal_address}",
            eth(minipool.distributable()),
            minipool.address,
            eth(owed)
        ),
        minipool.address,
        &IMinipool::distributeBalanceAndRefundCall { rewards_only },
    ))
}

fn refund_call(minipool: &Minipool, withdrawal_address: Address) -> Call {
    Call::new(
        format!(
            "refund {} ETH from minipool {} to {withdrawal_address}",
            eth(minipool.refund),
            minipool.address
        ),
        minipool.address,
        &IMinipool::refundCall {},
    )
}

/// `refund`: pays the refund balance of one minipool, or of every minipool
/// that has one.
///
/// # Errors
/// Nothing to refund.
pub fn refund(node: &Node, minipool: Option<Address>) -> Result<Vec<Call>> {
    let minipools = match minipool {
        Some(address) => vec![node.minipool(address)?],
        None => node.minipools.iter().collect(),
    };
    let calls: Vec<Call> = minipools
        .into_iter()
        .filter(|minipool| !minipool.refund.is_zero())
        .map(|minipool| refund_call(minipool, node.withdrawal_address))
        .collect();
    ensure!(
        !calls.is_empty(),
        "nothing to refund: no refund balance{} (a skim's node share joins it when the minipool is \
         distributed)",
        minipool.map_or_else(String::new, |address| format!(" in minipool {address}"))
    );
    Ok(calls)
}

/// `claim`: everything owed to the node in one go. Every balance the node
/// may distribute is distributed with the refund balance paid in the same
/// call (skims, and reported exits), every other refund balance is paid,
/// and the smoothing pool's rewards are claimed, all to the withdrawal
/// address.
///
/// # Errors
/// Nothing owed.
pub fn claim(node: &Node, addresses: &Addresses) -> Result<Vec<Call>> {
    require_registered(node)?;
    let mut calls = Vec::new();
    for minipool in &node.minipools {
        if minipool.has_distributable() {
            calls.push(distribute_and_refund(minipool, node.withdrawal_address)?);
        } else if !minipool.refund.is_zero() {
            calls.push(refund_call(minipool, node.withdrawal_address));
        }
    }
    if !node.claimable.is_zero() {
        calls.push(Call::new(
            format!(
                "claim {} ETH of smoothing-pool rewards to {}",
                eth(node.claimable),
                node.withdrawal_address
            ),
            addresses.smoothing_pool,
            &IRewardsDistributor::claimCall {},
        ));
    }
    ensure!(
        !calls.is_empty(),
        "nothing to claim: no smoothing-pool rewards, no refund balance and nothing to distribute"
    );
    Ok(calls)
}

/// `close`: takes back what a dissolved minipool holds.
///
/// # Errors
/// Not the node's minipool, or not Dissolved.
pub fn close(node: &Node, minipool: Address) -> Result<Vec<Call>> {
    let minipool = node.minipool(minipool)?;
    ensure!(
        minipool.status == Status::Dissolved,
        "minipool {} is {}: only a Dissolved minipool closes",
        minipool.address,
        minipool.status.name()
    );
    Ok(vec![Call::new(
        format!(
            "close minipool {}: {} ETH to {}",
            minipool.address,
            eth(minipool.balance),
            node.withdrawal_address
        ),
        minipool.address,
        &IMinipool::closeCall {},
    )])
}

/// `dissolve`: leaves the queue (Initialised), or ends a Prelaunch minipool
/// that never staked once its launch timeout passed.
///
/// # Errors
/// Not the node's minipool, another status, or the timeout not reached
/// (saying how long is left).
pub fn dissolve(node: &Node, minipool: Address) -> Result<Vec<Call>> {
    let minipool = node.minipool(minipool)?;
    match minipool.status {
        Status::Initialised => {}
        Status::Prelaunch => {
            let at = minipool.timeout_at();
            ensure!(
                node.now >= at,
                "minipool {} can be dissolved once its launch timeout passes, in {} (stake it \
                 instead once its scrub period ends)",
                minipool.address,
                duration(at - node.now)
            );
        }
        other => bail!(
            "minipool {} is {}: only a queued minipool, or a Prelaunch one past its launch timeout, \
             dissolves",
            minipool.address,
            other.name()
        ),
    }
    Ok(vec![Call::new(
        format!("dissolve minipool {}", minipool.address),
        minipool.address,
        &IMinipool::dissolveCall {},
    )])
}

/// `set-withdrawal-address`: sent by the node's current withdrawal address
/// (`sender`); sets `new_address` at once with `confirm`, or proposes it.
///
/// # Errors
/// Not registered, the sender is not the withdrawal address, or the zero
/// address.
pub fn set_withdrawal_address(
    node: &Node,
    addresses: &Addresses,
    sender: Address,
    new_address: Address,
    confirm: bool,
) -> Result<Vec<Call>> {
    require_registered(node)?;
    ensure!(
        sender == node.withdrawal_address,
        "only node {}'s withdrawal address {} may change it; this account is {sender}",
        node.address,
        node.withdrawal_address
    );
    ensure!(
        !new_address.is_zero(),
        "the withdrawal address cannot be the zero address"
    );
    let what = if confirm { "set" } else { "propose" };
    Ok(vec![Call::new(
        format!(
            "{what} {new_address} as node {}'s withdrawal address",
            node.address
        ),
        addresses.node_manager,
        &INodeManager::setWithdrawalAddressCall {
            node: node.address,
            new_address,
            confirm,
        },
    )])
}

/// `confirm-withdrawal-address`: the proposed address (`sender`) accepts.
///
/// # Errors
/// No proposal for `sender`.
pub fn confirm_withdrawal_address(
    node: &Node,
    addresses: &Addresses,
    sender: Address,
) -> Result<Vec<Call>> {
    require_registered(node)?;
    ensure!(
        node.pending_withdrawal_address == sender,
        "{sender} is not node {}'s proposed withdrawal address ({})",
        node.address,
        if node.pending_withdrawal_address.is_zero() {
            "none is proposed".to_owned()
        } else {
            node.pending_withdrawal_address.to_string()
        }
    );
    Ok(vec![Call::new(
        format!(
            "confirm {sender} as node {}'s withdrawal address",
            node.address
        ),
        addresses.node_manager,
        &INodeManager::confirmWithdrawalAddressCall { node: node.address },
    )])
}

/// A watcher's scrub vote on a Prelaunch minipool whose validator received
/// a deposit to other withdrawal credentials.
pub fn vote_scrub(minipool: Address, credentials: &[u8]) -> Call {
    Call::new(
        format!(
            "vote to scrub minipool {minipool}: its validator has a deposit to 0x{}",
            hex::encode(credentials)
        ),
        minipool,
        &IMinipool::voteScrubCall {},
    )
}

/// `report-exit`: a watcher reports that a Staking minipool's validator
/// exited and its balance arrived.
///
/// # Errors
/// Not a watcher, or not Staking.
pub fn report_exit(watcher: Address, is_watcher: bool, minipool: &Minipool) -> Result<Vec<Call>> {
    ensure!(is_watcher, "{watcher} is not a watcher of this protocol");
    ensure!(
        minipool.status == Status::Staking,
        "minipool {} is {}: only a Staking minipool's exit is reported",
        minipool.address,
        minipool.status.name()
    );
    Ok(vec![Call::new(
        format!(
            "report the exit of minipool {} (it holds {} ETH)",
            minipool.address,
            eth(minipool.balance)
        ),
        minipool.address,
        &IMinipool::voteWithdrawableCall {},
    )])
}
