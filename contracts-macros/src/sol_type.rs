//! The Solidity types `contracts::router`'s codec handles, as each
//! generator names them, and the encoder chain they share.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Error, Result};
use syn_solidity::{Spanned, Type};

/// One Solidity type, for the code that encodes, decodes or declares it.
pub struct SolType {
    /// The type's name in a signature.
    pub canonical: &'static str,
    /// alloy's `SolType` of it.
    pub sol_data: TokenStream,
    /// The Rust type that holds it.
    pub owned: TokenStream,
    /// The Rust type a caller passes it as: the owned type for a word, a
    /// slice for `bytes` and `string`.
    pub borrowed: TokenStream,
    /// Whether it is encoded after the heads.
    pub dynamic: bool,
}

/// `ty`, if the codec handles it.
pub fn sol_type(ty: &Type) -> Result<SolType> {
    let sol = quote!(::alloy_sol_types::sol_data);
    let word = |canonical, sol_data, owned: TokenStream| SolType {
        canonical,
        sol_data,
        borrowed: owned.clone(),
        owned,
        dynamic: false,
    };
    let uint = |bits: u16| {
        Ok(match bits {
            8 => word("uint8", quote!(#sol::Uint<8>), quote!(u8)),
            32 => word("uint32", quote!(#sol::Uint<32>), quote!(u32)),
            64 => word("uint64", quote!(#sol::Uint<64>), quote!(u64)),
            256 => word(
                "uint256",
                quote!(#sol::Uint<256>),
                quote!(::alloy_primitives::U256),
            ),
            _ => return Err(Error::new(ty.span(), "unsupported integer width")),
        })
    };
    Ok(match ty {
        Type::Address(..) => word(
            "address",
            quote!(#sol::Address),
            quote!(::alloy_primitives::Address),
        ),
        Type::Bool(_) => word("bool", quote!(#sol::Bool), quote!(bool)),
        Type::Uint(_, None) => uint(256)?,
        Type::Uint(_, Some(bits)) => uint(bits.get())?,
        Type::FixedBytes(_, size) if size.get() == 32 => word(
            "bytes32",
            quote!(#sol::FixedBytes<32>),
            quote!(::alloy_primitives::B256),
        ),
        Type::Bytes(_) => SolType {
            canonical: "bytes",
            sol_data: quote!(#sol::Bytes),
            owned: quote!(::alloc::vec::Vec<u8>),
            borrowed: quote!(&[u8]),
            dynamic: true,
        },
        Type::String(_) => SolType {
            canonical: "string",
            sol_data: quote!(#sol::String),
            owned: quote!(::alloc::string::String),
            borrowed: quote!(&str),
            dynamic: true,
        },
        _ => return Err(Error::new(ty.span(), "unsupported type")),
    })
}

/// `name(type,..)`.
pub fn signature(name: &str, types: &[SolType]) -> String {
    let types = types.iter().map(|ty| ty.canonical).collect::<Vec<_>>();
    format!("{name}({})", types.join(","))
}

/// The ABI encoding of `values` (references, each with whether it is
/// dynamic) after `prefix`, with `contracts::router::Encoder`.
pub fn encoding(prefix: &TokenStream, values: &[(TokenStream, bool)]) -> TokenStream {
    let arity = values.len();
    let dynamic = values
        .iter()
        .filter(|(_, dynamic)| *dynamic)
        .map(|(value, _)| {
            quote! {
                .saturating_add(::contracts::router::dynamic_size(
                    ::core::convert::AsRef::<[u8]>::as_ref(#value).len(),
                ))
            }
        });
    let pushes = values.iter().map(|(value, dynamic)| {
        if *dynamic {
            quote!(.dynamic(::core::convert::AsRef::<[u8]>::as_ref(#value)))
        } else {
            quote!(.word(#value))
        }
    });
    quote! {
        ::contracts::router::Encoder::new(#prefix, #arity, 0_usize #(#dynamic)*)
            #(#pushes)*
            .finish()
    }
}
