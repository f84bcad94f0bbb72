//! 321 ETH deposited (320.8395 pooled, the 0.1605 of fees in rETH) fill 13
//! LEB8 validators (312 ETH); a 16-ETH-bond minipool created after them
//! waits in the queue with the 8.8395 ETH left, and is matched by the next
//! deposit. Invariants after every step.

use alloy_primitives::{uint, Address, U256};
use motsu::prelude::*;
use tests::{assert_reverts, eth, Protocol};

#[motsu::test]
fn thirteen_validators_from_the_pool(admin: Address, alice: Address, wale: Address, bob: Address) {
    let mut protocol = Protocol::deploy(admin);
    protocol.deposit(alice, eth(1)).motsu_unwrap();
    protocol.check_invariants();
    protocol.deposit(wale, eth(320)).motsu_unwrap();
    protocol.check_invariants();
    let fees = uint!(160_500_000_000_000_000_U256);
    assert_eq!(protocol.pool.balance(), eth(321) - fees);
    assert_eq!(protocol.reth.balance(), fees);

    let operators: Vec<Address> = (1..=13_u8)
        .map(|i| Address::repeat_byte(0x40 + i))
        .collect();
    for (i, operator) in operators.iter().enumerate() {
        protocol.register(*operator, "Asia/Singapore");
        let index = protocol
            .create_minipool(*operator, eth(8), u8::try_from(i).unwrap() + 1)
            .motsu_unwrap();
        assert_eq!(
            protocol.minipools[index].sender(admin).get_status(),
            minipool::PRELAUNCH
        );
        assert_eq!(
            protocol.pool.balance(),
            eth(321) - fees - eth(24) * U256::from(i + 1)
        );
        protocol.check_invariants();
    }
    // One of the operators adds a 16-ETH-bond minipool: 16 ETH needed,
    // 8.8395 left.
    let big = protocol
        .create_minipool(operators[0], eth(16), 14)
        .motsu_unwrap();
    protocol.check_invariants();

    let pool = protocol.pool.sender(admin);
    let left = uint!(8_839_500_000_000_000_000_U256);
    assert_eq!(pool.get_balance(), left);
    assert_eq!(pool.get_queue_length(), U256::from(1));
    assert_eq!(pool.get_queue_total_capacity(), eth(16));
    assert_eq!(pool.get_excess_balance(), U256::ZERO);
    drop(pool);
    assert_eq!(
        protocol.pool.sender(admin).get_queue_at(U256::ZERO),
        protocol.minipools[big].address()
    );
    assert_eq!(
        protocol.pool.sender(admin).get_queue_at(U256::from(1)),
        Address::ZERO
    );
    assert_eq!(
        protocol.minipools[big].sender(admin).get_status(),
        minipool::INITIALISED
    );
    assert_eq!(protocol.minipools[big].balance(), eth(15));
    assert_eq!(
        protocol
            .manager
            .sender(admin)
            .get_total_user_capital()
            .motsu_unwrap(),
        eth(312)
    );
    assert_eq!(
        protocol.manager.sender(admin).get_minipool_count(),
        U256::from(14)
    );
    assert_eq!(
        protocol
            .manager
            .sender(admin)
            .get_node_minipool_count(operators[0]),
        U256::from(2)
    );
    assert_eq!(
        protocol.nodes.sender(admin).get_node_count(),
        U256::from(13)
    );
    assert_eq!(protocol.beacon.balance(), eth(14));
    // The fees are still locked; a day later they back rETH too.
    assert_eq!(protocol.total_eth(), eth(321) - fees);
    protocol.unlock_rewards();
    assert_eq!(protocol.total_eth(), eth(321));
    protocol.check_invariants();

    // Bob's 7.2 ETH, 7.1964 net of the fee, make 16.0359 in the pool: the
    // 16-ETH minipool gets its 16. He gets 7.1964 ETH × 320.8395 rETH
    // supply / 321 ETH backing.
    protocol
        .deposit(bob, eth(72) / U256::from(10))
        .motsu_unwrap();
    assert_eq!(protocol.reth_of(bob), uint!(7_192_801_800_000_000_000_U256));
    assert_eq!(
        protocol.minipools[big].sender(admin).get_status(),
        minipool::PRELAUNCH
    );
    assert_eq!(
        protocol.minipools[big]
            .sender(admin)
            .get_user_deposit_balance(),
        eth(16)
    );
    assert_eq!(protocol.pool.balance(), uint!(35_900_000_000_000_000_U256));
    assert_eq!(protocol.pool.sender(admin).get_queue_length(), U256::ZERO);
    assert_eq!(
        protocol
            .manager
            .sender(admin)
            .get_total_user_capital()
            .motsu_unwrap(),
        eth(328)
    );
    protocol.check_invariants();
}

/// The deposit pool's queue is the registry of minipools by creation index:
/// both the manager and the pool list every minipool there for good, while
/// the queue itself skips the ones that left it.
#[motsu::test]
fn minipools_stay_listed_after_leaving_the_queue(admin: Address, linus: Address, bob: Address) {
    let mut protocol = Protocol::deploy(admin);
    protocol.register(linus, "Europe/Berlin");
    protocol.register(bob, "America/New_York");
    let first = protocol.create_minipool(linus, eth(8), 1).motsu_unwrap();
    let second = protocol.create_minipool(bob, eth(8), 2).motsu_unwrap();
    let (first, second) = (
        protocol.minipools[first].address(),
        protocol.minipools[second].address(),
    );
    protocol.minipools[0]
        .sender(linus)
        .dissolve()
        .motsu_unwrap();
    protocol.check_invariants();

    let listed = |protocol: &Protocol, index: u8| {
        let index = U256::from(index);
        let by_manager = protocol.manager.sender(admin).get_minipool_at(index);
        assert_eq!(
            by_manager,
            protocol.pool.sender(admin).get_minipool_at(index)
        );
        by_manager
    };
    assert_eq!(listed(&protocol, 0), first);
    assert_eq!(listed(&protocol, 1), second);
    assert_eq!(listed(&protocol, 2), Address::ZERO);
    assert_eq!(
        protocol.manager.sender(admin).get_minipool_at(U256::MAX),
        Address::ZERO
    );
    // The queue skips the dissolved minipool, which cannot leave it twice.
    let before = protocol.snapshot();
    for index in [0, 1] {
        assert_reverts!(
            protocol
                .pool
                .sender(first)
                .dequeue_minipool(U256::from(index)),
            deposit_pool::Error::UnauthorizedCaller(_)
        );
    }
    assert_eq!(protocol.snapshot(), before);
    let pool = protocol.pool.sender(admin);
    assert_eq!(pool.get_queue_length(), U256::from(1));
    assert_eq!(pool.get_queue_at(U256::ZERO), second);
    assert_eq!(pool.get_queue_at(U256::from(1)), Address::ZERO);
}

/// A minipool exists if the manager created it, whatever became of it; no
/// other contract does, not even one running the very same proxy code
/// (which nobody but the manager can initialise).
#[motsu::test]
fn only_the_managers_minipools_exist(admin: Address, linus: Address, stranger: Address) {
    let mut protocol = Protocol::deploy(admin);
    protocol.register(linus, "Europe/Berlin");
    protocol.create_minipool(linus, eth(8), 1).motsu_unwrap();
    protocol.create_minipool(linus, eth(8), 2).motsu_unwrap();
    protocol.minipools[1]
        .sender(linus)
        .dissolve()
        .motsu_unwrap();
    let exists = |account: Address| protocol.manager.sender(admin).get_minipool_exists(account);
    for minipool in &protocol.minipools {
        assert!(exists(minipool.address()));
    }
    // A copy of a minipool's code that the manager did not create.
    let copy = motsu::prelude::Contract::<minipool::Minipool>::new();
    let code = contracts::seams::proxy_code(protocol.minipools[0].address());
    let mut init_code = vec![0; proxy::RUNTIME_OFFSET];
    init_code.extend_from_slice(&code);
    contracts::seams::keep_proxy_code(copy.address(), &init_code);
    assert_eq!(contracts::seams::proxy_code(copy.address()), code);
    for account in [
        copy.address(),
        stranger,
        protocol.implementation.address(),
        protocol.distributor.address(),
        protocol.manager.address(),
    ] {
        assert!(!exists(account), "{account} exists");
    }
}
