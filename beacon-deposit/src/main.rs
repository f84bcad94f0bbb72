//! Prints the contract's Solidity interface: `cargo run -p beacon-deposit --features export-abi`.

contracts::export_abi!(beacon_deposit::BeaconDeposit { "IBeaconDeposit": [beacon_deposit::EVENTS] });
