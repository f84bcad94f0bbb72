//! What a Stylus chain checks before it activates a program, checked offline.
//!
//! `ArbWasm.activateProgram` refuses a module that Nitro's prover cannot
//! parse or that breaks one of its activation rules, and the refused
//! activation burns all the gas of its transaction. The rules below are
//! Nitro's (`arbitrator/prover/src/binary.rs`, `parse` and `parse_user`, and
//! the host functions of `arbitrator/wasm-libraries/user-host`): the wasm
//! features its validator accepts, the exports and imports a user program
//! must and may have, and its anti-DoS limits. Each failure names the rule.

use std::fmt;

use wasmparser::{
    ExternalKind, FuncType, Parser, Payload, TypeRef, ValType, Validator, WasmFeatures,
};

/// Largest compressed program (4-byte prefix plus brotli stream) a chain
/// accepts as contract code: EIP-170's code size limit.
pub const MAX_COMPRESSED_SIZE: usize = 24_576;
/// Largest decompressed program ArbOS activates (`MaxWasmSize`, 128 KiB).
pub const MAX_WASM_SIZE: usize = 128 * 1024;
/// Initial memory pages ArbOS allows (its `PageLimit`).
pub const PAGE_LIMIT: u64 = 128;
/// The function the VM calls, `user_entrypoint(len: i32) -> i32`.
pub const ENTRY_POINT: &str = "user_entrypoint";
/// The module every host function is imported from.
pub const HOST_MODULE: &str = "vm_hooks";

/// Host functions a Stylus program may import from [`HOST_MODULE`]: those
/// Nitro's user host links, and the storage cache pair stylus-sdk 0.9 uses.
/// (`console` and its `log_*` hooks exist only on debug chains.)
pub const HOST_FUNCTIONS: &[&str] = &[
    "read_args",
    "write_result",
    "exit_early",
    "storage_load_bytes32",
    "storage_cache_bytes32",
    "storage_flush_cache",
    "storage_store_bytes32",
    "call_contract",
    "delegate_call_contract",
    "static_call_contract",
    "create1",
    "create2",
    "read_return_data",
    "return_data_size",
    "emit_log",
    "account_balance",
    "account_code",
    "account_code_size",
    "account_codehash",
    "block_basefee",
    "block_coinbase",
    "block_gas_limit",
    "block_number",
    "block_timestamp",
    "chainid",
    "contract_address",
    "evm_gas_left",
    "evm_ink_left",
    "msg_reentrant",
    "msg_sender",
    "msg_value",
    "native_keccak256",
    "tx_gas_price",
    "tx_ink_price",
    "tx_origin",
    "pay_for_memory_grow",
];

/// Gas a call pays to start a program that is not cached, before the
/// variable part: ArbOS's `MinInitGas` (69 units of 128 gas at Stylus v2)
/// plus `MinCachedInitGas` (11 units of 32 gas), which v2 charges as well.
pub const MIN_UNCACHED_START_GAS: u64 = 69 * 128 + 11 * 32;
/// Gas a call pays to start a cached program (one the chain's CacheManager
/// keeps, or one its block ran shortly before), before the variable part.
pub const MIN_CACHED_START_GAS: u64 = 11 * 32;
/// Globals Nitro's instrumentation adds to every program: the meter's ink
/// left and ink status, and the depth checker's stack depth left.
const INSTRUMENTATION_GLOBALS: u64 = 3;

/// What each call into a program pays to start it, as a chain prices it.
///
/// Nitro predicts two costs when it activates a program
/// (`arbitrator/prover/src/binary.rs`, `WasmBinary::instrument`): a cached
/// start, from the program's functions, types, length, globals, data and
/// memory, and an uncached start, which adds more for its functions, their
/// types and its length. ArbOS charges them (`arbos/programs`, `initGas`
/// and `cachedGas`) at their initial scalars of 100 %, above
/// [`MIN_UNCACHED_START_GAS`] and [`MIN_CACHED_START_GAS`] (`callProgram`
/// adds both figures for an uncached start). Memory beyond
/// the two free pages of a transaction is priced apart: see
/// [`StartGas::memory_pages`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartGas {
    /// Gas each call pays to start the program when it is not cached.
    pub uncached: u64,
    /// Gas each call pays to start the program when it is cached.
    pub cached: u64,
    /// The program's initial memory (64 KiB pages), open while it runs:
    /// calls nested deeper than two such pages pay for each page more.
    pub memory_pages: u64,
}

/// What each call into `wasm` (the module as deployed) pays to start it;
/// `None` if the module cannot be read.
pub fn start_gas(wasm: &[u8]) -> Option<StartGas> {
    let module = Module::read(wasm).ok()?;
    let functions = module.code_bodies;
    let types = module.local_function_type_length;
    let length = wasm.len() as u64;
    let globals = module.globals + INSTRUMENTATION_GLOBALS;
    let memory_pages = module.memory_pages.first().copied().unwrap_or(0);
    // Nitro's figures, each term rounded down on its own as Nitro does.
    let cached = functions * 13_420 / 100_000
        + types * 89 / 100_000
        + length * 122 / 100_000
        + globals * 1_628 / 1_000
        + module.segment_bytes * 75_244 / 100_000
        + memory_pages * 5;
    let uncached =
        cached + functions * 8_252 / 1_000 + types * 1_059 / 1_000 + length * 1_286 / 10_000;
    Some(StartGas {
        // An uncached start pays both figures.
        uncached: MIN_UNCACHED_START_GAS + uncached + cached,
        cached: MIN_CACHED_START_GAS + cached,
        memory_pages,
    })
}

/// The wasm features Nitro's prover validates user programs with: mutable
/// globals, saturating float-to-int, sign extension, multi-value, bulk memory
/// and floats. Reference types, SIMD, threads, tail calls, multi-memory,
/// memory64, exceptions, extended constants, GC and the component model are
/// off.
pub fn nitro_features() -> WasmFeatures {
    WasmFeatures::MUTABLE_GLOBAL
        | WasmFeatures::SATURATING_FLOAT_TO_INT
        | WasmFeatures::SIGN_EXTENSION
        | WasmFeatures::MULTI_VALUE
        | WasmFeatures::BULK_MEMORY
        | WasmFeatures::FLOATS
}

/// A rule of activation that a module breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// Nitro's validator rejects the module (a disabled feature, or invalid
    /// wasm); the message is the validator's.
    Invalid(String),
    /// No exported function `user_entrypoint` of type `(i32) -> i32`.
    EntryPoint(String),
    /// The module has no memory, more than one, or does not export it as
    /// `memory`.
    Memory(String),
    /// The module's initial memory is above the page limit.
    TooManyPages { pages: u64, limit: u64 },
    /// A start function, which Stylus forbids.
    StartFunction,
    /// An import that is not a known host function.
    Import { module: String, name: String },
    /// A name starting with `stylus`, which Nitro reserves.
    ReservedName(String),
    /// An export with the same name as an import.
    ReexportedImport(String),
    /// More of something than Nitro allows.
    Limit {
        what: &'static str,
        count: u64,
        limit: u64,
    },
    /// The decompressed module is larger than ArbOS activates.
    WasmTooLarge { size: usize, limit: usize },
    /// The compressed program is larger than a contract's code may be.
    CodeTooLarge { size: usize, limit: usize },
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid(message) => {
                write!(f, "wasm features: Nitro's validator rejects it: {message}")?;
                if message.contains("zero byte expected") {
                    f.write_str(
                        " (a call_indirect or memory instruction encoded for reference types \
                         or multi-memory, which Nitro has off: build with .cargo/config.toml's \
                         target features)",
                    )?;
                }
                Ok(())
            }
            Self::EntryPoint(problem) => write!(f, "entry point: {problem}"),
            Self::Memory(problem) => write!(f, "memory: {problem}"),
            Self::TooManyPages { pages, limit } => {
                write!(f, "memory: {pages} initial pages, the limit is {limit}")
            }
            Self::StartFunction => write!(f, "start function: Stylus programs may not have one"),
            Self::Import { module, name } => write!(
                f,
                "imports: {module}::{name} is not a Stylus host function \
                 (only {HOST_MODULE} functions may be imported)"
            ),
            Self::ReservedName(name) => {
                write!(f, "reserved names: {name} starts with \"stylus\"")
            }
            Self::ReexportedImport(name) => {
                write!(f, "exports: {name} is both imported and exported")
            }
            Self::Limit { what, count, limit } => {
                write!(f, "limits: {count} {what}, the limit is {limit}")
            }
            Self::WasmTooLarge { size, limit } => {
                write!(f, "size: {size} bytes of wasm, the limit is {limit}")
            }
            Self::CodeTooLarge { size, limit } => {
                write!(f, "size: {size} bytes compressed, the limit is {limit}")
            }
        }
    }
}

/// Every activation rule `wasm` breaks, in the order Nitro would find them;
/// empty when a chain would activate it. `wasm` is the module as deployed
/// (custom sections stripped) and `compressed_size` its on-chain code size.
pub fn violations(wasm: &[u8], compressed_size: usize) -> Vec<Violation> {
    let mut found = Vec::new();
    if wasm.len() > MAX_WASM_SIZE {
        found.push(Violation::WasmTooLarge {
            size: wasm.len(),
            limit: MAX_WASM_SIZE,
        });
    }
    if compressed_size > MAX_COMPRESSED_SIZE {
        found.push(Violation::CodeTooLarge {
            size: compressed_size,
            limit: MAX_COMPRESSED_SIZE,
        });
    }
    if let Err(error) = Validator::new_with_features(nitro_features()).validate_all(wasm) {
        // Nothing past validation can be read reliably.
        found.push(Violation::Invalid(error.to_string()));
        return found;
    }
    match Module::read(wasm) {
        Ok(module) => module.check(&mut found),
        Err(error) => found.push(Violation::Invalid(error.to_string())),
    }
    found
}

/// What the activation rules look at, read from a valid module.
#[derive(Default)]
struct Module {
    types: Vec<FuncType>,
    /// Type index of every function, imports first.
    functions: Vec<u32>,
    imports: Vec<(String, String, bool)>,
    exports: Vec<(String, ExternalKind, u32)>,
    memory_pages: Vec<u64>,
    table_entries: u64,
    element_entries: u64,
    element_segments: u64,
    data_segments: u64,
    globals: u64,
    start: bool,
    code_bodies: u64,
    max_locals: u64,
    /// Parameters and results of every function the module defines.
    local_function_type_length: u64,
    /// Bytes of the data and element segments, as Nitro counts them.
    segment_bytes: u64,
}

impl Module {
    fn read(wasm: &[u8]) -> wasmparser::Result<Self> {
        let mut module = Self::default();
        for payload in Parser::new(0).parse_all(wasm) {
            match payload? {
                Payload::TypeSection(reader) => {
                    for group in reader {
                        for sub_type in group?.into_types() {
                            if let wasmparser::CompositeInnerType::Func(ty) =
                                sub_type.composite_type.inner
                            {
                                module.types.push(ty);
                            }
                        }
                    }
                }
                Payload::ImportSection(reader) => {
                    for import in reader {
                        let import = import?;
                        let function = if let TypeRef::Func(ty) = import.ty {
                            module.functions.push(ty);
                            true
                        } else {
                            false
                        };
                        module.imports.push((
                            import.module.to_owned(),
                            import.name.to_owned(),
                            function,
                        ));
                    }
                }
                Payload::FunctionSection(reader) => {
                    for ty in reader {
                        let ty = ty?;
                        if let Some(ty) = module.types.get(ty as usize) {
                            module.local_function_type_length +=
                                (ty.params().len() + ty.results().len()) as u64;
                        }
                        module.functions.push(ty);
                    }
                }
                Payload::TableSection(reader) => {
                    for table in reader {
                        module.table_entries =
                            module.table_entries.saturating_add(table?.ty.initial);
                    }
                }
                Payload::MemorySection(reader) => {
                    for memory in reader {
                        module.memory_pages.push(memory?.initial);
                    }
                }
                Payload::GlobalSection(reader) => module.globals = u64::from(reader.count()),
                Payload::ExportSection(reader) => {
                    for export in reader {
                        let export = export?;
                        module
                            .exports
                            .push((export.name.to_owned(), export.kind, export.index));
                    }
                }
                Payload::StartSection { .. } => module.start = true,
                Payload::ElementSection(reader) => {
                    for element in reader {
                        let element = element?;
                        module.segment_bytes += element.range.len() as u64;
                        let count = match element.items {
                            wasmparser::ElementItems::Functions(items) => items.count(),
                            wasmparser::ElementItems::Expressions(_, items) => items.count(),
                        };
                        module.element_entries =
                            module.element_entries.saturating_add(u64::from(count));
                        module.element_segments = module.element_segments.saturating_add(1);
                    }
                }
                Payload::DataSection(reader) => {
                    module.data_segments = u64::from(reader.count());
                    for data in reader {
                        module.segment_bytes += data?.range.len() as u64;
                    }
                }
                Payload::CodeSectionEntry(body) => {
                    module.code_bodies = module.code_bodies.saturating_add(1);
                    let mut locals = 0_u64;
                    for local in body.get_locals_reader()? {
                        locals = locals.saturating_add(u64::from(local?.0));
                    }
                    module.max_locals = module.max_locals.max(locals);
                }
                _ => {}
            }
        }
        Ok(module)
    }

    fn check(&self, found: &mut Vec<Violation>) {
        self.check_entry_point(found);
        self.check_memory(found);
        if self.start {
            found.push(Violation::StartFunction);
        }
        for (module, name, function) in &self.imports {
            if module != HOST_MODULE || !function || !HOST_FUNCTIONS.contains(&name.as_str()) {
                found.push(Violation::Import {
                    module: module.clone(),
                    name: name.clone(),
                });
            }
        }
        for (name, _, _) in &self.exports {
            // Nitro compares an export's last `__`-separated part.
            let base = name.rsplit("__").next().unwrap_or(name);
            if base.starts_with("stylus") {
                found.push(Violation::ReservedName(name.clone()));
            }
            if self.imports.iter().any(|(_, import, _)| import == base) {
                found.push(Violation::ReexportedImport(name.clone()));
            }
        }
        for (_, name, _) in &self.imports {
            if name.starts_with("stylus") {
                found.push(Violation::ReservedName(name.clone()));
            }
        }
        let limits = [
            ("data segments", self.data_segments, 128),
            ("element segments", self.element_segments, 128),
            ("exports", self.exports.len() as u64, 1024),
            ("functions", self.code_bodies, 4096),
            ("globals", self.globals, 32_768),
            ("locals in one function", self.max_locals, 348),
            ("table entries", self.table_entries, 4096),
            ("element entries", self.element_entries, 4096),
        ];
        for (what, count, limit) in limits {
            if count > limit {
                found.push(Violation::Limit { what, count, limit });
            }
        }
        if let Some((name, _, _)) = self.exports.iter().find(|(name, _, _)| name.len() > 512) {
            found.push(Violation::Limit {
                what: "bytes in an export name",
                count: name.len() as u64,
                limit: 512,
            });
        }
    }

    fn check_entry_point(&self, found: &mut Vec<Violation>) {
        let Some(&(_, kind, index)) = self.exports.iter().find(|(name, ..)| name == ENTRY_POINT)
        else {
            found.push(Violation::EntryPoint(format!(
                "no export named {ENTRY_POINT} (is #[entrypoint] on the contract?)"
            )));
            return;
        };
        if kind != ExternalKind::Func {
            found.push(Violation::EntryPoint(format!(
                "{ENTRY_POINT} is exported as a {kind:?}, not a function"
            )));
            return;
        }
        let ty = usize::try_from(index)
            .ok()
            .and_then(|index| self.functions.get(index))
            .and_then(|&ty| self.types.get(usize::try_from(ty).ok()?));
        let right =
            ty.is_some_and(|ty| ty.params() == [ValType::I32] && ty.results() == [ValType::I32]);
        if !right {
            found.push(Violation::EntryPoint(format!(
                "{ENTRY_POINT} must have type (i32) -> i32"
            )));
        }
    }

    fn check_memory(&self, found: &mut Vec<Violation>) {
        match self.memory_pages.as_slice() {
            [] => found.push(Violation::Memory("the module has no memory".into())),
            [pages] => {
                if *pages > PAGE_LIMIT {
                    found.push(Violation::TooManyPages {
                        pages: *pages,
                        limit: PAGE_LIMIT,
                    });
                }
                let exported = self
                    .exports
                    .iter()
                    .any(|(name, kind, _)| name == "memory" && *kind == ExternalKind::Memory);
                if !exported {
                    found.push(Violation::Memory("not exported as \"memory\"".into()));
                }
            }
            many => found.push(Violation::Limit {
                what: "memories",
                count: many.len() as u64,
                limit: 1,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module a chain activates: memory exported, the entry point, one
    /// host import, bulk memory and multi-value in use.
    const VALID: &str = r#"(module
        (import "vm_hooks" "read_args" (func $read_args (param i32)))
        (memory (export "memory") 2)
        (func $pair (result i32 i32) i32.const 1 i32.const 2)
        (func (export "user_entrypoint") (param i32) (result i32)
            (memory.copy (i32.const 0) (i32.const 8) (i32.const 8))
            (call $read_args (i32.const 0))
            (call $pair)
            drop))"#;

    fn check(wat: &str) -> Vec<Violation> {
        let wasm = wat::parse_str(wat).unwrap();
        violations(&wasm, 100)
    }

    fn one(wat: &str) -> String {
        let found = check(wat);
        assert_eq!(found.len(), 1, "expected one violation, got {found:?}");
        found[0].to_string()
    }

    #[test]
    fn a_valid_program_passes() {
        assert_eq!(check(VALID), []);
    }

    /// The encoding rustc 1.82+ writes for `call_indirect` with reference
    /// types on: the table index as a two-byte LEB (0x80 0x00). Valid wasm
    /// with reference types, refused by Nitro (as every contract built
    /// without `-reference-types,-call-indirect-overlong` was).
    #[test]
    fn overlong_call_indirect_is_refused_as_nitro_refuses_it() {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend([1, 4, 1, 0x60, 0, 0]); // type 0: () -> ()
        wasm.extend([3, 2, 1, 0]); // one function of type 0
        wasm.extend([4, 4, 1, 0x70, 0, 1]); // a funcref table of 1
                                            // body: no locals; i32.const 0; call_indirect type 0 table 0x80 0x00; end
        wasm.extend([10, 10, 1, 8, 0, 0x41, 0, 0x11, 0, 0x80, 0, 0x0b]);
        assert!(
            Validator::new().validate_all(&wasm).is_ok(),
            "the fixture is valid wasm with default features"
        );
        let found = violations(&wasm, 100);
        let Violation::Invalid(message) = &found[0] else {
            panic!("expected a validation failure, got {found:?}");
        };
        assert!(message.contains("zero byte expected"), "{message}");
        assert!(found[0].to_string().contains("reference types"));
    }

    #[test]
    fn reference_types_simd_threads_tail_calls_and_multi_memory_are_refused() {
        for (feature, wat) in [
            (
                "reference types",
                r"(module (func (drop (ref.null extern))))",
            ),
            ("SIMD", r"(module (func (drop (v128.const i64x2 0 0))))"),
            (
                "threads",
                r"(module (memory 1 1 shared) (func (drop (i32.atomic.load (i32.const 0)))))",
            ),
            ("tail calls", r"(module (func $f (return_call $f)))"),
            ("multi-memory", r"(module (memory 1) (memory 1))"),
            ("memory64", r"(module (memory i64 1))"),
            (
                "extended constants",
                r"(module (global i32 (i32.add (i32.const 1) (i32.const 2))))",
            ),
        ] {
            let found = check(wat);
            assert!(
                matches!(found.as_slice(), [Violation::Invalid(_)]),
                "{feature}: {found:?}"
            );
        }
    }

    #[test]
    fn the_entry_point_must_exist_be_a_function_and_take_and_return_i32() {
        let missing = one(r#"(module (memory (export "memory") 1))"#);
        assert!(
            missing.starts_with("entry point: no export named user_entrypoint"),
            "{missing}"
        );
        let wrong_type = one(r#"(module (memory (export "memory") 1)
                 (func (export "user_entrypoint") (param i64) (result i32) i32.const 0))"#);
        assert_eq!(
            wrong_type,
            "entry point: user_entrypoint must have type (i32) -> i32"
        );
        let not_a_function = one(
            r#"(module (memory (export "memory") 1) (global (export "user_entrypoint") i32 (i32.const 0)))"#,
        );
        assert!(
            not_a_function.contains("not a function"),
            "{not_a_function}"
        );
    }

    #[test]
    fn memory_must_exist_be_exported_and_fit_the_page_limit() {
        let entry = r#"(func (export "user_entrypoint") (param i32) (result i32) i32.const 0)"#;
        assert_eq!(
            one(&format!("(module {entry})")),
            "memory: the module has no memory"
        );
        assert_eq!(
            one(&format!("(module (memory 1) {entry})")),
            "memory: not exported as \"memory\""
        );
        assert_eq!(
            one(&format!(
                r#"(module (memory (export "memory") 129) {entry})"#
            )),
            "memory: 129 initial pages, the limit is 128"
        );
        assert_eq!(
            check(&format!(
                r#"(module (memory (export "memory") 128) {entry})"#
            )),
            []
        );
    }

    #[test]
    fn start_functions_are_refused() {
        let wat = VALID.replace(
            "(memory (export",
            "(start $pair2) (func $pair2) (memory (export",
        );
        assert_eq!(
            one(&wat),
            "start function: Stylus programs may not have one"
        );
    }

    #[test]
    fn only_stylus_host_functions_may_be_imported() {
        let other_module = VALID.replace(r#""vm_hooks" "read_args""#, r#""env" "read_args""#);
        assert_eq!(
            one(&other_module),
            "imports: env::read_args is not a Stylus host function (only vm_hooks functions may be imported)"
        );
        let unknown = VALID.replace(r#""read_args""#, r#""read_secrets""#);
        assert!(one(&unknown).starts_with("imports: vm_hooks::read_secrets"));
        let console = VALID.replace(r#""vm_hooks" "read_args""#, r#""console" "log_i32""#);
        assert!(one(&console).starts_with("imports: console::log_i32"));
        let memory_import = VALID.replace(
            r#"(import "vm_hooks" "read_args" (func $read_args (param i32)))"#,
            r#"(import "vm_hooks" "read_args" (func $read_args (param i32))) (import "vm_hooks" "msg_value" (global i32))"#,
        );
        assert!(one(&memory_import).starts_with("imports: vm_hooks::msg_value"));
    }

    #[test]
    fn reserved_and_reexported_names_are_refused() {
        let reserved = VALID.replace(r"(func $pair", r#"(func $pair (export "stylus_entry")"#);
        assert_eq!(
            one(&reserved),
            "reserved names: stylus_entry starts with \"stylus\""
        );
        let reexport = VALID.replace(r"(func $pair", r#"(func $pair (export "read_args")"#);
        assert_eq!(
            one(&reexport),
            "exports: read_args is both imported and exported"
        );
    }

    #[test]
    fn limits_are_enforced() {
        let locals = VALID.replace(
            "(func $pair (result i32 i32)",
            "(func $pair (result i32 i32) (local i64) (local i64) (local i64) (local i64) (local i64) (local i64)",
        );
        assert_eq!(check(&locals), []);
        let many_locals = "(local i32) ".repeat(349);
        let too_many = VALID.replace(
            "(func $pair (result i32 i32)",
            &format!("(func $pair (result i32 i32) {many_locals}"),
        );
        assert_eq!(
            one(&too_many),
            "limits: 349 locals in one function, the limit is 348"
        );
        let segments = r#"(data (i32.const 0) "x") "#.repeat(129);
        let data = VALID.replace(
            "(memory (export \"memory\") 2)",
            &format!("(memory (export \"memory\") 2) {segments}"),
        );
        assert_eq!(one(&data), "limits: 129 data segments, the limit is 128");
    }

    #[test]
    fn sizes_are_enforced() {
        let wasm = wat::parse_str(VALID).unwrap();
        assert_eq!(violations(&wasm, MAX_COMPRESSED_SIZE), []);
        assert_eq!(
            violations(&wasm, MAX_COMPRESSED_SIZE + 1),
            [Violation::CodeTooLarge {
                size: MAX_COMPRESSED_SIZE + 1,
                limit: MAX_COMPRESSED_SIZE
            }]
        );
        let big = VALID.replace(
            "(memory (export \"memory\") 2)",
            &format!(
                "(memory (export \"memory\") 3) (data (i32.const 0) \"{}\")",
                "a".repeat(MAX_WASM_SIZE)
            ),
        );
        let big = wat::parse_str(big).unwrap();
        let found = violations(&big, 100);
        assert!(
            matches!(
                found.as_slice(),
                [Violation::WasmTooLarge {
                    limit: MAX_WASM_SIZE,
                    ..
                }]
            ),
            "{found:?}"
        );
        assert!(found[0].to_string().starts_with("size: "));
    }

    /// A program with 3 functions (4 parameters and results), 2 globals, a
    /// 100-byte data segment, a 2-entry element segment and 2 pages. Its
    /// figures were worked out apart from this code, from Nitro's formula.
    const PRICED: &str = r#"(module
        (import "vm_hooks" "read_args" (func $read_args (param i32)))
        (memory (export "memory") 2)
        (table 2 funcref)
        (global $a (mut i32) (i32.const 0))
        (global $b (mut i64) (i64.const 0))
        (elem (i32.const 0) $one $two)
        (data (i32.const 0) "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789")
        (func $one (result i32) i32.const 1)
        (func $two (result i32) i32.const 2)
        (func (export "user_entrypoint") (param i32) (result i32)
            (call $read_args (local.get 0))
            (i32.add (call $one) (call $two))))"#;

    /// `wat` as deployed: without the names section.
    fn deployed(wat: &str) -> Vec<u8> {
        crate::code::strip_custom_sections(&wat::parse_str(wat).unwrap()).unwrap()
    }

    #[test]
    fn start_gas_follows_nitros_formula() {
        let wasm = deployed(PRICED);
        assert_eq!(wasm.len(), 251);
        // Cached: 5 globals (2, and 3 that Nitro adds) 8, 112 bytes of
        // segments 84, 2 pages 10: 102. Uncached: that, plus 3 functions 24,
        // 4 parameters and results 4, 251 bytes 32: 162. An uncached start
        // pays both.
        assert_eq!(
            start_gas(&wasm),
            Some(StartGas {
                uncached: MIN_UNCACHED_START_GAS + 162 + 102,
                cached: MIN_CACHED_START_GAS + 102,
                memory_pages: 2,
            })
        );
        assert_eq!(MIN_UNCACHED_START_GAS, 9_184);
        assert_eq!(MIN_CACHED_START_GAS, 352);
    }

    #[test]
    fn longer_programs_with_more_functions_start_dearer_uncached() {
        let base = start_gas(&deployed(VALID)).unwrap();
        let functions = "(func (param i32) (result i32) local.get 0)".repeat(100);
        let bigger = VALID.replacen("(func $pair", &format!("{functions}(func $pair"), 1);
        let bigger = start_gas(&deployed(&bigger)).unwrap();
        // 100 functions of 2 types each, 600 bytes more: about 8.4 gas a
        // function uncached, a fraction of that cached.
        assert!(bigger.uncached - base.uncached >= 100 * 8 + 200);
        assert!(bigger.cached - base.cached <= 20);
        assert!(start_gas(b"not wasm").is_none());
    }
}
