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

/// `items` with the gate's `#[cfg]` on each of them (a type's struct or enum and its impls),
/// placed before each item's own attributes. Done on the tokens, without parsing them: an item
/// ends at a top-level `;`, or at its top-level `{ … }` body unless it is a `static`, `const`,
/// `use` or `type` (whose initializer may hold braces). Tokens that are not items come out
/// with a misplaced `#[cfg]`, which formatting then reports as invalid Rust.
pub fn gated(gate: &[String], items: TokenStream) -> TokenStream {
    use proc_macro2::{Delimiter, TokenTree};
    if gate.is_empty() {
        return items;
    }
    let attr = match gate {
        [one] => quote! { #[cfg(feature = #one)] },
        many => quote! { #[cfg(any( #( feature = #many ),* ))] },
    };
    let mut out = TokenStream::new();
    let mut tokens = items.into_iter().peekable();
    let mut at_start = true;
    // Whether the current item ends at `;` only (its braces are in an initializer).
    let mut ends_at_semi = false;
    while let Some(token) = tokens.next() {
        if at_start {
            out.extend(attr.clone());
            at_start = false;
            ends_at_semi = false;
        }
        let ends = match &token {
            TokenTree::Ident(word) => {
                let word = word.to_string();
                let fn_follows =
                    matches!(tokens.peek(), Some(TokenTree::Ident(next)) if next == "fn");
                if matches!(word.as_str(), "static" | "use" | "type")
                    || word == "const" && !fn_follows
                {
                    ends_at_semi = true;
                }
                false
            }
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => g.delimiter() == Delimiter::Brace && !ends_at_semi,
            TokenTree::Literal(_) => false,
        };
        out.extend([token]);
        if ends {
            at_start = true;
        }
    }
    out
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
    fn gating_puts_the_cfg_before_each_item() {
        let items = quote! {
            /// A type.
            #[derive(Debug)]
            pub struct A { x: u8 }
            impl A { pub const fn new() -> Self { Self { x: 0 } } }
            pub struct B;
            pub static S: A = A { x: if true { 1 } else { 2 } };
            const _: () = { let _ = 1; };
            pub struct T(u8);
        };
        let file: syn::File = syn::parse2(gated(&["likes".into()], items)).expect("still items");
        assert_eq!(file.items.len(), 6);
        for item in &file.items {
            let first = match item {
                syn::Item::Struct(i) => &i.attrs[0],
                syn::Item::Impl(i) => &i.attrs[0],
                syn::Item::Static(i) => &i.attrs[0],
                syn::Item::Const(i) => &i.attrs[0],
                _ => panic!("an item of a kind not in the input"),
            };
            assert_eq!(
                quote! { #first }.to_string(),
                quote! { #[cfg(feature = "likes")] }.to_string()
            );
        }
        let two = gated(&["a".into(), "b".into()], quote! { struct X; });
        assert_eq!(
            two.to_string(),
            quote! { #[cfg(any(feature = "a", feature = "b"))] struct X; }.to_string()
        );
        assert!(gated(&[], quote! { struct X; }).to_string() == "struct X ;");
    }

    #[test]
    fn keywords_become_raw_identifiers() {
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(ident("self_").to_string(), "self_");
        let ty = rust_type(&IrType::Array(Box::new(IrType::Schema("User".into()))));
        assert_eq!(ty.to_string(), quote! { Vec<crate::User> }.to_string());
    }
}
