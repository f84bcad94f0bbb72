//! Completes the Solidity interface a contract exports.
//!
//! stylus-sdk 0.9's export writes a contract's `#[public]` functions and
//! its errors, but no events; and it repeats inherited errors, which
//! Solidity refuses. Each contract's `main.rs` names what is missing and
//! where it belongs ([`export_abi!`](crate::export_abi)); `Completed` prints
//! the SDK's interface with those declarations added and each error
//! declared once.
//! `tests/tests/abi.rs` checks the result against the code (every published
//! function is routed, the standard interfaces are whole, every event is
//! the one the code emits) and CI compiles it with solc.

#[cfg(feature = "export-abi")]
pub use completion::{Completed, Completion};

/// Solidity declarations, one per entry.
pub type Declarations = &'static [&'static str];

/// The events of the two-step admin hand-over, which the SDK does not
/// export with [`Ownable2Step`](crate::admin::Ownable2Step)'s functions.
pub const OWNABLE_2_STEP: Declarations = crate::events::ownership::EVENTS;

/// The `main` of a contract crate's `main.rs`: with the `export-abi` feature
/// it prints the contract's interface, completed with the given declarations
/// by the name of the interface each belongs in.
#[macro_export]
macro_rules! export_abi {
    ($contract:ty { $($interface:literal: [$($declarations:expr),* $(,)?]),* $(,)? }) => {
        fn main() {
            #[cfg(feature = "export-abi")]
            {
                struct Published;
                impl $crate::abi::Completion for Published {
                    type Contract = $contract;
                    const ADDITIONS: &'static [(&'static str, &'static [$crate::abi::Declarations])] =
                        &[$(($interface, &[$($declarations),*])),*];
                }
                ::stylus_sdk::abi::export::print_from_args::<$crate::abi::Completed<Published>>();
            }
        }
    };
}

#[cfg(feature = "export-abi")]
mod completion {
    use alloc::{collections::BTreeSet, format, string::String, vec::Vec};
    use core::{
        fmt::{self, Write},
        marker::PhantomData,
    };

    use stylus_sdk::abi::export::GenerateAbi;

    use super::Declarations;

    /// What a contract's exported interface lacks.
    pub trait Completion {
        /// The contract whose interface the SDK exports.
        type Contract: GenerateAbi;
        /// Declarations to add, by the name of the interface they belong in.
        const ADDITIONS: &'static [(&'static str, &'static [Declarations])];
    }

    /// The SDK's interface of `C::Contract` with `C::ADDITIONS` added and
    /// repeated errors left out: print it
    /// with `stylus_sdk::abi::export::print_from_args::<Completed<C>>()`.
    pub struct Completed<C>(PhantomData<C>);

    impl<C: Completion> GenerateAbi for Completed<C> {
        const NAME: &'static str = C::Contract::NAME;

        /// # Errors
        /// [`fmt::Error`] if an interface named in `C::ADDITIONS` is not in the
        /// SDK's output.
        fn fmt_abi(f: &mut fmt::Formatter<'_>) -> fmt::Result {
            let mut abi = String::new();
            write!(abi, "{}", Sdk(C::Contract::fmt_abi))?;
            for (interface, groups) in C::ADDITIONS {
                let mut declarations = String::new();
                for declaration in groups.iter().flat_map(|group| group.iter()) {
                    // One line each, whatever line breaks `stringify!` put in.
                    let words: Vec<&str> = declaration.split_whitespace().collect();
                    write!(declarations, "\n    {}\n", words.join(" "))?;
                }
                let header = abi
                    .find(&format!("interface {interface} "))
                    .ok_or(fmt::Error)?;
                let (before, from_header) = abi.split_at(header);
                let (opening, body) = from_header.split_once('{').ok_or(fmt::Error)?;
                abi = format!("{before}{opening}{{{declarations}{body}");
            }
            // The contract's interface inherits every interface printed
            // before it, so an error declared there must not be declared
            // again (nor the blank line before it kept).
            let mut errors = BTreeSet::new();
            let mut lines: Vec<&str> = Vec::new();
            for line in abi.lines() {
                if line.trim_start().starts_with("error ") && !errors.insert(line) {
                    if lines.last() == Some(&"") {
                        lines.pop();
                    }
                } else {
                    lines.push(line);
                }
            }
            writeln!(f, "{}", lines.join("\n"))
        }

        fn fmt_constructor_signature(f: &mut fmt::Formatter<'_>) -> fmt::Result {
            C::Contract::fmt_constructor_signature(f)
        }
    }

    /// Formats what one of the SDK's `GenerateAbi` functions writes.
    struct Sdk(fn(&mut fmt::Formatter<'_>) -> fmt::Result);

    impl fmt::Display for Sdk {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.0(f)
        }
    }
}
