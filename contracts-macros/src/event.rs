//! `event_emitter!`: an event's `emit`, writing its topics and data as the
//! ABI lays them out (an event of words alone as one array of words on the
//! stack, one with `bytes` with `contracts::router::Encoder`), where stylus-sdk's
//! `log` goes through alloy-sol-types' generic event encoding for each
//! event type. `contracts::events!` calls it for every event it declares
//! with `sol!`, whose struct and `SolEvent` implementation (the topic hash,
//! and the encoding that tests compare logs with) it uses.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Error, Result};
use syn_solidity::{ItemEvent, Spanned};

use crate::sol_type::{encoding, sol_type};

/// The `emit` of the event declared in `input`.
pub fn expand(input: TokenStream) -> Result<TokenStream> {
    let event: ItemEvent = syn::parse2(input)?;
    if event.anonymous.is_some() {
        return Err(Error::new(
            event.span(),
            "anonymous events are not supported",
        ));
    }
    let name = &event.name.0;
    let mut topics = Vec::new();
    let mut data = Vec::new();
    for param in &event.parameters {
        let field = param
            .name
            .as_ref()
            .map(|name| format_ident!("{}", name.0.to_string()))
            .ok_or_else(|| Error::new(param.span(), "name each parameter"))?;
        let dynamic = sol_type(&param.ty)?.dynamic;
        if param.is_indexed() {
            if dynamic {
                return Err(Error::new(
                    param.span(),
                    "indexed dynamic values are not supported",
                ));
            }
            topics.push(quote!(::contracts::router::Word::word(&self.#field)));
        } else {
            data.push((quote!(&self.#field), dynamic));
        }
    }
    let topic_count = topics.len().saturating_add(1);
    let body = if data.iter().any(|(_, dynamic)| *dynamic) {
        let log = encoding(&quote!(topics.as_flattened()), &data);
        quote! {
            let topics = [
                <Self as ::alloy_sol_types::SolEvent>::SIGNATURE_HASH.0,
                #(#topics),*
            ];
            ::stylus_sdk::stylus_core::LogAccess::emit_log(vm, &#log, #topic_count);
        }
    } else {
        // Only words: the topics and the data, one word each, are the log
        // as it is, laid out on the stack.
        let words = data
            .iter()
            .map(|(value, _)| quote!(::contracts::router::Word::word(#value)));
        quote! {
            let log = [
                <Self as ::alloy_sol_types::SolEvent>::SIGNATURE_HASH.0,
                #(#topics,)*
                #(#words),*
            ];
            ::stylus_sdk::stylus_core::LogAccess::emit_log(vm, log.as_flattened(), #topic_count);
        }
    };
    Ok(quote! {
        impl #name {
            /// Emits this event.
            pub fn emit(&self, vm: &::contracts::env::Env) {
                #body
            }
        }
    })
}
