//! `generated/enums.rs`: closed request enums and open response enums.

use super::{doc, gated, ident, inner_doc};
use crate::docs;
use crate::ir::{EnumKind, IrEnum, Matching};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// `generated/enums.rs`: every enum of the spec.
pub fn emit_enums(enums: &[IrEnum]) -> TokenStream {
    let header = inner_doc(docs::ENUMS_HEADER);
    let items = enums.iter().map(|e| {
        let items = match e.kind {
            EnumKind::Request => emit_request_enum(e),
            EnumKind::Response => emit_response_enum(e),
        };
        gated(&e.gate, items)
    });
    quote! { #header #( #items )* }
}

fn emit_request_enum(e: &IrEnum) -> TokenStream {
    let name = ident(&e.name);
    let type_doc = doc(&e.doc);
    let variants: Vec<Ident> = e.values.iter().map(|v| ident(&v.variant)).collect();
    let wires: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
    let docs = e.values.iter().map(|v| doc(&v.doc));
    let user_only: Vec<&Ident> = e
        .values
        .iter()
        .zip(&variants)
        .filter(|(v, _)| v.user_only)
        .map(|(_, id)| id)
        .collect();
    let user_body = if user_only.is_empty() {
        quote! { let _ = self; false }
    } else {
        quote! { matches!(self, #( Self::#user_only )|* ) }
    };
    quote! {
        #type_doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #( #docs #variants, )*
        }

        impl #name {
            /// Every value, in spec order.
            pub const ALL: &'static [#name] = &[ #( #name::#variants ),* ];

            /// The value as the API spells it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    #( #name::#variants => #wires, )*
                }
            }

            /// Whether requesting this value needs user-context auth.
            pub const fn requires_user_context(self) -> bool {
                #user_body
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl crate::runtime::WireEnum for #name {
            const ALL: &'static [Self] = #name::ALL;
            fn as_str(&self) -> &'static str {
                #name::as_str(*self)
            }
            fn user_context_only(&self) -> bool {
                self.requires_user_context()
            }
        }
    }
}

fn emit_response_enum(e: &IrEnum) -> TokenStream {
    let name = ident(&e.name);
    let type_doc = doc(&e.doc);
    let variants: Vec<Ident> = e.values.iter().map(|v| ident(&v.variant)).collect();
    let wires: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
    let arms: Vec<&str> = e.values.iter().map(|v| v.match_key.as_str()).collect();
    let docs = e.values.iter().map(|v| doc(&v.doc));
    let last_segment = e.matching == Matching::LastPathSegment;
    let match_on = if last_segment {
        quote! { value.rsplit('/').next().unwrap_or(value) }
    } else {
        quote! { value }
    };
    let from_doc = docs::from_wire(last_segment);
    quote! {
        #type_doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #( #docs #variants, )*
            /// A value this version of the spec does not list, kept as the API sent it.
            Unknown(String),
        }

        impl #name {
            /// The known values, in spec order.
            pub const KNOWN: &'static [#name] = &[ #( #name::#variants ),* ];

            /// The value as the API spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    #( #name::#variants => #wires, )*
                    #name::Unknown(other) => other,
                }
            }

            #[doc = #from_doc]
            pub fn from_wire(value: &str) -> Self {
                match #match_on {
                    #( #arms => #name::#variants, )*
                    _ => #name::Unknown(value.to_owned()),
                }
            }

            /// Whether the value is one this version of the spec does not list.
            pub fn is_unknown(&self) -> bool {
                matches!(self, #name::Unknown(_))
            }
        }

        impl ::core::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                Self::from_wire(value)
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                crate::runtime::deserialize_open(deserializer, Self::from_wire)
            }
        }
    }
}
