//! Governance hand-over and deposits made for someone else.
//!
//! Every contract with an admin hands it over in two steps (OpenZeppelin's
//! `Ownable2Step`): the admin proposes, the new admin accepts, and until then
//! the old admin alone holds the rights. `depositFor` mints to the receiver
//! and leaves the caller with nothing.
#![allow(deprecated)] // motsu's `Balance` reads accounts through the SDK's old API.

use core::borrow::BorrowMut;

use alloy_primitives::{uint, Address, U256};
use contracts::{
    admin::{self, Ownable2Step},
    events::OwnershipTransferred,
};
use motsu::prelude::*;
use stylus_sdk::prelude::*;
use tests::{eth, Protocol};

/// The `Ownable2Step` inside `$contract`, called as `$who`.
macro_rules! admin_of {
    ($contract:expr, $who:expr) => {
        BorrowMut::<Ownable2Step>::borrow_mut(&mut *$contract.sender($who))
    };
}

/// Walks one contract's admin through a full two-step hand-over from
/// `$admin` to `$successor`, with `$stranger` trying every step out of turn.
/// `$use_right(who)` exercises an admin-only entry point as `who`.
macro_rules! hand_over {
    ($contract:expr, $admin:expr, $successor:expr, $stranger:expr, $use_right:expr) => {{
        let (contract, admin, successor, stranger) = (&$contract, $admin, $successor, $stranger);
        let use_right = $use_right;
        let unauthorized = |result: Result<(), admin::Error>, who: Address| {
            assert!(
                matches!(&result, Err(admin::Error::UnauthorizedAccount(e)) if e.account == who),
                "{result:?}"
            );
        };

        // A stranger can neither propose nor accept.
        unauthorized(admin_of!(contract, stranger).transfer_ownership(stranger), stranger);
        unauthorized(admin_of!(contract, stranger).accept_ownership(), stranger);

        // Proposed: the old admin still rules, the successor does not yet.
        admin_of!(contract, admin).transfer_ownership(successor).motsu_unwrap();
        assert_eq!(admin_of!(contract, stranger).pending_owner(), successor);
        assert_eq!(admin_of!(contract, stranger).owner(), admin);
        assert!(use_right(successor).is_err());
        use_right(admin).motsu_unwrap();
        unauthorized(admin_of!(contract, stranger).accept_ownership(), stranger);

        // Accepted: the rights moved and the old admin lost them.
        admin_of!(contract, successor).accept_ownership().motsu_unwrap();
        assert_eq!(admin_of!(contract, stranger).owner(), successor);
        assert_eq!(admin_of!(contract, stranger).pending_owner(), Address::ZERO);
        assert!(use_right(admin).is_err());
        use_right(successor).motsu_unwrap();
        unauthorized(admin_of!(contract, admin).transfer_ownership(admin), admin);
    }};
}

#[motsu::test]
fn every_admin_hands_over_in_two_steps(admin: Address, successor: Address, stranger: Address) {
    let protocol = Protocol::deploy(admin);
    hand_over!(protocol.pool, admin, successor, stranger, |who| {
        protocol
            .pool
            .sender(who)
            .set_deposit_fee(U256::ZERO)
            .motsu_res()
    });
    hand_over!(protocol.nodes, admin, successor, stranger, |who| {
        protocol
            .nodes
            .sender(who)
            .set_registration_enabled(true)
            .motsu_res()
    });
    hand_over!(protocol.manager, admin, successor, stranger, |who| {
        protocol
            .manager
            .sender(who)
            .set_scrub_period(3600)
            .motsu_res()
    });
    // rETH has no admin of its own: its setting followed the deposit pool's
    // hand-over above.
    let set_period = |who| {
        protocol
            .reth
            .sender(who)
            .set_rewards_unlock_period(3600)
            .motsu_res()
    };
    for refused in [admin, stranger] {
        assert!(
            matches!(
                set_period(refused),
                Err(reth_token::Error::UnauthorizedCaller(e)) if e.caller == refused
            ),
            "{refused}"
        );
    }
    set_period(successor).motsu_unwrap();
}

#[motsu::test]
fn renouncing_leaves_no_admin_and_no_proposal(admin: Address, successor: Address) {
    let protocol = Protocol::deploy(admin);
    let pool = &protocol.pool;
    admin_of!(pool, admin)
        .transfer_ownership(successor)
        .motsu_unwrap();
    let refused = admin_of!(pool, successor).renounce_ownership();
    assert!(matches!(refused, Err(admin::Error::UnauthorizedAccount(e)) if e.account == successor));
    assert_eq!(admin_of!(pool, admin).owner(), admin);

    admin_of!(pool, admin).renounce_ownership().motsu_unwrap();
    pool.assert_emitted(&OwnershipTransferred {
        previousOwner: admin,
        newOwner: Address::ZERO,
    });
    assert_eq!(admin_of!(pool, admin).owner(), Address::ZERO);
    assert_eq!(admin_of!(pool, admin).pending_owner(), Address::ZERO);
    // The proposal died with the admin, who has no rights left.
    assert!(admin_of!(pool, successor).accept_ownership().is_err());
    assert!(pool
        .sender(admin)
        .set_deposit_fee(U256::ZERO)
        .motsu_res()
        .is_err());
}

#[motsu::test]
fn no_contract_starts_without_an_admin(
    deployer: Address,
    reth: Contract<reth_token::RethToken>,
    pool: Contract<deposit_pool::DepositPool>,
    nodes: Contract<node_manager::NodeManager>,
    manager: Contract<minipool_manager::MinipoolManager>,
) {
    let zero = Address::ZERO;
    let invalid = |owner: Option<Address>| assert_eq!(owner, Some(zero));
    // rETH has no admin of its own, and never starts without its pool.
    assert!(matches!(
        reth.sender(deployer).constructor(zero),
        Err(reth_token::Error::ZeroAddress(_))
    ));
    invalid(match pool.sender(deployer).constructor(zero) {
        Err(deposit_pool::Error::InvalidOwner(e)) => Some(e.owner),
        _ => None,
    });
    invalid(match nodes.sender(deployer).constructor(zero) {
        Err(node_manager::Error::InvalidOwner(e)) => Some(e.owner),
        _ => None,
    });
    invalid(
        match manager
            .sender(deployer)
            .constructor(zero, deployer, deployer)
        {
            Err(minipool_manager::Error::InvalidOwner(e)) => Some(e.owner),
            _ => None,
        },
    );
    // The first admin is set and announced.
    pool.sender(deployer).constructor(deployer).motsu_unwrap();
    pool.assert_emitted(&OwnershipTransferred {
        previousOwner: zero,
        newOwner: deployer,
    });
    assert_eq!(admin_of!(pool, deployer).owner(), deployer);
}

#[motsu::test]
fn deposit_for_mints_to_the_receiver(admin: Address, router: Address, receiver: Address) {
    let mut protocol = Protocol::deploy(admin);
    protocol.deposit(admin, eth(1)).motsu_unwrap(); // someone is there first
    protocol.unlock_rewards(); // and its fee has reached the rate
    let rate = protocol.rate();
    router.fund(eth(2));
    protocol
        .pool
        .sender_and_value(router, eth(2))
        .deposit_for(receiver)
        .motsu_unwrap();
    protocol.entered += eth(2);
    protocol.gains += uint!(1_000_000_000_000_000_U256); // its fee

    // 2 ETH less the 0.05 % fee at the rate after the first deposit:
    // 1.999 ETH · 0.9995 rETH / 1 ETH (supply 0.9995 backed by 1 ETH).
    let minted = uint!(1_998_000_500_000_000_000_U256);
    assert_eq!(rate, uint!(1_000_500_250_125_062_531_U256));
    assert_eq!(protocol.reth_of(receiver), minted);
    assert_eq!(protocol.reth_of(router), U256::ZERO);
    assert_eq!(router.balance(), U256::ZERO);
    protocol
        .pool
        .assert_emitted(&deposit_pool::DepositReceived {
            from: router,
            amount: eth(2),
            rethMinted: minted,
        });
    protocol.check_invariants();
}

#[motsu::test]
fn no_admin_action_moves_user_or_operator_funds(
    admin: Address,
    wale: Contract<tests::Wallet>,
    linus: Contract<tests::Wallet>,
) {
    use contracts::constants::DEFAULT_SCRUB_PERIOD;
    use tests::advance_time;
    let (wale, linus) = (wale.address(), linus.address());
    // Funds everywhere: pool excess, rETH, a staking minipool with a refund
    // balance, unclaimed smoothing-pool rewards.
    let mut protocol = Protocol::deploy(admin);
    protocol.deposit(wale, eth(40)).motsu_unwrap();
    protocol.register(linus, "Europe/Berlin");
    protocol.create_minipool(linus, eth(8), 1).motsu_unwrap();
    advance_time(DEFAULT_SCRUB_PERIOD);
    protocol.stake(0, linus).motsu_unwrap();
    protocol.pay_minipool(0, eth(1));
    protocol.minipools[0]
        .sender(admin)
        .distribute_balance(true)
        .motsu_unwrap();
    protocol.pay_smoothing_pool(eth(1));
    protocol
        .distributor
        .sender(admin)
        .distribute()
        .motsu_unwrap();
    let holdings = |p: &Protocol| {
        (
            p.snapshot(),
            p.reth_of(wale),
            p.distributor.sender(admin).get_claimable(linus),
        )
    };
    let before = holdings(&protocol);

    // Every setting at its most hostile bound, every switch off.
    let pool = &protocol.pool;
    pool.sender(admin).set_deposit_enabled(false).motsu_unwrap();
    pool.sender(admin)
        .set_assign_deposits_enabled(false)
        .motsu_unwrap();
    pool.sender(admin)
        .set_deposit_fee(eth(1) / U256::from(100))
        .motsu_unwrap();
    pool.sender(admin)
        .set_minimum_deposit(eth(1))
        .motsu_unwrap();
    pool.sender(admin)
        .set_maximum_deposit_pool_size(U256::ZERO)
        .motsu_unwrap();
    pool.sender(admin)
        .set_maximum_deposit_assignments(U256::from(1))
        .motsu_unwrap();
    let manager = &protocol.manager;
    manager
        .sender(admin)
        .set_node_fee(eth(1) / U256::from(5))
        .motsu_unwrap();
    manager
        .sender(admin)
        .set_minipool_creation_enabled(false)
        .motsu_unwrap();
    manager.sender(admin).set_scrub_period(3600).motsu_unwrap();
    manager
        .sender(admin)
        .set_launch_timeout(86_400)
        .motsu_unwrap();
    manager
        .sender(admin)
        .set_scrub_penalty(eth(4))
        .motsu_unwrap();
    manager.sender(admin).add_watcher(admin).motsu_unwrap();
    manager.sender(admin).remove_watcher(admin).motsu_unwrap();
    protocol
        .reth
        .sender(admin)
        .set_rewards_unlock_period(7 * 24 * 3600)
        .motsu_unwrap();
    protocol
        .nodes
        .sender(admin)
        .set_registration_enabled(false)
        .motsu_unwrap();
    // The admin is a stranger to every entry point that moves ETH or rETH.
    assert!(protocol
        .reth
        .sender(admin)
        .mint_deposit(admin, eth(1), eth(1))
        .motsu_res()
        .is_err());
    assert!(protocol
        .reth
        .sender(admin)
        .remove_user_capital(eth(1))
        .motsu_res()
        .is_err());
    assert!(protocol
        .pool
        .sender(admin)
        .pay_burn_shortfall(admin, eth(1))
        .motsu_res()
        .is_err());
    assert!(protocol.minipools[0]
        .sender(admin)
        .refund()
        .motsu_res()
        .is_err());
    assert!(protocol.minipools[0]
        .sender(admin)
        .close()
        .motsu_res()
        .is_err());
    assert!(protocol
        .distributor
        .sender(admin)
        .claim()
        .motsu_res()
        .is_err());
    assert_eq!(holdings(&protocol), before);

    // The switches stop new business, never the way out: Linus takes his
    // refund and claim, Wale burns what the collateral covers.
    protocol.refund(0).motsu_unwrap();
    protocol.claim(linus).motsu_unwrap();
    let collateral = protocol
        .reth
        .sender(admin)
        .get_total_collateral()
        .motsu_unwrap();
    let burnable = protocol
        .reth
        .sender(admin)
        .get_reth_value(collateral)
        .motsu_unwrap();
    let paid = protocol.burn(wale, burnable).motsu_unwrap();
    assert!(paid > U256::ZERO);
    protocol.check_invariants();
}
