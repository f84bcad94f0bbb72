//! Rewards and exits beyond the seed story: exits that lose ETH, the
//! smoothing pool's fairness across time, abuse that must fail without a
//! trace, and the exchange rate over a long run of mixed activity. Every
//! exit is reported by the watchers before it is distributed.
#![allow(deprecated)] // motsu's `Balance` reads accounts through the SDK's old API.

use alloy_primitives::{uint, Address, U256};
use contracts::{constants::DEFAULT_SCRUB_PERIOD, errors::NothingToDistribute};
use motsu::prelude::*;
use stylus_sdk::prelude::*;
use tests::{advance_time, assert_reverts, eth, staking, Protocol, RateMay, Wallet};

/// Minipool `index` exits with `balance`: the watchers report it and its
/// node distributes it.
fn exit(protocol: &mut Protocol, index: usize, balance: U256) {
    protocol.pay_minipool(index, balance);
    protocol.report_exit(index);
    let minipool = &protocol.minipools[index];
    let node = minipool.sender(protocol.admin).get_node_address();
    minipool
        .sender(node)
        .distribute_balance(false)
        .motsu_unwrap();
    assert!(minipool.sender(protocol.admin).get_finalised());
}

/// The deposit fee on 100 ETH.
const FEE_ON_100: U256 = uint!(50_000_000_000_000_000_U256);

#[motsu::test]
fn exits_below_32_eth_take_losses_from_the_bond_first(
    admin: Address,
    wale: Address,
    linus: Contract<Wallet>,
    dana: Contract<Wallet>,
    eve: Contract<Wallet>,
) {
    let (linus, dana, eve) = (linus.address(), dana.address(), eve.address());
    let mut protocol = staking(
        admin,
        wale,
        eth(100),
        &[(linus, eth(8)), (dana, eth(16)), (eve, eth(8))],
    );
    assert_eq!(protocol.total_eth(), eth(100));
    assert_eq!(protocol.rate(), uint!(1_000_500_250_125_062_531_U256));
    let refund = |p: &Protocol, i: usize| p.minipools[i].sender(admin).get_node_refund_balance();

    // Linus's validator exits with 30 ETH: his bond absorbs the 2-ETH loss,
    // the users get their 24 ETH back and the rate does not move.
    exit(&mut protocol, 0, eth(30));
    assert_eq!(refund(&protocol, 0), eth(6));
    assert_eq!(protocol.reth.balance(), FEE_ON_100 + eth(24));
    assert_eq!(protocol.total_eth(), eth(100));
    assert_eq!(protocol.rate(), uint!(1_000_500_250_125_062_531_U256));
    protocol.check_invariants();

    // Eve's exits with 20 ETH: the bond is gone, the users lose 4 ETH and
    // the rate falls by exactly that over the supply.
    exit(&mut protocol, 2, eth(20));
    assert_eq!(refund(&protocol, 2), U256::ZERO);
    assert_eq!(protocol.reth.balance(), FEE_ON_100 + eth(44));
    assert_eq!(protocol.total_eth(), eth(96));
    assert_eq!(protocol.rate(), uint!(960_480_240_120_060_030_U256));
    protocol.check_invariants_where(RateMay::Fall);
    assert_reverts!(
        protocol.minipools[2].sender(eve).refund(),
        minipool::Error::NothingToRefund(_)
    );

    // Dana's 16-ETH-bond validator exits with 32.1 ETH at the 14 % fee:
    // 16 + 0.1·16/32 + 0.05·14 % = 16.057 ETH to Dana, 16.043 to rETH. The
    // 0.043-ETH gain above the users' capital unlocks over a day.
    exit(&mut protocol, 1, eth(321) / U256::from(10));
    assert_eq!(refund(&protocol, 1), uint!(16_057_000_000_000_000_000_U256));
    let gain = uint!(43_000_000_000_000_000_U256);
    assert_eq!(protocol.locked_rewards(), gain);
    assert_eq!(protocol.total_eth(), eth(96));
    protocol.check_invariants();
    protocol.unlock_rewards();
    assert_eq!(protocol.total_eth(), eth(96) + gain);
    assert_eq!(protocol.rate(), uint!(960_910_455_227_613_806_U256));
    protocol.check_invariants();

    for (index, expected) in [(0, eth(6)), (1, uint!(16_057_000_000_000_000_000_U256))] {
        let paid = protocol.refund(index).motsu_unwrap();
        assert_eq!(paid, expected);
        protocol.check_invariants();
    }
    assert_eq!(
        protocol.reth.sender(admin).get_total_user_capital(),
        U256::ZERO
    );
}

#[motsu::test]
fn smoothing_pool_is_fair_across_time(
    admin: Address,
    wale: Address,
    linus: Address,
    carol: Contract<Wallet>,
    linus_cold_wallet: Contract<Wallet>,
    keeper: Address,
) {
    let (carol, cold) = (carol.address(), linus_cold_wallet.address());
    // 30 ETH covers Linus's minipool only; Carol's waits in the queue.
    let mut protocol = staking(admin, wale, eth(30), &[(linus, eth(8)), (carol, eth(8))]);
    protocol
        .nodes
        .sender(linus)
        .set_withdrawal_address(linus, cold, true)
        .motsu_unwrap();
    let claimable = |p: &Protocol, node| p.distributor.sender(admin).get_claimable(node);

    // 1 ETH arrives while Linus's minipool is the only one staking. Before
    // anyone distributes it, Carol's minipool is funded and stakes: the
    // waiting ETH is split before she joins, so all of it is Linus's.
    protocol.pay_smoothing_pool(eth(1));
    protocol.deposit(wale, eth(24)).motsu_unwrap();
    advance_time(DEFAULT_SCRUB_PERIOD);
    protocol.stake(1, carol).motsu_unwrap();
    protocol
        .distributor
        .assert_emitted(&rewards_distributor::RewardsDistributed {
            total: eth(1),
            nodeAmount: uint!(355_000_000_000_000_000_U256),
            userAmount: uint!(645_000_000_000_000_000_U256),
        });
    assert_eq!(
        claimable(&protocol, linus),
        uint!(355_000_000_000_000_000_U256)
    );
    assert_eq!(claimable(&protocol, carol), U256::ZERO);
    assert_reverts!(
        protocol.distributor.sender(carol).claim(),
        rewards_distributor::Error::NothingToClaim(e) if e.node == carol
    );
    protocol.check_invariants();

    // 0.6 ETH with both staking: 0.3 each, 35.5 % of it to each node.
    protocol.pay_smoothing_pool(eth(6) / U256::from(10));
    protocol
        .distributor
        .sender(keeper)
        .distribute()
        .motsu_unwrap();
    assert_eq!(
        claimable(&protocol, linus),
        uint!(461_500_000_000_000_000_U256)
    );
    assert_eq!(
        claimable(&protocol, carol),
        uint!(106_500_000_000_000_000_U256)
    );
    protocol.check_invariants();

    // Linus exits; what arrives afterwards is Carol's alone, and Linus keeps
    // what he earned before.
    exit(&mut protocol, 0, eth(32));
    protocol.pay_smoothing_pool(eth(2) / U256::from(10));
    protocol
        .distributor
        .sender(keeper)
        .distribute()
        .motsu_unwrap();
    assert_eq!(
        claimable(&protocol, linus),
        uint!(461_500_000_000_000_000_U256)
    );
    assert_eq!(
        claimable(&protocol, carol),
        uint!(177_500_000_000_000_000_U256)
    );
    protocol.check_invariants();

    // Linus's claim goes to his withdrawal address, not to him.
    let linus_before = linus.balance();
    let paid = protocol.claim(linus).motsu_unwrap();
    assert_eq!(paid, uint!(461_500_000_000_000_000_U256));
    assert_eq!(cold.balance(), paid);
    assert_eq!(linus.balance(), linus_before);
    protocol
        .distributor
        .assert_emitted(&rewards_distributor::RewardsClaimed {
            node: linus,
            amount: paid,
        });
    assert_eq!(claimable(&protocol, linus), U256::ZERO);
    protocol.check_invariants();

    // Once no minipool is staking, rewards go to rETH whole.
    exit(&mut protocol, 1, eth(32));
    let reth_before = protocol.reth.balance();
    protocol.pay_smoothing_pool(eth(1) / U256::from(10));
    protocol
        .distributor
        .sender(keeper)
        .distribute()
        .motsu_unwrap();
    assert_eq!(
        protocol.reth.balance() - reth_before,
        eth(1) / U256::from(10)
    );
    assert_eq!(
        claimable(&protocol, carol),
        uint!(177_500_000_000_000_000_U256)
    );
    let paid = protocol.claim(carol).motsu_unwrap();
    assert_eq!(paid, uint!(177_500_000_000_000_000_U256));
    protocol.check_invariants();
    assert!(protocol.distributor.balance() <= U256::from(2));
}

#[motsu::test]
fn rewards_abuse_fails_and_changes_nothing(
    admin: Address,
    wale: Contract<Wallet>,
    linus: Contract<Wallet>,
    stranger: Address,
) {
    use minipool::Error;
    let (wale, linus) = (wale.address(), linus.address());
    // 25 ETH in: 24 go to Linus's minipool, 1 stays in the pool.
    let mut protocol = Protocol::deploy(admin);
    protocol.deposit(wale, eth(25)).motsu_unwrap();
    protocol.register(linus, "Asia/Tokyo");
    protocol.create_minipool(linus, eth(8), 1).motsu_unwrap();

    // Nothing to split before staking, nothing to report, nothing to split
    // or claim yet.
    let watchers = protocol.add_watchers(3);
    let before = protocol.snapshot();
    assert_reverts!(
        protocol.minipools[0].sender(linus).distribute_balance(true),
        Error::InvalidStatus(e) if e.status == minipool::PRELAUNCH
    );
    assert_reverts!(
        protocol.minipools[0].sender(watchers[0]).vote_withdrawable(),
        Error::InvalidStatus(e) if e.status == minipool::PRELAUNCH
    );
    assert_eq!(protocol.snapshot(), before);
    advance_time(DEFAULT_SCRUB_PERIOD);
    protocol.stake(0, linus).motsu_unwrap();
    let before = protocol.snapshot();
    assert_reverts!(
        protocol.minipools[0]
            .sender(stranger)
            .distribute_balance(true),
        Error::NothingToDistribute(_)
    );
    assert_reverts!(
        protocol.distributor.sender(stranger).distribute(),
        rewards_distributor::Error::NothingToDistribute(NothingToDistribute {})
    );
    assert_reverts!(
        protocol.distributor.sender(linus).claim(),
        rewards_distributor::Error::NothingToClaim(_)
    );
    assert_reverts!(
        protocol.minipools[0].sender(linus).refund(),
        Error::NothingToRefund(_)
    );
    assert_reverts!(
        protocol.minipools[0].sender(linus).vote_withdrawable(),
        Error::NotWatcher(e) if e.caller == linus
    );
    assert_eq!(protocol.snapshot(), before);

    // A skim: the refund balance is the node's alone.
    protocol.pay_minipool(0, eth(1) / U256::from(10));
    protocol.minipools[0]
        .sender(stranger)
        .distribute_balance(true)
        .motsu_unwrap();
    let before = protocol.snapshot();
    assert_reverts!(
        protocol.minipools[0].sender(stranger).refund(),
        Error::NotNode(e) if e.caller == stranger
    );
    assert_eq!(protocol.snapshot(), before);

    // The exit balance arrives: until the watchers report the exit, nobody
    // can distribute it, as a skim or otherwise.
    protocol.pay_minipool(0, eth(32));
    let before = protocol.snapshot();
    for rewards_only in [true, false] {
        assert_reverts!(
            protocol.minipools[0]
                .sender(linus)
                .distribute_balance(rewards_only),
            Error::ExitNotReported(e) if e.balance == eth(32)
        );
    }
    assert_eq!(protocol.snapshot(), before);

    // One report of three decides nothing; a watcher cannot report twice.
    protocol.minipools[0]
        .sender(watchers[0])
        .vote_withdrawable()
        .motsu_unwrap();
    protocol.minipools[0].assert_emitted(&minipool::WithdrawableVoted {
        watcher: watchers[0],
    });
    assert_eq!(
        protocol.minipools[0].sender(admin).get_status(),
        minipool::STAKING
    );
    let before = protocol.snapshot();
    assert_reverts!(
        protocol.minipools[0].sender(watchers[0]).vote_withdrawable(),
        Error::AlreadyVoted(e) if e.watcher == watchers[0]
    );
    assert_eq!(protocol.snapshot(), before);
    // The second makes a majority: Withdrawable, out of the smoothing pool.
    protocol.minipools[0]
        .sender(watchers[1])
        .vote_withdrawable()
        .motsu_unwrap();
    let minipool = protocol.minipools[0].address();
    protocol.minipools[0].assert_emitted(&minipool::MinipoolWithdrawable { minipool });
    assert_eq!(
        protocol.minipools[0].sender(admin).get_status(),
        minipool::WITHDRAWABLE
    );
    assert_eq!(
        protocol
            .distributor
            .sender(admin)
            .get_staking_minipool_count(),
        U256::ZERO
    );
    let before = protocol.snapshot();
    assert_reverts!(
        protocol.minipools[0].sender(watchers[2]).vote_withdrawable(),
        Error::InvalidStatus(e) if e.status == minipool::WITHDRAWABLE
    );
    assert_reverts!(
        protocol.minipools[0].sender(linus).distribute_balance(true),
        Error::RewardsOnlyOnExitBalance(e) if e.balance == eth(32)
    );
    assert_eq!(protocol.snapshot(), before);
    // Anyone may distribute a reported exit.
    protocol.minipools[0]
        .sender(stranger)
        .distribute_balance(false)
        .motsu_unwrap();
    assert!(protocol.minipools[0].sender(admin).get_finalised());
    protocol.check_invariants();

    // Burns: nothing, more than held, more than the collateral on hand.
    let before = protocol.snapshot();
    assert_reverts!(
        protocol.reth.sender(wale).burn(U256::ZERO),
        reth_token::Error::BurnPaysNothing(_)
    );
    let held = protocol.reth_of(wale);
    assert_reverts!(
        protocol.reth.sender(wale).burn(held + U256::from(1)),
        reth_token::Error::InsufficientBalance(_)
    );
    assert_eq!(protocol.snapshot(), before);
}

#[motsu::test]
fn the_node_takes_a_skim_or_its_exit_in_one_call(
    admin: Address,
    wale: Address,
    keeper: Address,
    linus: Contract<Wallet>,
    eve: Contract<Wallet>,
) {
    use minipool::{BalanceDistributed, Error, NodeRefunded};
    let (linus, eve) = (linus.address(), eve.address());
    let mut protocol = staking(admin, wale, eth(100), &[(linus, eth(8)), (eve, eth(8))]);
    let refund = |p: &Protocol| p.minipools[0].sender(admin).get_node_refund_balance();
    let skim = eth(1) / U256::from(10);
    let node_share = uint!(35_500_000_000_000_000_U256); // 35.5 % at 8 ETH and 14 %

    // Only the node, and only with something to distribute.
    protocol.pay_minipool(0, skim);
    let before = protocol.snapshot();
    for stranger in [keeper, eve] {
        assert_reverts!(
            protocol.minipools[0]
                .sender(stranger)
                .distribute_balance_and_refund(true),
            Error::NotNode(e) if e.caller == stranger
        );
    }
    assert_eq!(protocol.snapshot(), before);

    // A skim: the users' share to rETH, the node's straight to it.
    let reth_before = protocol.reth.balance();
    assert_eq!(
        protocol.distribute_and_refund(0, true).motsu_unwrap(),
        node_share
    );
    let minipool = protocol.minipools[0].address();
    protocol.minipools[0].assert_emitted(&BalanceDistributed {
        minipool,
        nodeAmount: node_share,
        userAmount: skim - node_share,
    });
    protocol.minipools[0].assert_emitted(&NodeRefunded {
        withdrawalAddress: linus,
        amount: node_share,
    });
    assert_eq!(protocol.reth.balance(), reth_before + skim - node_share);
    assert_eq!(refund(&protocol), U256::ZERO);
    protocol.check_invariants();

    // Nothing left to distribute: refused, nothing changes.
    let before = protocol.snapshot();
    assert_reverts!(
        protocol.minipools[0]
            .sender(linus)
            .distribute_balance_and_refund(true),
        Error::NothingToDistribute(_)
    );
    assert_eq!(protocol.snapshot(), before);

    // A keeper's split leaves the node's share waiting; the node's next
    // call takes it with the new one.
    protocol.pay_minipool(0, skim);
    protocol.minipools[0]
        .sender(keeper)
        .distribute_balance(true)
        .motsu_unwrap();
    assert_eq!(refund(&protocol), node_share);
    protocol.pay_minipool(0, skim);
    assert_eq!(
        protocol.distribute_and_refund(0, true).motsu_unwrap(),
        node_share * U256::from(2)
    );
    assert_eq!(refund(&protocol), U256::ZERO);
    protocol.check_invariants();

    // The exit: 32 ETH back, the bond to the node in the same call, the
    // users' capital to rETH and off the ledger.
    protocol.pay_minipool(0, eth(32));
    protocol.report_exit(0);
    assert_eq!(
        protocol.distribute_and_refund(0, false).motsu_unwrap(),
        eth(8)
    );
    assert!(protocol.minipools[0].sender(admin).get_finalised());
    assert_eq!(protocol.minipools[0].balance(), U256::ZERO);
    protocol.check_invariants();

    // An exit whose losses took the whole bond still finalises, and pays
    // the node nothing.
    protocol.pay_minipool(1, eth(20));
    protocol.report_exit(1);
    assert_eq!(
        protocol.distribute_and_refund(1, false).motsu_unwrap(),
        U256::ZERO
    );
    assert!(protocol.minipools[1].sender(admin).get_finalised());
    protocol.check_invariants_where(RateMay::Fall);
}

#[motsu::test]
fn burns_wait_for_collateral(admin: Address, wale: Contract<Wallet>, linus: Address) {
    let wale = wale.address();
    // 25 ETH in, 24 of them in Linus's minipool: only 1 ETH can be burned now.
    let mut protocol = Protocol::deploy(admin);
    protocol.deposit(wale, eth(25)).motsu_unwrap();
    protocol.register(linus, "Asia/Tokyo");
    protocol.create_minipool(linus, eth(8), 1).motsu_unwrap();
    assert_eq!(
        protocol
            .reth
            .sender(admin)
            .get_total_collateral()
            .motsu_unwrap(),
        eth(1)
    );
    let before = protocol.snapshot();
    let held = protocol.reth_of(wale);
    let needed = protocol
        .reth
        .sender(admin)
        .get_eth_value(held)
        .motsu_unwrap();
    assert_reverts!(
        protocol.reth.sender(wale).burn(held),
        reth_token::Error::InsufficientCollateral(e) if e.available == eth(1) && e.needed == needed
    );
    assert_eq!(protocol.snapshot(), before);

    // What the collateral covers can be burned, paid by the pool's excess.
    let part = protocol
        .reth
        .sender(admin)
        .get_reth_value(eth(1))
        .motsu_unwrap();
    let paid = protocol.burn(wale, part).motsu_unwrap();
    assert!(paid <= eth(1) && eth(1) - paid <= U256::from(1));
    assert_eq!(protocol.pool.balance(), eth(1) - paid);
    protocol.check_invariants();
}

/// The pool pays a burn's shortfall only when its excess covers it, and
/// says what the excess was, so that rETH asks it once per burn.
#[motsu::test]
fn burn_shortfall_is_paid_only_from_enough_excess(
    admin: Address,
    wale: Contract<Wallet>,
    linus: Address,
) {
    let wale = wale.address();
    let mut protocol = Protocol::deploy(admin);
    protocol.deposit(wale, eth(25)).motsu_unwrap();
    protocol.register(linus, "Asia/Tokyo");
    protocol.create_minipool(linus, eth(8), 1).motsu_unwrap();
    let excess = protocol.pool.sender(admin).get_excess_balance();
    assert!(!excess.is_zero());
    let reth = protocol.reth.address();

    let before = protocol.snapshot();
    let held = wale.balance();
    let returned = protocol
        .pool
        .sender(reth)
        .pay_burn_shortfall(wale, excess + U256::from(1))
        .motsu_unwrap();
    assert_eq!(returned, excess);
    assert_eq!(protocol.snapshot(), before);
    assert_eq!(wale.balance(), held);

    let returned = protocol
        .pool
        .sender(reth)
        .pay_burn_shortfall(wale, excess)
        .motsu_unwrap();
    assert_eq!(returned, excess);
    assert_eq!(wale.balance(), held + excess);
    assert_eq!(protocol.pool.sender(admin).get_excess_balance(), U256::ZERO);
}

#[motsu::test]
fn rate_never_falls_without_a_loss(
    admin: Address,
    staker: Contract<Wallet>,
    linus: Contract<Wallet>,
    keeper: Address,
) {
    let (staker, linus) = (staker.address(), linus.address());
    let mut protocol = staking(admin, staker, eth(40), &[(linus, eth(8))]);
    // A deterministic mix of deposits, skims, smoothing-pool rewards, burns
    // and assignments, with odd amounts so that rounding is exercised.
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    for step in 0..60 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let amount = U256::from(seed % 3_000_000_000_000_000_000)
            .max(U256::from(10_000_000_000_000_000_u64));
        match step % 5 {
            0 => protocol.deposit(staker, amount).motsu_unwrap(),
            1 => {
                protocol.pay_minipool(0, amount / U256::from(7));
                protocol.minipools[0]
                    .sender(keeper)
                    .distribute_balance(true)
                    .motsu_unwrap();
            }
            2 => {
                protocol.pay_smoothing_pool(amount / U256::from(3));
                protocol
                    .distributor
                    .sender(keeper)
                    .distribute()
                    .motsu_unwrap();
            }
            3 => {
                // A fifth of the holding, odd-sized, within what can be paid.
                let reth = protocol.reth.sender(admin);
                let collateral = reth.get_total_collateral().motsu_unwrap();
                let payable = reth.get_reth_value(collateral).motsu_unwrap();
                drop(reth);
                let burn = (protocol.reth_of(staker) / U256::from(5) + U256::from(seed % 997))
                    .min(payable);
                protocol.burn(staker, burn).motsu_unwrap();
            }
            _ => {
                let _ = protocol
                    .pool
                    .sender(keeper)
                    .assign_deposits()
                    .motsu_unwrap();
                // Rewards unlock as time passes.
                advance_time(seed % 50_000);
            }
        }
        protocol.check_invariants();
    }
}
