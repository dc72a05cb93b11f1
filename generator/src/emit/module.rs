//! `generated/mod.rs`: the module tree and flat re-exports.

use super::{cfg, ident, inner_doc, union_gate};
use crate::docs;
use crate::ir::Ir;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// `generated/mod.rs`: the module tree and flat re-exports; `requests` when the spec has
/// request schemas, `ids` when it has id kinds. A module whose items are all behind features
/// is itself behind any of them, so that no feature set leaves an empty glob re-export.
pub fn emit_mod(ir: &Ir) -> TokenStream {
    let groups = &ir.groups;
    let mods: Vec<Ident> = groups.iter().map(|g| ident(&g.module)).collect();
    let docs: Vec<String> = groups
        .iter()
        .map(|g| docs::group_mod(&g.file, g.feature.as_deref()))
        .collect();
    let cfgs: Vec<TokenStream> = groups.iter().map(|g| cfg(g.feature.as_slice())).collect();
    let header = inner_doc(docs::MOD_HEADER);
    // (module, the gate of its items: `None` when it has none and is not emitted)
    let shared = [
        (
            "enums",
            union_gate(ir.enums.iter().map(|e| &e.gate)).or(Some(Vec::new())),
        ),
        (
            "models",
            union_gate(ir.schemas.iter().map(|s| &s.gate)).or(Some(Vec::new())),
        ),
        ("ids", (!ir.ids.is_empty()).then(Vec::new)),
        ("requests", union_gate(ir.requests.iter().map(|r| &r.gate))),
    ];
    let shared = shared.iter().filter_map(|(name, gate)| {
        let gate = gate.as_ref()?;
        let (cfg, name) = (cfg(gate), ident(name));
        Some(quote! {
            #cfg
            #[rustfmt::skip]
            mod #name;
            #cfg
            pub use self::#name::*;
        })
    });
    // The files are formatted by prettyplease; `cargo fmt` must leave them as they are, so
    // that `cargo xtask codegen --check` and `cargo fmt --check` agree.
    quote! {
        #header
        #( #shared )*
        #( #cfgs #[doc = #docs] #[rustfmt::skip] mod #mods; )*
        #( #cfgs pub use self::#mods::*; )*
    }
}
