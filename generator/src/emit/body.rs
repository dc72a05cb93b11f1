//! Request bodies: `generated/requests.rs` (request types and the static descriptions of
//! request schemas), and for endpoints the static description of an inline body and the
//! argument type and statement that set a body member.

use super::endpoints::check_tokens;
use super::{cfg, doc, doc_lines, gated, ident, inner_doc, union_gate};
use crate::docs;
use crate::ir::{IrBody, IrCheck, IrGroup, IrMember, IrObject, IrRequest, IrValue};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

/// `generated/requests.rs`: a struct per request schema used as a member type, and every
/// request schema's static description.
pub fn emit_requests(requests: &[IrRequest]) -> TokenStream {
    let header = inner_doc(docs::REQUESTS_HEADER);
    // Each import is compiled with the features of the requests that use it, so that no
    // feature set leaves one unused.
    let all = union_gate(requests.iter().map(|r| &r.gate));
    let check = union_gate(
        requests
            .iter()
            .filter(|r| object_uses_check(&r.object))
            .map(|r| &r.gate),
    );
    let mut by_gate: Vec<(&Vec<String>, Vec<Ident>)> = Vec::new();
    for (name, gate) in [
        ("Body", &all),
        ("Check", &check),
        ("Member", &all),
        ("Shape", &all),
    ] {
        let Some(gate) = gate else { continue };
        match by_gate.iter_mut().find(|(g, _)| *g == gate) {
            Some((_, names)) => names.push(ident(name)),
            None => by_gate.push((gate, vec![ident(name)])),
        }
    }
    let imports = by_gate.iter().map(|(gate, names)| {
        let cfg = cfg(gate);
        quote! { #cfg use crate::runtime::{ #( #names ),* }; }
    });
    let structs = requests
        .iter()
        .filter(|r| r.structure)
        .map(|r| gated(&r.gate, emit_struct(r)));
    let shapes = requests.iter().map(|r| {
        let what = format!("a `{}`", r.name);
        gated(
            &r.gate,
            shape_static(&r.object, &docs::body_shape(&what), true),
        )
    });
    quote! {
        #header
        #( #imports )*
        #( #structs )*
        #( #shapes )*
    }
}

/// Whether the static description of `o` names `Check` (the group module's imports).
pub(super) fn object_uses_check(o: &IrObject) -> bool {
    fn value(v: &IrValue) -> bool {
        match v {
            IrValue::Object { .. } => false,
            IrValue::List { item, .. } => value(item),
            _ => true,
        }
    }
    o.members.iter().any(|m| value(&m.value))
}

/// Whether a group module describes an inline body (and imports `Body`, `Member`, `Shape`).
pub(super) fn group_inline_bodies(g: &IrGroup) -> impl Iterator<Item = &IrObject> {
    g.endpoints
        .iter()
        .filter_map(|e| e.body.as_ref().filter(|b| b.inline).map(|b| &b.object))
}

/// The static description of an object; `in_requests` when emitted in `requests.rs`.
pub(super) fn shape_static(o: &IrObject, text: &str, in_requests: bool) -> TokenStream {
    let name = ident(&o.shape);
    let members = o.members.iter().map(|m| {
        let wire = &m.wire;
        let required = m.required;
        let shape = shape_tokens(&m.value, in_requests);
        quote! { Member::new(#wire, #required, #shape) }
    });
    let groups = |gs: &[Vec<String>]| {
        let gs = gs.iter().map(|g| quote! { &[ #( #g ),* ] });
        quote! { &[ #( #gs ),* ] }
    };
    let exclusive = groups(&o.exclusive);
    let at_least_one = groups(&o.at_least_one);
    let vis = if in_requests {
        quote! { pub(crate) }
    } else {
        quote! {}
    };
    quote! {
        #[doc = #text]
        #vis static #name: Body = Body {
            members: &[ #( #members ),* ],
            exclusive: #exclusive,
            at_least_one: #at_least_one,
        };
    }
}

fn shape_tokens(v: &IrValue, in_requests: bool) -> TokenStream {
    let value = |c: &IrCheck| {
        let c = check_tokens(c);
        quote! { Shape::Value(#c) }
    };
    match v {
        IrValue::Str(c) | IrValue::Id { check: c, .. } | IrValue::Int { check: c, .. } => value(c),
        IrValue::Number | IrValue::Bool | IrValue::Bytes | IrValue::Enum(_) => {
            value(&IrCheck::None)
        }
        IrValue::Object { shape, .. } => {
            let shape = ident(shape);
            if in_requests {
                quote! { Shape::Object(&#shape) }
            } else {
                quote! { Shape::Object(&super::requests::#shape) }
            }
        }
        IrValue::List {
            min_items,
            max_items,
            item,
        } => {
            let size = |v: &Option<usize>| match v {
                Some(n) => {
                    let n = Literal::usize_unsuffixed(*n);
                    quote! { Some(#n) }
                }
                None => quote! { None },
            };
            let (min, max) = (size(min_items), size(max_items));
            let item = shape_tokens(item, in_requests);
            quote! { Shape::list(#min, #max, &#item) }
        }
    }
}

/// `Some(&…)`: the `body` of an endpoint's static description.
pub(super) fn body_ref(body: Option<&IrBody>) -> TokenStream {
    match body {
        None => quote! { None },
        Some(b) => {
            let shape = ident(&b.object.shape);
            if b.inline {
                quote! { Some(&#shape) }
            } else {
                quote! { Some(&super::requests::#shape) }
            }
        }
    }
}

/// How a value is taken and held: the argument type, the expression that turns the
/// argument `id` into the held value, and the held (serialised) type.
fn input(v: &IrValue, id: &TokenStream) -> (TokenStream, TokenStream, TokenStream) {
    match v {
        IrValue::Str(_) => (
            quote! { impl Into<String> },
            quote! { Into::<String>::into(#id) },
            quote! { String },
        ),
        IrValue::Id { ty, .. } => {
            let ty = ident(ty);
            (
                quote! { impl crate::runtime::IntoId<crate::#ty> },
                quote! { crate::runtime::IntoId::into_id_text(#id) },
                quote! { String },
            )
        }
        IrValue::Int { unsigned: true, .. } => (quote! { u32 }, quote! { #id }, quote! { u32 }),
        IrValue::Int { .. } => (quote! { i64 }, quote! { #id }, quote! { i64 }),
        IrValue::Number => (quote! { f64 }, quote! { #id }, quote! { f64 }),
        IrValue::Bool => (quote! { bool }, quote! { #id }, quote! { bool }),
        IrValue::Bytes => (
            quote! { impl AsRef<[u8]> },
            quote! { crate::runtime::base64_text(#id.as_ref()) },
            quote! { String },
        ),
        IrValue::Enum(e) => {
            let e = ident(e);
            (
                quote! { crate::#e },
                quote! { #id.as_str() },
                quote! { &'static str },
            )
        }
        IrValue::Object { ty, .. } => {
            let ty = ident(ty);
            (quote! { crate::#ty }, quote! { #id }, quote! { crate::#ty })
        }
        IrValue::List { item, .. } => {
            let (item_arg, _, item_held) = input(item, &quote! { v });
            let map = match item.as_ref() {
                IrValue::Str(_) => quote! { .map(Into::<String>::into) },
                IrValue::Id { .. } => quote! { .map(crate::runtime::IntoId::into_id_text) },
                IrValue::Enum(_) => quote! { .map(|v| v.as_str()) },
                IrValue::Bytes => quote! { .map(|v| crate::runtime::base64_text(v.as_ref())) },
                _ => quote! {},
            };
            (
                quote! { impl IntoIterator<Item = #item_arg> },
                quote! { #id.into_iter() #map .collect::<Vec<#item_held>>() },
                quote! { Vec<#item_held> },
            )
        }
    }
}

/// The argument type and the statement that sets a top-level body member on the
/// `RequestBuilder` named by `target`.
pub(super) fn member_input(m: &IrMember, target: &TokenStream) -> (TokenStream, TokenStream) {
    let id = ident(&m.rust);
    let wire = &m.wire;
    let (arg, conv, _) = input(&m.value, &quote! { #id });
    (arg, quote! { #target.set_member(#wire, #conv); })
}

/// A request type: private fields, `new` with the required members, a setter per optional
/// member; serialised with serde (unset members left out).
fn emit_struct(r: &IrRequest) -> TokenStream {
    let name = ident(&r.name);
    let mut text = r.doc.clone();
    if !r.object.rules_doc.is_empty() {
        text.push_str("\n\n");
        text.push_str(&r.object.rules_doc.join("\n"));
    }
    let type_doc = doc(&text);
    let members = &r.object.members;
    let fields = members.iter().map(|m| {
        let id = ident(&m.rust);
        let (_, _, held) = input(&m.value, &quote! { #id });
        let mut attrs = Vec::new();
        if crate::names::unraw(&m.rust) != m.wire {
            let wire = &m.wire;
            attrs.push(quote! { rename = #wire });
        }
        let ty = if m.required {
            held
        } else {
            attrs.push(quote! { skip_serializing_if = "Option::is_none" });
            quote! { Option<#held> }
        };
        let attr = (!attrs.is_empty()).then(|| quote! { #[serde( #( #attrs ),* )] });
        quote! { #attr #id: #ty, }
    });
    let required: Vec<&IrMember> = members.iter().filter(|m| m.required).collect();
    let args = required.iter().map(|m| {
        let id = ident(&m.rust);
        let (arg, _, _) = input(&m.value, &quote! { #id });
        quote! { #id: #arg }
    });
    let inits = members.iter().map(|m| {
        let id = ident(&m.rust);
        if m.required {
            let (_, conv, _) = input(&m.value, &quote! { #id });
            let taken_as_is = matches!(
                m.value,
                IrValue::Int { .. } | IrValue::Number | IrValue::Bool | IrValue::Object { .. }
            );
            if taken_as_is {
                quote! { #id, }
            } else {
                quote! { #id: #conv, }
            }
        } else {
            quote! { #id: None, }
        }
    });
    let mut new_doc = vec![docs::request_new(&r.name)];
    let arg_docs: Vec<(&str, &[String])> = required
        .iter()
        .map(|m| (crate::names::unraw(&m.rust), m.doc.as_slice()))
        .collect();
    docs::arguments(&mut new_doc, &arg_docs);
    let new_doc = doc_lines(&new_doc);
    let setters = members.iter().filter(|m| !m.required).map(|m| {
        let id = ident(&m.rust);
        let (arg, conv, _) = input(&m.value, &quote! { #id });
        let d = doc_lines(&m.doc);
        quote! {
            #d
            pub fn #id(mut self, #id: #arg) -> Self {
                self.#id = Some(#conv);
                self
            }
        }
    });
    // With every member optional, `new()` takes nothing and `Default` is the same value.
    let default = required.is_empty().then(|| quote! { Default, });
    quote! {
        #type_doc
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize)]
        pub struct #name {
            #( #fields )*
        }

        impl #name {
            #new_doc
            pub fn new( #( #args ),* ) -> Self {
                Self { #( #inits )* }
            }

            #( #setters )*
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::IrRequest;

    fn member(wire: &str, required: bool, value: IrValue) -> IrMember {
        IrMember {
            wire: wire.into(),
            rust: wire.into(),
            doc: vec!["Doc.".into()],
            required,
            value,
            sample: None,
        }
    }

    fn poll() -> IrRequest {
        IrRequest {
            name: "Poll".into(),
            doc: "A poll.".into(),
            object: IrObject {
                shape: "POLL_SCHEMA".into(),
                members: vec![
                    member(
                        "options",
                        true,
                        IrValue::List {
                            min_items: Some(2),
                            max_items: None,
                            item: Box::new(IrValue::Str(IrCheck::None)),
                        },
                    ),
                    member("mode", false, IrValue::Enum("Mode".into())),
                ],
                exclusive: vec![],
                at_least_one: vec![],
                rules_doc: vec![],
            },
            structure: true,
            gate: Vec::new(),
        }
    }

    #[test]
    fn a_request_type_has_new_setters_and_a_shape() {
        let out = emit_requests(&[poll()]).to_string();
        assert!(out.contains("use crate :: runtime :: { Body , Check , Member , Shape } ;"));
        assert!(out.contains("# [derive (Debug , Clone , PartialEq , :: serde :: Serialize)] pub struct Poll { options : Vec < String > , # [serde (skip_serializing_if = \"Option::is_none\")] mode : Option < & 'static str > , }"), "{out}");
        assert!(out.contains(
            "pub fn new (options : impl IntoIterator < Item = impl Into < String > >) -> Self"
        ));
        assert!(out.contains("pub fn mode (mut self , mode : crate :: Mode) -> Self { self . mode = Some (mode . as_str ()) ; self }"));
        assert!(out.contains("pub (crate) static POLL_SCHEMA : Body = Body { members : & [Member :: new (\"options\" , true , Shape :: list (Some (2) , None , & Shape :: Value (Check :: None))) , Member :: new (\"mode\" , false , Shape :: Value (Check :: None))] , exclusive : & [] , at_least_one : & [] , } ;"), "{out}");
    }

    #[test]
    fn endpoint_members_are_set_as_json_and_shapes_are_referenced() {
        let (ty, set) = member_input(
            &member(
                "poll",
                false,
                IrValue::Object {
                    ty: "Poll".into(),
                    shape: "POLL_SCHEMA".into(),
                },
            ),
            &quote! { self.inner },
        );
        assert_eq!(ty.to_string(), "crate :: Poll");
        assert_eq!(
            set.to_string(),
            "self . inner . set_member (\"poll\" , poll) ;"
        );
        let body = IrBody {
            object: poll().object,
            inline: false,
        };
        assert_eq!(
            body_ref(Some(&body)).to_string(),
            "Some (& super :: requests :: POLL_SCHEMA)"
        );
        assert_eq!(body_ref(None).to_string(), "None");
    }
}
