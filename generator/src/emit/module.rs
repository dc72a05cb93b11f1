//! `generated/mod.rs`: the module tree and flat re-exports.

use super::{cfg, ident, inner_doc, union_gate};
use crate::docs;
use crate::ir::{Gate, Ir};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// `generated/mod.rs`: the module tree and flat re-exports; `requests` when the spec has
/// request schemas, `ids` when it has id kinds. A module whose items are all behind features
/// is itself behind any of them, so that no feature set leaves an empty glob re-export. The
/// fake X API's route table, `fake`, is the crate's own (`pub(crate)`, not re-exported), behind
/// the crate's feature `fake`.
pub fn emit_mod(ir: &Ir) -> TokenStream {
    let groups = &ir.groups;
    let mods: Vec<Ident> = groups.iter().map(|g| ident(&g.module)).collect();
    let docs: Vec<String> = groups
        .iter()
        .map(|g| docs::group_mod(&g.file, g.feature.as_deref()))
        .collect();
    let cfgs: Vec<TokenStream> = groups.iter().map(|g| cfg(g.feature.as_slice())).collect();
    let header = inner_doc(docs::MOD_HEADER);
    // (module, the gate of its items, the gate of its public items: `None` when it has none;
    // no module without items, no glob re-export without public items)
    let always = |gate: Option<Gate>| gate.or(Some(Vec::new()));
    let enums = always(union_gate(ir.enums.iter().map(|e| &e.gate)));
    let models = always(union_gate(ir.schemas.iter().map(|s| &s.gate)));
    let ids = (!ir.ids.is_empty()).then(Vec::new);
    let requests = union_gate(ir.requests.iter().map(|r| &r.gate));
    // Only a request schema that is a member's type is a public struct; the others are
    // static shapes for the endpoint modules.
    let request_types = union_gate(ir.requests.iter().filter(|r| r.structure).map(|r| &r.gate));
    let shared = [
        ("enums", enums.clone(), enums),
        ("models", models.clone(), models),
        ("ids", ids.clone(), ids),
        ("requests", requests, request_types),
    ];
    let shared = shared.iter().filter_map(|(name, items, public)| {
        let items = cfg(items.as_ref()?);
        let name = ident(name);
        let reexport = public.as_ref().map(|gate| {
            let cfg = cfg(gate);
            quote! { #cfg pub use self::#name::*; }
        });
        Some(quote! {
            #items
            #[rustfmt::skip]
            mod #name;
            #reexport
        })
    });
    // The files are formatted by prettyplease; `cargo fmt` must leave them as they are, so
    // that `cargo xtask codegen --check` and `cargo fmt --check` agree.
    quote! {
        #header
        #( #shared )*
        #( #cfgs #[doc = #docs] #[rustfmt::skip] mod #mods; )*
        #[cfg(feature = "fake")]
        #[rustfmt::skip]
        pub(crate) mod fake;
        #( #cfgs pub use self::#mods::*; )*
    }
}
