//! `generated/mod.rs`: the module tree and flat re-exports.

use super::{ident, inner_doc};
use crate::docs;
use crate::ir::IrGroup;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// `generated/mod.rs`: the module tree and flat re-exports; `requests` when the spec has
/// request schemas, `ids` when it has id kinds.
pub fn emit_mod(groups: &[IrGroup], requests: bool, ids: bool) -> TokenStream {
    let mods: Vec<Ident> = groups.iter().map(|g| ident(&g.module)).collect();
    let docs: Vec<String> = groups.iter().map(|g| docs::group_mod(&g.file)).collect();
    let header = inner_doc(docs::MOD_HEADER);
    let (requests_mod, requests_use) = if requests {
        (
            quote! { #[rustfmt::skip] mod requests; },
            quote! { pub use self::requests::*; },
        )
    } else {
        (quote! {}, quote! {})
    };
    let (ids_mod, ids_use) = if ids {
        (
            quote! { #[rustfmt::skip] mod ids; },
            quote! { pub use self::ids::*; },
        )
    } else {
        (quote! {}, quote! {})
    };
    // The files are formatted by prettyplease; `cargo fmt` must leave them as they are, so
    // that `cargo xtask codegen --check` and `cargo fmt --check` agree.
    quote! {
        #header
        #[rustfmt::skip]
        mod enums;
        #[rustfmt::skip]
        mod models;
        #ids_mod
        #requests_mod
        #( #[doc = #docs] #[rustfmt::skip] mod #mods; )*
        pub use self::enums::*;
        pub use self::models::*;
        #ids_use
        #requests_use
        #( pub use self::#mods::*; )*
    }
}
