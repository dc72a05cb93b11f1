//! Stage 3: print the IR as token streams, one pure function per output file, one module per
//! kind of output. No I/O and no decisions: every name, shape and doc comes from the IR (or,
//! for fixed texts, from [`crate::docs`]).

mod body;
mod endpoints;
mod enums;
mod exercise;
mod fake;
mod ids;
mod models;
mod module;

pub use body::emit_requests;
pub use endpoints::emit_group;
pub use enums::emit_enums;
pub use exercise::emit_exercise;
pub use fake::emit_fake;
pub use ids::emit_ids;
pub use models::emit_models;
pub use module::emit_mod;

use crate::docs::markdown_safe;
use crate::ir::IrType;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// An identifier, raw where the name is `r#…`.
pub fn ident(s: &str) -> Ident {
    match s.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(s, Span::call_site()),
    }
}

/// `#[doc = "…"]` attributes, one per line, with rustdoc's customary leading space.
pub fn doc(text: &str) -> TokenStream {
    let lines: Vec<String> = text
        .trim()
        .lines()
        .map(|l| {
            let l = markdown_safe(l.trim_end());
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        })
        .collect();
    quote! { #( #[doc = #lines] )* }
}

fn doc_lines(lines: &[String]) -> TokenStream {
    doc(&lines.join("\n"))
}

/// `#![doc = "…"]` attributes, one per line.
fn inner_doc(text: &str) -> TokenStream {
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        })
        .collect();
    quote! { #( #![doc = #lines] )* }
}

/// The `#[cfg]` of a gate: compiled with any of its features; nothing for an empty gate.
pub fn cfg(gate: &[String]) -> TokenStream {
    match gate {
        [] => quote! {},
        [one] => quote! { #[cfg(feature = #one)] },
        many => quote! { #[cfg(any( #( feature = #many ),* ))] },
    }
}

/// The gate of what several gated items need: `None` when there are none, always (empty)
/// when any of them is, otherwise every feature of any of them.
pub fn union_gate<'a>(gates: impl Iterator<Item = &'a crate::ir::Gate>) -> Option<crate::ir::Gate> {
    let mut union: Option<std::collections::BTreeSet<&String>> = None;
    for gate in gates {
        if gate.is_empty() {
            return Some(Vec::new());
        }
        union.get_or_insert_with(Default::default).extend(gate);
    }
    union.map(|u| u.into_iter().cloned().collect())
}

/// `items` with the gate's `#[cfg]` on each of them (a type's struct or enum and its impls).
/// Tokens that do not parse as items are returned as they are: formatting parses the same
/// tokens and reports the error.
pub fn gated(gate: &[String], items: TokenStream) -> TokenStream {
    if gate.is_empty() {
        return items;
    }
    let Ok(mut file) = syn::parse2::<syn::File>(items.clone()) else {
        return items;
    };
    let attr: syn::Attribute = match gate {
        [one] => syn::parse_quote! { #[cfg(feature = #one)] },
        many => syn::parse_quote! { #[cfg(any( #( feature = #many ),* ))] },
    };
    for item in &mut file.items {
        let attrs = match item {
            syn::Item::Struct(i) => &mut i.attrs,
            syn::Item::Enum(i) => &mut i.attrs,
            syn::Item::Impl(i) => &mut i.attrs,
            syn::Item::Static(i) => &mut i.attrs,
            syn::Item::Const(i) => &mut i.attrs,
            syn::Item::Fn(i) => &mut i.attrs,
            syn::Item::Macro(i) => &mut i.attrs,
            syn::Item::Type(i) => &mut i.attrs,
            syn::Item::Use(i) => &mut i.attrs,
            syn::Item::Mod(i) => &mut i.attrs,
            syn::Item::Trait(i) => &mut i.attrs,
            // Not emitted for a type; left ungated, it would fail to compile without its
            // type, so the mistake cannot pass unnoticed.
            _ => continue,
        };
        attrs.insert(0, attr.clone());
    }
    quote::ToTokens::into_token_stream(file)
}

/// The Rust type of an IR type; schemas and enums by their path at the crate root.
fn rust_type(ty: &IrType) -> TokenStream {
    match ty {
        IrType::String => quote! { crate::runtime::CompactString },
        IrType::Integer => quote! { i64 },
        IrType::Number => quote! { f64 },
        IrType::Boolean => quote! { bool },
        IrType::Json => quote! { ::serde_json::Value },
        IrType::Array(inner) => {
            let inner = rust_type(inner);
            quote! { Vec<#inner> }
        }
        IrType::Schema(name) | IrType::Enum(name) | IrType::Id(name) => {
            let name = ident(name);
            quote! { crate::#name }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_are_one_attribute_per_line() {
        let tokens = doc("First line.\n\nSecond [x].");
        let expected = quote! {
            #[doc = " First line."]
            #[doc = ""]
            #[doc = " Second \\[x\\]."]
        };
        assert_eq!(tokens.to_string(), expected.to_string());
    }

    #[test]
    fn keywords_become_raw_identifiers() {
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(ident("self_").to_string(), "self_");
        let ty = rust_type(&IrType::Array(Box::new(IrType::Schema("User".into()))));
        assert_eq!(ty.to_string(), quote! { Vec<crate::User> }.to_string());
    }
}
