//! The ABI code of the protocol's contracts, generated to be small.
//!
//! stylus-sdk 0.9 and alloy-sol-types encode and decode every function's
//! arguments and results, every call to another contract, every event and
//! every error through alloy's generic codec, instantiated anew for each
//! type. Every call into a program pays for its size, so these macros
//! generate the same interfaces over `contracts::router`'s small per-type
//! codec instead:
//!
//! - [`macro@public`]: stylus-sdk's `#[public]` with the same inputs
//!   (`#[inherit(..)]` on the impl; `#[payable]`, `#[receive]`,
//!   `#[constructor]` and `#[selector(name = "..")]` on its functions) and a
//!   router of its own. It matches the SDK's selectors
//!   (`stylus_sdk::function_selector!` over the camel-cased name), refuses
//!   value sent to a function that is not payable, runs the constructor
//!   guard, reads each argument with a per-type decoder and encodes the
//!   result. With the `export-abi` feature the impl goes to the SDK's
//!   `#[public]` unchanged, so that the published interface is the SDK's;
//!   `tests/tests/abi.rs` checks that every function it publishes is
//!   routed here.
//! - [`sol_interface!`]: stylus-sdk's macro of the same name, from the same
//!   Solidity declarations.
//! - [`errors!`]: errors declared in Solidity, as `sol!` declares them,
//!   with compact revert data.
//! - [`event_emitter!`]: each event's `emit`, for `contracts::events!`.
//! - [`macro@SolidityError`]: the SDK's derive for an enum of errors,
//!   encoding each error where it lies.
//!
//! Measured on the protocol's contracts (compressed bytes), the router took
//! 700 to 2,000 bytes off each (reth-token 18,897 to 17,136), the callers
//! up to 2,450 (the minipool, 17,185 to 14,733), the errors 360 to 700 and
//! the events 150 to 380.

mod error;
mod event;
mod interface;
mod sol_type;
mod solidity_error;

use convert_case::{Case, Casing};
use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;
use quote::{format_ident, quote};
use syn::{
    parse_macro_input, punctuated::Punctuated, spanned::Spanned, Attribute, Error, FnArg, ImplItem,
    ImplItemFn, ItemImpl, LitStr, Pat, Path, Token, Type,
};

/// For each Solidity interface, a struct holding the contract's address
/// with one method per function, as stylus-sdk's `sol_interface!`
/// generates them (same names, call contexts and `stylus_sdk::call::Error`),
/// the call encoded and the result decoded by `contracts::router`'s codec.
/// A `bytes` argument is passed as `&[u8]`.
#[proc_macro]
pub fn sol_interface(input: TokenStream) -> TokenStream {
    interface::expand(input.into())
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

/// Solidity error declarations as the structs `sol!` makes of them (same
/// names, fields, `SolError` signature, selector and decoding), whose
/// `abi_encode` (the revert data) writes the selector and fields with
/// `contracts::router`'s codec. `bytes` fields are `Vec<u8>`.
#[proc_macro]
pub fn errors(input: TokenStream) -> TokenStream {
    error::expand(input.into())
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

/// The `emit(vm)` of one event declared with `sol!` (which
/// `contracts::events!` does for every event it declares): the topic hash
/// from its `SolEvent`, the indexed words, and the data written by
/// `contracts::router`'s codec.
#[proc_macro]
pub fn event_emitter(input: TokenStream) -> TokenStream {
    event::expand(input.into())
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

/// stylus-sdk's `#[derive(SolidityError)]` for an enum of errors, encoding
/// each error from a reference to it: see [`solidity_error`].
#[proc_macro_derive(SolidityError, attributes(solidity_error))]
pub fn derive_solidity_error(input: TokenStream) -> TokenStream {
    solidity_error::expand(&parse_macro_input!(input as syn::DeriveInput))
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

/// stylus-sdk's `#[public]`, with a compact router: see the crate doc.
#[proc_macro_attribute]
pub fn public(attr: TokenStream, item: TokenStream) -> TokenStream {
    let item = parse_macro_input!(item as ItemImpl);
    if !attr.is_empty() {
        return Error::new(item.span(), "#[public] takes no arguments")
            .to_compile_error()
            .into();
    }
    match expand(item) {
        Ok(tokens) => tokens.into(),
        Err(error) => error.to_compile_error().into(),
    }
}

/// What a routed function is.
enum Kind {
    /// Called by its selector.
    Function { selector_name: String },
    /// Called with empty calldata.
    Receive,
    /// Called once, at deployment.
    Constructor,
}

/// One routed function, as the router needs it.
struct Routed {
    name: syn::Ident,
    kind: Kind,
    payable: bool,
    mutable: bool,
    inputs: Vec<Type>,
}

/// The impl for the SDK (with `export-abi`) or without the router's
/// attributes, and its router.
fn expand(item: ItemImpl) -> syn::Result<TokenStream2> {
    if item.trait_.is_some() {
        return Err(Error::new(
            item.span(),
            "#[public] routes inherent impls only",
        ));
    }
    let self_ty = (*item.self_ty).clone();
    let inherited = inherited(&item.attrs)?;
    let mut plain = item.clone();
    plain.attrs.retain(|attr| !attr.path().is_ident("inherit"));
    let mut functions = Vec::new();
    for impl_item in &mut plain.items {
        if let ImplItem::Fn(function) = impl_item {
            functions.push(routed_fn(function)?);
            function.attrs.retain(|attr| !is_router_attr(attr));
        }
    }

    let router = router(&self_ty, &inherited, &functions);
    Ok(quote! {
        #[cfg(feature = "export-abi")]
        #[::stylus_sdk::prelude::public]
        #item

        #[cfg(not(feature = "export-abi"))]
        #plain

        #[cfg(not(feature = "export-abi"))]
        impl #self_ty {
            /// What `#[entrypoint]` asks of a routed contract.
            #[doc(hidden)]
            pub const fn __stylus_assert_overrides() {}
        }

        #[cfg(not(feature = "export-abi"))]
        #router
    })
}

/// The `Router` of `self_ty`: its own functions, then those of each
/// inherited type in order.
fn router(self_ty: &Type, inherited: &[Path], routed: &[Routed]) -> TokenStream2 {
    let (selectors, arms): (Vec<_>, Vec<_>) = routed
        .iter()
        .filter_map(|f| match &f.kind {
            Kind::Function { selector_name } => Some(arm(self_ty, f, selector_name)),
            _ => None,
        })
        .unzip();
    let inherited_routes = inherited.iter().map(|parent| {
        quote! {
            if let Some(result) = <#parent as ::stylus_sdk::abi::Router<S>>::route(storage, selector, input) {
                return Some(result);
            }
        }
    });
    let receive = routed
        .iter()
        .find(|f| matches!(f.kind, Kind::Receive))
        .map_or_else(
            || quote!(None),
            |f| {
                let name = &f.name;
                quote! {
                    Some(<#self_ty>::#name(::core::borrow::BorrowMut::<#self_ty>::borrow_mut(storage)))
                }
            },
        );
    let constructor = routed.iter().find(|f| matches!(f.kind, Kind::Constructor));
    let constructor_bound =
        constructor.map(|_| quote!(+ ::stylus_sdk::stylus_core::ConstructorGuard));
    let constructor = constructor.map_or_else(
        || quote!(None),
        |f| {
            let deny_value = deny_value(f);
            let call = call(self_ty, f);
            quote! {
                #deny_value
                if let Err(error) = ::stylus_sdk::stylus_core::ConstructorGuard::check_constructor_slot(storage) {
                    return Some(Err(error));
                }
                #call
            }
        },
    );
    let parent_bounds = inherited
        .iter()
        .map(|parent| quote!(+ ::core::borrow::BorrowMut<#parent>));
    quote! {
        impl<S> ::stylus_sdk::abi::Router<S> for #self_ty
        where
            S: ::stylus_sdk::prelude::TopLevelStorage
                + ::core::borrow::BorrowMut<#self_ty>
                #(#parent_bounds)*
                + ::stylus_sdk::stylus_core::ValueDenier
                + ::stylus_sdk::stylus_core::HostAccess
                #constructor_bound,
        {
            type Storage = #self_ty;

            fn route(
                storage: &mut S,
                selector: u32,
                input: &[u8],
            ) -> Option<::stylus_sdk::ArbResult> {
                #(#selectors)*
                match selector {
                    #(#arms)*
                    _ => {}
                }
                #(#inherited_routes)*
                None
            }

            fn receive(storage: &mut S) -> Option<Result<(), ::alloc::vec::Vec<u8>>> {
                #receive
            }

            fn fallback(_storage: &mut S, _input: &[u8]) -> Option<::stylus_sdk::ArbResult> {
                None
            }

            fn constructor(storage: &mut S, input: &[u8]) -> Option<::stylus_sdk::ArbResult> {
                #constructor
            }
        }
    }
}

/// The types named by `#[inherit(..)]`.
fn inherited(attrs: &[Attribute]) -> syn::Result<Vec<Path>> {
    let mut parents = Vec::new();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("inherit")) {
        parents.extend(attr.parse_args_with(Punctuated::<Path, Token![,]>::parse_terminated)?);
    }
    Ok(parents)
}

/// Whether `attr` is one of the router's own function attributes.
fn is_router_attr(attr: &Attribute) -> bool {
    ["payable", "receive", "constructor", "selector"]
        .iter()
        .any(|name| attr.path().is_ident(name))
}

/// What the router needs to know of `function`.
fn routed_fn(function: &ImplItemFn) -> syn::Result<Routed> {
    let attr_named = |name: &str| {
        function
            .attrs
            .iter()
            .find(|attr| attr.path().is_ident(name))
    };
    let name = function.sig.ident.clone();
    let kind = if attr_named("receive").is_some() {
        Kind::Receive
    } else if attr_named("constructor").is_some() {
        Kind::Constructor
    } else {
        let selector_name = match attr_named("selector") {
            Some(attr) => selector_override(attr)?,
            None => name.to_string().to_case(Case::Camel),
        };
        Kind::Function { selector_name }
    };
    let mut mutable = false;
    let mut inputs = Vec::new();
    for input in &function.sig.inputs {
        match input {
            FnArg::Receiver(receiver) => mutable = receiver.mutability.is_some(),
            FnArg::Typed(typed) => {
                if !matches!(*typed.pat, Pat::Ident(_)) {
                    return Err(Error::new(typed.pat.span(), "name each argument"));
                }
                inputs.push((*typed.ty).clone());
            }
        }
    }
    if function.sig.receiver().is_none() {
        return Err(Error::new(
            function.sig.span(),
            "a routed function takes &self or &mut self",
        ));
    }
    if matches!(kind, Kind::Receive) && (!inputs.is_empty() || !mutable) {
        return Err(Error::new(
            function.sig.span(),
            "#[receive] takes &mut self and nothing else",
        ));
    }
    Ok(Routed {
        payable: attr_named("payable").is_some() || matches!(kind, Kind::Receive),
        name,
        kind,
        mutable,
        inputs,
    })
}

/// The name in `#[selector(name = "..")]`.
fn selector_override(attr: &Attribute) -> syn::Result<String> {
    let mut name = None;
    attr.parse_nested_meta(|meta| {
        if meta.path.is_ident("name") {
            name = Some(meta.value()?.parse::<LitStr>()?.value());
            Ok(())
        } else {
            Err(meta.error("expected `name = \"..\"`"))
        }
    })?;
    name.ok_or_else(|| Error::new(attr.span(), "expected #[selector(name = \"..\")]"))
}

/// Refuses value sent to a function that is not payable.
fn deny_value(f: &Routed) -> TokenStream2 {
    if f.payable {
        return quote!();
    }
    quote! {
        if let Err(error) = ::contracts::router::deny_value(storage) {
            return Some(Err(error));
        }
    }
}

/// Decodes the arguments of `f`, calls it and returns its encoded result.
fn call(self_ty: &Type, f: &Routed) -> TokenStream2 {
    let name = &f.name;
    let args = (0..f.inputs.len())
        .map(|index| format_ident!("arg{index}"))
        .collect::<Vec<_>>();
    let decode = f
        .inputs
        .iter()
        .zip(&args)
        .enumerate()
        .map(|(index, (ty, arg))| {
            quote! {
                let Some(#arg) = <#ty as ::contracts::router::Param>::decode(input, #index) else {
                    return Some(Err(::alloc::vec::Vec::new()));
                };
            }
        });
    let storage = if f.mutable {
        quote!(::core::borrow::BorrowMut::<#self_ty>::borrow_mut(storage))
    } else {
        quote!(::core::borrow::Borrow::<#self_ty>::borrow(storage))
    };
    quote! {
        #(#decode)*
        return Some(::contracts::router::Output::encode(<#self_ty>::#name(#storage, #(#args),*)));
    }
}

/// The selector constant of one function, and its match arm.
fn arm(self_ty: &Type, f: &Routed, selector_name: &str) -> (TokenStream2, TokenStream2) {
    let inputs = &f.inputs;
    let constant = format_ident!("{}", f.name.to_string().to_case(Case::UpperSnake));
    let deny_value = deny_value(f);
    let call = call(self_ty, f);
    (
        quote! {
            const #constant: u32 =
                u32::from_be_bytes(::stylus_sdk::function_selector!(#selector_name #(, #inputs)*));
        },
        quote! {
            #constant => {
                #deny_value
                #call
            }
        },
    )
}
