//! `generated/<group>.rs`: per endpoint, its static description, the `Client` method and
//! the request builder.

use super::body::{body_ref, group_inline_bodies, member_input, object_uses_check, shape_static};
use super::{doc, doc_lines, ident, inner_doc};
use crate::docs;
use crate::ir::{IrCheck, IrEndpoint, IrGroup, IrLocation, IrParam, IrResponse, ParamKind};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

/// `generated/<group>.rs`: one request builder per endpoint and the `Client` methods.
pub fn emit_group(g: &IrGroup) -> TokenStream {
    let header = inner_doc(&docs::group_header(&g.file));
    let endpoints = g.endpoints.iter().map(emit_endpoint);
    // Import only what is used, so that a module without parameters has no unused import.
    let any_params = g.endpoints.iter().any(|e| !e.params.is_empty());
    let any_inline = group_inline_bodies(g).next().is_some();
    let inline_check = group_inline_bodies(g).any(object_uses_check);
    let mut names: Vec<&str> = vec!["Endpoint", "Method", "RequestBuilder"];
    if any_params {
        names.extend(["Check", "Param"]);
    } else if inline_check {
        names.push("Check");
    }
    if any_inline {
        names.extend(["Body", "Member", "Shape"]);
    }
    names.sort_unstable();
    let names = names.iter().map(|n| ident(n));
    let imports = quote! { use crate::runtime::{ #( #names ),* }; };
    quote! {
        #header
        #imports
        #( #endpoints )*
    }
}

pub(super) fn check_tokens(c: &IrCheck) -> TokenStream {
    fn opt<T: quote::ToTokens>(v: Option<T>) -> TokenStream {
        match v {
            Some(v) => quote! { Some(#v) },
            None => quote! { None },
        }
    }
    let int = |v: &Option<i64>| opt(v.map(Literal::i64_unsuffixed));
    let size = |v: &Option<usize>| opt(v.map(Literal::usize_unsuffixed));
    match c {
        IrCheck::None => quote! { Check::None },
        IrCheck::Int { min, max } => {
            let (min, max) = (int(min), int(max));
            quote! { Check::int(#min, #max) }
        }
        IrCheck::Str {
            pattern,
            min_len,
            max_len,
        } => {
            let (pattern, min_len, max_len) = (opt(pattern.as_ref()), size(min_len), size(max_len));
            quote! { Check::str(#pattern, #min_len, #max_len) }
        }
        IrCheck::List {
            min_items,
            max_items,
        } => {
            let (min_items, max_items) = (size(min_items), size(max_items));
            quote! { Check::list(#min_items, #max_items) }
        }
        IrCheck::ListOf {
            min_items,
            max_items,
            item_pattern,
        } => {
            let (min_items, max_items) = (size(min_items), size(max_items));
            quote! { Check::list_of(#min_items, #max_items, #item_pattern) }
        }
    }
}

/// The argument type and the statement that records a parameter on the `RequestBuilder`
/// named by `target`.
fn param_input(p: &IrParam, target: &TokenStream) -> (TokenStream, TokenStream) {
    let id = ident(&p.rust);
    let wire = &p.wire;
    match &p.kind {
        ParamKind::Str => (
            quote! { impl Into<String> },
            quote! { #target.set(#wire, #id.into()); },
        ),
        ParamKind::Unsigned => (quote! { u32 }, quote! { #target.set(#wire, #id); }),
        ParamKind::Int => (quote! { i64 }, quote! { #target.set(#wire, #id); }),
        ParamKind::Bool => (quote! { bool }, quote! { #target.set(#wire, #id); }),
        ParamKind::EnumList(e) => {
            let e = ident(e);
            (
                quote! { impl IntoIterator<Item = crate::#e> },
                quote! { #target.set_list(#wire, #id); },
            )
        }
        ParamKind::StrList => (
            quote! { impl IntoIterator<Item = impl Into<String>> },
            quote! { #target.set_strings(#wire, #id); },
        ),
        // A list of one: sent as the value alone, with the user-context check of enum lists.
        ParamKind::Enum(e) => {
            let e = ident(e);
            (
                quote! { crate::#e },
                quote! { #target.set_list(#wire, [#id]); },
            )
        }
        ParamKind::DateTime => (
            quote! { crate::runtime::OffsetDateTime },
            quote! { #target.set(#wire, #id); },
        ),
        ParamKind::Id(ty) => {
            let ty = ident(ty);
            (
                quote! { impl crate::runtime::IntoId<crate::#ty> },
                quote! { #target.set(#wire, crate::runtime::IntoId::into_id_text(#id)); },
            )
        }
        ParamKind::IdList(ty) => {
            let ty = ident(ty);
            (
                quote! { impl IntoIterator<Item = impl crate::runtime::IntoId<crate::#ty>> },
                quote! { #target.set_strings(#wire, #id.into_iter().map(crate::runtime::IntoId::into_id_text)); },
            )
        }
    }
}

/// The endpoint's static description, for the runtime.
fn emit_meta(ep: &IrEndpoint) -> TokenStream {
    let meta = ident(&ep.meta);
    let name = &ep.op;
    let path = &ep.path;
    let (app_only, oauth1_user, oauth2_user) = ep.auth.kinds();
    let method = ident(ep.method.variant());
    let params = ep.params.iter().map(|p| {
        let wire = &p.wire;
        let required = p.required;
        let check = check_tokens(&p.check);
        match p.location {
            IrLocation::Path => quote! { Param::path(#wire, #check) },
            IrLocation::Query => quote! { Param::query(#wire, #required, #check) },
        }
    });
    let pagination_param = match &ep.pagination {
        Some(pg) => {
            let t = &pg.token_param;
            quote! { Some(#t) }
        }
        None => quote! { None },
    };
    let meta_doc = &ep.meta_doc;
    let body = body_ref(ep.body.as_ref());
    let inline_body = ep.body.as_ref().filter(|b| b.inline).map(|b| {
        let text = docs::body_shape(&format!("the body of `{}`", ep.op));
        shape_static(&b.object, &text, false)
    });
    quote! {
        #inline_body

        #[doc = #meta_doc]
        pub(crate) static #meta: Endpoint = Endpoint {
            name: #name,
            method: Method::#method,
            path: #path,
            auth: crate::runtime::AuthSet {
                app_only: #app_only,
                oauth1_user: #oauth1_user,
                oauth2_user: #oauth2_user,
            },
            params: &[ #( #params ),* ],
            pagination_param: #pagination_param,
            // The runtime never reads rate limits (they are in the method docs); the field
            // stays empty until `Endpoint` drops it.
            body: #body,
        };
    }
}

fn emit_endpoint(ep: &IrEndpoint) -> TokenStream {
    let meta = ident(&ep.meta);
    let builder = ident(&ep.builder);
    let op = ident(&ep.op);
    let static_item = emit_meta(ep);
    let required: Vec<&IrParam> = ep.params.iter().filter(|p| p.required).collect();
    let optional = ep.params.iter().filter(|p| !p.required);
    let members = ep
        .body
        .as_ref()
        .map(|b| b.object.members.as_slice())
        .unwrap_or_default();
    let arg_ids: Vec<Ident> = required
        .iter()
        .map(|p| ident(&p.rust))
        .chain(
            members
                .iter()
                .filter(|m| m.required)
                .map(|m| ident(&m.rust)),
        )
        .collect();
    let (arg_tys, arg_sets): (Vec<_>, Vec<_>) = required
        .iter()
        .map(|p| param_input(p, &quote! { inner }))
        .chain(
            members
                .iter()
                .filter(|m| m.required)
                .map(|m| member_input(m, &quote! { inner })),
        )
        .unzip();
    let method_doc = doc_lines(&ep.doc);
    let builder_doc = doc(&ep.builder_doc);
    let setters = optional
        .map(|p| {
            (
                ident(&p.rust),
                param_input(p, &quote! { self.inner }),
                &p.doc,
            )
        })
        .chain(members.iter().filter(|m| !m.required).map(|m| {
            (
                ident(&m.rust),
                member_input(m, &quote! { self.inner }),
                &m.doc,
            )
        }))
        .map(|(id, (ty, set), d)| {
            let d = doc_lines(d);
            quote! {
                #d
                pub fn #id(mut self, #id: #ty) -> Self {
                    #set
                    self
                }
            }
        });
    let response = match &ep.response {
        IrResponse::Schema(r) => {
            let r = ident(r);
            quote! { crate::#r }
        }
        IrResponse::Empty => quote! { () },
        IrResponse::Binary => quote! { crate::runtime::Binary },
    };
    let paging = ep.pagination.as_ref().map(|pg| {
        let items_doc = docs::items_method(&pg.item_type);
        quote! {
            /// Every page, lazily: a `Stream` that follows `next_token` until the last page.
            pub fn pages(self) -> crate::runtime::Pages<#response> {
                self.inner.pages()
            }

            #[doc = #items_doc]
            pub fn items(self) -> crate::runtime::Items<#response> {
                self.inner.items()
            }
        }
    });
    let finish = match &ep.stream {
        Some(st) => {
            let backfill = match &st.backfill {
                Some(b) => {
                    let (wire, max) = (&b.wire, b.max);
                    quote! { Some(crate::runtime::Backfill { param: #wire, max_minutes: #max }) }
                }
                None => quote! { None },
            };
            let doc = docs::stream_method(st.backfill.as_ref().map(|b| (b.wire.as_str(), b.max)));
            quote! {
                #[doc = #doc]
                pub fn stream(self) -> crate::runtime::EventStream<#response> {
                    self.inner.stream(#backfill)
                }
            }
        }
        None => quote! {
            /// Sends the request and decodes one page (or object).
            pub async fn send(self) -> crate::runtime::Result<crate::runtime::Response<#response>> {
                self.inner.send().await
            }
        },
    };
    let new_inner = if arg_ids.is_empty() {
        quote! { let inner = RequestBuilder::new(self, &#meta); }
    } else {
        quote! { let mut inner = RequestBuilder::new(self, &#meta); }
    };
    // The accepted auth set is a bound on the method: another kind of client gets the
    // bound's message (`#[diagnostic::on_unimplemented]`) naming what the endpoint needs.
    let bound = ep.auth.bound().map(|b| {
        let b = ident(b);
        quote! { where A: crate::runtime::accepts::#b }
    });
    quote! {
        #static_item

        impl<A: crate::runtime::AuthKind> crate::runtime::Client<A> {
            #method_doc
            pub fn #op(&self #( , #arg_ids: #arg_tys )* ) -> #builder<A> #bound {
                #new_inner
                #( #arg_sets )*
                #builder { inner }
            }
        }

        #builder_doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder<A> {
            inner: RequestBuilder<A>,
        }

        impl<A: crate::runtime::AuthKind> #builder<A> {
            #( #setters )*

            #finish

            #paging
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::HttpMethod;

    fn endpoint(params: Vec<IrParam>) -> IrEndpoint {
        IrEndpoint {
            op: "get_me".into(),
            builder: "GetMe".into(),
            meta: "GET_ME".into(),
            method: HttpMethod::Get,
            path: "/me".into(),
            doc: vec!["Me.".into()],
            builder_doc: "Builder.".into(),
            meta_doc: " Meta.".into(),
            auth: crate::ir::IrAuthSet::UserContext,
            params,
            body: None,
            response: IrResponse::Schema("MeResponse".into()),
            pagination: None,
            stream: None,
            scopes: Vec::new(),
            rate_limits: Vec::new(),
            answer_sample: None,
        }
    }

    fn group(params: Vec<IrParam>) -> String {
        let g = IrGroup {
            module: "me".into(),
            file: "spec/me.yaml".into(),
            endpoints: vec![endpoint(params)],
            feature: None,
        };
        emit_group(&g).to_string()
    }

    #[test]
    fn imports_only_what_the_module_uses() {
        let bare = group(Vec::new());
        assert!(bare.contains("use crate :: runtime :: { Endpoint , Method , RequestBuilder } ;"));
        assert!(!bare.contains("Check") && !bare.contains("Param"));
        assert!(bare.contains(
            "impl < A : crate :: runtime :: AuthKind > crate :: runtime :: Client < A >"
        ));
        assert!(
            bare.contains("-> GetMe < A > where A : crate :: runtime :: accepts :: UserContext")
        );
        let with_param = group(vec![IrParam {
            wire: "user.fields".into(),
            rust: "user_fields".into(),
            doc: vec!["Fields.".into()],
            location: IrLocation::Query,
            required: false,
            kind: ParamKind::StrList,
            check: IrCheck::List {
                min_items: Some(1),
                max_items: None,
            },
            sample: None,
        }]);
        assert!(with_param.contains(
            "use crate :: runtime :: { Check , Endpoint , Method , Param , RequestBuilder } ;"
        ));
        assert!(with_param.contains(
            "Param :: query (\"user.fields\" , false , Check :: list (Some (1) , None))"
        ));
        assert!(with_param.contains("pub fn user_fields (mut self"));
    }
}
