//! `#[derive(SolidityError)]`: stylus-sdk's derive of the same name for an
//! enum of errors (a `From` of each error into the enum, the enum into its
//! revert data, and with `export-abi` the errors for the interface), with
//! the revert data written from a reference to the error. The SDK's derive
//! moves each error out of the enum to encode it, which copied it first.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Error, Fields, Result};

/// The impls for `input`, an enum whose variants each hold one error.
pub fn expand(input: &DeriveInput) -> Result<TokenStream> {
    let Data::Enum(data) = &input.data else {
        return Err(Error::new_spanned(input, "SolidityError derives for enums"));
    };
    let name = &input.ident;
    let mut variants = Vec::new();
    let mut errors = Vec::new();
    for variant in &data.variants {
        match &variant.fields {
            Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
                variants.push(&variant.ident);
                errors.push(&fields.unnamed[0].ty);
            }
            _ => return Err(Error::new_spanned(variant, "each variant holds one error")),
        }
    }
    Ok(quote! {
        #(impl ::core::convert::From<#errors> for #name {
            fn from(error: #errors) -> Self {
                Self::#variants(error)
            }
        })*

        impl ::core::convert::From<#name> for ::alloc::vec::Vec<u8> {
            fn from(error: #name) -> Self {
                match &error {
                    #(#name::#variants(error) => ::alloy_sol_types::SolError::abi_encode(error),)*
                }
            }
        }

        #[cfg(feature = "export-abi")]
        impl ::stylus_sdk::abi::export::internal::InnerTypes for #name {
            fn inner_types() -> ::alloc::vec::Vec<::stylus_sdk::abi::export::internal::InnerType> {
                ::alloc::vec![#(::stylus_sdk::abi::export::internal::InnerType {
                    name: ::alloc::format!(
                        "error {};",
                        <#errors as ::alloy_sol_types::SolError>::SIGNATURE.replace(',', ", ")
                    ),
                    id: ::core::any::TypeId::of::<#errors>(),
                }),*]
            }
        }
    })
}
