//! What a run still has to do: compare the built programs and the layout
//! with the deployments file and list the transactions left, so a re-run
//! never deploys a contract twice.

use std::{collections::BTreeMap, fmt};

use alloy::primitives::{Address, Bytes, B256};

use crate::{
    code::Program,
    deployments::Deployments,
    suite::{Addresses, Contract, Layout},
};

/// A transaction a run still has to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Put the dev chains' StylusDeployer on a dev chain that has none
    /// (the run adds this step in front of the plan).
    StylusDeployer { address: Address },
    /// Create, activate and construct a contract through the StylusDeployer.
    Deploy {
        contract: Contract,
        address: Address,
        salt: B256,
        init_data: Bytes,
    },
    /// The admin's one-shot `wire` call on a contract.
    Wire { contract: Contract, calldata: Bytes },
    /// A bid to keep a program in the chain's Stylus cache.
    CacheBid { contract: Contract },
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::StylusDeployer { address } => {
                write!(f, "deploy a StylusDeployer (dev chain) at {address}")
            }
            Self::Deploy {
                contract, address, ..
            } => write!(f, "deploy {contract} at {address}"),
            Self::Wire { contract, .. } => write!(f, "wire {contract}"),
            Self::CacheBid { contract } => write!(f, "cache {contract}"),
        }
    }
}

/// The suite's addresses and the transactions left to send, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub addresses: Addresses,
    pub steps: Vec<Step>,
}

/// Why a run cannot go on from a deployments file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    /// The file was written for another admin, deployer, salt or beacon
    /// deposit contract.
    LayoutChanged {
        recorded: Box<Layout>,
        requested: Box<Layout>,
    },
    /// Part of the suite is deployed, from other sources than those built
    /// now: finishing it would mix two versions of the protocol.
    SourceChanged { recorded: B256, built: B256 },
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::LayoutChanged {
                recorded,
                requested,
            } => write!(
                f,
                "the deployments file was written for admin {}, StylusDeployer {}, salt {} \
                 and beacon deposit {:?}, but this run asks for admin {}, StylusDeployer {}, \
                 salt {} and beacon deposit {:?}; use the same options, or another \
                 --deployments directory for a second suite",
                recorded.admin,
                recorded.deployer,
                recorded.salt,
                recorded.beacon_deposit,
                requested.admin,
                requested.deployer,
                requested.salt,
                requested.beacon_deposit,
            ),
            Self::SourceChanged { recorded, built } => write!(
                f,
                "part of this suite was deployed from sources with fingerprint {recorded}, \
                 but the contracts now build from {built}: finishing it would mix two \
                 versions. Check out the sources it was started from to finish it, or \
                 deploy a new suite with another --salt"
            ),
        }
    }
}

impl std::error::Error for PlanError {}

/// The steps left to deploy `programs` (built from sources with
/// `source_fingerprint`) with `layout`, given what `recorded` shows done;
/// cache bids for the hot programs when `cache` is set. Recorded contracts
/// keep their recorded addresses; the rest go where the StylusDeployer will
/// put them.
///
/// # Errors
/// [`PlanError`] when the file does not describe this suite.
pub fn plan(
    layout: &Layout,
    programs: &BTreeMap<Contract, Program>,
    source_fingerprint: B256,
    recorded: &Deployments,
    cache: bool,
) -> Result<Plan, PlanError> {
    let recorded_layout = recorded.layout();
    if recorded_layout != *layout {
        return Err(PlanError::LayoutChanged {
            recorded: Box::new(recorded_layout),
            requested: Box::new(layout.clone()),
        });
    }
    let deployed = |contract| recorded.deployed(contract).map(|done| done.address);
    let init_code = |contract| {
        programs
            .get(&contract)
            .map(Program::init_code)
            .unwrap_or_default()
    };
    let addresses = layout.addresses_after(deployed, init_code);

    let mut steps = Vec::new();
    for contract in layout.contracts() {
        if recorded.deployed(contract).is_some() {
            continue;
        }
        if !recorded.contracts.is_empty() && recorded.source_fingerprint != source_fingerprint {
            return Err(PlanError::SourceChanged {
                recorded: recorded.source_fingerprint,
                built: source_fingerprint,
            });
        }
        steps.push(Step::Deploy {
            contract,
            address: addresses.get(contract),
            salt: layout.salt_of(contract),
            init_data: layout.init_data(contract, &addresses),
        });
    }
    for (contract, calldata) in addresses.wiring() {
        if !recorded.wiring.contains_key(contract.name()) {
            steps.push(Step::Wire { contract, calldata });
        }
    }
    if cache {
        for contract in layout.contracts().filter(|contract| contract.is_hot()) {
            if !recorded.cache_bids.contains_key(contract.name()) {
                steps.push(Step::CacheBid { contract });
            }
        }
    }
    Ok(Plan { addresses, steps })
}
