//! `deployments/<chain-id>.json`: what has been deployed where, written after
//! every transaction so that an interrupted run resumes where it stopped.

use std::{
    collections::BTreeMap,
    fs, io,
    path::{Path, PathBuf},
};

use alloy::primitives::{Address, TxHash, B256};
use serde::{Deserialize, Serialize};

use crate::suite::{smoothing_pool_of, Addresses, Contract, Layout};

/// The tool's name and version, recorded in every file it writes.
pub const TOOL: &str = concat!("deploy ", env!("CARGO_PKG_VERSION"));

/// A deployments file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Deployments {
    pub chain_id: u64,
    /// The tool that last wrote the file.
    pub tool: String,
    /// The contracts' crate version.
    pub contracts_version: String,
    /// [`crate::build::source_fingerprint`] of the sources the suite's
    /// contracts were built from.
    pub source_fingerprint: B256,
    pub admin: Address,
    pub stylus_deployer: Address,
    pub salt: B256,
    /// An existing beacon deposit contract the suite uses, if it did not
    /// deploy its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_beacon_deposit: Option<Address>,
    /// Deployed contracts by crate name.
    #[serde(default)]
    pub contracts: BTreeMap<String, Deployed>,
    /// Wiring transactions by the crate name of the contract wired (`null`
    /// where the wiring was found done on chain).
    #[serde(default)]
    pub wiring: BTreeMap<String, Option<Sent>>,
    /// Cache bids by crate name (`null` where the program was found cached).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub cache_bids: BTreeMap<String, Option<Sent>>,
}

/// One deployed contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Deployed {
    pub address: Address,
    /// keccak256 of the contract code (prefix and compressed wasm), which
    /// the chain must show at `address`.
    pub code_hash: B256,
    /// The deploying transaction (absent where the contract was found at
    /// its address on chain, deployed by an earlier run that was cut off).
    #[serde(flatten)]
    pub sent: Option<Sent>,
}

/// A mined transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sent {
    pub tx_hash: TxHash,
    pub block: u64,
    pub gas_used: u64,
}

impl Deployments {
    /// An empty file for a chain and layout, for contracts built from the
    /// sources with `source_fingerprint`.
    pub fn new(chain_id: u64, layout: &Layout, source_fingerprint: B256) -> Self {
        Self {
            chain_id,
            tool: TOOL.into(),
            contracts_version: env!("CARGO_PKG_VERSION").into(),
            source_fingerprint,
            admin: layout.admin,
            stylus_deployer: layout.deployer,
            salt: layout.salt,
            external_beacon_deposit: layout.beacon_deposit,
            contracts: BTreeMap::new(),
            wiring: BTreeMap::new(),
            cache_bids: BTreeMap::new(),
        }
    }

    /// The file's path for a chain under `dir`.
    pub fn path(dir: &Path, chain_id: u64) -> PathBuf {
        dir.join(format!("{chain_id}.json"))
    }

    /// Reads a file; `Ok(None)` if there is none.
    pub fn load(path: &Path) -> io::Result<Option<Self>> {
        match fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|error| io::Error::new(io::ErrorKind::InvalidData, error)),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Writes the file (through a temporary file, so a crash never leaves
    /// half of it).
    pub fn save(&self, path: &Path) -> io::Result<()> {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        let mut json = serde_json::to_string_pretty(self).map_err(io::Error::other)?;
        json.push('\n');
        let temporary = path.with_extension("json.tmp");
        fs::write(&temporary, json)?;
        fs::rename(temporary, path)
    }

    /// The layout this file was written for.
    pub fn layout(&self) -> Layout {
        Layout {
            admin: self.admin,
            deployer: self.stylus_deployer,
            salt: self.salt,
            beacon_deposit: self.external_beacon_deposit,
        }
    }

    /// Every contract's address, once all are deployed and the suite is
    /// wired; `None` before. The beacon deposit contract is the external one
    /// where the suite uses one.
    pub fn addresses(&self) -> Option<Addresses> {
        if self.wiring.len() < 3 {
            return None;
        }
        let address = |contract| self.deployed(contract).map(|deployed| deployed.address);
        let mut addresses = Addresses {
            beacon_deposit: self
                .external_beacon_deposit
                .or_else(|| address(Contract::BeaconDeposit))?,
            node_manager: address(Contract::NodeManager)?,
            reth_token: address(Contract::RethToken)?,
            deposit_pool: address(Contract::DepositPool)?,
            minipool: address(Contract::Minipool)?,
            minipool_manager: address(Contract::MinipoolManager)?,
            rewards_distributor: address(Contract::RewardsDistributor)?,
            smoothing_pool: Address::ZERO,
        };
        addresses.smoothing_pool = smoothing_pool_of(&addresses);
        Some(addresses)
    }

    /// The recorded deployment of `contract`, if any.
    pub fn deployed(&self, contract: Contract) -> Option<&Deployed> {
        self.contracts.get(contract.name())
    }
}
