//! `generated/models.rs`: one struct per schema, with its lookups, key and pagination.

use super::{doc, gated, ident, inner_doc, rust_type};
use crate::docs;
use crate::ir::{FieldShape, IrEventId, IrField, IrKey, IrPage, IrSchema, IrType};
use crate::names;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// `generated/models.rs`: every schema, with lookups, keys and pagination impls.
pub fn emit_models(schemas: &[IrSchema]) -> TokenStream {
    let header = inner_doc(docs::MODELS_HEADER);
    let structs = schemas.iter().map(|s| gated(&s.gate, emit_schema(s)));
    let paginated = schemas.iter().filter_map(|s| {
        let page = s.page.as_ref()?;
        Some(gated(&s.gate, emit_paginated(&s.name, page)))
    });
    let events = schemas.iter().filter_map(|s| {
        let id = s.event.as_ref()?;
        Some(gated(&s.gate, emit_stream_event(&s.name, id)))
    });
    quote! { #header #( #structs )* #( #paginated )* #( #events )* }
}

/// `StreamEvent` for a schema that lines of a stream decode as: the path to its id.
fn emit_stream_event(schema: &str, id: &IrEventId) -> TokenStream {
    let name = ident(schema);
    let Some((leaf, through)) = id.steps.split_last() else {
        return quote! { impl crate::runtime::StreamEvent for #name {} };
    };
    let mut expr = quote! { self };
    for step in through {
        let f = ident(&step.rust);
        expr = if step.optional {
            quote! { #expr.#f.as_ref()? }
        } else {
            quote! { #expr.#f }
        };
    }
    let f = ident(&leaf.rust);
    let body = if leaf.optional {
        quote! { #expr.#f.as_deref() }
    } else {
        quote! { Some(#expr.#f.as_str()) }
    };
    quote! {
        impl crate::runtime::StreamEvent for #name {
            fn event_id(&self) -> Option<&str> {
                #body
            }
        }
    }
}

fn emit_paginated(schema: &str, page: &IrPage) -> TokenStream {
    let name = ident(schema);
    let item = ident(&page.item_type);
    let path: Vec<Ident> = page.next_token.iter().map(|s| ident(s)).collect();
    let items = ident(&page.items_field);
    quote! {
        impl crate::runtime::Paginated for #name {
            type Item = crate::#item;
            fn next_token(&self) -> Option<&str> {
                self.#( #path ).*.as_deref()
            }
            fn into_items(self) -> Vec<crate::#item> {
                self.#items
            }
        }
    }
}

fn emit_schema(s: &IrSchema) -> TokenStream {
    let name = ident(&s.name);
    let type_doc = doc(&s.doc);
    let mut derives = vec![quote! { Debug }, quote! { Clone }, quote! { PartialEq }];
    if s.eq {
        derives.push(quote! { Eq });
    }
    if s.default {
        derives.push(quote! { Default });
    }
    let fields = s.fields.iter().map(emit_field);
    let extra = s.extra.then(|| {
        quote! {
            /// Properties the spec does not declare, kept as sent so that nothing is lost.
            #[serde(flatten)]
            pub extra: ::std::collections::BTreeMap<String, ::serde_json::Value>,
        }
    });
    let mut methods = Vec::new();
    if s.needs_is_empty {
        methods.push(emit_is_empty(s));
    }
    for f in &s.fields {
        if let (Some(lookup), IrType::Array(inner)) = (&f.lookup, &f.ty) {
            let method = ident(&lookup.method);
            let field = ident(&f.rust);
            let item = rust_type(inner);
            let text = &lookup.doc;
            methods.push(match &lookup.key_id {
                None => quote! {
                    #[doc = #text]
                    pub fn #method(&self, key: &str) -> Option<&#item> {
                        self.#field.get(key)
                    }
                },
                Some(id) => {
                    let id = ident(id);
                    quote! {
                        #[doc = #text]
                        pub fn #method(
                            &self,
                            key: &(impl crate::runtime::IdKey<crate::#id> + ?Sized),
                        ) -> Option<&#item> {
                            self.#field.get(crate::runtime::IdKey::id_str(key))
                        }
                    }
                }
            });
        }
    }
    let inherent = (!methods.is_empty()).then(|| quote! { impl #name { #( #methods )* } });
    let keyed = s.key.as_ref().map(|key| emit_keyed(&name, key));
    quote! {
        #type_doc
        #[derive( #( #derives ),* , ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #( #fields )*
            #extra
        }
        #inherent
        #keyed
    }
}

fn emit_is_empty(s: &IrSchema) -> TokenStream {
    let mut checks: Vec<TokenStream> = s
        .fields
        .iter()
        .map(|f| {
            let id = ident(&f.rust);
            match f.shape {
                FieldShape::Optional | FieldShape::Boxed => quote! { self.#id.is_none() },
                _ => quote! { self.#id.is_empty() },
            }
        })
        .collect();
    if s.extra {
        checks.push(quote! { self.extra.is_empty() });
    }
    if checks.is_empty() {
        checks.push(quote! { true });
    }
    quote! {
        /// Whether nothing is set (such a value is omitted when serialising).
        pub fn is_empty(&self) -> bool {
            #( #checks )&&*
        }
    }
}

fn emit_keyed(name: &Ident, key: &IrKey) -> TokenStream {
    let id = ident(&key.field);
    let body = if key.required {
        quote! { &self.#id }
    } else {
        quote! { self.#id.as_deref().unwrap_or_default() }
    };
    quote! {
        impl crate::runtime::Keyed for #name {
            fn key(&self) -> &str {
                #body
            }
        }
    }
}

fn emit_field(f: &IrField) -> TokenStream {
    let id = ident(&f.rust);
    let field_doc = doc(&f.doc);
    let mut serde_args: Vec<TokenStream> = Vec::new();
    if names::unraw(&f.rust) != f.wire {
        let wire = &f.wire;
        serde_args.push(quote! { rename = #wire });
    }
    let ty = match f.shape {
        FieldShape::Required => {
            if f.ty == IrType::Integer {
                serde_args.push(quote! { deserialize_with = "crate::runtime::lenient::i64" });
            }
            rust_type(&f.ty)
        }
        FieldShape::Optional => {
            serde_args.push(quote! { default });
            serde_args.push(quote! { skip_serializing_if = "Option::is_none" });
            if f.ty == IrType::Integer {
                serde_args.push(quote! { deserialize_with = "crate::runtime::lenient::opt_i64" });
            }
            let inner = rust_type(&f.ty);
            quote! { Option<#inner> }
        }
        FieldShape::Boxed => {
            serde_args.push(quote! { default });
            serde_args.push(quote! { skip_serializing_if = "Option::is_none" });
            let inner = rust_type(&f.ty);
            quote! { Option<Box<#inner>> }
        }
        FieldShape::List => {
            serde_args.push(quote! { default });
            match (&f.lookup, &f.ty) {
                (Some(_), IrType::Array(inner)) => {
                    serde_args
                        .push(quote! { skip_serializing_if = "crate::runtime::Indexed::is_empty" });
                    let inner = rust_type(inner);
                    quote! { crate::runtime::Indexed<#inner> }
                }
                _ => {
                    serde_args.push(quote! { skip_serializing_if = "Vec::is_empty" });
                    rust_type(&f.ty)
                }
            }
        }
        FieldShape::DefaultObject => {
            serde_args.push(quote! { default });
            // The IR gives this shape to schema types only.
            if let IrType::Schema(name) = &f.ty {
                let path = format!("crate::{name}::is_empty");
                serde_args.push(quote! { skip_serializing_if = #path });
            }
            rust_type(&f.ty)
        }
    };
    let serde_attr = (!serde_args.is_empty()).then(|| quote! { #[serde( #( #serde_args ),* )] });
    quote! {
        #field_doc
        #serde_attr
        pub #id: #ty,
    }
}
