//! Prints the contract's Solidity interface: `cargo run -p deposit-pool --features export-abi`.

fn main() {
    #[cfg(feature = "export-abi")]
    deposit_pool::print_from_args();
}
