//! Prints the contract's Solidity interface: `cargo run -p minipool --features export-abi`.

contracts::export_abi!(minipool::Minipool { "IMinipool": [minipool::EVENTS] });
