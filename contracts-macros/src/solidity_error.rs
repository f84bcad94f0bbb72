//! `#[derive(SolidityError)]`: stylus-sdk's derive of the same name for an
//! enum of errors (a `From` of each error into the enum, the enum into its
//! revert data, and with `export-abi` the errors for the interface), with
//! the revert data written from a reference to the error. The SDK's derive
//! moves each error out of the enum to encode it, which copied it first.
//!
//! `#[solidity_error(via = Wider)]` on the enum encodes it by converting it
//! into `Wider`, an enum that holds all of its errors too, so that a
//! program encodes each error in one place; the exported interface still
//! lists this enum's own errors.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Error, Fields, Result};

/// The impls for `input`, an enum whose variants each hold one error.
pub fn expand(input: &DeriveInput) -> Result<TokenStream> {
    let Data::Enum(data) = &input.data else {
        return Err(Error::new_spanned(input, "SolidityError derives for enums"));
    };
    let name = &input.ident;
    let via = via(input)?;
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
    let encode = via.map_or_else(
        || {
            quote! {
                match &error {
                    #(#name::#variants(error) => ::alloy_sol_types::SolError::abi_encode(error),)*
                }
            }
        },
        |wider| quote!(::alloc::vec::Vec::from(<#wider>::from(error))),
    );
    Ok(quote! {
        #(impl ::core::convert::From<#errors> for #name {
            fn from(error: #errors) -> Self {
                Self::#variants(error)
            }
        })*

        impl ::core::convert::From<#name> for ::alloc::vec::Vec<u8> {
            fn from(error: #name) -> Self {
                #encode
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

/// The `Wider` of `#[solidity_error(via = Wider)]`, if the enum has one.
fn via(input: &DeriveInput) -> Result<Option<syn::Type>> {
    let mut via = None;
    for attr in input
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("solidity_error"))
    {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("via") {
                via = Some(meta.value()?.parse()?);
                Ok(())
            } else {
                Err(meta.error("expected `via = Type`"))
            }
        })?;
    }
    Ok(via)
}
