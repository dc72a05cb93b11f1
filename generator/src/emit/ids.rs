//! `generated/ids.rs`: one type per id kind; its traits come from the runtime's `id_type!`.

use super::{doc, ident, inner_doc};
use crate::docs;
use crate::ir::IrIdKind;
use proc_macro2::TokenStream;
use quote::quote;

/// `generated/ids.rs`: every id kind, in spec order.
pub fn emit_ids(ids: &[IrIdKind]) -> TokenStream {
    let header = inner_doc(docs::IDS_HEADER);
    let items = ids.iter().map(|k| {
        let name = ident(&k.name);
        let type_doc = doc(&k.doc);
        let (derive, repr) = if k.inline {
            (
                quote! { #[derive(Clone, Copy)] },
                quote! { crate::runtime::InlineId },
            )
        } else {
            (quote! { #[derive(Clone)] }, quote! { Box<str> })
        };
        let kind = &k.kind;
        let pattern = &k.pattern;
        let flavour = ident(if k.numeric { "numeric" } else { "text" });
        quote! {
            #type_doc
            #derive
            pub struct #name(#repr);
            crate::runtime::id_type!(#name, #kind, Some(#pattern), #flavour);
        }
    });
    quote! {
        #header
        #( #items )*
    }
}
