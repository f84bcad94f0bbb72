//! Bad input and strangers: each call fails with its typed error and leaves
//! the protocol as it was.

use alloy_primitives::{uint, Address, U256};
use alloy_sol_types::SolError;
use contracts::{
    constants::{DEFAULT_LAUNCH_TIMEOUT, DEFAULT_SCRUB_PERIOD, PRESTAKE_AMOUNT},
    errors::{ArithmeticOverflow, ExternalCallFailed},
};
use motsu::prelude::*;
use tests::{advance_time, assert_reverts, eth, pubkey, root_for, signature, Protocol, Wallet};

/// Asserts a wrapped revert carries the callee's typed error `E`.
fn assert_inner<E: SolError>(failed: &ExternalCallFailed) {
    assert_eq!(
        failed.revertData.get(..4),
        Some(E::SELECTOR.as_slice()),
        "expected {}",
        E::SIGNATURE
    );
}

/// A protocol with Alice's and Wale's deposits and Linus's minipool in Prelaunch.
fn seeded(admin: Address, alice: Address, linus: Address, wale: Address) -> Protocol {
    let mut protocol = Protocol::deploy(admin);
    protocol.deposit(alice, eth(1)).motsu_unwrap();
    protocol.register(linus, "Europe/Berlin");
    protocol.create_minipool(linus, eth(8), 1).motsu_unwrap();
    protocol.deposit(wale, eth(320)).motsu_unwrap();
    protocol.check_invariants();
    protocol
}

/// The fees on the seeded 321 ETH of deposits, which went to rETH.
const SEEDED_FEES: U256 = uint!(160_500_000_000_000_000_U256);

#[motsu::test]
fn deposit_reverts_on_bad_input(admin: Address, alice: Address, donor: Address) {
    use deposit_pool::Error;
    let mut protocol = Protocol::deploy(admin);
    let before = protocol.snapshot();

    let err = protocol
        .deposit(alice, eth(1) / U256::from(1000))
        .unwrap_err();
    assert!(matches!(err, Error::DepositBelowMinimum(e) if e.minimum == eth(1) / U256::from(100)));
    assert_eq!(protocol.snapshot(), before);

    protocol
        .pool
        .sender(admin)
        .set_deposit_enabled(false)
        .motsu_unwrap();
    assert!(matches!(
        protocol.deposit(alice, eth(1)).unwrap_err(),
        Error::DepositsDisabled(_)
    ));
    assert_eq!(
        protocol.pool.sender(admin).get_maximum_deposit_amount(),
        U256::ZERO
    );
    protocol
        .pool
        .sender(admin)
        .set_deposit_enabled(true)
        .motsu_unwrap();

    protocol
        .pool
        .sender(admin)
        .set_maximum_deposit_pool_size(eth(10))
        .motsu_unwrap();
    let err = protocol.deposit(alice, eth(11)).unwrap_err();
    assert!(matches!(err, Error::DepositPoolFull(e) if e.maximum == eth(10)));
    assert_eq!(protocol.snapshot(), before);
    protocol.deposit(alice, eth(10)).motsu_unwrap();
    // Full but for the fee, which went on to rETH.
    assert_eq!(
        protocol.pool.sender(admin).get_maximum_deposit_amount(),
        eth(10) / U256::from(2000)
    );
    protocol
        .pool
        .sender(admin)
        .set_maximum_deposit_pool_size(eth(5000))
        .motsu_unwrap();

    // An absurd donation, once unlocked, makes a minimum deposit of 0.01
    // ETH worth less than 1 wei of rETH.
    let donation = eth(1_000_000_000_000_000_000);
    donor.fund(donation);
    protocol
        .reth
        .sender_and_value(donor, donation)
        .receive()
        .motsu_unwrap();
    protocol.entered += donation;
    protocol.gains += donation;
    protocol.unlock_rewards();
    let before = protocol.snapshot();
    let err = protocol
        .deposit(alice, eth(1) / U256::from(100))
        .unwrap_err();
    assert!(matches!(err, Error::MintRoundsToZero(_)));
    assert_eq!(protocol.snapshot(), before);
    protocol.check_invariants();
}

#[motsu::test]
fn pool_settings_are_admin_only_and_bounded(admin: Address, stranger: Address) {
    use deposit_pool::Error;
    let protocol = Protocol::deploy(admin);
    let pool = &protocol.pool;
    assert_reverts!(
        pool.sender(stranger).set_deposit_enabled(false),
        Error::UnauthorizedAccount(_)
    );
    assert_reverts!(
        pool.sender(stranger).set_assign_deposits_enabled(false),
        Error::UnauthorizedAccount(_)
    );
    assert_reverts!(
        pool.sender(stranger).set_deposit_fee(U256::ZERO),
        Error::UnauthorizedAccount(_)
    );
    assert_reverts!(
        pool.sender(stranger).set_minimum_deposit(eth(1)),
        Error::UnauthorizedAccount(_)
    );
    assert_reverts!(
        pool.sender(stranger).set_maximum_deposit_pool_size(eth(1)),
        Error::UnauthorizedAccount(_)
    );
    assert_reverts!(
        pool.sender(stranger)
            .set_maximum_deposit_assignments(U256::from(1)),
        Error::UnauthorizedAccount(_)
    );
    assert_reverts!(
        pool.sender(admin)
            .set_deposit_fee(U256::from(10_000_000_000_000_001_u64)),
        Error::SettingOutOfBounds(_)
    );
    assert_reverts!(
        pool.sender(admin)
            .set_minimum_deposit(U256::from(999_999_999_u64)),
        Error::SettingOutOfBounds(_)
    );
    assert_reverts!(
        pool.sender(admin)
            .set_minimum_deposit(eth(1) + U256::from(1)),
        Error::SettingOutOfBounds(_)
    );
    assert_reverts!(
        pool.sender(admin)
            .set_maximum_deposit_pool_size(eth(1_000_001)),
        Error::SettingOutOfBounds(_)
    );
    assert_reverts!(
        pool.sender(admin)
            .set_maximum_deposit_assignments(U256::ZERO),
        Error::SettingOutOfBounds(_)
    );
    assert_reverts!(
        pool.sender(admin)
            .set_maximum_deposit_assignments(U256::from(201)),
        Error::SettingOutOfBounds(_)
    );
    assert_eq!(
        pool.sender(admin).get_deposit_fee(),
        U256::from(500_000_000_000_000_u64)
    );
    assert_eq!(
        pool.sender(admin).get_minimum_deposit(),
        eth(1) / U256::from(100)
    );
    assert_eq!(
        pool.sender(admin).get_maximum_deposit_pool_size(),
        eth(5000)
    );
    assert_eq!(
        pool.sender(admin).get_maximum_deposit_assignments(),
        U256::from(90)
    );
    pool.sender(admin)
        .set_deposit_fee(U256::from(10_000_000_000_000_000_u64))
        .motsu_unwrap();
    assert_eq!(
        pool.sender(admin).get_deposit_fee(),
        U256::from(10_000_000_000_000_000_u64)
    );
}

#[motsu::test]
fn restricted_entry_points_reject_strangers(
    admin: Address,
    alice: Address,
    linus: Address,
    wale: Address,
    stranger: Address,
) {
    let protocol = seeded(admin, alice, linus, wale);
    let before = protocol.snapshot();
    let minipool = &protocol.minipools[0];
    stranger.fund(eth(100));
    assert_reverts!(
        protocol
            .pool
            .sender(stranger)
            .enqueue_minipool(stranger, eth(24)),
        deposit_pool::Error::UnauthorizedCaller(_)
    );
    assert_reverts!(
        protocol.pool.sender(stranger).dequeue_minipool(U256::ZERO),
        deposit_pool::Error::UnauthorizedCaller(_)
    );
    assert_reverts!(
        protocol
            .pool
            .sender_and_value(stranger, eth(24))
            .return_user_deposit(U256::ZERO),
        deposit_pool::Error::UnauthorizedCaller(_)
    );
    assert_reverts!(
        protocol
            .reth
            .sender(stranger)
            .mint_deposit(stranger, eth(1), eth(1)),
        reth_token::Error::UnauthorizedCaller(_)
    );
    assert_reverts!(
        protocol.reth.sender(stranger).add_user_capital(eth(1)),
        reth_token::Error::UnauthorizedCaller(_)
    );
    assert_reverts!(
        protocol.reth.sender(stranger).remove_user_capital(eth(1)),
        reth_token::Error::UnauthorizedCaller(_)
    );
    assert_reverts!(
        protocol
            .pool
            .sender_and_value(stranger, eth(24))
            .finalise_user_deposit(U256::ZERO),
        deposit_pool::Error::UnauthorizedCaller(_)
    );
    assert_reverts!(
        protocol
            .pool
            .sender(stranger)
            .pay_burn_shortfall(stranger, eth(1)),
        deposit_pool::Error::UnauthorizedCaller(_)
    );
    // Only the suite's minipools join and leave the smoothing pool: not the
    // manager that creates them, nor their implementation itself.
    let not_minipools = [
        stranger,
        protocol.manager.address(),
        protocol.implementation.address(),
    ];
    for (caller, join) in not_minipools
        .into_iter()
        .flat_map(|c| [(c, true), (c, false)])
    {
        let distributor = &mut protocol.distributor.sender(caller);
        let result = if join {
            distributor.join(stranger, eth(1))
        } else {
            distributor.leave(stranger, eth(1))
        };
        assert_reverts!(result, rewards_distributor::Error::UnauthorizedCaller(e) if e.caller == caller);
    }
    assert_reverts!(
        minipool
            .sender_and_value(stranger, eth(24))
            .assign_user_deposit(),
        minipool::Error::UnauthorizedCaller(_)
    );
    // A minipool is initialised once, by the manager its proxy names; a
    // contract that is not such a proxy names none.
    let manager = protocol.manager.address();
    let fresh = motsu::prelude::Contract::<minipool::Minipool>::new();
    for (contract, caller) in [(minipool, stranger), (minipool, manager), (&fresh, manager)] {
        let result = contract.sender(caller).initialise(
            stranger,
            0,
            0,
            eth(8),
            pubkey(9).into(),
            0,
            0,
            U256::ZERO,
        );
        if contract.address() == fresh.address() {
            assert_reverts!(result, minipool::Error::UnauthorizedCaller(e) if e.caller == manager);
        } else {
            assert_reverts!(result, minipool::Error::AlreadyInitialised(_));
        }
    }
    // Wiring happens once, by the admin only; rETH's deposit pool was set
    // at its construction, and nothing can change it.
    assert_eq!(
        protocol.reth.sender(stranger).get_deposit_pool(),
        protocol.pool.address()
    );
    assert_reverts!(
        protocol.pool.sender(admin).wire(stranger, stranger),
        deposit_pool::Error::AlreadyWired(_)
    );
    assert_reverts!(
        protocol
            .manager
            .sender(admin)
            .wire(stranger, stranger, stranger, stranger),
        minipool_manager::Error::AlreadyWired(_)
    );
    assert_reverts!(
        protocol
            .manager
            .sender(stranger)
            .wire(stranger, stranger, stranger, stranger),
        minipool_manager::Error::UnauthorizedAccount(_)
    );
    assert_eq!(protocol.snapshot(), before);
}

/// Wiring the minipool manager creates the smoothing pool (the proxy of the
/// rewards distributor), whose code names the rETH token, the manager and
/// the node registry for good; a contract that is no such proxy names none,
/// and a wiring that cannot create it changes nothing.
#[motsu::test]
fn wiring_creates_the_smoothing_pool_once(admin: Address, stranger: Address) {
    use rewards_distributor::{Error, RewardsDistributor};
    let protocol = Protocol::deploy(admin);
    let (pool, reth, smoothing_pool, _, _, nodes) = protocol.manager.sender(admin).get_wiring();
    assert_eq!(
        (pool, reth, smoothing_pool),
        (
            protocol.pool.address(),
            protocol.reth.address(),
            protocol.distributor.address()
        )
    );
    assert_eq!(nodes, protocol.nodes.address());
    assert_eq!(
        protocol.distributor.sender(stranger).get_wiring(),
        (reth, protocol.manager.address(), nodes)
    );

    let fresh = Contract::<RewardsDistributor>::new();
    assert_eq!(
        fresh.sender(stranger).get_wiring(),
        (Address::ZERO, Address::ZERO, Address::ZERO)
    );
    assert_reverts!(
        fresh
            .sender(protocol.manager.address())
            .join(stranger, eth(1)),
        Error::UnauthorizedCaller(_)
    );

    let manager = Contract::<minipool_manager::MinipoolManager>::new();
    manager
        .sender(admin)
        .constructor(admin, protocol.beacon.address(), nodes)
        .motsu_unwrap();
    let implementation = protocol.distributor.address();
    assert_reverts!(
        manager
            .sender(admin)
            .wire(pool, reth, Address::ZERO, protocol.implementation.address()),
        minipool_manager::Error::ZeroAddress(_)
    );
    // An implementation without code would make a proxy that takes every
    // call and does nothing.
    assert_reverts!(
        manager
            .sender(admin)
            .wire(pool, reth, stranger, protocol.implementation.address()),
        minipool_manager::Error::NotAContract(e) if e.account == stranger
    );
    assert_reverts!(
        manager.sender(admin).wire(pool, reth, implementation, stranger),
        minipool_manager::Error::NotAContract(e) if e.account == stranger
    );
    // No contract provided for the proxy: CREATE2 fails, as it would at a
    // taken address.
    let links = contracts::clone::Links::new(
        manager.address(),
        pool,
        reth,
        nodes,
        protocol.beacon.address(),
        Address::ZERO,
        protocol.implementation.address(),
    );
    let expected = contracts::clone::smoothing_pool_address(implementation, &links);
    assert_reverts!(
        manager
            .sender(admin)
            .wire(pool, reth, implementation, protocol.implementation.address()),
        minipool_manager::Error::SmoothingPoolDeploymentFailed(e) if e.expected == expected
    );
    assert_eq!(
        manager.sender(admin).get_wiring().0,
        Address::ZERO,
        "a failed wiring leaves the manager unwired"
    );
}

#[motsu::test]
fn node_registration_reverts(admin: Address, linus: Address, stranger: Address) {
    use node_manager::Error;
    let protocol = Protocol::deploy(admin);
    let nodes = &protocol.nodes;
    assert_reverts!(
        nodes.sender(linus).register_node("UTC".into()),
        Error::InvalidTimezoneLocation(_)
    );
    assert_reverts!(
        nodes.sender(linus).register_node("x".repeat(65)),
        Error::InvalidTimezoneLocation(_)
    );
    assert!(!nodes.sender(linus).get_node_exists(linus));
    nodes
        .sender(linus)
        .register_node("x".repeat(64))
        .motsu_unwrap();
    nodes.assert_emitted(&node_manager::NodeRegistered { node: linus });
    assert_reverts!(
        nodes.sender(linus).register_node("Europe/Berlin".into()),
        Error::NodeAlreadyRegistered(_)
    );
    assert_eq!(
        nodes.sender(linus).get_node_timezone_location(linus),
        "x".repeat(64)
    );
    assert_reverts!(
        nodes.sender(stranger).set_registration_enabled(false),
        Error::UnauthorizedAccount(_)
    );
    nodes
        .sender(admin)
        .set_registration_enabled(false)
        .motsu_unwrap();
    assert_reverts!(
        nodes.sender(stranger).register_node("Europe/Berlin".into()),
        Error::RegistrationDisabled(_)
    );
    assert_eq!(nodes.sender(admin).get_node_count(), U256::from(1));
    assert_eq!(nodes.sender(admin).get_node_at(U256::ZERO), linus);
    assert_reverts!(
        nodes
            .sender(stranger)
            .set_timezone_location("Europe/Paris".into()),
        Error::NodeNotRegistered(_)
    );
    nodes
        .sender(linus)
        .set_timezone_location("Europe/Paris".into())
        .motsu_unwrap();
    assert_eq!(
        nodes.sender(linus).get_node_timezone_location(linus),
        "Europe/Paris"
    );
}

/// Timezones are kept in two words and a length: every length from 4 to 64
/// bytes, multi-byte characters across the 32nd byte and a long timezone
/// replaced by a short one read back as written.
#[motsu::test]
fn timezone_location_reads_back_at_every_length(admin: Address, linus: Address) {
    let protocol = Protocol::deploy(admin);
    let nodes = &protocol.nodes;
    nodes
        .sender(linus)
        .register_node("Amérique/Saint-Barthélemy/Gustavia-Côte".into())
        .motsu_unwrap();
    assert_eq!(
        nodes.sender(linus).get_node_timezone_location(linus),
        "Amérique/Saint-Barthélemy/Gustavia-Côte"
    );
    for length in 4..=64 {
        let timezone: String = "Europe/Berlin/".chars().cycle().take(length).collect();
        nodes
            .sender(linus)
            .set_timezone_location(timezone.clone())
            .motsu_unwrap();
        assert_eq!(
            nodes.sender(linus).get_node_timezone_location(linus),
            timezone
        );
    }
    nodes
        .sender(linus)
        .set_timezone_location("UTC+0".into())
        .motsu_unwrap();
    assert_eq!(
        nodes.sender(linus).get_node_timezone_location(linus),
        "UTC+0"
    );
}

#[motsu::test]
fn withdrawal_address_moves_in_two_steps(
    admin: Address,
    linus: Address,
    cold: Address,
    stranger: Address,
) {
    use node_manager::Error;
    let protocol = Protocol::deploy(admin);
    protocol.register(linus, "Europe/Berlin");
    let nodes = &protocol.nodes;
    assert_eq!(
        nodes.sender(linus).get_node_withdrawal_address(linus),
        linus
    );
    assert_reverts!(
        nodes
            .sender(stranger)
            .set_withdrawal_address(linus, stranger, true),
        Error::NotWithdrawalAddress(_)
    );
    nodes
        .sender(linus)
        .set_withdrawal_address(linus, cold, false)
        .motsu_unwrap();
    assert_eq!(
        nodes.sender(linus).get_node_withdrawal_address(linus),
        linus
    );
    assert_eq!(
        nodes
            .sender(linus)
            .get_node_pending_withdrawal_address(linus),
        cold
    );
    assert_reverts!(
        nodes.sender(stranger).confirm_withdrawal_address(linus),
        Error::NotPendingWithdrawalAddress(_)
    );
    nodes
        .sender(cold)
        .confirm_withdrawal_address(linus)
        .motsu_unwrap();
    nodes.assert_emitted(&node_manager::NodeWithdrawalAddressSet {
        node: linus,
        withdrawalAddress: cold,
    });
    assert_eq!(nodes.sender(linus).get_node_withdrawal_address(linus), cold);
    assert_eq!(
        nodes
            .sender(linus)
            .get_node_pending_withdrawal_address(linus),
        Address::ZERO
    );
    // Now only the cold address may change it.
    assert_reverts!(
        nodes
            .sender(linus)
            .set_withdrawal_address(linus, linus, true),
        Error::NotWithdrawalAddress(_)
    );
}

#[motsu::test]
fn create_minipool_reverts_on_bad_input(admin: Address, linus: Address, stranger: Address) {
    use minipool_manager::Error;
    let mut protocol = Protocol::deploy(admin);
    protocol.register(linus, "Europe/Berlin");
    let before = protocol.snapshot();
    assert!(matches!(
        protocol.create_minipool(stranger, eth(8), 1).unwrap_err(),
        Error::NodeNotRegistered(_)
    ));
    assert!(matches!(
        protocol.create_minipool(linus, eth(7), 1).unwrap_err(),
        Error::InvalidBondAmount(_)
    ));
    let manager = &protocol.manager;
    let call = |key: Vec<u8>, sig: Vec<u8>, root| {
        linus.fund(eth(8));
        manager
            .sender_and_value(linus, eth(8))
            .create_minipool(key.into(), sig.into(), root, U256::ZERO)
            .motsu_unwrap_err()
    };
    let root = root_for(&pubkey(1), Address::ZERO, PRESTAKE_AMOUNT, &signature(1));
    assert!(matches!(
        call(pubkey(1)[..47].to_vec(), signature(1), root),
        Error::InvalidPubkeyLength(_)
    ));
    assert!(matches!(
        call(pubkey(1), signature(1)[..95].to_vec(), root),
        Error::InvalidSignatureLength(_)
    ));
    // A root for other withdrawal credentials: the beacon deposit contract refuses it.
    let minipool = motsu::prelude::Contract::<minipool::Minipool>::new();
    contracts::seams::provide_proxy(minipool.address());
    match call(pubkey(1), signature(1), root) {
        Error::ExternalCallFailed(e) => assert_inner::<beacon_deposit::DepositDataRootMismatch>(&e),
        other => panic!("unexpected {other:?}"),
    }
    let _ = contracts::seams::take_proxy();
    assert_eq!(protocol.snapshot(), before);
    protocol
        .manager
        .sender(admin)
        .set_minipool_creation_enabled(false)
        .motsu_unwrap();
    assert!(matches!(
        protocol.create_minipool(linus, eth(8), 1).unwrap_err(),
        Error::MinipoolCreationDisabled(_)
    ));
    protocol
        .manager
        .sender(admin)
        .set_minipool_creation_enabled(true)
        .motsu_unwrap();
    protocol.create_minipool(linus, eth(8), 1).motsu_unwrap();
    let before = protocol.snapshot();
    assert!(matches!(
        protocol.create_minipool(linus, eth(16), 1).unwrap_err(),
        Error::PubkeyAlreadyUsed(_)
    ));
    assert_eq!(protocol.snapshot(), before);
    protocol.check_invariants();
}

#[motsu::test]
fn manager_settings_are_admin_only_and_bounded(
    admin: Address,
    stranger: Address,
    watcher: Address,
) {
    use minipool_manager::Error;
    let protocol = Protocol::deploy(admin);
    let m = &protocol.manager;
    assert_reverts!(
        m.sender(stranger).set_node_fee(eth(1) / U256::from(10)),
        Error::UnauthorizedAccount(_)
    );
    assert_reverts!(
        m.sender(stranger).set_scrub_period(7200),
        Error::UnauthorizedAccount(_)
    );
    assert_reverts!(
        m.sender(stranger).set_launch_timeout(86_400),
        Error::UnauthorizedAccount(_)
    );
    assert_reverts!(
        m.sender(stranger).set_minipool_creation_enabled(false),
        Error::UnauthorizedAccount(_)
    );
    assert_reverts!(
        m.sender(stranger).add_watcher(watcher),
        Error::UnauthorizedAccount(_)
    );
    assert_reverts!(
        m.sender(admin)
            .set_node_fee(U256::from(49_999_999_999_999_999_u64)),
        Error::SettingOutOfBounds(_)
    );
    assert_reverts!(
        m.sender(admin)
            .set_node_fee(U256::from(200_000_000_000_000_001_u64)),
        Error::SettingOutOfBounds(_)
    );
    assert_reverts!(
        m.sender(admin).set_scrub_period(3599),
        Error::SettingOutOfBounds(_)
    );
    assert_reverts!(
        m.sender(admin).set_scrub_period(7 * 86_400 + 1),
        Error::SettingOutOfBounds(_)
    );
    assert_reverts!(
        m.sender(admin).set_launch_timeout(86_399),
        Error::SettingOutOfBounds(_)
    );
    assert_reverts!(
        m.sender(admin).set_launch_timeout(30 * 86_400 + 1),
        Error::SettingOutOfBounds(_)
    );
    assert_eq!(
        m.sender(admin).get_node_fee(),
        U256::from(140_000_000_000_000_000_u64)
    );
    m.sender(admin)
        .set_node_fee(U256::from(50_000_000_000_000_000_u64))
        .motsu_unwrap();
    assert_eq!(
        m.sender(admin).get_node_fee(),
        U256::from(50_000_000_000_000_000_u64)
    );
    m.sender(admin).add_watcher(watcher).motsu_unwrap();
    assert_eq!(
        m.sender(stranger).get_watcher_standing(watcher),
        (true, U256::from(1))
    );
    assert_eq!(
        m.sender(stranger).get_watcher_standing(stranger),
        (false, U256::from(1))
    );
    assert_reverts!(
        m.sender(admin).add_watcher(watcher),
        Error::WatcherAlreadyAdded(_)
    );
    assert_reverts!(
        m.sender(stranger).remove_watcher(watcher),
        Error::UnauthorizedAccount(_)
    );
    m.sender(admin).remove_watcher(watcher).motsu_unwrap();
    assert_reverts!(
        m.sender(admin).remove_watcher(watcher),
        Error::WatcherNotFound(_)
    );
    assert_eq!(m.sender(admin).get_watcher_count(), U256::ZERO);
    assert_eq!(
        m.sender(admin).get_watcher_standing(watcher),
        (false, U256::ZERO)
    );
}

#[motsu::test]
fn stake_reverts_until_allowed(
    admin: Address,
    alice: Address,
    linus: Address,
    wale: Address,
    stranger: Address,
) {
    use minipool::Error;
    let protocol = seeded(admin, alice, linus, wale);
    let before = protocol.snapshot();
    assert!(matches!(
        protocol.stake(0, linus).unwrap_err(),
        Error::ScrubPeriodNotOver(_)
    ));
    assert_eq!(protocol.snapshot(), before);
    advance_time(DEFAULT_SCRUB_PERIOD);
    assert!(matches!(
        protocol.stake(0, stranger).unwrap_err(),
        Error::NotNode(_)
    ));
    assert_eq!(protocol.snapshot(), before);
    protocol.stake(0, linus).motsu_unwrap();
    let before = protocol.snapshot();
    assert!(matches!(
        protocol.stake(0, linus).unwrap_err(),
        Error::InvalidStatus(_)
    ));
    assert_reverts!(
        protocol.minipools[0].sender(stranger).dissolve(),
        Error::InvalidStatus(_)
    );
    assert_eq!(protocol.snapshot(), before);
}

#[motsu::test]
fn watchers_scrub_with_a_majority(
    admin: Address,
    alice: Address,
    linus: Address,
    wale: Address,
    w1: Address,
    w2: Address,
    w3: Address,
) {
    use minipool::Error;
    let mut protocol = seeded(admin, alice, linus, wale);
    protocol.unlock_rewards();
    for w in [w1, w2, w3] {
        protocol.manager.sender(admin).add_watcher(w).motsu_unwrap();
    }
    let before = protocol.snapshot();
    assert_reverts!(
        protocol.minipools[0].sender(linus).vote_scrub(),
        Error::NotWatcher(_)
    );
    assert_eq!(protocol.snapshot(), before);
    protocol.minipools[0].sender(w1).vote_scrub().motsu_unwrap();
    assert_reverts!(
        protocol.minipools[0].sender(w1).vote_scrub(),
        Error::AlreadyVoted(_)
    );
    assert_eq!(
        protocol.minipools[0].sender(admin).get_status(),
        minipool::PRELAUNCH
    );
    protocol.check_invariants();
    protocol.minipools[0].sender(w2).vote_scrub().motsu_unwrap();
    let minipool = &protocol.minipools[0];
    assert_eq!(minipool.sender(admin).get_status(), minipool::DISSOLVED);
    minipool.assert_emitted(&minipool::MinipoolScrubbed {
        minipool: minipool.address(),
    });
    // The users have their 24 ETH back in the pool, and the 2.4-ETH scrub
    // penalty from Linus's bond in rETH, unlocking like any reward.
    let penalty = eth(24) / U256::from(10);
    assert_eq!(minipool.balance(), eth(7) - penalty);
    assert_eq!(protocol.pool.balance(), eth(321) - SEEDED_FEES);
    assert_eq!(protocol.reth.balance(), SEEDED_FEES + penalty);
    assert_eq!(
        protocol.reth.sender(admin).get_total_user_capital(),
        U256::ZERO
    );
    protocol.gains += penalty;
    assert_eq!(protocol.locked_rewards(), penalty);
    assert_eq!(protocol.total_eth(), eth(321));
    protocol.check_invariants();
    protocol.unlock_rewards();
    assert_eq!(protocol.total_eth(), eth(321) + penalty);
    protocol.check_invariants();

    // Linus closes the dissolved minipool; his ETH goes to his withdrawal address.
    let wallet = Contract::<Wallet>::new();
    protocol
        .nodes
        .sender(linus)
        .set_withdrawal_address(linus, wallet.address(), true)
        .motsu_unwrap();
    assert_reverts!(protocol.minipools[0].sender(w3).close(), Error::NotNode(_));
    protocol.minipools[0].sender(linus).close().motsu_unwrap();
    assert_eq!(wallet.balance(), eth(7) - penalty);
    protocol.paid_out += eth(7) - penalty;
    protocol.check_invariants();
}

#[motsu::test]
fn dissolve_after_timeout_or_by_node_while_queued(
    admin: Address,
    alice: Address,
    linus: Address,
    wale: Address,
    stranger: Address,
) {
    use minipool::Error;
    let mut protocol = seeded(admin, alice, linus, wale);
    // Prelaunch: nobody may dissolve before the launch timeout; anyone after.
    let before = protocol.snapshot();
    assert_reverts!(
        protocol.minipools[0].sender(stranger).dissolve(),
        Error::LaunchTimeoutNotReached(_)
    );
    assert_eq!(protocol.snapshot(), before);
    advance_time(DEFAULT_LAUNCH_TIMEOUT);
    protocol.minipools[0]
        .sender(stranger)
        .dissolve()
        .motsu_unwrap();
    assert_eq!(
        protocol.minipools[0].sender(admin).get_status(),
        minipool::DISSOLVED
    );
    assert_eq!(protocol.total_eth(), eth(321));
    protocol.check_invariants();

    // Initialised (queued): only the node may dissolve; the queue lets it go.
    protocol
        .pool
        .sender(admin)
        .set_assign_deposits_enabled(false)
        .motsu_unwrap();
    protocol.register(stranger, "Africa/Lagos");
    let queued = protocol
        .create_minipool(stranger, eth(16), 2)
        .motsu_unwrap();
    assert_eq!(
        protocol.pool.sender(admin).get_queue_length(),
        U256::from(1)
    );
    assert_reverts!(
        protocol.minipools[queued].sender(linus).dissolve(),
        Error::NotNode(_)
    );
    protocol.minipools[queued]
        .sender(stranger)
        .dissolve()
        .motsu_unwrap();
    assert_eq!(protocol.pool.sender(admin).get_queue_length(), U256::ZERO);
    assert_eq!(
        protocol.pool.sender(admin).get_queue_total_capacity(),
        U256::ZERO
    );
    assert_eq!(
        protocol.pool.sender(admin).get_queue_at(U256::ZERO),
        Address::ZERO
    );
    protocol
        .pool
        .sender(admin)
        .set_assign_deposits_enabled(true)
        .motsu_unwrap();
    assert_eq!(
        protocol.pool.sender(admin).assign_deposits().motsu_unwrap(),
        U256::ZERO
    );
    protocol.check_invariants();
}

#[motsu::test]
fn unlock_period_and_scrub_penalty_are_admin_only_bounded_and_apply_forward(
    admin: Address,
    alice: Address,
    linus: Address,
    wale: Address,
    stranger: Address,
) {
    use contracts::constants::{
        DEFAULT_REWARDS_UNLOCK_PERIOD, DEFAULT_SCRUB_PENALTY, MAX_REWARDS_UNLOCK_PERIOD,
        MAX_SCRUB_PENALTY, MIN_REWARDS_UNLOCK_PERIOD,
    };
    let mut protocol = seeded(admin, alice, linus, wale);
    let reth = &protocol.reth;
    assert_eq!(
        reth.sender(admin).get_rewards_unlock_period(),
        DEFAULT_REWARDS_UNLOCK_PERIOD
    );
    let before = protocol.snapshot();
    for caller in [stranger, alice, linus] {
        assert_reverts!(
            protocol
                .reth
                .sender(caller)
                .set_rewards_unlock_period(MIN_REWARDS_UNLOCK_PERIOD),
            // rETH has no admin of its own: the deposit pool's admin only.
            reth_token::Error::UnauthorizedCaller(e) if e.caller == caller
        );
        assert_reverts!(
            protocol
                .manager
                .sender(caller)
                .set_scrub_penalty(U256::ZERO),
            minipool_manager::Error::UnauthorizedAccount(_)
        );
    }
    for period in [MIN_REWARDS_UNLOCK_PERIOD - 1, MAX_REWARDS_UNLOCK_PERIOD + 1] {
        assert_reverts!(
            protocol.reth.sender(admin).set_rewards_unlock_period(period),
            reth_token::Error::SettingOutOfBounds(e) if e.value == U256::from(period)
        );
    }
    assert_reverts!(
        protocol
            .manager
            .sender(admin)
            .set_scrub_penalty(U256::from(MAX_SCRUB_PENALTY) + U256::from(1)),
        minipool_manager::Error::SettingOutOfBounds(_)
    );
    assert_eq!(protocol.snapshot(), before);
    assert_eq!(
        protocol.reth.sender(admin).get_rewards_unlock_period(),
        DEFAULT_REWARDS_UNLOCK_PERIOD
    );
    assert_eq!(
        protocol.manager.sender(admin).get_scrub_penalty(),
        U256::from(DEFAULT_SCRUB_PENALTY)
    );

    // The fees locked so far keep their day; the next reward unlocks over
    // the new hour.
    let locked = protocol.locked_rewards();
    protocol
        .reth
        .sender(admin)
        .set_rewards_unlock_period(MIN_REWARDS_UNLOCK_PERIOD)
        .motsu_unwrap();
    protocol
        .reth
        .assert_emitted(&contracts::events::SettingChanged {
            setting: alloy_primitives::B256::right_padding_from(b"rewardsUnlockPeriod"),
            value: U256::from(MIN_REWARDS_UNLOCK_PERIOD),
        });
    assert_eq!(protocol.locked_rewards(), locked);
    advance_time(MIN_REWARDS_UNLOCK_PERIOD);
    assert!(protocol.locked_rewards() > U256::ZERO);
    protocol.pay_smoothing_pool(eth(1));
    protocol
        .distributor
        .sender(stranger)
        .distribute()
        .motsu_unwrap();
    advance_time(MIN_REWARDS_UNLOCK_PERIOD);
    assert_eq!(protocol.locked_rewards(), U256::ZERO);
    protocol.check_invariants();

    protocol
        .manager
        .sender(admin)
        .set_scrub_penalty(U256::ZERO)
        .motsu_unwrap();
    assert_eq!(
        protocol.manager.sender(admin).get_scrub_penalty(),
        U256::ZERO
    );
    // The existing minipool keeps the penalty it was created with.
    assert_eq!(
        protocol.minipools[0].sender(admin).get_scrub_penalty(),
        U256::from(DEFAULT_SCRUB_PENALTY)
    );
}

#[motsu::test]
fn scrub_period_and_launch_timeout_keep_twelve_hours_apart(admin: Address) {
    use contracts::constants::{
        DEFAULT_LAUNCH_TIMEOUT, DEFAULT_SCRUB_PERIOD, MIN_LAUNCH_TIMEOUT, MIN_STAKE_WINDOW,
    };
    use minipool_manager::Error;
    let protocol = Protocol::deploy(admin);
    let manager = &protocol.manager;
    // Launch timeout 72 h: the scrub period may reach 60 h, not more.
    assert_reverts!(
        manager
            .sender(admin)
            .set_scrub_period(DEFAULT_LAUNCH_TIMEOUT - MIN_STAKE_WINDOW + 1),
        Error::SettingOutOfBounds(e) if e.max == U256::from(DEFAULT_LAUNCH_TIMEOUT - MIN_STAKE_WINDOW)
    );
    manager
        .sender(admin)
        .set_scrub_period(DEFAULT_LAUNCH_TIMEOUT - MIN_STAKE_WINDOW)
        .motsu_unwrap();
    // Now the launch timeout may not come down below 72 h.
    assert_reverts!(
        manager
            .sender(admin)
            .set_launch_timeout(DEFAULT_LAUNCH_TIMEOUT - 1),
        Error::SettingOutOfBounds(e) if e.min == U256::from(DEFAULT_LAUNCH_TIMEOUT)
    );
    manager
        .sender(admin)
        .set_scrub_period(DEFAULT_SCRUB_PERIOD)
        .motsu_unwrap();
    manager
        .sender(admin)
        .set_launch_timeout(MIN_LAUNCH_TIMEOUT)
        .motsu_unwrap();
    assert_eq!(
        manager.sender(admin).get_launch_timeout(),
        MIN_LAUNCH_TIMEOUT
    );
}

/// The smoothing pool keeps its accumulator (and each node's copy of it) in
/// 160 bits and the rewards it owes nodes in 96. Rewards beyond that range
/// (over 1e30 wei for one minipool, more ether than exists) make the next
/// join revert with a typed error instead of wrapping, and the failed stake
/// changes nothing.
#[motsu::test]
fn joining_beyond_the_accumulators_range_reverts_and_changes_nothing(
    admin: Address,
    alice: Address,
    linus: Address,
    wale: Address,
    carol: Address,
) {
    let mut protocol = seeded(admin, alice, linus, wale);
    advance_time(DEFAULT_SCRUB_PERIOD);
    protocol.stake(0, linus).motsu_unwrap();
    protocol.register(carol, "Asia/Tokyo");
    let carol_pool = protocol.create_minipool(carol, eth(8), 2).motsu_unwrap();
    advance_time(DEFAULT_SCRUB_PERIOD);
    // One staking minipool: the accumulator grows by the whole amount times 1e18.
    protocol.pay_smoothing_pool(U256::from(1) << 101);
    let before = protocol.snapshot();
    match protocol.stake(carol_pool, carol) {
        Err(minipool::Error::ExternalCallFailed(e)) => assert_inner::<ArithmeticOverflow>(&e),
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(protocol.snapshot(), before);
}
