//! Links the report test so that the contracts' storage, call and log
//! hostios reach its meter first (`tests/report.rs` defines `__wrap_*` and
//! calls motsu's own as `__real_*`).

fn main() {
    for hostio in [
        "storage_load_bytes32",
        "storage_cache_bytes32",
        "call_contract",
        "static_call_contract",
        "emit_log",
    ] {
        println!("cargo:rustc-link-arg-tests=-Wl,--wrap={hostio}");
    }
}
