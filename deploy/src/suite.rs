//! The suite: its seven contracts in deployment order, their constructor
//! arguments, where the chain's StylusDeployer puts each of them, and the
//! one-shot wiring.

use std::fmt;

use alloy::{
    primitives::{keccak256, Address, Bytes, B256, U256},
    sol_types::{SolCall, SolValue},
};

use crate::abi::{stylus_constructorCall, IDepositPool, IMinipoolManager};

/// The address of the StylusDeployer on Arbitrum chains (and the address
/// `deploy` puts one at on a dev chain that has none).
pub const STYLUS_DEPLOYER: Address =
    alloy::primitives::address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990");

/// Creation code of the StylusDeployer put on dev chains that have none
/// (`deploy/dev-stylus-deployer/`, compiled by `deploy/abi.sh`, checked by
/// CI against its source).
pub fn dev_stylus_deployer_code() -> Vec<u8> {
    alloy::hex::decode(include_str!("../dev-stylus-deployer/DevStylusDeployer.bin").trim())
        .unwrap_or_default()
}

/// Half of Stylus's 24,576-byte limit: the size every contract is to reach
/// (each call into a program pays for its size when it starts).
pub const SIZE_GOAL: usize = 12_288;

/// A contract of the suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Contract {
    BeaconDeposit,
    NodeManager,
    RethToken,
    DepositPool,
    Minipool,
    MinipoolManager,
    RewardsDistributor,
}

impl Contract {
    /// Every contract, in the order they are deployed: each constructor's
    /// arguments are addresses of contracts before it.
    pub const ALL: [Self; 7] = [
        Self::BeaconDeposit,
        Self::NodeManager,
        Self::DepositPool,
        Self::RethToken,
        Self::Minipool,
        Self::MinipoolManager,
        Self::RewardsDistributor,
    ];

    /// The crate name, which also names the contract in deployments files.
    pub const fn name(self) -> &'static str {
        match self {
            Self::BeaconDeposit => "beacon-deposit",
            Self::NodeManager => "node-manager",
            Self::RethToken => "reth-token",
            Self::DepositPool => "deposit-pool",
            Self::Minipool => "minipool",
            Self::MinipoolManager => "minipool-manager",
            Self::RewardsDistributor => "rewards-distributor",
        }
    }

    /// The file cargo writes the release wasm to.
    pub fn wasm_file(self) -> String {
        format!("{}.wasm", self.name().replace('-', "_"))
    }

    /// The contract named `name` in a deployments file.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|contract| contract.name() == name)
    }

    /// The compressed bytes this contract's program may take, which `deploy
    /// build` and `deploy check` (and so CI) hold it to: its size when the
    /// budget was last set plus about 250 bytes, room for another binaryen
    /// or toolchain patch release, but never more than [`SIZE_GOAL`] once
    /// the contract has reached it. The goal is [`SIZE_GOAL`] for every
    /// contract; a change that makes one smaller lowers its budget with it.
    pub const fn size_budget(self) -> usize {
        match self {
            Self::BeaconDeposit => 7_150,
            Self::NodeManager => 7_250,
            Self::RewardsDistributor => 7_900,
            Self::DepositPool => 12_150,
            Self::RethToken | Self::Minipool | Self::MinipoolManager => SIZE_GOAL,
        }
    }

    /// Programs worth caching in the chain's CacheManager: those a staker's
    /// or node's everyday flows enter (rETH, the pool, the implementations
    /// behind every minipool and behind the smoothing pool).
    pub const fn is_hot(self) -> bool {
        matches!(
            self,
            Self::RethToken | Self::DepositPool | Self::Minipool | Self::RewardsDistributor
        )
    }
}

impl fmt::Display for Contract {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where the suite goes: who governs it, which StylusDeployer creates it,
/// and the salt that makes every address predictable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The admin every contract is constructed with; it also sends the
    /// wiring, so it is the deploying account.
    pub admin: Address,
    /// The StylusDeployer contract.
    pub deployer: Address,
    /// The suite's salt; each contract's is derived from it and its name.
    pub salt: B256,
    /// An existing beacon deposit contract to use instead of deploying ours.
    pub beacon_deposit: Option<Address>,
}

impl Layout {
    /// The contracts this layout deploys, in order.
    pub fn contracts(&self) -> impl Iterator<Item = Contract> + '_ {
        Contract::ALL.into_iter().filter(|&contract| {
            contract != Contract::BeaconDeposit || self.beacon_deposit.is_none()
        })
    }

    /// The salt passed to the StylusDeployer for `contract`.
    pub fn salt_of(&self, contract: Contract) -> B256 {
        keccak256((self.salt, contract.name()).abi_encode_packed())
    }

    /// The constructor call (`stylus_constructor` selector and arguments)
    /// the StylusDeployer makes in the deploying transaction; empty for
    /// contracts without a constructor.
    pub fn init_data(&self, contract: Contract, addresses: &Addresses) -> Bytes {
        let arguments = match contract {
            Contract::BeaconDeposit | Contract::Minipool | Contract::RewardsDistributor => {
                return Bytes::new()
            }
            Contract::NodeManager | Contract::DepositPool => (self.admin,).abi_encode_params(),
            // rETH is built with its deposit pool (deployed before it), whose
            // admin is rETH's.
            Contract::RethToken => (addresses.deposit_pool,).abi_encode_params(),
            Contract::MinipoolManager => {
                (self.admin, addresses.beacon_deposit, addresses.node_manager).abi_encode_params()
            }
        };
        let mut data = stylus_constructorCall::SELECTOR.to_vec();
        data.extend(arguments);
        data.into()
    }

    /// Where the StylusDeployer creates a contract: CREATE2 from the
    /// deployer with `keccak256(salt ‖ initData ‖ initValue)`, so the address
    /// also commits to the constructor arguments.
    pub fn address_of(&self, salt: B256, init_data: &[u8], init_code: &[u8]) -> Address {
        let salt = keccak256((salt, init_data, U256::ZERO).abi_encode_packed());
        self.deployer.create2(salt, keccak256(init_code))
    }

    /// Every contract's address, given each contract's init code.
    pub fn addresses(&self, init_code: impl Fn(Contract) -> Vec<u8>) -> Addresses {
        self.addresses_after(|_| None, init_code)
    }

    /// Every contract's address: where `deployed` has one, that one; the
    /// others where the StylusDeployer will put them given their init code
    /// (a function, so callers need not build what is already deployed).
    pub fn addresses_after(
        &self,
        deployed: impl Fn(Contract) -> Option<Address>,
        init_code: impl Fn(Contract) -> Vec<u8>,
    ) -> Addresses {
        let mut addresses = Addresses::default();
        if let Some(beacon) = self.beacon_deposit {
            addresses.beacon_deposit = beacon;
        }
        for contract in self.contracts() {
            let address = deployed(contract).unwrap_or_else(|| {
                let init_data = self.init_data(contract, &addresses);
                self.address_of(self.salt_of(contract), &init_data, &init_code(contract))
            });
            addresses.set(contract, address);
        }
        addresses.smoothing_pool = smoothing_pool_of(&addresses);
        addresses
    }
}

/// Where the minipool manager creates the smoothing pool when it is wired:
/// the proxy of the rewards distributor, with CREATE2 and the smoothing
/// pool's salt.
pub fn smoothing_pool_of(addresses: &Addresses) -> Address {
    addresses.minipool_manager.create2(
        B256::from(proxy::SMOOTHING_POOL_SALT),
        keccak256(smoothing_pool_init_code(addresses)),
    )
}

/// The runtime code of the smoothing pool, as it is on chain.
pub fn proxy_runtime(addresses: &Addresses) -> Vec<u8> {
    smoothing_pool_init_code(addresses)[proxy::RUNTIME_OFFSET..].to_vec()
}

/// The creation code of the smoothing pool: the proxy of the rewards
/// distributor, with the contracts it works with after its code (the
/// minipool manager, the deposit pool, rETH, the node manager, the beacon
/// deposit contract, zero for the smoothing pool itself and the minipool
/// implementation, in the order the contracts' `clone::Links` keeps them).
fn smoothing_pool_init_code(addresses: &Addresses) -> [u8; proxy::INIT_CODE_LENGTH] {
    let mut links = [0; proxy::IMMUTABLES_LENGTH];
    let linked = [
        addresses.minipool_manager,
        addresses.deposit_pool,
        addresses.reth_token,
        addresses.node_manager,
        addresses.beacon_deposit,
        Address::ZERO,
        addresses.minipool,
    ];
    for (bytes, address) in links.chunks_exact_mut(20).zip(linked) {
        bytes.copy_from_slice(address.as_slice());
    }
    proxy::init_code(addresses.rewards_distributor.into_array(), links)
}

/// Every contract's address, and the smoothing pool's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Addresses {
    pub beacon_deposit: Address,
    pub node_manager: Address,
    pub reth_token: Address,
    pub deposit_pool: Address,
    pub minipool: Address,
    pub minipool_manager: Address,
    /// The rewards distributor's implementation.
    pub rewards_distributor: Address,
    /// The smoothing pool, validators' fee recipient: the proxy of the
    /// rewards distributor that the minipool manager's wiring creates.
    pub smoothing_pool: Address,
}

impl Addresses {
    pub const fn get(&self, contract: Contract) -> Address {
        match contract {
            Contract::BeaconDeposit => self.beacon_deposit,
            Contract::NodeManager => self.node_manager,
            Contract::RethToken => self.reth_token,
            Contract::DepositPool => self.deposit_pool,
            Contract::Minipool => self.minipool,
            Contract::MinipoolManager => self.minipool_manager,
            Contract::RewardsDistributor => self.rewards_distributor,
        }
    }

    fn set(&mut self, contract: Contract, address: Address) {
        let slot = match contract {
            Contract::BeaconDeposit => &mut self.beacon_deposit,
            Contract::NodeManager => &mut self.node_manager,
            Contract::RethToken => &mut self.reth_token,
            Contract::DepositPool => &mut self.deposit_pool,
            Contract::Minipool => &mut self.minipool,
            Contract::MinipoolManager => &mut self.minipool_manager,
            Contract::RewardsDistributor => &mut self.rewards_distributor,
        };
        *slot = address;
    }

    /// The one-shot wiring: the admin's `wire` call on each contract that
    /// has one, as (contract, calldata); rETH takes its pool at
    /// construction instead. The minipool manager's also creates the
    /// smoothing pool.
    pub fn wiring(&self) -> [(Contract, Bytes); 2] {
        [
            (
                Contract::DepositPool,
                IDepositPool::wireCall {
                    reth: self.reth_token,
                    minipool_manager: self.minipool_manager,
                }
                .abi_encode()
                .into(),
            ),
            (
                Contract::MinipoolManager,
                IMinipoolManager::wireCall {
                    deposit_pool: self.deposit_pool,
                    reth: self.reth_token,
                    rewards_distributor_implementation: self.rewards_distributor,
                    minipool_implementation: self.minipool,
                }
                .abi_encode()
                .into(),
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nitro::MAX_COMPRESSED_SIZE;

    #[test]
    fn size_budgets_stay_under_the_stylus_limit() {
        for contract in Contract::ALL {
            let budget = contract.size_budget();
            assert!(
                budget < MAX_COMPRESSED_SIZE,
                "{contract}: a budget of {budget} allows what Nitro refuses"
            );
        }
        assert_eq!(SIZE_GOAL * 2, MAX_COMPRESSED_SIZE);
    }
}
