//! The deployment without a chain: StylusDeployer calldata, constructor
//! arguments, salts and addresses, the wiring calls, the deployments file,
//! and what a re-run plans from a file that shows part of the suite done.

#![allow(clippy::unwrap_used)] // fixtures and helpers of tests

use std::collections::BTreeMap;

use alloy::{
    primitives::{address, keccak256, Address, Bytes, B256, U256},
    sol_types::{SolCall, SolValue},
};
use deploy::{
    abi::{stylus_constructorCall, StylusDeployer},
    code::Program,
    deployments::{Deployed, Deployments, Sent},
    plan::{plan, PlanError, Step},
    suite::{proxy_runtime, Addresses, Contract, Layout, STYLUS_DEPLOYER},
};

const ADMIN: Address = address!("3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E");
/// The source fingerprint the fixtures are built from.
const SOURCES: B256 = B256::repeat_byte(0x5c);

fn layout() -> Layout {
    Layout {
        admin: ADMIN,
        deployer: STYLUS_DEPLOYER,
        salt: keccak256("rocket-stylus"),
        beacon_deposit: None,
    }
}

/// A distinct tiny program per contract.
fn program(contract: Contract) -> Program {
    let wat = format!(
        r#"(module (memory (export "memory") 1) (data (i32.const 0) "{}")
             (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#,
        contract.name()
    );
    Program::from_wasm(&wat::parse_str(wat).unwrap()).unwrap()
}

fn programs() -> BTreeMap<Contract, Program> {
    Contract::ALL.into_iter().map(|c| (c, program(c))).collect()
}

fn addresses() -> Addresses {
    layout().addresses(|contract| program(contract).init_code())
}

/// The CREATE2 address written out byte by byte, apart from alloy's helper:
/// keccak256(0xff ‖ deployer ‖ keccak256(salt ‖ initData ‖ uint256 0) ‖
/// keccak256(initCode))[12..].
fn create2_by_hand(salt: B256, init_data: &[u8], init_code: &[u8]) -> Address {
    let mut salted = salt.to_vec();
    salted.extend_from_slice(init_data);
    salted.extend_from_slice(&[0; 32]);
    let mut preimage = vec![0xff];
    preimage.extend_from_slice(STYLUS_DEPLOYER.as_slice());
    preimage.extend_from_slice(keccak256(&salted).as_slice());
    preimage.extend_from_slice(keccak256(init_code).as_slice());
    Address::from_slice(&keccak256(&preimage)[12..])
}

#[test]
fn the_stylus_deployer_abi_is_the_published_one() {
    // Selectors of nitro-contracts' StylusDeployer and stylus-sdk's
    // constructor entry, computed from their signatures.
    assert_eq!(
        StylusDeployer::deployCall::SELECTOR,
        keccak256("deploy(bytes,bytes,uint256,bytes32)")[..4]
    );
    assert_eq!(
        stylus_constructorCall::SELECTOR,
        keccak256("stylus_constructor()")[..4]
    );
    assert_eq!(
        <StylusDeployer::ContractDeployed as alloy::sol_types::SolEvent>::SIGNATURE_HASH,
        keccak256("ContractDeployed(address)")
    );
    assert_eq!(
        STYLUS_DEPLOYER,
        address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990")
    );
}

#[test]
fn every_address_is_the_create2_address_of_the_deployer_call() {
    let layout = layout();
    let addresses = addresses();
    for contract in Contract::ALL {
        let init_data = layout.init_data(contract, &addresses);
        let expected = create2_by_hand(
            layout.salt_of(contract),
            &init_data,
            &program(contract).init_code(),
        );
        assert_eq!(addresses.get(contract), expected, "{contract}");
    }
    // Every contract has its own salt and address.
    let mut seen: Vec<Address> = Contract::ALL.iter().map(|&c| addresses.get(c)).collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 7);
    assert_eq!(
        layout.salt_of(Contract::RethToken),
        keccak256([layout.salt.as_slice(), b"reth-token"].concat())
    );
}

#[test]
fn addresses_follow_the_admin_the_salt_and_the_code() {
    let base = addresses();
    assert_eq!(base, addresses(), "deterministic");
    let other_admin = Layout {
        admin: Address::repeat_byte(7),
        ..layout()
    }
    .addresses(|c| program(c).init_code());
    assert_ne!(base.reth_token, other_admin.reth_token);
    let other_salt = Layout {
        salt: B256::repeat_byte(1),
        ..layout()
    }
    .addresses(|c| program(c).init_code());
    assert_ne!(base.deposit_pool, other_salt.deposit_pool);
    // New code for the node manager moves it, and the two contracts whose
    // constructors take its address, but nothing else.
    let changed = layout().addresses(|c| {
        if c == Contract::NodeManager {
            program(Contract::Minipool).init_code()
        } else {
            program(c).init_code()
        }
    });
    for contract in Contract::ALL {
        let moved = matches!(contract, Contract::NodeManager | Contract::MinipoolManager);
        assert_eq!(
            base.get(contract) != changed.get(contract),
            moved,
            "{contract}"
        );
    }
}

#[test]
fn constructor_calls_match_the_published_constructors() {
    let layout = layout();
    let a = addresses();
    let published = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../abi/constructors.txt"
    ))
    .unwrap();
    let expected: [(Contract, &str, Vec<u8>); 4] = [
        (
            Contract::NodeManager,
            "constructor(address admin)",
            (ADMIN,).abi_encode_params(),
        ),
        (
            Contract::RethToken,
            "constructor(address deposit_pool)",
            (a.deposit_pool,).abi_encode_params(),
        ),
        (
            Contract::DepositPool,
            "constructor(address admin)",
            (ADMIN,).abi_encode_params(),
        ),
        (
            Contract::MinipoolManager,
            "constructor(address admin, address beacon_deposit, address node_manager)",
            (ADMIN, a.beacon_deposit, a.node_manager).abi_encode_params(),
        ),
    ];
    for (contract, signature, arguments) in expected {
        assert!(
            published
                .lines()
                .any(|line| line == format!("{} {signature}", contract.name())),
            "{contract}: abi/constructors.txt does not publish {signature}"
        );
        let data = layout.init_data(contract, &a);
        assert_eq!(data[..4], keccak256("stylus_constructor()")[..4]);
        assert_eq!(data[4..], arguments[..], "{contract}");
    }
    // Contracts without a constructor are deployed without an init call:
    // the two implementations behind proxies are initialised through them.
    for contract in [
        Contract::BeaconDeposit,
        Contract::Minipool,
        Contract::RewardsDistributor,
    ] {
        let prefix = format!("{} ", contract.name());
        assert!(!published.lines().any(|line| line.starts_with(&prefix)));
        assert!(layout.init_data(contract, &a).is_empty(), "{contract}");
    }
    assert_eq!(published.lines().count(), 4);
}

#[test]
fn deploy_steps_encode_the_stylus_deployer_call() {
    let layout = layout();
    let programs = programs();
    let fresh = Deployments::new(412_346, &layout, SOURCES);
    let plan = plan(&layout, &programs, SOURCES, &fresh, false).unwrap();
    let Step::Deploy {
        contract,
        address,
        salt,
        init_data,
    } = &plan.steps[5]
    else {
        panic!("expected a deploy step, got {}", plan.steps[5]);
    };
    assert_eq!(*contract, Contract::MinipoolManager);
    assert_eq!(*address, plan.addresses.minipool_manager);
    assert_eq!(*salt, layout.salt_of(Contract::MinipoolManager));
    let call = StylusDeployer::deployCall {
        bytecode: programs[contract].init_code().into(),
        initData: init_data.clone(),
        initValue: U256::ZERO,
        salt: *salt,
    };
    let encoded = call.abi_encode();
    // deploy(bytes,bytes,uint256,bytes32): selector, then four head words.
    assert_eq!(encoded[..4], StylusDeployer::deployCall::SELECTOR);
    assert_eq!(U256::from_be_slice(&encoded[4..36]), U256::from(128)); // bytecode offset
    assert_eq!(encoded[68..100], [0; 32]); // initValue
    assert_eq!(encoded[100..132], salt[..]);
    let decoded = StylusDeployer::deployCall::abi_decode(&encoded).unwrap();
    assert_eq!(
        decoded.bytecode,
        Bytes::from(programs[contract].init_code())
    );
    assert_eq!(decoded.initData, *init_data);
    // The manager is constructed with the admin, our beacon deposit
    // contract and the node manager, all at their planned addresses.
    let (admin, beacon, nodes) =
        <(Address, Address, Address)>::abi_decode_params(&init_data[4..]).unwrap();
    assert_eq!(
        (admin, beacon, nodes),
        (
            ADMIN,
            plan.addresses.beacon_deposit,
            plan.addresses.node_manager
        )
    );
}

#[test]
fn wiring_calls_name_the_planned_addresses() {
    let a = addresses();
    // rETH has no wiring call: it takes its pool at construction.
    let [(pool, pool_call), (manager, manager_call)] = a.wiring();
    assert_eq!(
        (pool, manager),
        (Contract::DepositPool, Contract::MinipoolManager)
    );
    assert_eq!(pool_call[..4], keccak256("wire(address,address)")[..4]);
    assert_eq!(
        pool_call[4..],
        (a.reth_token, a.minipool_manager).abi_encode_params()[..]
    );
    assert_eq!(
        manager_call[..4],
        keccak256("wire(address,address,address,address)")[..4]
    );
    assert_eq!(
        manager_call[4..],
        (
            a.deposit_pool,
            a.reth_token,
            a.rewards_distributor,
            a.minipool
        )
            .abi_encode_params()[..]
    );
}

/// The smoothing pool is where the minipool manager's CREATE2 puts the
/// proxy of the rewards distributor: salt zero, and the 201-byte creation
/// code whose runtime delegates to the implementation and names the rest
/// of the suite after its code.
#[test]
fn the_smoothing_pool_is_the_managers_proxy_of_the_distributor() {
    let a = addresses();
    let links = [
        a.minipool_manager,
        a.deposit_pool,
        a.reth_token,
        a.node_manager,
        a.beacon_deposit,
        Address::ZERO,
        a.minipool,
    ]
    .concat();
    let init_code = proxy::init_code(
        a.rewards_distributor.into_array(),
        links.clone().try_into().unwrap(),
    );
    let mut preimage = vec![0xff];
    preimage.extend_from_slice(a.minipool_manager.as_slice());
    preimage.extend_from_slice(&[0; 32]);
    preimage.extend_from_slice(keccak256(init_code).as_slice());
    assert_eq!(
        a.smoothing_pool,
        Address::from_slice(&keccak256(&preimage)[12..])
    );
    let runtime = proxy_runtime(&a);
    assert_eq!(runtime.len(), 191);
    assert_eq!(runtime[16..36], a.rewards_distributor[..]);
    assert_eq!(runtime[51..], links[..], "the links follow the code");
    let moved = Layout {
        salt: B256::repeat_byte(9),
        ..layout()
    }
    .addresses(|contract| program(contract).init_code());
    assert_ne!(moved.smoothing_pool, a.smoothing_pool);
}

#[test]
fn an_existing_beacon_deposit_contract_is_used_not_deployed() {
    let beacon = address!("00000000219ab540356cBB839Cbe05303d7705Fa");
    let layout = Layout {
        beacon_deposit: Some(beacon),
        ..layout()
    };
    let mut programs = programs();
    programs.remove(&Contract::BeaconDeposit);
    let plan = plan(
        &layout,
        &programs,
        SOURCES,
        &Deployments::new(1, &layout, SOURCES),
        false,
    )
    .unwrap();
    assert_eq!(plan.addresses.beacon_deposit, beacon);
    assert_eq!(plan.steps.len(), 6 + 2);
    assert!(!plan.steps.iter().any(|step| matches!(
        step,
        Step::Deploy {
            contract: Contract::BeaconDeposit,
            ..
        }
    )));
    let manager_init = layout.init_data(Contract::MinipoolManager, &plan.addresses);
    assert_eq!(manager_init[4 + 32 + 12..4 + 64], beacon[..]);
}

fn sent(n: u8) -> Sent {
    Sent {
        tx_hash: B256::repeat_byte(n),
        block: u64::from(n),
        gas_used: 1_000_000 + u64::from(n),
    }
}

/// A file that shows the first `count` contracts deployed.
fn file_with(count: usize) -> Deployments {
    let layout = layout();
    let a = addresses();
    let mut file = Deployments::new(412_346, &layout, SOURCES);
    for (n, contract) in (1..).zip(Contract::ALL.into_iter().take(count)) {
        file.contracts.insert(
            contract.name().into(),
            Deployed {
                address: a.get(contract),
                code_hash: program(contract).code_hash(),
                sent: Some(sent(n)),
            },
        );
    }
    file
}

#[test]
fn a_fresh_run_plans_seven_deployments_then_the_wiring() {
    let plan = plan(&layout(), &programs(), SOURCES, &file_with(0), false).unwrap();
    let steps: Vec<String> = plan.steps.iter().map(ToString::to_string).collect();
    let a = addresses();
    let mut expected: Vec<String> = Contract::ALL
        .iter()
        .map(|&c| format!("deploy {c} at {}", a.get(c)))
        .collect();
    expected.extend(["wire deposit-pool", "wire minipool-manager"].map(String::from));
    assert_eq!(steps, expected);
}

#[test]
fn resuming_with_four_of_seven_deployed_plans_the_other_three_and_the_wiring() {
    let resumed = plan(&layout(), &programs(), SOURCES, &file_with(4), false).unwrap();
    let a = addresses();
    let steps: Vec<String> = resumed.steps.iter().map(ToString::to_string).collect();
    assert_eq!(
        steps,
        [
            format!("deploy minipool at {}", a.minipool),
            format!("deploy minipool-manager at {}", a.minipool_manager),
            format!("deploy rewards-distributor at {}", a.rewards_distributor),
            "wire deposit-pool".into(),
            "wire minipool-manager".into(),
        ]
    );
    // Half the wiring done: only the rest is planned.
    let mut file = file_with(7);
    file.wiring.insert("deposit-pool".into(), Some(sent(8)));
    assert_eq!(plan_steps(&file, false), ["wire minipool-manager"]);
    // All done: nothing; with --cache, only the hot programs' bids.
    file.wiring.insert("minipool-manager".into(), Some(sent(9)));
    assert_eq!(plan_steps(&file, false), Vec::<String>::new());
    assert_eq!(
        plan_steps(&file, true),
        [
            "cache deposit-pool",
            "cache reth-token",
            "cache minipool",
            "cache rewards-distributor"
        ]
    );
    file.cache_bids.insert("minipool".into(), Some(sent(10)));
    assert_eq!(plan_steps(&file, true).len(), 3);
}

fn plan_steps(file: &Deployments, cache: bool) -> Vec<String> {
    plan(&layout(), &programs(), SOURCES, file, cache)
        .unwrap()
        .steps
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn recorded_contracts_keep_their_addresses_when_a_rebuild_differs_by_a_few_bytes() {
    // Builds are not bit-for-bit reproducible: rETH rebuilt from the same
    // sources can come out with another code hash. Its recorded address
    // stands, and the contracts still to deploy are built around it.
    let mut programs = programs();
    programs.insert(Contract::RethToken, program(Contract::Minipool));
    let file = file_with(4);
    let resumed = plan(&layout(), &programs, SOURCES, &file, false).unwrap();
    assert_eq!(resumed.addresses, addresses());
    assert_eq!(resumed.steps.len(), 3 + 2);
    let Step::Wire { contract, calldata } = &resumed.steps[4] else {
        panic!("expected the minipool manager's wiring");
    };
    assert_eq!(*contract, Contract::MinipoolManager);
    let (_, reth, ..) =
        <(Address, Address, Address, Address)>::abi_decode_params(&calldata[4..]).unwrap();
    assert_eq!(reth, file.contracts["reth-token"].address);
}

#[test]
fn a_suite_started_from_other_sources_is_never_finished_from_these() {
    let other = B256::repeat_byte(0x77);
    let error = plan(&layout(), &programs(), other, &file_with(4), false).unwrap_err();
    assert_eq!(
        error,
        PlanError::SourceChanged {
            recorded: SOURCES,
            built: other
        }
    );
    assert!(error.to_string().contains("another --salt"), "{error}");
    // Once every contract is deployed, only wiring and cache bids remain,
    // which do not depend on the build.
    assert_eq!(
        plan(&layout(), &programs(), other, &file_with(7), false)
            .unwrap()
            .steps
            .len(),
        2
    );
}

#[test]
fn the_source_fingerprint_follows_every_source_and_nothing_else() {
    use deploy::build::{source_fingerprint, SOURCES as SOURCE_PATHS};
    let dir = std::env::temp_dir().join(format!("deploy-sources-{}", std::process::id()));
    for source in SOURCE_PATHS {
        let path = dir.join(source);
        if source.contains('.') {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, source).unwrap();
        } else {
            std::fs::create_dir_all(path.join("src")).unwrap();
            std::fs::write(path.join("src/lib.rs"), source).unwrap();
        }
    }
    let base = source_fingerprint(&dir).unwrap();
    assert_eq!(source_fingerprint(&dir).unwrap(), base);
    // Build output and files outside the sources do not count.
    std::fs::create_dir_all(dir.join("minipool/target")).unwrap();
    std::fs::write(dir.join("minipool/target/x.wasm"), "x").unwrap();
    std::fs::write(dir.join("README.md"), "x").unwrap();
    assert_eq!(source_fingerprint(&dir).unwrap(), base);
    // A contract's source, the lock file or the build flags do.
    for changed in [
        "minipool/src/lib.rs",
        "Cargo.lock",
        "deploy/stylus-release.toml",
    ] {
        let path = dir.join(changed);
        let before = std::fs::read(&path).unwrap();
        std::fs::write(&path, "changed").unwrap();
        assert_ne!(source_fingerprint(&dir).unwrap(), base, "{changed}");
        std::fs::write(&path, before).unwrap();
    }
    assert_eq!(source_fingerprint(&dir).unwrap(), base);
    // The real workspace's fingerprint can be computed.
    assert_ne!(
        source_fingerprint(&deploy::build::workspace_root()).unwrap(),
        B256::ZERO
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_file_for_another_layout_is_refused() {
    let other = Layout {
        admin: Address::repeat_byte(9),
        ..layout()
    };
    let error = plan(&other, &programs(), SOURCES, &file_with(2), false).unwrap_err();
    assert!(matches!(error, PlanError::LayoutChanged { .. }), "{error}");
    assert!(error.to_string().contains("--deployments"), "{error}");
}

#[test]
fn the_deployments_file_round_trips() {
    let mut file = file_with(7);
    file.contracts.get_mut("minipool").unwrap().sent = None; // found on chain
    file.wiring.insert("deposit-pool".into(), Some(sent(8)));
    file.wiring.insert("minipool-manager".into(), None);
    file.cache_bids.insert("reth-token".into(), Some(sent(9)));
    let dir = std::env::temp_dir().join(format!("deploy-test-{}", std::process::id()));
    let path = Deployments::path(&dir, file.chain_id);
    assert!(path.ends_with("412346.json"));
    assert_eq!(Deployments::load(&path).unwrap(), None);
    file.save(&path).unwrap();
    assert_eq!(Deployments::load(&path).unwrap(), Some(file.clone()));

    // The JSON is what the issue and other tools read.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(json["chainId"], 412_346);
    assert_eq!(json["tool"], concat!("deploy ", env!("CARGO_PKG_VERSION")));
    assert_eq!(json["contractsVersion"], env!("CARGO_PKG_VERSION"));
    assert_eq!(json["sourceFingerprint"], SOURCES.to_string());
    let reth = &json["contracts"]["reth-token"];
    let field = |name: &str| reth[name].as_str().unwrap().to_owned();
    assert_eq!(
        field("address").parse::<Address>().unwrap(),
        addresses().reth_token
    );
    assert_eq!(
        field("codeHash").parse::<B256>().unwrap(),
        program(Contract::RethToken).code_hash()
    );
    // Fourth deployed: rETH is built after its deposit pool.
    assert_eq!(reth["txHash"], B256::repeat_byte(4).to_string());
    assert_eq!(reth["block"], 4);
    assert!(json["contracts"]["minipool"].get("txHash").is_none());
    assert!(json["wiring"]["minipool-manager"].is_null());

    std::fs::write(&path, "{ not json").unwrap();
    assert!(Deployments::load(&path).is_err());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn revert_data_decodes_to_typed_errors_with_fields() {
    use alloy::sol_types::SolError;
    use deploy::abi::{decode_revert, deposit_pool, IRethToken};

    let account = address!("00000000000000000000000000000000000000aa");
    let cases: [(Vec<u8>, String); 6] = [
        (
            IRethToken::ZeroAddress {}.abi_encode(),
            "ZeroAddress()".into(),
        ),
        (
            deposit_pool::IOwnable2Step::OwnableUnauthorizedAccount(account).abi_encode(),
            format!("OwnableUnauthorizedAccount({account})"),
        ),
        (
            IRethToken::InsufficientCollateral {
                _0: U256::from(5),
                _1: U256::from(3),
            }
            .abi_encode(),
            "InsufficientCollateral(5, 3)".into(),
        ),
        (
            StylusDeployer::ContractInitializationError {
                newContract: account,
            }
            .abi_encode(),
            format!("ContractInitializationError({account})"),
        ),
        (
            alloy::sol_types::Revert::from("not enough").abi_encode(),
            "revert: not enough".into(),
        ),
        (
            vec![0xde, 0xad, 0xbe, 0xef],
            "unknown revert data 0xdeadbeef".into(),
        ),
    ];
    for (data, expected) in cases {
        assert_eq!(decode_revert(&data), expected);
    }
    assert_eq!(
        decode_revert(&stylus_tools::precompiles::ArbWasm::ProgramNotActivated {}.abi_encode()),
        "ProgramNotActivated()"
    );
}

#[test]
fn the_dev_stylus_deployer_has_the_published_interface() {
    let code = deploy::suite::dev_stylus_deployer_code();
    assert!(code.len() > 1000, "empty or truncated creation code");
    let contains = |needle: &[u8]| code.windows(needle.len()).any(|window| window == needle);
    // Its dispatcher routes the three functions of Arbitrum's StylusDeployer
    // and it emits ContractDeployed (PUSH4 selector / PUSH32 topic).
    for signature in [
        "deploy(bytes,bytes,uint256,bytes32)",
        "initSalt(bytes32,bytes,uint256)",
        "requiresActivation(address)",
    ] {
        let selector = &keccak256(signature)[..4];
        assert!(
            contains(&[&[0x63], selector].concat()),
            "{signature} not routed"
        );
    }
    assert!(contains(
        &[&[0x7f], keccak256("ContractDeployed(address)").as_slice()].concat()
    ));
    let step = Step::StylusDeployer {
        address: ADMIN.create(0),
    };
    assert_eq!(
        step.to_string(),
        format!("deploy a StylusDeployer (dev chain) at {}", ADMIN.create(0))
    );
}
