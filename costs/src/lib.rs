//! What each user flow of the protocol costs, traced on motsu: the programs
//! it enters (in order), the storage slots it reads and writes, the ETH it
//! moves and the logs it emits. On Stylus these are what a transaction pays
//! for: entering a program (12,800–16,600 gas to start it uncached, as
//! `deploy check` prints for each, then what it runs), a cold slot (2,100),
//! a slot set from zero (20,000) or changed (2,900), a call carrying ETH
//! (9,000), a log (375 plus 375 a topic and 8 a byte).
//!
//! The meter sees the contracts' host I/O: the report test
//! (`tests/report.rs`) links with `--wrap` on the storage, call and log
//! hostios (see `build.rs`) and forwards each one here before motsu runs it.
//! `docs/costs.md` is the report; the test fails when it is stale and
//! rewrites it with `UPDATE_COSTS=1`.

use std::{
    cell::RefCell,
    collections::{BTreeMap, HashMap, HashSet},
    fmt::Write as _,
    fs,
    path::Path,
};

use alloy_primitives::{keccak256, Address, B256, U256};

/// One program entered during a flow.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Calls between the flow's first program and this one.
    pub depth: usize,
    /// The program's name.
    pub program: String,
    /// The function's signature, or `receive` for plain ETH.
    pub function: String,
    /// The ETH the call carried.
    pub value: U256,
    /// Slots of the flow first read in this entry.
    pub reads: usize,
    /// Slots of the flow first written in this entry.
    pub writes: usize,
}

/// ETH paid to an account (not a program) during a flow.
#[derive(Debug, Clone)]
pub struct Transfer {
    /// The paying program.
    pub from: String,
    /// The account paid.
    pub to: String,
    /// Wei.
    pub value: U256,
}

/// A storage slot's value before the flow and after it.
#[derive(Debug, Clone, Copy)]
struct Written {
    original: B256,
    last: B256,
}

/// What one flow did.
#[derive(Debug, Default)]
pub struct Flow {
    /// What the flow is, as the report names it.
    pub name: String,
    /// Programs entered, in order.
    pub entries: Vec<Entry>,
    /// ETH paid to accounts.
    pub transfers: Vec<Transfer>,
    /// Logs emitted.
    pub logs: usize,
    /// Data bytes of every log, topics apart.
    pub log_bytes: usize,
    /// Every slot read or written, by program: the cold accesses.
    touched: HashSet<(Address, B256)>,
    /// Every slot written, by program, with its value before the flow and
    /// its last.
    written: BTreeMap<(Address, B256), Written>,
    /// Open entries, innermost last (indices into `entries`).
    stack: Vec<usize>,
}

impl Flow {
    /// Distinct programs entered.
    pub fn programs(&self) -> usize {
        self.entries
            .iter()
            .map(|entry| entry.program.as_str())
            .collect::<HashSet<_>>()
            .len()
    }

    /// Distinct slots read or written (each a cold access).
    pub fn slots_touched(&self) -> usize {
        self.touched.len()
    }

    /// Distinct slots written, and of those how many were zero before the
    /// flow and are not after it (the 20,000-gas kind) and how many end as
    /// they began (a write that changes nothing).
    pub fn slots_written(&self) -> (usize, usize, usize) {
        let mut set = 0;
        let mut unchanged = 0;
        let mut changed = 0;
        for written in self.written.values() {
            if written.last == written.original {
                unchanged += 1;
            } else if written.original == B256::ZERO {
                set += 1;
                changed += 1;
            } else {
                changed += 1;
            }
        }
        (changed, set, unchanged)
    }

    /// Calls that carried ETH, into programs or to accounts.
    pub fn eth_moves(&self) -> usize {
        self.entries
            .iter()
            .filter(|entry| !entry.value.is_zero())
            .count()
            + self.transfers.len()
    }
}

/// The names of the programs and accounts a report speaks of, and the
/// function signatures of the published ABI.
#[derive(Default)]
pub struct Names {
    programs: HashMap<Address, String>,
    accounts: HashMap<Address, String>,
    functions: HashMap<[u8; 4], String>,
}

impl Names {
    /// Reads every `function` of the Solidity interfaces in `abi_dir`.
    ///
    /// # Panics
    /// When the folder cannot be read.
    pub fn from_abi(abi_dir: &Path) -> Self {
        let mut names = Self::default();
        let mut files: Vec<_> = fs::read_dir(abi_dir)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", abi_dir.display()))
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "sol"))
            .collect();
        files.sort();
        for file in files {
            let text = fs::read_to_string(&file).unwrap_or_default();
            for line in text.lines() {
                if let Some(signature) = canonical_signature(line) {
                    let selector = keccak256(signature.as_bytes());
                    names.functions.insert(
                        [selector[0], selector[1], selector[2], selector[3]],
                        signature,
                    );
                }
            }
        }
        names
    }

    /// Names a program (a contract of the protocol).
    pub fn program(&mut self, address: Address, name: impl Into<String>) {
        self.programs.insert(address, name.into());
    }

    /// Names an account: a wallet, a withdrawal address.
    pub fn account(&mut self, address: Address, name: impl Into<String>) {
        self.accounts.insert(address, name.into());
    }

    fn function(&self, calldata: &[u8]) -> String {
        match calldata.get(..4) {
            None => "receive".into(),
            Some(selector) => {
                let selector: [u8; 4] = selector.try_into().unwrap_or_default();
                self.functions
                    .get(&selector)
                    .cloned()
                    .unwrap_or_else(|| format!("0x{}", alloy_primitives::hex::encode(selector)))
            }
        }
    }

    fn program_name(&self, address: Address) -> String {
        self.programs
            .get(&address)
            .cloned()
            .unwrap_or_else(|| address.to_string())
    }

    fn account_name(&self, address: Address) -> String {
        self.accounts
            .get(&address)
            .cloned()
            .unwrap_or_else(|| address.to_string())
    }
}

/// `function name(type a, ...) external ...;` as `name(type,...)`.
fn canonical_signature(line: &str) -> Option<String> {
    let rest = line.trim().strip_prefix("function ")?;
    let (name, rest) = rest.split_once('(')?;
    let (params, _) = rest.split_once(')')?;
    let types: Vec<&str> = params
        .split(',')
        .filter_map(|param| param.split_whitespace().next())
        .collect();
    Some(format!("{name}({})", types.join(",")))
}

/// The meter: names, the flow being traced and the flows done.
#[derive(Default)]
pub struct Meter {
    names: Names,
    current: Option<Flow>,
    done: Vec<Flow>,
}

thread_local! {
    static METER: RefCell<Meter> = RefCell::new(Meter::default());
}

/// Sets the names the report uses.
pub fn set_names(names: Names) {
    METER.with(|meter| meter.borrow_mut().names = names);
}

/// Adds a program's name (a minipool created during the run).
pub fn name_program(address: Address, name: impl Into<String>) {
    METER.with(|meter| meter.borrow_mut().names.program(address, name));
}

/// Traces `call` as the flow `name`: a transaction to `program`'s
/// `function` carrying `value`. Returns what `call` returned.
///
/// # Panics
/// When flows are nested.
pub fn measure<T>(
    name: &str,
    program: Address,
    function: &str,
    value: U256,
    call: impl FnOnce() -> T,
) -> T {
    let entry = METER.with(|meter| Entry {
        depth: 0,
        program: meter.borrow().names.program_name(program),
        function: function.into(),
        value,
        reads: 0,
        writes: 0,
    });
    let mut flow = Flow {
        name: name.into(),
        entries: vec![entry],
        ..Flow::default()
    };
    flow.stack.push(0);
    trace(flow, call)
}

/// Traces `call` as the flow `name`: plain ETH `value` sent from an account
/// to `to`, which takes it without entering a program (a minipool's proxy).
///
/// # Panics
/// When flows are nested.
pub fn measure_plain_eth(name: &str, to: Address, value: U256, call: impl FnOnce()) {
    let transfer = METER.with(|meter| Transfer {
        from: "an account".into(),
        to: meter.borrow().names.program_name(to),
        value,
    });
    let flow = Flow {
        name: name.into(),
        transfers: vec![transfer],
        ..Flow::default()
    };
    trace(flow, call);
}

fn trace<T>(flow: Flow, call: impl FnOnce() -> T) -> T {
    METER.with(|meter| {
        let mut meter = meter.borrow_mut();
        assert!(meter.current.is_none(), "flows do not nest");
        meter.current = Some(flow);
    });
    let result = call();
    METER.with(|meter| {
        let mut meter = meter.borrow_mut();
        if let Some(flow) = meter.current.take() {
            meter.done.push(flow);
        }
    });
    result
}

/// A program read `slot`.
pub fn on_load(program: Address, slot: B256) {
    METER.with(|meter| {
        if let Some(flow) = meter.borrow_mut().current.as_mut() {
            if flow.touched.insert((program, slot)) {
                if let Some(&open) = flow.stack.last() {
                    flow.entries[open].reads += 1;
                }
            }
        }
    });
}

/// A program wrote `value` to `slot`, whose value was `before`.
pub fn on_store(program: Address, slot: B256, before: B256, value: B256) {
    METER.with(|meter| {
        if let Some(flow) = meter.borrow_mut().current.as_mut() {
            flow.touched.insert((program, slot));
            let open = flow.stack.last().copied();
            let written = flow.written.entry((program, slot)).or_insert_with(|| {
                if let Some(open) = open {
                    flow.entries[open].writes += 1;
                }
                Written {
                    original: before,
                    last: before,
                }
            });
            written.last = value;
        }
    });
}

/// The current program calls `to` with `calldata` and `value`. Returns
/// whether `to` is a program (then [`on_return`] must follow).
pub fn on_call(to: Address, calldata: &[u8], value: U256) -> bool {
    METER.with(|meter| {
        let mut meter = meter.borrow_mut();
        let Meter { names, current, .. } = &mut *meter;
        let Some(flow) = current.as_mut() else {
            return false;
        };
        if let Some(program) = names.programs.get(&to) {
            flow.entries.push(Entry {
                depth: flow.stack.len(),
                program: program.clone(),
                function: names.function(calldata),
                value,
                reads: 0,
                writes: 0,
            });
            flow.stack.push(flow.entries.len() - 1);
            true
        } else {
            let from = flow
                .stack
                .last()
                .map(|&open| flow.entries[open].program.clone())
                .unwrap_or_default();
            flow.transfers.push(Transfer {
                from,
                to: names.account_name(to),
                value,
            });
            false
        }
    })
}

/// The program call [`on_call`] opened returned.
pub fn on_return() {
    METER.with(|meter| {
        if let Some(flow) = meter.borrow_mut().current.as_mut() {
            flow.stack.pop();
        }
    });
}

/// A log with `bytes` of data.
pub fn on_log(bytes: usize) {
    METER.with(|meter| {
        if let Some(flow) = meter.borrow_mut().current.as_mut() {
            flow.logs += 1;
            flow.log_bytes += bytes;
        }
    });
}

/// The flows traced so far, in order.
pub fn take_flows() -> Vec<Flow> {
    METER.with(|meter| std::mem::take(&mut meter.borrow_mut().done))
}

/// Wei as ETH with no trailing zeros.
fn ether(wei: U256) -> String {
    let unit = U256::from(10_u64.pow(18));
    let whole = wei / unit;
    let fraction = wei % unit;
    if fraction.is_zero() {
        return whole.to_string();
    }
    let digits = format!("{fraction:0>18}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// The report: a summary table, then each flow's programs and transfers.
pub fn render(flows: &[Flow]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# What each user flow costs\n\n\
         Generated by `UPDATE_COSTS=1 cargo test -p costs` from the flows in\n\
         `costs/tests/report.rs`, traced on motsu; `cargo test --workspace` fails\n\
         when this file is stale. Counts, not gas: each program entry pays\n\
         the start `deploy check` prints for the program (12,800–16,600 gas\n\
         uncached, under 1,000 cached) and then what it runs; each slot\n\
         touched costs 2,100 cold, each slot set from zero 20,000 and each\n\
         other change 2,900, each call carrying ETH 9,000.\n\
         Minipools and the smoothing pool are proxies\n\
         (the `proxy` crate): plain ETH stops there, and each call into one\n\
         adds a delegate call (about 2,700 gas) that motsu does not show;\n\
         `createMinipool` also creates the proxy with CREATE2 (32,000 gas\n\
         plus 200 a byte of its 191-byte code) before it enters it. A\n\
         minipool or the smoothing pool reads the addresses of the contracts\n\
         it works with from its proxy's code (one warm `EXTCODECOPY`, not\n\
         counted here), and the smoothing pool knows a minipool calling it\n\
         by its code hash (one warm `EXTCODEHASH`).\n\
         Real gas is measured on Nitro at review (`../shared/GAS.md`).\n"
    );
    let _ = writeln!(
        out,
        "| flow | program entries | programs | slots touched | slots changed (from zero) | no-op writes | ETH moves | logs (bytes) |\n\
         |---|---|---|---|---|---|---|---|"
    );
    for flow in flows {
        let (changed, set, unchanged) = flow.slots_written();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {changed} ({set}) | {unchanged} | {} | {} ({}) |",
            flow.name,
            flow.entries.len(),
            flow.programs(),
            flow.slots_touched(),
            flow.eth_moves(),
            flow.logs,
            flow.log_bytes,
        );
    }
    for flow in flows {
        let _ = writeln!(out, "\n## {}\n", flow.name);
        if flow.entries.is_empty() {
            let _ = writeln!(out, "No program entered.");
        } else {
            let _ = writeln!(
                out,
                "| # | program entered | function | ETH | slots first read | slots first written |\n\
                 |---|---|---|---|---|---|"
            );
        }
        for (number, entry) in flow.entries.iter().enumerate() {
            let indent = "→ ".repeat(entry.depth);
            let value = if entry.value.is_zero() {
                String::new()
            } else {
                ether(entry.value)
            };
            let _ = writeln!(
                out,
                "| {} | {indent}{} | `{}` | {value} | {} | {} |",
                number + 1,
                entry.program,
                entry.function,
                entry.reads,
                entry.writes,
            );
        }
        for transfer in &flow.transfers {
            let _ = writeln!(
                out,
                "\nETH paid: {} ETH from {} to {}.",
                ether(transfer.value),
                transfer.from,
                transfer.to
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_signature_drops_names_and_keywords() {
        assert_eq!(
            canonical_signature(
                "    function stake(bytes calldata signature, bytes32 root) external;"
            )
            .as_deref(),
            Some("stake(bytes,bytes32)")
        );
        assert_eq!(
            canonical_signature("function deposit() external payable;").as_deref(),
            Some("deposit()")
        );
        assert_eq!(
            canonical_signature("event Deposited(address indexed a);"),
            None
        );
    }

    #[test]
    fn ether_has_no_trailing_zeros() {
        assert_eq!(ether(U256::from(64_500_000_000_000_000_u64)), "0.0645");
        assert_eq!(ether(U256::from(2_000_000_000_000_000_000_u64)), "2");
    }
}
