//! `errors!`: Solidity error declarations as the structs `sol!` would make
//! of them (same names, same fields, same `SolError` signature, selector
//! and decoding), whose `abi_encode`, the revert data a contract returns,
//! writes the selector and the fields with `contracts::router::Encoder`
//! instead of alloy-sol-types' generic encoding of each error type.
//! `bytes` fields are `Vec<u8>`, so that no error builds alloy's `Bytes`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Error, Result};
use syn_solidity::{File, Item, ItemError, Spanned, Type};

/// The structs of the errors declared in `input`.
pub fn expand(input: TokenStream) -> Result<TokenStream> {
    let file: File = syn::parse2(input)?;
    file.items
        .iter()
        .map(|item| match item {
            Item::Error(error) => declare(error),
            other => Err(Error::new(other.span(), "only errors are declared here")),
        })
        .collect()
}

/// One field's types: Solidity's, alloy's `SolType`, and the struct's.
struct Field {
    canonical: &'static str,
    sol_type: TokenStream,
    rust: TokenStream,
    dynamic: bool,
}

fn field(ty: &Type) -> Result<Field> {
    let field = |canonical, sol_type, rust, dynamic| Field {
        canonical,
        sol_type,
        rust,
        dynamic,
    };
    let sol = quote!(::alloy_sol_types::sol_data);
    Ok(match ty {
        Type::Address(..) => field(
            "address",
            quote!(#sol::Address),
            quote!(::alloy_primitives::Address),
            false,
        ),
        Type::Bool(_) => field("bool", quote!(#sol::Bool), quote!(bool), false),
        Type::Uint(_, None) => field(
            "uint256",
            quote!(#sol::Uint<256>),
            quote!(::alloy_primitives::U256),
            false,
        ),
        Type::Uint(_, Some(bits)) if bits.get() == 256 => field(
            "uint256",
            quote!(#sol::Uint<256>),
            quote!(::alloy_primitives::U256),
            false,
        ),
        Type::Uint(_, Some(bits)) if bits.get() == 8 => {
            field("uint8", quote!(#sol::Uint<8>), quote!(u8), false)
        }
        Type::FixedBytes(_, size) if size.get() == 32 => field(
            "bytes32",
            quote!(#sol::FixedBytes<32>),
            quote!(::alloy_primitives::B256),
            false,
        ),
        Type::String(_) => field(
            "string",
            quote!(#sol::String),
            quote!(::alloc::string::String),
            true,
        ),
        Type::Bytes(_) => field(
            "bytes",
            quote!(#sol::Bytes),
            quote!(::alloc::vec::Vec<u8>),
            true,
        ),
        _ => return Err(Error::new(ty.span(), "unsupported type")),
    })
}

/// The struct of one error and its `SolError`.
fn declare(error: &ItemError) -> Result<TokenStream> {
    let name = &error.name.0;
    let attrs = &error.attrs;
    let mut names = Vec::new();
    let mut fields = Vec::new();
    for (index, param) in error.parameters.iter().enumerate() {
        names.push(param.name.as_ref().map_or_else(
            || format_ident!("_{index}"),
            |name| format_ident!("{}", name.0.to_string()),
        ));
        fields.push(field(&param.ty)?);
    }
    let signature = format!(
        "{name}({})",
        fields
            .iter()
            .map(|f| f.canonical)
            .collect::<Vec<_>>()
            .join(",")
    );
    let rust = fields.iter().map(|f| &f.rust).collect::<Vec<_>>();
    let sol_types = fields.iter().map(|f| &f.sol_type).collect::<Vec<_>>();
    let encode = names.iter().zip(&fields).map(|(name, f)| {
        if f.dynamic {
            quote!(.dynamic(::core::convert::AsRef::<[u8]>::as_ref(&self.#name)))
        } else {
            quote!(.word(&self.#name))
        }
    });
    let from_tuple = names.iter().zip(&fields).map(|(name, f)| {
        if f.dynamic {
            quote!(#name: ::core::convert::Into::into(#name))
        } else {
            quote!(#name)
        }
    });
    let arity = fields.len();
    Ok(quote! {
        #(#attrs)*
        #[derive(Debug, Clone, PartialEq, Eq)]
        // Solidity's field names, as `sol!` keeps them, documented with the
        // error.
        #[allow(non_snake_case, missing_docs)]
        pub struct #name {
            #(pub #names: #rust,)*
        }

        #[allow(clippy::unused_unit)] // The tuples of an error without fields.
        impl ::alloy_sol_types::SolError for #name {
            type Parameters<'a> = (#(#sol_types,)*);
            type Token<'a> = <Self::Parameters<'a> as ::alloy_sol_types::SolType>::Token<'a>;

            const SIGNATURE: &'static str = #signature;
            const SELECTOR: [u8; 4] = ::contracts::router::selector(#signature);

            fn new((#(#names,)*): <Self::Parameters<'_> as ::alloy_sol_types::SolType>::RustType) -> Self {
                Self { #(#from_tuple,)* }
            }

            fn tokenize(&self) -> Self::Token<'_> {
                (#(<#sol_types as ::alloy_sol_types::SolType>::tokenize(&self.#names),)*)
            }

            fn abi_encode(&self) -> ::alloc::vec::Vec<u8> {
                ::contracts::router::Encoder::new(&Self::SELECTOR, #arity)
                    #(#encode)*
                    .finish()
            }
        }
    })
}
