//! The published Solidity interfaces (`abi/*.sol`) against the code.
//!
//! CI regenerates `abi/` and fails on any difference, so these files are what
//! the code exports. The SDK writes each contract's own functions and errors;
//! the standard functions and all events are added from declarations (see
//! `contracts::abi`). These tests show that every published function is one
//! the contract routes, that each standard interface is whole, and that every
//! published event is one the code emits, with the same topics. (CI also
//! compiles the files with solc: see `deploy/abi.sh`.)

use std::{
    borrow::BorrowMut,
    collections::{BTreeMap, BTreeSet},
};

use alloy_primitives::{keccak256, Address, FixedBytes, B256, U256};
use alloy_sol_types::{SolEvent, SolValue, TopicList};
use beacon_deposit::BeaconDeposit;
use contracts::events::{OwnershipTransferStarted, OwnershipTransferred, SettingChanged, Wired};
use deposit_pool::DepositPool;
use minipool::Minipool;
use minipool_manager::MinipoolManager;
use motsu::prelude::*;
use node_manager::NodeManager;
use openzeppelin_stylus::{
    access::ownable_two_step::{IOwnable2Step, Ownable2Step},
    token::erc20::{Erc20, IErc20},
};
use reth_token::{
    erc20::{Approval, Transfer},
    RethToken,
};
use rewards_distributor::RewardsDistributor;
use stylus_sdk::{
    abi::Router,
    prelude::{TopLevelStorage, ValueDenier},
    storage::StorageType,
    ArbResult,
};
use tests::{eth, Protocol};

/// One published interface file, read as the selectors and topics it
/// promises.
struct Published {
    /// Function signatures (`name(type,..)`) by the interface declaring them.
    functions: BTreeMap<String, Vec<String>>,
    /// Event signatures with the number of indexed parameters.
    events: BTreeSet<(String, usize)>,
}

impl Published {
    fn read(file: &str) -> Self {
        let path = format!("{}/../abi/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut published = Self {
            functions: BTreeMap::new(),
            events: BTreeSet::new(),
        };
        let mut interface = String::new();
        for line in text.lines().map(str::trim) {
            if let Some(rest) = line.strip_prefix("interface ") {
                interface = rest
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_owned();
            } else if let Some(rest) = line.strip_prefix("function ") {
                let (signature, _) = signature(rest);
                published
                    .functions
                    .entry(interface.clone())
                    .or_default()
                    .push(signature);
            } else if let Some(rest) = line.strip_prefix("event ") {
                published.events.insert(signature(rest));
            }
        }
        assert!(
            !published.functions.is_empty(),
            "{path} declares no function"
        );
        published
    }

    /// The XOR of the selectors of `interface`'s functions: its ERC-165 id.
    fn interface_id(&self, interface: &str) -> FixedBytes<4> {
        self.functions[interface]
            .iter()
            .fold(FixedBytes::ZERO, |id, f| id ^ selector(f))
    }
}

/// `name(type,..)` and the number of indexed parameters of a Solidity
/// declaration that follows its keyword.
fn signature(declaration: &str) -> (String, usize) {
    let (name, rest) = declaration.split_once('(').expect("a parameter list");
    let parameters = &rest[..rest.find(')').expect("a closed parameter list")];
    let parameters: Vec<&str> = parameters
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let types: Vec<&str> = parameters
        .iter()
        .map(|p| p.split_whitespace().next().unwrap_or_default())
        .collect();
    let indexed = parameters
        .iter()
        .filter(|p| p.split_whitespace().nth(1) == Some("indexed"));
    (format!("{name}({})", types.join(",")), indexed.count())
}

fn selector(signature: &str) -> FixedBytes<4> {
    FixedBytes::from_slice(&keccak256(signature)[..4])
}

/// A contract as deployed: storage with a router.
trait Routed:
    StorageType
    + TopLevelStorage
    + Router<Self>
    + BorrowMut<<Self as Router<Self>>::Storage>
    + ValueDenier
    + 'static
{
}

impl<T> Routed for T where
    T: StorageType
        + TopLevelStorage
        + Router<T>
        + BorrowMut<<T as Router<T>>::Storage>
        + ValueDenier
        + 'static
{
}

/// Whether `T`'s router has a function for `signature`. The call data is one
/// byte, which no function with parameters decodes; one without runs on a
/// contract never set up, which changes nothing these tests read.
fn routes<T: Routed>(contract: &Contract<T>, signature: &str) -> bool {
    let selector = u32::from_be_bytes(selector(signature).0);
    T::route(
        &mut *contract.sender(Address::repeat_byte(0x5e)),
        selector,
        &[0xff],
    )
    .is_some()
}

/// The topic hash and indexed-parameter count of an event the code emits.
fn emitted<E: SolEvent>() -> (B256, usize) {
    (E::SIGNATURE_HASH, <E::TopicList as TopicList>::COUNT - 1)
}

/// Checks everything `file` publishes: every function is routed by `T` (and
/// a signature it does not publish is not, so the probe can tell them
/// apart), and the events are exactly `emitted`, with the same topics.
fn assert_publishes<T: Routed>(file: &str, emitted: &[(B256, usize)]) -> Published {
    assert_published_by(&Contract::<T>::new(), file, emitted)
}

/// [`assert_publishes`] on `contract`, set up as the caller needs.
fn assert_published_by<T: Routed>(
    contract: &Contract<T>,
    file: &str,
    emitted: &[(B256, usize)],
) -> Published {
    let published = Published::read(file);
    for function in published.functions.values().flatten() {
        assert!(
            routes(contract, function),
            "{file} publishes {function}, which is not routed"
        );
    }
    assert!(
        !routes(contract, "notPublished(uint256)"),
        "{file}: the probe routes anything"
    );

    let published_topics: BTreeSet<(B256, usize)> = published
        .events
        .iter()
        .map(|(signature, indexed)| (keccak256(signature), *indexed))
        .collect();
    let emitted: BTreeSet<(B256, usize)> = emitted.iter().copied().collect();
    assert_eq!(
        published_topics, emitted,
        "{file}: published events differ from the emitted ones; it publishes {:?}",
        published.events
    );
    published
}

/// [`assert_publishes`] for an admin contract, which also publishes the whole
/// of openzeppelin-stylus's two-step hand-over (without the ERC-165 query,
/// which `contracts::admin::Ownable2Step` does not route) and its ownership
/// events.
fn assert_publishes_admin<T: Routed>(file: &str, own_events: &[(B256, usize)]) -> Published {
    let ownership_events = [
        emitted::<OwnershipTransferred>(),
        emitted::<OwnershipTransferStarted>(),
    ];
    let published = assert_publishes::<T>(file, &[own_events, &ownership_events].concat());
    assert_eq!(
        published.interface_id("IOwnable2Step"),
        <Ownable2Step as IOwnable2Step>::interface_id(),
        "{file}: IOwnable2Step is not OpenZeppelin's whole interface"
    );
    published
}

#[motsu::test]
fn reth_token_publishes_erc20_permit_and_its_own_surface() {
    let file = "IRethToken.sol";
    // rETH has no admin of its own (the deposit pool's admin sets its one
    // setting), so it publishes no `IOwnable2Step`. It is built with its
    // pool, which `getTotalCollateral()` asks.
    let (admin, pool, reth) = (
        Address::repeat_byte(0xad),
        Contract::<DepositPool>::new(),
        Contract::<RethToken>::new(),
    );
    pool.sender(admin).constructor(admin).motsu_unwrap();
    reth.sender(admin)
        .constructor(pool.address())
        .motsu_unwrap();
    let published = assert_published_by(
        &reth,
        file,
        &[
            emitted::<reth_token::TokensMinted>(),
            emitted::<reth_token::TokensBurned>(),
            emitted::<reth_token::EtherDeposited>(),
            emitted::<SettingChanged>(),
            emitted::<Transfer>(),
            emitted::<Approval>(),
        ],
    );
    assert_eq!(
        published.interface_id("IErc20"),
        <Erc20 as IErc20>::interface_id(),
        "{file}: IErc20 is not OpenZeppelin's whole ERC-20"
    );
    let permit = published.functions["IRethToken"]
        .iter()
        .filter(|f| {
            ["nonces(", "DOMAIN_SEPARATOR(", "permit("]
                .iter()
                .any(|n| f.starts_with(n))
        })
        .fold(FixedBytes::ZERO, |id, f| id ^ selector(f));
    let eip_2612 = [
        "permit(address,address,uint256,uint256,uint8,bytes32,bytes32)",
        "nonces(address)",
        "DOMAIN_SEPARATOR()",
    ]
    .iter()
    .fold(FixedBytes::ZERO, |id, f| id ^ selector(f));
    assert_eq!(
        permit, eip_2612,
        "{file}: the permit functions are not EIP-2612's"
    );
}

#[motsu::test]
fn deposit_pool_publishes_its_whole_surface() {
    assert_publishes_admin::<DepositPool>(
        "IDepositPool.sol",
        &[
            emitted::<deposit_pool::DepositReceived>(),
            emitted::<deposit_pool::DepositAssigned>(),
            emitted::<deposit_pool::MinipoolEnqueued>(),
            emitted::<deposit_pool::MinipoolDequeued>(),
            emitted::<deposit_pool::UserDepositReleased>(),
            emitted::<SettingChanged>(),
            emitted::<Wired>(),
        ],
    );
}

#[motsu::test]
fn node_manager_publishes_its_whole_surface() {
    assert_publishes_admin::<NodeManager>(
        "INodeManager.sol",
        &[
            emitted::<node_manager::NodeRegistered>(),
            emitted::<node_manager::NodeTimezoneLocationSet>(),
            emitted::<node_manager::NodeWithdrawalAddressSet>(),
            emitted::<node_manager::NodeWithdrawalAddressProposed>(),
            emitted::<SettingChanged>(),
        ],
    );
}

#[motsu::test]
fn minipool_manager_publishes_its_whole_surface() {
    assert_publishes_admin::<MinipoolManager>(
        "IMinipoolManager.sol",
        &[
            emitted::<minipool_manager::MinipoolCreated>(),
            emitted::<minipool_manager::WatcherAdded>(),
            emitted::<minipool_manager::WatcherRemoved>(),
            emitted::<SettingChanged>(),
            emitted::<Wired>(),
        ],
    );
}

#[motsu::test]
fn minipool_publishes_its_whole_surface() {
    assert_publishes::<Minipool>(
        "IMinipool.sol",
        &[
            emitted::<minipool::StatusUpdated>(),
            emitted::<minipool::MinipoolStaked>(),
            emitted::<minipool::ScrubVoted>(),
            emitted::<minipool::MinipoolScrubbed>(),
            emitted::<minipool::MinipoolClosed>(),
            emitted::<minipool::BalanceDistributed>(),
            emitted::<minipool::WithdrawableVoted>(),
            emitted::<minipool::MinipoolWithdrawable>(),
            emitted::<minipool::NodeRefunded>(),
        ],
    );
}

#[motsu::test]
fn rewards_distributor_publishes_its_whole_surface() {
    assert_publishes::<RewardsDistributor>(
        "IRewardsDistributor.sol",
        &[
            emitted::<rewards_distributor::RewardsDistributed>(),
            emitted::<rewards_distributor::RewardsClaimed>(),
        ],
    );
}

#[motsu::test]
fn beacon_deposit_publishes_its_whole_surface() {
    assert_publishes::<BeaconDeposit>(
        "IBeaconDeposit.sol",
        &[emitted::<beacon_deposit::DepositEvent>()],
    );
}

/// `calldata` sent by `caller` with `value` to `T`'s router, as the chain
/// would send it (the constructor's arguments go to `Router::constructor`).
fn send<T: Routed>(
    contract: &Contract<T>,
    caller: Address,
    value: U256,
    calldata: &[u8],
) -> Option<ArbResult> {
    let (selector, input) = calldata.split_at(4);
    let selector = u32::from_be_bytes(selector.try_into().unwrap());
    T::route(
        &mut *contract.sender_and_value(caller, value),
        selector,
        input,
    )
}

/// The calldata of `signature` with `params`.
fn calldata(signature: &str, params: &[u8]) -> Vec<u8> {
    [selector(signature).as_slice(), params].concat()
}

#[motsu::test]
fn the_router_refuses_malformed_calldata_and_value_where_not_payable(
    admin: Address,
    alice: Address,
    bob: Address,
) {
    let mut protocol = Protocol::deploy(admin);
    protocol.deposit(alice, eth(10)).motsu_unwrap();
    let held = protocol.reth_of(alice);
    let transfer = calldata(
        "transfer(address,uint256)",
        &(bob, eth(1)).abi_encode_params(),
    );

    // Refused, with nothing moved: value sent to a function that is not
    // payable, an address with high bits set, a missing argument.
    alice.fund(U256::from(1));
    assert_eq!(
        send(&protocol.reth, alice, U256::from(1), &transfer),
        Some(Err(Vec::new()))
    );
    let mut dirty = transfer.clone();
    dirty[4] = 1;
    assert_eq!(
        send(&protocol.reth, alice, U256::ZERO, &dirty),
        Some(Err(Vec::new()))
    );
    let short = &transfer[..transfer.len() - 1];
    assert_eq!(
        send(&protocol.reth, alice, U256::ZERO, short),
        Some(Err(Vec::new()))
    );
    assert_eq!(protocol.reth_of(alice), held);

    // Decoded and encoded as the ABI lays them out; bytes after the
    // arguments are ignored, as Solidity ignores them.
    let extra = [transfer.as_slice(), &[0xab; 7]].concat();
    assert_eq!(
        send(&protocol.reth, alice, U256::ZERO, &extra),
        Some(Ok(true.abi_encode()))
    );
    assert_eq!(protocol.reth_of(bob), eth(1));
    let balance_of = calldata("balanceOf(address)", &bob.abi_encode());
    assert_eq!(
        send(&protocol.reth, bob, U256::ZERO, &balance_of),
        Some(Ok(eth(1).abi_encode()))
    );
    let name = calldata("name()", &[]);
    assert_eq!(
        send(&protocol.reth, bob, U256::ZERO, &name),
        Some(Ok("Rocket Pool ETH".abi_encode()))
    );
    let wiring = calldata("getWiring()", &[]);
    assert_eq!(
        send(&protocol.pool, bob, U256::ZERO, &wiring),
        Some(Ok(
            (protocol.reth.address(), protocol.manager.address()).abi_encode_params()
        ))
    );
}

#[motsu::test]
fn the_router_runs_a_constructor_once(admin: Address, stranger: Address) {
    let nodes = Contract::<NodeManager>::new();
    let construct = |caller: Address, owner: Address| {
        <NodeManager as Router<NodeManager>>::constructor(
            &mut *nodes.sender(caller),
            &owner.abi_encode(),
        )
    };
    assert_eq!(construct(admin, admin), Some(Ok(Vec::new())));
    assert!(matches!(construct(stranger, stranger), Some(Err(_))));
    let admin_of = |who| {
        BorrowMut::<contracts::admin::Ownable2Step>::borrow_mut(&mut *nodes.sender(who)).owner()
    };
    assert_eq!(admin_of(stranger), admin);
}
