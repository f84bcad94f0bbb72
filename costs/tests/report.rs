//! The cost report: every user flow of the seed story traced through the
//! contracts' host I/O, rendered to `docs/costs.md` and compared with it.
//!
//! `build.rs` links this test with `--wrap` on the hostios below, so each
//! call from a contract reaches the `__wrap_*` function here first, which
//! tells the meter and then runs motsu's own (`__real_*`).
#![allow(unsafe_code, deprecated)]

use std::{env, fs, path::Path, slice};

use alloy_primitives::{Address, B256, U256};
use contracts::constants::{DEFAULT_SCRUB_PERIOD, PRESTAKE_AMOUNT, STAKE_AMOUNT};
use costs::{measure, measure_plain_eth, Names};
use minipool::Minipool;
use motsu::prelude::*;
use tests::{
    advance_time, eth, pubkey, pubkey_of, root_for, signature, DepositData, Protocol, Wallet,
};

extern "C" {
    fn __real_storage_load_bytes32(key: *const u8, out: *mut u8);
    fn __real_storage_cache_bytes32(key: *const u8, value: *const u8);
    fn __real_call_contract(
        contract: *const u8,
        calldata: *const u8,
        calldata_len: usize,
        value: *const u8,
        gas: u64,
        return_data_len: *mut usize,
    ) -> u8;
    fn __real_static_call_contract(
        contract: *const u8,
        calldata: *const u8,
        calldata_len: usize,
        gas: u64,
        return_data_len: *mut usize,
    ) -> u8;
    fn __real_emit_log(data: *const u8, len: usize, topics: usize);
    fn contract_address(address: *mut u8);
}

/// The program running now, as motsu's context has it.
fn current_program() -> Address {
    let mut address = Address::ZERO;
    // SAFETY: motsu writes 20 bytes to the pointer.
    unsafe { contract_address(address.0.as_mut_ptr()) };
    address
}

/// SAFETY (every hook): the pointers are the ones the SDK passes to the
/// hostio, valid for the lengths the hostio's contract gives.
#[no_mangle]
unsafe extern "C" fn __wrap_storage_load_bytes32(key: *const u8, out: *mut u8) {
    let slot = B256::from_slice(slice::from_raw_parts(key, 32));
    costs::on_load(current_program(), slot);
    __real_storage_load_bytes32(key, out);
}

#[no_mangle]
unsafe extern "C" fn __wrap_storage_cache_bytes32(key: *const u8, value: *const u8) {
    let slot = B256::from_slice(slice::from_raw_parts(key, 32));
    let mut before = B256::ZERO;
    __real_storage_load_bytes32(key, before.0.as_mut_ptr());
    let after = B256::from_slice(slice::from_raw_parts(value, 32));
    costs::on_store(current_program(), slot, before, after);
    __real_storage_cache_bytes32(key, value);
}

#[no_mangle]
unsafe extern "C" fn __wrap_call_contract(
    contract: *const u8,
    calldata: *const u8,
    calldata_len: usize,
    value: *const u8,
    gas: u64,
    return_data_len: *mut usize,
) -> u8 {
    let to = Address::from_slice(slice::from_raw_parts(contract, 20));
    let data = slice::from_raw_parts(calldata, calldata_len);
    let wei = U256::from_be_slice(slice::from_raw_parts(value, 32));
    let entered = costs::on_call(to, data, wei);
    let status = __real_call_contract(
        contract,
        calldata,
        calldata_len,
        value,
        gas,
        return_data_len,
    );
    if entered {
        costs::on_return();
    }
    status
}

#[no_mangle]
unsafe extern "C" fn __wrap_static_call_contract(
    contract: *const u8,
    calldata: *const u8,
    calldata_len: usize,
    gas: u64,
    return_data_len: *mut usize,
) -> u8 {
    let to = Address::from_slice(slice::from_raw_parts(contract, 20));
    let data = slice::from_raw_parts(calldata, calldata_len);
    let entered = costs::on_call(to, data, U256::ZERO);
    let status =
        __real_static_call_contract(contract, calldata, calldata_len, gas, return_data_len);
    if entered {
        costs::on_return();
    }
    status
}

#[no_mangle]
unsafe extern "C" fn __wrap_emit_log(data: *const u8, len: usize, topics: usize) {
    costs::on_log(len.saturating_sub(topics * 32));
    __real_emit_log(data, len, topics);
}

/// Names every program of `protocol` and the people of the story.
fn names(protocol: &Protocol, people: &[(&str, Address)]) -> Names {
    let abi = Path::new(env!("CARGO_MANIFEST_DIR")).join("../abi");
    let mut names = Names::from_abi(&abi);
    names.program(protocol.reth.address(), "rETH");
    names.program(protocol.pool.address(), "deposit pool");
    names.program(protocol.nodes.address(), "node manager");
    names.program(protocol.manager.address(), "minipool manager");
    names.program(protocol.distributor.address(), "smoothing pool");
    names.program(
        protocol.beacon.address(),
        "beacon deposit (Solidity on Ethereum)",
    );
    for (name, address) in people {
        names.account(*address, *name);
    }
    names
}

/// A minipool contract at the address the manager will create it at,
/// named for the report, and its prestake deposit data for key `key`.
fn new_minipool(name: &str, key: u8) -> (Contract<Minipool>, DepositData) {
    let minipool = Contract::<Minipool>::new();
    costs::name_program(minipool.address(), name);
    let prestake = DepositData {
        pubkey: pubkey(key),
        signature: signature(key),
        root: root_for(
            &pubkey(key),
            minipool.address(),
            PRESTAKE_AMOUNT,
            &signature(key),
        ),
    };
    (minipool, prestake)
}

/// The seed story, each user flow measured once in the state the story
/// reaches it in.
#[motsu::test]
fn costs_report_is_current(
    alice: Contract<Wallet>,
    linus: Contract<Wallet>,
    wale: Contract<Wallet>,
    bob: Contract<Wallet>,
    carol: Contract<Wallet>,
) {
    let admin = Address::repeat_byte(0xad);
    let keeper = Address::repeat_byte(0x6b);
    let (alice, linus, wale, bob, carol) = (
        alice.address(),
        linus.address(),
        wale.address(),
        bob.address(),
        carol.address(),
    );
    let mut protocol = Protocol::deploy(admin);
    let watchers = protocol.add_watchers(3);
    costs::set_names(names(
        &protocol,
        &[
            ("Alice", alice),
            ("Linus", linus),
            ("Wale", wale),
            ("Bob", bob),
            ("Carol", carol),
            ("a keeper", keeper),
        ],
    ));
    let p = &mut protocol;

    alice.fund(eth(1));
    measure(
        "deposit 1 ETH, nothing assigned (first deposit)",
        p.pool.address(),
        "deposit()",
        eth(1),
        || {
            p.pool
                .sender_and_value(alice, eth(1))
                .deposit()
                .motsu_unwrap();
        },
    );
    p.unlock_rewards();

    measure(
        "registerNode",
        p.nodes.address(),
        "registerNode(string)",
        U256::ZERO,
        || p.register(linus, "Europe/Berlin"),
    );
    let (minipool, prestake) = new_minipool("Linus's minipool", 1);
    let linus_pool = measure(
        "createMinipool, 8-ETH bond, queued",
        p.manager.address(),
        "createMinipool(bytes,bytes,bytes32,uint256)",
        eth(8),
        || {
            p.create_minipool_at(linus, eth(8), minipool, &prestake, U256::from(1))
                .motsu_unwrap()
        },
    );

    wale.fund(eth(320));
    measure(
        "deposit 320 ETH, assigning one queued minipool",
        p.pool.address(),
        "deposit()",
        eth(320),
        || {
            p.pool
                .sender_and_value(wale, eth(320))
                .deposit()
                .motsu_unwrap();
        },
    );

    advance_time(DEFAULT_SCRUB_PERIOD);
    let key = pubkey_of(&p.minipools[linus_pool]);
    let signature = signature(key[0]);
    let root = root_for(
        &key,
        p.minipools[linus_pool].address(),
        STAKE_AMOUNT,
        &signature,
    );
    measure(
        "stake (31 ETH to the beacon deposit contract)",
        p.minipools[linus_pool].address(),
        "stake(bytes,bytes32)",
        U256::ZERO,
        || {
            p.minipools[linus_pool]
                .sender(linus)
                .stake(signature.into(), root)
                .motsu_unwrap();
        },
    );

    p.register(bob, "America/New_York");
    let (minipool, prestake) = new_minipool("Bob's minipool", 2);
    let bob_pool = measure(
        "createMinipool, 16-ETH bond, assigned at once",
        p.manager.address(),
        "createMinipool(bytes,bytes,bytes32,uint256)",
        eth(16),
        || {
            p.create_minipool_at(bob, eth(16), minipool, &prestake, U256::from(2))
                .motsu_unwrap()
        },
    );
    advance_time(DEFAULT_SCRUB_PERIOD);
    p.stake(bob_pool, bob).motsu_unwrap();

    let skim = eth(1) / U256::from(10);
    measure_plain_eth(
        "plain ETH into a minipool (an EL transfer)",
        p.minipools[linus_pool].address(),
        skim,
        || p.pay_minipool(linus_pool, skim),
    );
    measure(
        "distributeBalance(true), a skim",
        p.minipools[linus_pool].address(),
        "distributeBalance(bool)",
        U256::ZERO,
        || {
            p.minipools[linus_pool]
                .sender(keeper)
                .distribute_balance(true)
                .motsu_unwrap();
        },
    );
    measure(
        "refund (the node takes its share)",
        p.minipools[linus_pool].address(),
        "refund()",
        U256::ZERO,
        || {
            p.minipools[linus_pool]
                .sender(linus)
                .refund()
                .motsu_unwrap();
        },
    );
    p.pay_minipool(linus_pool, skim);
    measure(
        "distributeBalanceAndRefund(true), a skim taken by the node in one call",
        p.minipools[linus_pool].address(),
        "distributeBalanceAndRefund(bool)",
        U256::ZERO,
        || {
            p.minipools[linus_pool]
                .sender(linus)
                .distribute_balance_and_refund(true)
                .motsu_unwrap();
        },
    );

    measure_plain_eth(
        "plain ETH into the smoothing pool (an MEV payment)",
        p.distributor.address(),
        eth(1),
        || p.pay_smoothing_pool(eth(1)),
    );
    measure(
        "smoothing pool distribute (2 staking minipools)",
        p.distributor.address(),
        "distribute()",
        U256::ZERO,
        || p.distributor.sender(keeper).distribute().motsu_unwrap(),
    );
    measure(
        "smoothing pool claim",
        p.distributor.address(),
        "claim()",
        U256::ZERO,
        || p.distributor.sender(linus).claim().motsu_unwrap(),
    );

    let tenth = eth(1) / U256::from(10);
    measure(
        "rETH transfer",
        p.reth.address(),
        "transfer(address,uint256)",
        U256::ZERO,
        || {
            p.reth
                .sender(wale)
                .erc20
                .transfer(alice, tenth)
                .motsu_unwrap();
        },
    );
    measure(
        "rETH approve",
        p.reth.address(),
        "approve(address,uint256)",
        U256::ZERO,
        || {
            p.reth
                .sender(wale)
                .erc20
                .approve(keeper, tenth)
                .motsu_unwrap();
        },
    );
    measure(
        "rETH transferFrom (an integrator moving approved rETH)",
        p.reth.address(),
        "transferFrom(address,address,uint256)",
        U256::ZERO,
        || {
            p.reth
                .sender(keeper)
                .erc20
                .transfer_from(wale, bob, tenth)
                .motsu_unwrap();
        },
    );
    measure(
        "getExchangeRate()",
        p.reth.address(),
        "getExchangeRate()",
        U256::ZERO,
        || p.reth.sender(keeper).get_exchange_rate().motsu_unwrap(),
    );
    p.unlock_rewards();

    p.pay_minipool(linus_pool, eth(3205) / U256::from(100));
    for watcher in &watchers[..1] {
        p.minipools[linus_pool]
            .sender(*watcher)
            .vote_withdrawable()
            .motsu_unwrap();
    }
    measure(
        "voteWithdrawable, the deciding report",
        p.minipools[linus_pool].address(),
        "voteWithdrawable()",
        U256::ZERO,
        || {
            p.minipools[linus_pool]
                .sender(watchers[1])
                .vote_withdrawable()
                .motsu_unwrap();
        },
    );
    measure(
        "distributeBalanceAndRefund(false), an exit taken by the node in one call",
        p.minipools[linus_pool].address(),
        "distributeBalanceAndRefund(bool)",
        U256::ZERO,
        || {
            p.minipools[linus_pool]
                .sender(linus)
                .distribute_balance_and_refund(false)
                .motsu_unwrap();
        },
    );
    p.pay_minipool(bob_pool, eth(3202) / U256::from(100));
    p.report_exit(bob_pool);
    measure(
        "distributeBalance(false), an exit, by a keeper",
        p.minipools[bob_pool].address(),
        "distributeBalance(bool)",
        U256::ZERO,
        || {
            p.minipools[bob_pool]
                .sender(keeper)
                .distribute_balance(false)
                .motsu_unwrap();
        },
    );
    p.unlock_rewards();

    measure(
        "burn, paid from rETH's own ETH",
        p.reth.address(),
        "burn(uint256)",
        U256::ZERO,
        || p.reth.sender(alice).burn(tenth).motsu_unwrap(),
    );
    measure(
        "burn with a deposit-pool shortfall",
        p.reth.address(),
        "burn(uint256)",
        U256::ZERO,
        || p.reth.sender(wale).burn(eth(100)).motsu_unwrap(),
    );

    // Only a node's first minipool asks the node manager whether it is
    // registered.
    let (minipool, prestake) = new_minipool("Linus's second minipool", 3);
    let linus_second = measure(
        "createMinipool, the node's second, 8-ETH bond, assigned at once",
        p.manager.address(),
        "createMinipool(bytes,bytes,bytes32,uint256)",
        eth(8),
        || {
            p.create_minipool_at(linus, eth(8), minipool, &prestake, U256::from(3))
                .motsu_unwrap()
        },
    );

    // A node's first minipool to stake once the smoothing pool has paid
    // rewards, while others stake, as on a chain that has run a while.
    p.register(carol, "Asia/Tokyo");
    let (minipool, prestake) = new_minipool("Carol's minipool", 4);
    let carol_pool = p
        .create_minipool_at(carol, eth(16), minipool, &prestake, U256::from(4))
        .motsu_unwrap();
    advance_time(DEFAULT_SCRUB_PERIOD);
    p.stake(linus_second, linus).motsu_unwrap();
    measure(
        "stake, a node's first minipool, once the smoothing pool has paid rewards",
        p.minipools[carol_pool].address(),
        "stake(bytes,bytes32)",
        U256::ZERO,
        || p.stake(carol_pool, carol).motsu_unwrap(),
    );

    let report = costs::render(&costs::take_flows());
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/costs.md");
    if env::var_os("UPDATE_COSTS").is_some() {
        fs::write(&path, &report).unwrap_or_else(|e| panic!("cannot write {path:?}: {e}"));
        return;
    }
    let committed = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == report,
        "docs/costs.md is stale: regenerate it with `UPDATE_COSTS=1 cargo test -p costs`"
    );
}
