//! The watchers' software: scrubbing minipools whose validator was
//! front-run (a deposit for its public key to other withdrawal credentials
//! reached the beacon deposit contract, so the beacon chain would credit
//! the validator to someone else), and reporting exits.

use std::time::Duration;

use alloy::{
    primitives::{Address, Bytes, B256, U256},
    providers::Provider,
    rpc::types::{Filter, Log},
    sol_types::SolEvent,
};
use deploy::{
    abi::{
        beacon_deposit::IBeaconDeposit::DepositEvent, minipool::IMinipool,
        minipool_manager::IMinipoolManager,
    },
    chain::Chain,
    suite::Addresses,
};
use eyre::{Result, WrapErr};

use crate::{
    actions::{self, Call},
    deposit::withdrawal_credentials,
    protocol::Status,
    send::{self, Options},
};

/// Blocks per `eth_getLogs` request (public endpoints cap the range).
const LOG_CHUNK: u64 = 10_000;

/// A deposit the beacon deposit contract logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deposit {
    pub pubkey: Bytes,
    pub withdrawal_credentials: Bytes,
    pub tx: Option<B256>,
}

impl Deposit {
    /// A `DepositEvent` log decoded.
    ///
    /// # Errors
    /// A log that is not a `DepositEvent`.
    pub fn from_log(log: &Log) -> Result<Self> {
        let event = DepositEvent::decode_log_data(log.data()).wrap_err("not a DepositEvent")?;
        Ok(Self {
            pubkey: event.pubkey,
            withdrawal_credentials: event.withdrawal_credentials,
            tx: log.transaction_hash,
        })
    }
}

/// A minipool as the watcher tracks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watched {
    pub address: Address,
    pub status: Status,
    pub pubkey: Bytes,
}

/// What the watcher finds: minipools to scrub now, and queued ones already
/// front-run (scrubbable once Prelaunch), each with the credentials the
/// other deposit pays.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Findings {
    pub scrub: Vec<(Address, Bytes)>,
    pub queued: Vec<(Address, Bytes)>,
}

/// Every Initialised or Prelaunch minipool with a deposit for its public
/// key to credentials other than its own.
pub fn front_run(minipools: &[Watched], deposits: &[Deposit]) -> Findings {
    let mut findings = Findings::default();
    for minipool in minipools {
        let own = withdrawal_credentials(minipool.address);
        let Some(other) = deposits.iter().find(|deposit| {
            deposit.pubkey == minipool.pubkey
                && deposit.withdrawal_credentials.as_ref() != own.as_slice()
        }) else {
            continue;
        };
        let finding = (minipool.address, other.withdrawal_credentials.clone());
        match minipool.status {
            Status::Prelaunch => findings.scrub.push(finding),
            Status::Initialised => findings.queued.push(finding),
            _ => {}
        }
    }
    findings
}

/// How the watcher runs.
#[derive(Debug, Clone, Copy)]
pub struct WatchOptions {
    /// The first block to read deposits from.
    pub from_block: u64,
    /// One round, then exit.
    pub once: bool,
    pub interval: Duration,
    pub send: Options,
}

/// Watches until stopped (or one round with `once`): each round reads new
/// deposits and every minipool that could still be scrubbed, and votes to
/// scrub those front-run.
///
/// # Errors
/// RPC failures that outlast the retries.
pub async fn run(chain: &Chain, addresses: &Addresses, options: WatchOptions) -> Result<()> {
    let mut deposits = Vec::new();
    let mut next_block = options.from_block;
    let mut minipools: Vec<Watched> = Vec::new();
    let mut voted: Vec<Address> = Vec::new();
    loop {
        let latest = chain.provider().get_block_number().await?;
        while next_block <= latest {
            let to = next_block.saturating_add(LOG_CHUNK - 1).min(latest);
            let filter = Filter::new()
                .address(addresses.beacon_deposit)
                .event_signature(DepositEvent::SIGNATURE_HASH)
                .from_block(next_block)
                .to_block(to);
            for log in chain.provider().get_logs(&filter).await? {
                deposits.push(Deposit::from_log(&log)?);
            }
            next_block = to + 1;
        }
        refresh(chain, addresses, &mut minipools).await?;
        let findings = front_run(&minipools, &deposits);
        for (minipool, credentials) in &findings.queued {
            eprintln!(
                "minipool {minipool} is front-run (a deposit pays 0x{}); it is scrubbed once Prelaunch",
                alloy::hex::encode(credentials)
            );
        }
        for (minipool, credentials) in &findings.scrub {
            if voted.contains(minipool) {
                continue;
            }
            let vote: Call = actions::vote_scrub(*minipool, credentials);
            match send::execute(chain, std::slice::from_ref(&vote), options.send).await {
                Ok(_) => voted.push(*minipool),
                Err(error) if format!("{error:#}").contains("AlreadyVoted") => {
                    voted.push(*minipool);
                }
                Err(error) => eprintln!("could not vote on {minipool}: {error:#}"),
            }
        }
        eprintln!(
            "block {latest}: {} deposits seen, {} minipools that may be scrubbed, {} front-run",
            deposits.len(),
            minipools
                .iter()
                .filter(|m| m.status == Status::Prelaunch)
                .count(),
            findings.scrub.len() + findings.queued.len()
        );
        if options.once {
            return Ok(());
        }
        tokio::time::sleep(options.interval).await;
    }
}

/// Reads every minipool the manager knows and keeps those that can still
/// be scrubbed (Initialised or Prelaunch) with their current status.
async fn refresh(chain: &Chain, addresses: &Addresses, minipools: &mut Vec<Watched>) -> Result<()> {
    let manager = addresses.minipool_manager;
    let count: U256 = chain
        .view(manager, &IMinipoolManager::getMinipoolCountCall {})
        .await?;
    let mut fresh = Vec::new();
    for index in 0..count.saturating_to::<u64>() {
        let address = chain
            .view(
                manager,
                &IMinipoolManager::getMinipoolAtCall {
                    index: U256::from(index),
                },
            )
            .await?;
        let status = Status::from_code(chain.view(address, &IMinipool::getStatusCall {}).await?)?;
        if !matches!(status, Status::Initialised | Status::Prelaunch) {
            continue;
        }
        let pubkey = match minipools.iter().find(|m| m.address == address) {
            Some(known) => known.pubkey.clone(),
            None => {
                chain
                    .view(address, &IMinipool::getValidatorPubkeyCall {})
                    .await?
            }
        };
        fresh.push(Watched {
            address,
            status,
            pubkey,
        });
    }
    *minipools = fresh;
    Ok(())
}
