//! Prints the contract's Solidity interface: `cargo run -p minipool --features export-abi`.

fn main() {
    #[cfg(feature = "export-abi")]
    minipool::print_from_args();
}
