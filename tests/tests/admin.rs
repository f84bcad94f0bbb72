//! Governance hand-over and deposits made for someone else.
//!
//! Every contract with an admin hands it over in two steps (OpenZeppelin's
//! `Ownable2Step`): the admin proposes, the new admin accepts, and until then
//! the old admin alone holds the rights. `depositFor` mints to the receiver
//! and leaves the caller with nothing.
#![allow(deprecated)] // motsu's `Balance` reads accounts through the SDK's old API.

use core::borrow::BorrowMut;

use alloy_primitives::{uint, Address, U256};
use motsu::prelude::*;
use openzeppelin_stylus::access::{
    ownable,
    ownable_two_step::{IOwnable2Step as _, Ownable2Step},
};
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
        let unauthorized = |result: Result<(), ownable::Error>, who: Address| {
            assert!(
                matches!(&result, Err(ownable::Error::UnauthorizedAccount(e)) if e.account == who),
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
    // rETH's admin only ever wires, once: after the hand-over the old admin
    // is refused as a stranger, the new one because the wiring is done.
    hand_over!(protocol.reth, admin, successor, stranger, |who| {
        match protocol.reth.sender(who).wire(who).motsu_res() {
            Err(reth_token::Error::AlreadyWired(_)) => Ok(()),
            other => other,
        }
    });
}

#[motsu::test]
fn deposit_for_mints_to_the_receiver(admin: Address, router: Address, receiver: Address) {
    let mut protocol = Protocol::deploy(admin);
    protocol.deposit(admin, eth(1)).motsu_unwrap(); // someone is there first
    let rate = protocol.rate();
    router.fund(eth(2));
    protocol
        .pool
        .sender_and_value(router, eth(2))
        .deposit_for(receiver)
        .motsu_unwrap();
    protocol.entered += eth(2);

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
