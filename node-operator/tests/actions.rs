//! Every command's transactions (target, calldata, value) and every
//! refusal, decided from protocol state without a chain: a refusal is an
//! error before any transaction exists, so nothing can be sent.
#![allow(clippy::unwrap_used)] // fixtures and helpers of tests

use alloy::{
    primitives::{address, uint, Address, Bytes, LogData, B256, U256},
    rpc::types::Log,
    sol_types::{SolCall, SolEvent},
};
use deploy::{
    abi::{
        beacon_deposit::IBeaconDeposit::DepositEvent, minipool::IMinipool,
        minipool_manager::IMinipoolManager, node_manager::INodeManager,
        rewards_distributor::IRewardsDistributor,
    },
    suite::Addresses,
};
use node_operator::{
    actions::{self, duration, Call},
    deposit::{withdrawal_credentials, Deposit, Network, PRESTAKE_GWEI, STAKE_GWEI},
    keys::ValidatorKey,
    protocol::{node_share, Minipool, Node, Queue, QueueSpot, Settings, Status},
    watch::{self, Watched},
};

const ETH: U256 = uint!(1_000_000_000_000_000_000_U256);
const NODE: Address = address!("00000000000000000000000000000000000000a1");
const WITHDRAWAL: Address = address!("00000000000000000000000000000000000000b2");
const MINIPOOL: Address = address!("00000000000000000000000000000000000000c3");
const OTHER: Address = address!("00000000000000000000000000000000000000d4");
const NOW: u64 = 1_000_000;
/// 0.14: the default node fee.
const FEE: U256 = uint!(140_000_000_000_000_000_U256);

fn addresses() -> Addresses {
    Addresses {
        beacon_deposit: Address::repeat_byte(1),
        node_manager: Address::repeat_byte(2),
        reth_token: Address::repeat_byte(3),
        deposit_pool: Address::repeat_byte(4),
        minipool: Address::repeat_byte(5),
        minipool_manager: Address::repeat_byte(6),
        rewards_distributor: Address::repeat_byte(7),
        smoothing_pool: Address::repeat_byte(8),
    }
}

fn open() -> Settings {
    Settings {
        creation_enabled: true,
        registration_enabled: true,
    }
}

fn key() -> ValidatorKey {
    ValidatorKey::from_seed(&[42_u8; 32], 0).unwrap()
}

fn minipool(status: Status) -> Minipool {
    Minipool {
        address: MINIPOOL,
        status,
        finalised: false,
        status_time: NOW - 13 * 3600,
        scrub_period: 12 * 3600,
        launch_timeout: 72 * 3600,
        node_fee: FEE,
        bond: ETH * U256::from(8),
        user_deposit: ETH * U256::from(24),
        refund: U256::ZERO,
        balance: U256::ZERO,
        pubkey: key().pubkey.to_vec().into(),
        queue: None,
    }
}

fn node(minipools: Vec<Minipool>) -> Node {
    Node {
        address: NODE,
        registered: true,
        withdrawal_address: WITHDRAWAL,
        pending_withdrawal_address: Address::ZERO,
        claimable: U256::ZERO,
        minipools,
        now: NOW,
    }
}

fn unregistered() -> Node {
    Node {
        registered: false,
        withdrawal_address: Address::ZERO,
        ..node(vec![])
    }
}

/// The refusal's message.
fn refused(result: eyre::Result<Vec<Call>>) -> String {
    format!("{:#}", result.unwrap_err())
}

fn only(calls: Vec<Call>) -> Call {
    assert_eq!(calls.len(), 1, "{calls:?}");
    calls.into_iter().next().unwrap()
}

fn decode<C: SolCall>(call: &Call) -> C {
    C::abi_decode(&call.data).unwrap()
}

#[test]
fn register_sends_the_timezone_to_the_node_manager() {
    let call =
        only(actions::register(&unregistered(), &open(), &addresses(), "Europe/Berlin").unwrap());
    assert_eq!(
        (call.to, call.value),
        (addresses().node_manager, U256::ZERO)
    );
    assert_eq!(
        decode::<INodeManager::registerNodeCall>(&call).timezone_location,
        "Europe/Berlin"
    );
}

#[test]
fn register_refuses_a_registered_node_closed_registration_and_bad_timezones() {
    let a = addresses();
    assert!(refused(actions::register(
        &node(vec![]),
        &open(),
        &a,
        "Europe/Berlin"
    ))
    .contains("already registered"));
    let closed = Settings {
        registration_enabled: false,
        ..open()
    };
    assert!(refused(actions::register(
        &unregistered(),
        &closed,
        &a,
        "Europe/Berlin"
    ))
    .contains("registration is closed"));
    assert!(
        refused(actions::register(&unregistered(), &open(), &a, "UTC")).contains("4 to 64 bytes")
    );
    assert!(refused(actions::register(
        &unregistered(),
        &open(),
        &a,
        &"x".repeat(65)
    ))
    .contains("4 to 64 bytes"));
}

#[test]
fn deposit_sends_the_bond_and_the_signed_prestake_to_the_manager() {
    let prestake = Deposit::sign(
        &key(),
        withdrawal_credentials(MINIPOOL),
        PRESTAKE_GWEI,
        Network::Hoodi,
    );
    for bond in [8_u64, 16] {
        let call = only(
            actions::create_minipool(
                &node(vec![]),
                &open(),
                &addresses(),
                bond,
                &prestake,
                U256::from(5),
                MINIPOOL,
            )
            .unwrap(),
        );
        assert_eq!(call.to, addresses().minipool_manager);
        assert_eq!(call.value, ETH * U256::from(bond));
        let sent = decode::<IMinipoolManager::createMinipoolCall>(&call);
        assert_eq!(sent.validator_pubkey.as_ref(), key().pubkey.as_slice());
        assert_eq!(
            sent.validator_signature.as_ref(),
            prestake.signature.as_slice()
        );
        assert_eq!(sent.deposit_data_root, prestake.deposit_data_root);
        assert_eq!(sent.salt, U256::from(5));
    }
}

#[test]
fn deposit_refuses_unregistered_closed_odd_bonds_and_deposit_data_that_is_not_the_prestake() {
    let (a, n) = (addresses(), node(vec![]));
    let salt = U256::ZERO;
    let prestake = Deposit::sign(
        &key(),
        withdrawal_credentials(MINIPOOL),
        PRESTAKE_GWEI,
        Network::Mainnet,
    );
    let error = refused(actions::create_minipool(
        &unregistered(),
        &open(),
        &a,
        8,
        &prestake,
        salt,
        MINIPOOL,
    ));
    assert!(
        error.contains("not a registered node") && error.contains("register --timezone"),
        "{error}"
    );
    let closed = Settings {
        creation_enabled: false,
        ..open()
    };
    assert!(refused(actions::create_minipool(
        &n, &closed, &a, 8, &prestake, salt, MINIPOOL
    ))
    .contains("creation is closed"));
    assert!(refused(actions::create_minipool(
        &n,
        &open(),
        &a,
        4,
        &prestake,
        salt,
        MINIPOOL
    ))
    .contains("8 or 16 ETH"));
    // For another minipool's credentials, of the stake's amount, or tampered.
    assert!(refused(actions::create_minipool(
        &n,
        &open(),
        &a,
        8,
        &prestake,
        salt,
        OTHER
    ))
    .contains("not minipool"));
    let stake = Deposit::sign(
        &key(),
        withdrawal_credentials(MINIPOOL),
        STAKE_GWEI,
        Network::Mainnet,
    );
    assert!(refused(actions::create_minipool(
        &n,
        &open(),
        &a,
        8,
        &stake,
        salt,
        MINIPOOL
    ))
    .contains("not 1000000000"));
    let mut tampered = prestake.clone();
    tampered.deposit_data_root = B256::repeat_byte(9);
    assert!(refused(actions::create_minipool(
        &n,
        &open(),
        &a,
        8,
        &tampered,
        salt,
        MINIPOOL
    ))
    .contains("deposit_data_root"));
}

#[test]
fn stake_sends_the_31_eth_deposit_data_to_the_minipool_once_the_scrub_period_is_over() {
    let stake = Deposit::sign(
        &key(),
        withdrawal_credentials(MINIPOOL),
        STAKE_GWEI,
        Network::Mainnet,
    );
    let call =
        only(actions::stake(&node(vec![minipool(Status::Prelaunch)]), MINIPOOL, &stake).unwrap());
    assert_eq!((call.to, call.value), (MINIPOOL, U256::ZERO));
    let sent = decode::<IMinipool::stakeCall>(&call);
    assert_eq!(
        sent.validator_signature.as_ref(),
        stake.signature.as_slice()
    );
    assert_eq!(sent.deposit_data_root, stake.deposit_data_root);
}

#[test]
fn stake_refuses_early_wrong_status_other_minipools_and_other_deposit_data() {
    let stake = Deposit::sign(
        &key(),
        withdrawal_credentials(MINIPOOL),
        STAKE_GWEI,
        Network::Mainnet,
    );
    let early = Minipool {
        status_time: NOW - 11 * 3600,
        ..minipool(Status::Prelaunch)
    };
    let error = refused(actions::stake(&node(vec![early]), MINIPOOL, &stake));
    assert!(
        error.contains("scrub period ends in 1h 0m") && error.contains("nothing was sent"),
        "{error}"
    );
    let queued = Minipool {
        queue: Some(QueueSpot {
            position: 2,
            eth_needed: ETH,
        }),
        ..minipool(Status::Initialised)
    };
    assert!(
        refused(actions::stake(&node(vec![queued]), MINIPOOL, &stake))
            .contains("still in the queue (position 2)")
    );
    assert!(refused(actions::stake(
        &node(vec![minipool(Status::Staking)]),
        MINIPOOL,
        &stake
    ))
    .contains("is Staking"));
    assert!(refused(actions::stake(&node(vec![]), MINIPOOL, &stake))
        .contains("is not a minipool of node"));
    let ready = node(vec![minipool(Status::Prelaunch)]);
    let other_key = ValidatorKey::from_seed(&[43_u8; 32], 0).unwrap();
    let wrong_key = Deposit::sign(
        &other_key,
        withdrawal_credentials(MINIPOOL),
        STAKE_GWEI,
        Network::Mainnet,
    );
    assert!(refused(actions::stake(&ready, MINIPOOL, &wrong_key))
        .contains("the deposit data is for validator"));
    let prestake = Deposit::sign(
        &key(),
        withdrawal_credentials(MINIPOOL),
        PRESTAKE_GWEI,
        Network::Mainnet,
    );
    assert!(refused(actions::stake(&ready, MINIPOOL, &prestake)).contains("not 31000000000"));
}

fn skimmed(amount: U256) -> Minipool {
    Minipool {
        balance: amount,
        ..minipool(Status::Staking)
    }
}

#[test]
fn distribute_splits_a_skim_or_a_reported_exit() {
    let call = only(actions::distribute(&skimmed(ETH), true).unwrap());
    assert_eq!((call.to, call.value), (MINIPOOL, U256::ZERO));
    assert!(decode::<IMinipool::distributeBalanceCall>(&call).rewards_only);
    assert!(
        call.label.contains("0.355 ETH to the node"),
        "{}",
        call.label
    );
    let exit = Minipool {
        balance: ETH * U256::from(33),
        ..minipool(Status::Withdrawable)
    };
    let call = only(actions::distribute(&exit, false).unwrap());
    assert!(!decode::<IMinipool::distributeBalanceCall>(&call).rewards_only);
    assert!(
        call.label.contains("8.355 ETH to the node"),
        "{}",
        call.label
    );
    // A reported exit with nothing left still finalises.
    let empty_exit = minipool(Status::Withdrawable);
    assert_eq!(
        only(actions::distribute(&empty_exit, false).unwrap()).to,
        MINIPOOL
    );
}

#[test]
fn distribute_refuses_unreported_exits_nothing_rewards_only_exits_and_other_statuses() {
    let error = refused(actions::distribute(&skimmed(ETH * U256::from(8)), false));
    assert!(
        error.contains("that is an exit, which the watchers must report"),
        "{error}"
    );
    let refunded = Minipool {
        refund: ETH,
        ..skimmed(ETH)
    };
    assert!(refused(actions::distribute(&refunded, false)).contains("nothing to distribute"));
    let exit = Minipool {
        balance: ETH * U256::from(32),
        ..minipool(Status::Withdrawable)
    };
    assert!(refused(actions::distribute(&exit, true)).contains("without --rewards-only"));
    for status in [Status::Initialised, Status::Prelaunch, Status::Dissolved] {
        assert!(refused(actions::distribute(&minipool(status), false))
            .contains("only Staking and Withdrawable"));
    }
}

#[test]
fn refund_pays_each_refund_balance_and_refuses_when_there_is_none() {
    let owed = |address: Address, refund: U256| Minipool {
        address,
        refund,
        balance: refund,
        ..minipool(Status::Staking)
    };
    let n = node(vec![
        owed(MINIPOOL, ETH),
        owed(OTHER, U256::ZERO),
        owed(NODE, ETH),
    ]);
    let calls = actions::refund(&n, None).unwrap();
    assert_eq!(
        calls.iter().map(|c| c.to).collect::<Vec<_>>(),
        vec![MINIPOOL, NODE]
    );
    for call in &calls {
        assert_eq!(
            call.data,
            Bytes::from(IMinipool::refundCall {}.abi_encode())
        );
        assert!(call.label.contains(&WITHDRAWAL.to_string()));
    }
    assert_eq!(
        only(actions::refund(&n, Some(MINIPOOL)).unwrap()).to,
        MINIPOOL
    );
    assert!(refused(actions::refund(&n, Some(OTHER))).contains("nothing to refund"));
    assert!(refused(actions::refund(&node(vec![]), None)).contains("nothing to refund"));
}

#[test]
fn claim_takes_everything_owed_in_one_command() {
    let with_refund = Minipool {
        address: OTHER,
        refund: ETH,
        balance: ETH,
        ..minipool(Status::Staking)
    };
    let n = Node {
        claimable: ETH / U256::from(2),
        ..node(vec![skimmed(ETH), with_refund, minipool(Status::Prelaunch)])
    };
    let calls = actions::claim(&n, &addresses()).unwrap();
    let shape: Vec<(Address, Bytes)> = calls.iter().map(|c| (c.to, c.data.clone())).collect();
    assert_eq!(
        shape,
        vec![
            (
                MINIPOOL,
                IMinipool::distributeBalanceAndRefundCall { rewards_only: true }
                    .abi_encode()
                    .into(),
            ),
            (OTHER, IMinipool::refundCall {}.abi_encode().into()),
            (
                addresses().smoothing_pool,
                IRewardsDistributor::claimCall {}.abi_encode().into(),
            ),
        ]
    );
    assert!(calls.iter().all(|c| c.value.is_zero()));
    // The skim's node share is paid in the call that distributes it.
    assert!(
        calls[0].label.contains("distribute 1 ETH")
            && calls[0].label.contains("pay the node's 0.355 ETH"),
        "{}",
        calls[0].label
    );
    // Owed: 0.5 claimable, 1 refund, 0.355 of the skim.
    assert_eq!(n.total_owed(), uint!(1_855_000_000_000_000_000_U256));
}

#[test]
fn claim_refuses_when_nothing_is_owed_or_the_node_is_not_registered() {
    let error = refused(actions::claim(
        &node(vec![minipool(Status::Prelaunch)]),
        &addresses(),
    ));
    assert!(error.contains("nothing to claim"), "{error}");
    assert!(
        refused(actions::claim(&unregistered(), &addresses())).contains("not a registered node")
    );
}

#[test]
fn close_and_dissolve_follow_the_minipool_lifecycle() {
    let dissolved = Minipool {
        balance: ETH * U256::from(7),
        ..minipool(Status::Dissolved)
    };
    let call = only(actions::close(&node(vec![dissolved]), MINIPOOL).unwrap());
    assert_eq!(
        (call.to, call.data.clone()),
        (MINIPOOL, IMinipool::closeCall {}.abi_encode().into())
    );
    assert!(refused(actions::close(
        &node(vec![minipool(Status::Staking)]),
        MINIPOOL
    ))
    .contains("only a Dissolved minipool closes"));

    let call =
        only(actions::dissolve(&node(vec![minipool(Status::Initialised)]), MINIPOOL).unwrap());
    assert_eq!(
        (call.to, call.data.clone()),
        (MINIPOOL, IMinipool::dissolveCall {}.abi_encode().into())
    );
    let error = refused(actions::dissolve(
        &node(vec![minipool(Status::Prelaunch)]),
        MINIPOOL,
    ));
    assert!(
        error.contains("launch timeout passes, in 2d 11h"),
        "{error}"
    );
    let timed_out = Minipool {
        status_time: NOW - 72 * 3600,
        ..minipool(Status::Prelaunch)
    };
    assert_eq!(
        only(actions::dissolve(&node(vec![timed_out]), MINIPOOL).unwrap()).to,
        MINIPOOL
    );
    assert!(refused(actions::dissolve(
        &node(vec![minipool(Status::Staking)]),
        MINIPOOL
    ))
    .contains("is Staking"));
    assert!(
        refused(actions::dissolve(&node(vec![]), MINIPOOL)).contains("is not a minipool of node")
    );
}

#[test]
fn withdrawal_address_changes_come_from_the_withdrawal_address_and_are_confirmed_by_the_new_one() {
    let (a, n) = (addresses(), node(vec![]));
    for confirm in [false, true] {
        let call =
            only(actions::set_withdrawal_address(&n, &a, WITHDRAWAL, OTHER, confirm).unwrap());
        assert_eq!(call.to, a.node_manager);
        let sent = decode::<INodeManager::setWithdrawalAddressCall>(&call);
        assert_eq!(
            (sent.node, sent.new_address, sent.confirm),
            (NODE, OTHER, confirm)
        );
    }
    let error = refused(actions::set_withdrawal_address(&n, &a, NODE, OTHER, false));
    assert!(
        error.contains(&format!(
            "only node {NODE}'s withdrawal address {WITHDRAWAL}"
        )),
        "{error}"
    );
    assert!(refused(actions::set_withdrawal_address(
        &n,
        &a,
        WITHDRAWAL,
        Address::ZERO,
        false
    ))
    .contains("zero address"));
    assert!(refused(actions::set_withdrawal_address(
        &unregistered(),
        &a,
        WITHDRAWAL,
        OTHER,
        false
    ))
    .contains("not a registered node"));

    let proposed = Node {
        pending_withdrawal_address: OTHER,
        ..node(vec![])
    };
    let call = only(actions::confirm_withdrawal_address(&proposed, &a, OTHER).unwrap());
    assert_eq!(
        decode::<INodeManager::confirmWithdrawalAddressCall>(&call).node,
        NODE
    );
    assert!(refused(actions::confirm_withdrawal_address(
        &proposed, &a, WITHDRAWAL
    ))
    .contains("is not node"));
    assert!(
        refused(actions::confirm_withdrawal_address(&n, &a, OTHER)).contains("none is proposed")
    );
}

#[test]
fn report_exit_is_a_watchers_vote_on_a_staking_minipool() {
    let exited = skimmed(ETH * U256::from(32));
    let call = only(actions::report_exit(OTHER, true, &exited).unwrap());
    assert_eq!(
        (call.to, call.data.clone()),
        (
            MINIPOOL,
            IMinipool::voteWithdrawableCall {}.abi_encode().into()
        )
    );
    assert!(refused(actions::report_exit(OTHER, false, &exited)).contains("is not a watcher"));
    assert!(refused(actions::report_exit(
        OTHER,
        true,
        &minipool(Status::Prelaunch)
    ))
    .contains("only a Staking minipool's exit"));
}

fn deposit_log(pubkey: &[u8], credentials: B256) -> Log {
    let event = DepositEvent {
        pubkey: pubkey.to_vec().into(),
        withdrawal_credentials: credentials.to_vec().into(),
        amount: 1_000_000_000_u64.to_le_bytes().to_vec().into(),
        signature: vec![0; 96].into(),
        index: 0_u64.to_le_bytes().to_vec().into(),
    };
    let data: LogData = event.encode_log_data();
    Log {
        inner: alloy::primitives::Log {
            address: addresses().beacon_deposit,
            data,
        },
        ..Log::default()
    }
}

#[test]
fn watchers_scrub_prelaunch_minipools_whose_key_was_deposited_to_other_credentials() {
    let pubkey = key().pubkey;
    let own =
        watch::Deposit::from_log(&deposit_log(&pubkey, withdrawal_credentials(MINIPOOL))).unwrap();
    let thief =
        watch::Deposit::from_log(&deposit_log(&pubkey, withdrawal_credentials(OTHER))).unwrap();
    assert_eq!(own.pubkey.as_ref(), pubkey.as_slice());
    let watched = |status| Watched {
        address: MINIPOOL,
        status,
        pubkey: pubkey.to_vec().into(),
    };
    // Its own prestake is no reason to scrub.
    assert_eq!(
        watch::front_run(&[watched(Status::Prelaunch)], std::slice::from_ref(&own)),
        watch::Findings::default()
    );
    let found = watch::front_run(&[watched(Status::Prelaunch)], &[own.clone(), thief.clone()]);
    assert_eq!(
        found.scrub,
        vec![(MINIPOOL, thief.withdrawal_credentials.clone())]
    );
    assert!(found.queued.is_empty());
    // Queued: scrubbed once Prelaunch; staking ones are past scrubbing.
    let found = watch::front_run(
        &[watched(Status::Initialised)],
        std::slice::from_ref(&thief),
    );
    assert_eq!((found.scrub.len(), found.queued.len()), (0, 1));
    assert_eq!(
        watch::front_run(&[watched(Status::Staking)], std::slice::from_ref(&thief)),
        watch::Findings::default()
    );
    let vote = actions::vote_scrub(MINIPOOL, &thief.withdrawal_credentials);
    assert_eq!(
        (vote.to, vote.data),
        (MINIPOOL, IMinipool::voteScrubCall {}.abi_encode().into())
    );
    assert!(watch::Deposit::from_log(&Log::default()).is_err());
}

#[test]
fn owed_amounts_follow_the_specs_reward_rule() {
    // 1 ETH of rewards, 8 ETH bond, 14 % fee: 0.25 + 0.75 · 0.14.
    assert_eq!(
        node_share(ETH, ETH * U256::from(8), FEE),
        Some(uint!(355_000_000_000_000_000_U256))
    );
    // An exit below 32 ETH: the bond absorbs the loss.
    let short = Minipool {
        balance: ETH * U256::from(30),
        ..minipool(Status::Withdrawable)
    };
    assert_eq!(short.node_share_of_balance(), Some(ETH * U256::from(6)));
    let lost = Minipool {
        balance: ETH * U256::from(20),
        ..minipool(Status::Withdrawable)
    };
    assert_eq!(lost.node_share_of_balance(), Some(U256::ZERO));
    assert_eq!(skimmed(ETH * U256::from(9)).node_share_of_balance(), None);
    assert_eq!(minipool(Status::Prelaunch).node_share_of_balance(), None);
}

#[test]
fn queue_spots_count_the_eth_still_needed_and_durations_read_well() {
    let queue = Queue {
        entries: vec![
            (OTHER, ETH * U256::from(24)),
            (MINIPOOL, ETH * U256::from(16)),
        ],
        pool_balance: ETH * U256::from(30),
    };
    assert_eq!(
        queue.spot(OTHER),
        Some(QueueSpot {
            position: 0,
            eth_needed: U256::ZERO
        })
    );
    assert_eq!(
        queue.spot(MINIPOOL),
        Some(QueueSpot {
            position: 1,
            eth_needed: ETH * U256::from(10)
        })
    );
    assert_eq!(queue.spot(NODE), None);
    assert_eq!(duration(45), "45s");
    assert_eq!(duration(125), "2m 5s");
    assert_eq!(duration(3 * 3600 + 12 * 60), "3h 12m");
    assert_eq!(duration(2 * 86_400 + 3 * 3600 + 59), "2d 3h");
}

#[test]
fn status_shows_each_minipool_what_it_waits_for_and_the_total_owed() {
    let queued = Minipool {
        address: OTHER,
        queue: Some(QueueSpot {
            position: 0,
            eth_needed: ETH * U256::from(3),
        }),
        user_deposit: U256::ZERO,
        ..minipool(Status::Initialised)
    };
    let early = Minipool {
        status_time: NOW - 3600,
        ..minipool(Status::Prelaunch)
    };
    let n = Node {
        claimable: ETH,
        ..node(vec![queued, early, skimmed(ETH)])
    };
    let text = node_operator::report::describe(&n);
    println!("{text}");
    for line in [
        "withdrawal address 0x00000000000000000000000000000000000000b2",
        "smoothing-pool rewards claimable: 1 ETH",
        "minipools: 3",
        "queue position 1 (3 ETH of deposits still needed before it is matched)",
        "may stake in 11h 0m",
        "node share of its undistributed balance: 0.355 ETH",
        "owed to the node in all: 1.355 ETH",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    let text = node_operator::report::describe(&unregistered());
    assert!(
        text.contains("not registered: run `node-operator register"),
        "{text}"
    );
}
