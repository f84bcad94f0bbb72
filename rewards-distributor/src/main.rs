//! Prints the contract's Solidity interface: `cargo run -p rewards-distributor --features export-abi`.

contracts::export_abi!(rewards_distributor::RewardsDistributor { "IRewardsDistributor": [rewards_distributor::EVENTS] });
