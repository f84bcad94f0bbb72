//! `sol_interface!`: for each Solidity interface, a struct holding the
//! contract's address with one method per function, as stylus-sdk's macro
//! of the same name generates them (same names, same call contexts, same
//! `stylus_sdk::call::Error`), but encoding the call with
//! `contracts::router::Encoder` and decoding the result with
//! `contracts::router::Param` instead of alloy-sol-types' generic codec,
//! which every call site monomorphised anew. A `bytes` argument is passed
//! as `&[u8]`.

use convert_case::{Case, Casing};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Error, Result};
use syn_solidity::{File, Item, ItemContract, ItemFunction, Mutability, Spanned};

use crate::sol_type::{encoding, signature, sol_type};

/// The callers of every interface in `input`.
pub fn expand(input: TokenStream) -> Result<TokenStream> {
    let file: File = syn::parse2(input)?;
    file.items
        .iter()
        .map(|item| match item {
            Item::Contract(contract) if contract.is_interface() => caller(contract),
            other => Err(Error::new(
                other.span(),
                "only interfaces are declared here",
            )),
        })
        .collect()
}

/// The caller of one interface.
fn caller(contract: &ItemContract) -> Result<TokenStream> {
    let name = &contract.name.0;
    let attrs = &contract.attrs;
    let methods = contract
        .body
        .iter()
        .map(|item| match item {
            Item::Function(function) => method(function),
            other => Err(Error::new(other.span(), "only functions are declared here")),
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(quote! {
        #(#attrs)*
        pub struct #name {
            /// The contract called.
            pub address: ::alloy_primitives::Address,
        }

        impl #name {
            /// The contract at `address`.
            pub fn new(address: ::alloy_primitives::Address) -> Self {
                Self { address }
            }

            #(#methods)*
        }
    })
}

/// The caller's method for `function`.
fn method(function: &ItemFunction) -> Result<TokenStream> {
    let sol_name = function.name().0.to_string();
    let rust_name = format_ident!("{}", sol_name.to_case(Case::Snake));
    let attrs = &function.attrs;
    let (context, call) = match function.attributes.mutability() {
        Some(Mutability::View(_) | Mutability::Pure(_)) => (
            quote!(::stylus_sdk::call::StaticCallContext),
            quote!(::stylus_sdk::call::static_call),
        ),
        Some(Mutability::Payable(_)) => (
            quote!(::stylus_sdk::call::MutatingCallContext),
            quote!(::stylus_sdk::call::call),
        ),
        _ => (
            quote!(::stylus_sdk::call::NonPayableCallContext),
            quote!(::stylus_sdk::call::call),
        ),
    };
    let mut types = Vec::new();
    let mut params = Vec::new();
    let mut values = Vec::new();
    for (index, param) in function.parameters.iter().enumerate() {
        let ty = sol_type(&param.ty)?;
        let name = param.name.as_ref().map_or_else(
            || format_ident!("arg{index}"),
            |name| format_ident!("{}", name.0.to_string().to_case(Case::Snake)),
        );
        let borrowed = &ty.borrowed;
        params.push(quote!(#name: #borrowed));
        values.push((quote!(&#name), ty.dynamic));
        types.push(ty);
    }
    let signature = signature(&sol_name, &types);
    let calldata = encoding(&quote!(&SELECTOR), &values);
    let returns = function
        .returns
        .iter()
        .flat_map(|returns| returns.returns.iter())
        .map(|ret| sol_type(&ret.ty))
        .collect::<Result<Vec<_>>>()?;
    if returns.iter().any(|ret| ret.dynamic) {
        return Err(Error::new(
            function.span(),
            "dynamic returns are not supported",
        ));
    }
    let return_types = returns.iter().map(|ret| &ret.owned);
    let values = (0..returns.len())
        .map(|index| format_ident!("value{index}"))
        .collect::<Vec<_>>();
    let indices = 0..returns.len();
    let return_type = if values.len() == 1 {
        quote!(#(#return_types)*)
    } else {
        quote!((#(#return_types),*))
    };
    let decode_types = returns.iter().map(|ret| &ret.owned);
    let value = match values.as_slice() {
        [single] => quote!(#single),
        many => quote!((#(#many),*)),
    };
    let decode = if values.is_empty() {
        quote! {
            #call(context, self.address, &calldata)?;
            Ok(())
        }
    } else {
        quote! {
        let returned = #call(context, self.address, &calldata)?;
        #(
            let Some(#values) = <#decode_types as ::contracts::router::Param>::decode(&returned, #indices) else {
                return Err(::stylus_sdk::call::Error::AbiDecodingFailed(
                    ::alloy_sol_types::Error::Overrun,
                ));
            };
        )*
        Ok(#value)
        }
    };
    Ok(quote! {
        #(#attrs)*
        #[allow(deprecated)]
        pub fn #rust_name(
            &self,
            context: impl #context,
            #(#params),*
        ) -> Result<#return_type, ::stylus_sdk::call::Error> {
            const SELECTOR: [u8; 4] = ::contracts::router::selector(#signature);
            let calldata = #calldata;
            #decode
        }
    })
}
