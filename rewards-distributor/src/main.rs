//! Prints the contract's Solidity interface: `cargo run -p rewards-distributor --features export-abi`.

fn main() {
    #[cfg(feature = "export-abi")]
    rewards_distributor::print_from_args();
}
