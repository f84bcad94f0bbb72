//! The README's table of program sizes and start gas, kept in step with the
//! build: `deploy build` renders it from the programs it built and fails
//! when the README's copy differs, or rewrites it with `--update-readme`.

use std::fmt::Write as _;

use crate::{code::Program, nitro, suite::Contract};

/// The table's header, which also finds it in the README.
pub const HEADER: &str = "| contract | wasm bytes | compressed bytes | of the limit | budget | \
                          start gas, uncached | cached |\n|---|---|---|---|---|---|---|\n";

/// The table for `programs`, one row each in the order given.
pub fn table<'a>(programs: impl IntoIterator<Item = (Contract, &'a Program)>) -> String {
    let mut table = HEADER.to_owned();
    for (contract, program) in programs {
        let start = program.start_gas();
        let gas =
            |pick: fn(nitro::StartGas) -> u64| start.map_or("?".into(), |s| thousands(pick(s)));
        // Writing to a String cannot fail.
        let _ = writeln!(
            table,
            "| {contract} | {} | {} | {} | {} | {} | {} |",
            thousands(program.wasm.len() as u64),
            thousands(program.code_size() as u64),
            share_of_limit(program.code_size()),
            thousands(contract.size_budget() as u64),
            gas(|s| s.uncached),
            gas(|s| s.cached),
        );
    }
    table
}

/// `readme` with its table (from [`HEADER`] to the first blank line)
/// replaced by `table`; `None` if it has no such table.
pub fn with_table(readme: &str, table: &str) -> Option<String> {
    let start = readme.find(HEADER)?;
    let end = readme[start..]
        .find("\n\n")
        .map_or(readme.len(), |end| start + end + 1);
    Some(format!("{}{table}{}", &readme[..start], &readme[end..]))
}

/// `bytes` of code as a share of the code size limit, to a tenth of a
/// percent (rounded to nearest).
fn share_of_limit(bytes: usize) -> String {
    let permille = (bytes * 1000 + nitro::MAX_COMPRESSED_SIZE / 2) / nitro::MAX_COMPRESSED_SIZE;
    format!("{}.{} %", permille / 10, permille % 10)
}

/// `n` with commas between thousands, as the README writes numbers.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn program() -> Program {
        let wasm = wat::parse_str(
            r#"(module (memory (export "memory") 1)
                (func (export "user_entrypoint") (param i32) (result i32) local.get 0))"#,
        )
        .unwrap();
        Program::from_wasm(&wasm).unwrap()
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(36_549), "36,549");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn shares_of_the_limit_are_rounded_to_a_tenth_of_a_percent() {
        assert_eq!(share_of_limit(12_232), "49.8 %");
        assert_eq!(share_of_limit(6_898), "28.1 %");
        assert_eq!(share_of_limit(24_576), "100.0 %");
        assert_eq!(share_of_limit(0), "0.0 %");
    }

    #[test]
    fn the_table_has_a_row_per_program_with_its_figures() {
        let program = program();
        let table = table([(Contract::NodeManager, &program)]);
        let start = program.start_gas().unwrap();
        let row = format!(
            "| node-manager | {} | {} | {} | 7,250 | {} | {} |\n",
            program.wasm.len(),
            program.code_size(),
            share_of_limit(program.code_size()),
            thousands(start.uncached),
            start.cached,
        );
        assert_eq!(table, format!("{HEADER}{row}"));
    }

    #[test]
    fn the_readme_table_is_replaced_and_the_text_around_it_kept() {
        let readme = format!("# Title\n\nSizes:\n\n{HEADER}| old | row |\n\nAfter.\n");
        let new = format!("{HEADER}| new | row |\n");
        assert_eq!(
            with_table(&readme, &new).unwrap(),
            format!("# Title\n\nSizes:\n\n{new}\nAfter.\n")
        );
        // At the end of the file, with no blank line after it.
        let readme = format!("Sizes:\n\n{HEADER}| old | row |\n");
        assert_eq!(
            with_table(&readme, &new).unwrap(),
            format!("Sizes:\n\n{new}")
        );
        assert_eq!(with_table("no table here\n", &new), None);
    }
}
