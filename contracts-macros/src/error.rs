//! `errors!`: Solidity error declarations as the structs `sol!` would make
//! of them (same names, same fields, same `SolError` signature, selector
//! and decoding), whose `abi_encode`, the revert data a contract returns,
//! writes the selector and the fields with `contracts::router::Encoder`
//! instead of alloy-sol-types' generic encoding of each error type.
//! `bytes` fields are `Vec<u8>`, so that no error builds alloy's `Bytes`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Error, Result};
use syn_solidity::{File, Item, ItemError, Spanned};

use crate::sol_type::{encoding, signature, sol_type};

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
        fields.push(sol_type(&param.ty)?);
    }
    let signature = signature(&name.to_string(), &fields);
    let rust = fields.iter().map(|f| &f.owned).collect::<Vec<_>>();
    let sol_types = fields.iter().map(|f| &f.sol_data).collect::<Vec<_>>();
    let values = names
        .iter()
        .zip(&fields)
        .map(|(name, f)| (quote!(&self.#name), f.dynamic))
        .collect::<Vec<_>>();
    let encode = encoding(&quote!(&Self::SELECTOR), &values);
    let from_tuple = names.iter().zip(&fields).map(|(name, f)| {
        if f.dynamic {
            quote!(#name: ::core::convert::Into::into(#name))
        } else {
            quote!(#name)
        }
    });
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
                #encode
            }
        }
    })
}
