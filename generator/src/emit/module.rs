//! `generated/mod.rs`: the module tree and flat re-exports.

use super::{ident, inner_doc};
use crate::docs;
use crate::ir::IrGroup;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// `generated/mod.rs`: the module tree and flat re-exports.
pub fn emit_mod(groups: &[IrGroup]) -> TokenStream {
    let mods: Vec<Ident> = groups.iter().map(|g| ident(&g.module)).collect();
    let docs: Vec<String> = groups.iter().map(|g| docs::group_mod(&g.file)).collect();
    let header = inner_doc(docs::MOD_HEADER);
    // The files are formatted by prettyplease; `cargo fmt` must leave them as they are, so
    // that `cargo xtask codegen --check` and `cargo fmt --check` agree.
    quote! {
        #header
        #[rustfmt::skip]
        mod enums;
        #[rustfmt::skip]
        mod models;
        #( #[doc = #docs] #[rustfmt::skip] mod #mods; )*
        pub use self::enums::*;
        pub use self::models::*;
        #( pub use self::#mods::*; )*
    }
}
