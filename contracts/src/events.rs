//! Events shared by several contracts, and the macro every contract declares
//! its events with.
#![allow(missing_docs)] // `sol!` items are documented by their doc comments.

/// Declares events with `sol!`, gives each an `emit` that encodes it with
/// the router's codec (see [`crate::event_emitter`]), and keeps the Solidity
/// declaration of each as its `DECLARATION`, and of all of them as `EVENTS`,
/// so the published interface lists the events exactly as the code emits
/// them (stylus-sdk 0.9's ABI export leaves events out; see [`crate::abi`]).
///
/// The calling crate depends on `alloy-sol-types`, which `sol!`'s expansion
/// names.
#[macro_export]
macro_rules! events {
    ($($(#[$attr:meta])* event $name:ident($($params:tt)*);)+) => {
        ::alloy_sol_types::sol! {
            $($(#[$attr])* #[derive(Debug)] event $name($($params)*);)+
        }

        $(impl $name {
            /// This event's Solidity declaration.
            pub const DECLARATION: &'static str =
                concat!("event ", stringify!($name), "(", stringify!($($params)*), ");");
        }

        $crate::event_emitter! { event $name($($params)*); })+

        /// The Solidity declarations of the events declared here.
        pub const EVENTS: &[&str] = &[$($name::DECLARATION),+];
    };
}

/// `data` as a `bytes` field of an event.
///
/// A `Bytes` made from a `Vec` (`data.into()`) brings the bytes crate's
/// shared-buffer code into the program: 770 compressed bytes of the minipool
/// manager. The wasm build leaks the `Vec` into a static `Bytes` instead,
/// which costs nothing there: Stylus's allocator never frees memory.
pub fn bytes_field(data: alloc::vec::Vec<u8>) -> alloy_primitives::Bytes {
    #[cfg(target_arch = "wasm32")]
    return alloy_primitives::Bytes::from_static(data.leak());
    #[cfg(not(target_arch = "wasm32"))]
    data.into()
}

events! {
    /// The admin changed `setting` to `value` (booleans as 0 and 1).
    event SettingChanged(bytes32 indexed setting, uint256 value);
    /// The admin set the contract's wiring, once and for good.
    event Wired(address indexed admin);
}

/// The events of the admin's two-step hand-over
/// ([`Ownable2Step`](crate::admin::Ownable2Step)), as openzeppelin-stylus's.
pub mod ownership {
    crate::events! {
        /// `previousOwner` proposed `newOwner` as the next admin.
        event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner);
        /// The admin changed from `previousOwner` to `newOwner`.
        event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
    }
}

pub use ownership::{OwnershipTransferStarted, OwnershipTransferred};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_read_as_solidity() {
        assert_eq!(
            SettingChanged::DECLARATION,
            "event SettingChanged(bytes32 indexed setting, uint256 value);"
        );
        assert_eq!(EVENTS, [SettingChanged::DECLARATION, Wired::DECLARATION]);
    }
}
