//! Stage 3: print the IR as token streams, one pure function per output module. No I/O and
//! no decisions: every name and shape comes from the IR.

use crate::ir::{
    FieldShape, IrCheck, IrEndpoint, IrEnum, IrField, IrGroup, IrLocation, IrParam, IrSchema,
    IrType, ParamKind,
};
use crate::names;
use crate::spec::{EnumKind, HttpMethod, Matching};
use proc_macro2::{Ident, Literal, Span, TokenStream};
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

/// Makes spec prose safe for rustdoc: bare URLs become autolinks (`<https://…>`) and square
/// brackets that are not a Markdown link (`[1553481126915854339]`) are escaped, so that
/// `cargo doc` sees no broken intra-doc links. Text inside backticks is left alone.
pub fn markdown_safe(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        let rest: String = chars[i..].iter().take(8).collect();
        let prev = if i == 0 { ' ' } else { chars[i - 1] };
        let in_link_target = prev == '(' && i >= 2 && chars[i - 2] == ']';
        if (rest.starts_with("https://") || rest.starts_with("http://"))
            && prev != '<'
            && !in_link_target
        {
            let end = chars[i..]
                .iter()
                .position(|c| c.is_whitespace())
                .map_or(chars.len(), |p| i + p);
            let mut url: String = chars[i..end].iter().collect();
            // Trailing punctuation belongs to the sentence, not the URL.
            let mut tail = String::new();
            while url.ends_with(['.', ',', ';', ':', ')', ']']) {
                tail.insert(0, url.pop().unwrap_or_default());
            }
            out.push('<');
            out.push_str(&url);
            out.push('>');
            out.push_str(&tail);
            i = end;
            continue;
        }
        if c == '[' {
            // Keep `[text](url)` links; escape any other bracket pair.
            let close = chars[i..].iter().position(|&c| c == ']').map(|p| i + p);
            let is_link = close.is_some_and(|j| chars.get(j + 1) == Some(&'('));
            if !is_link {
                out.push('\\');
            }
        } else if c == ']' && chars.get(i + 1) != Some(&'(') {
            out.push('\\');
        }
        out.push(c);
        i += 1;
    }
    out
}

fn doc_lines(lines: &[String]) -> TokenStream {
    doc(&lines.join("\n"))
}

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

/// `generated/mod.rs`: the module tree and flat re-exports.
pub fn emit_mod(groups: &[IrGroup]) -> TokenStream {
    let mods: Vec<Ident> = groups.iter().map(|g| ident(&g.module)).collect();
    let docs: Vec<String> = groups
        .iter()
        .map(|g| format!(" Endpoints of `{}`.", g.file))
        .collect();
    let header = inner_doc("Types and endpoints generated from `spec/`.\n\nEverything here is re-exported at the crate root.");
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

/// `generated/enums.rs`: every enum of the spec.
pub fn emit_enums(enums: &[IrEnum]) -> TokenStream {
    let header = inner_doc("Field, expansion and value enums.");
    let items = enums.iter().map(|e| match e.kind {
        EnumKind::Request => emit_request_enum(e),
        EnumKind::Response => emit_response_enum(e),
    });
    quote! { #header #( #items )* }
}

fn emit_request_enum(e: &IrEnum) -> TokenStream {
    let name = ident(&e.name);
    let type_doc = doc(&format!(
        "{}\n\nA closed list of the values the client can send: `as_str()` gives the wire value, `ALL` lists them in spec order.",
        e.doc.trim()
    ));
    let variants: Vec<Ident> = e.values.iter().map(|v| ident(&v.variant)).collect();
    let wires: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
    let docs = e.values.iter().map(|v| {
        let mut text = format!("`{}`: {}", v.wire, v.doc.trim());
        if v.user_only {
            text.push_str("\n\nNeeds user-context auth (OAuth 1.0a or an OAuth 2.0 user token).");
        }
        doc(&text)
    });
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

            /// Every value, in spec order.
            pub fn values() -> &'static [#name] {
                Self::ALL
            }

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
    let type_doc = doc(&format!(
        "{}\n\nAn open set: a value this version does not know decodes as `Unknown` with the string the API sent, so a new value never fails a page.",
        e.doc.trim()
    ));
    let variants: Vec<Ident> = e.values.iter().map(|v| ident(&v.variant)).collect();
    let wires: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
    let docs = e
        .values
        .iter()
        .map(|v| doc(&format!("`{}`: {}", v.wire, v.doc.trim())));
    let (match_on, from_doc, arms) = match e.matching {
        Matching::Exact => (quote! { value }, " Maps a wire value to its variant.", wires.clone()),
        Matching::LastPathSegment => (
            quote! { value.rsplit('/').next().unwrap_or(value) },
            " Maps a wire value to its variant by its last path segment, so `https://api.twitter.com/2/problems/x` and `https://api.x.com/2/problems/x` are the same value.",
            wires.iter().map(|w| last_segment(w)).collect(),
        ),
    };
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

/// The part after the last `/` (the whole string when there is none).
pub fn last_segment(s: &str) -> &str {
    s.rsplit('/').next().unwrap_or(s)
}

fn rust_type(ty: &IrType) -> TokenStream {
    match ty {
        IrType::String => quote! { String },
        IrType::Integer => quote! { i64 },
        IrType::Number => quote! { f64 },
        IrType::Boolean => quote! { bool },
        IrType::Json => quote! { ::serde_json::Value },
        IrType::Array(inner) => {
            let inner = rust_type(inner);
            quote! { Vec<#inner> }
        }
        IrType::Schema(name) | IrType::Enum(name) => {
            let name = ident(name);
            quote! { crate::#name }
        }
    }
}

/// `generated/models.rs`: every schema, with lookups, keys and pagination impls.
pub fn emit_models(schemas: &[IrSchema], groups: &[IrGroup]) -> TokenStream {
    let header = inner_doc("Response models. Field names are the JSON keys; ids are strings; absent fields are `None` or empty.");
    let structs = schemas.iter().map(emit_schema);
    // One `Paginated` impl per response type (the IR guarantees endpoints agree on it).
    let mut seen = std::collections::BTreeSet::new();
    let paginated = groups
        .iter()
        .flat_map(|g| g.endpoints.iter())
        .filter_map(|ep| {
            let pg = ep.pagination.as_ref()?;
            if !seen.insert(ep.response.clone()) {
                return None;
            }
            let page = ident(&ep.response);
            let item = ident(&pg.item_type);
            let path: Vec<Ident> = pg.next_token.iter().map(|s| ident(s)).collect();
            let items = ident(&pg.items_field);
            Some(quote! {
                impl crate::runtime::Paginated for #page {
                    type Item = crate::#item;
                    fn next_token(&self) -> Option<&str> {
                        self.#( #path ).*.as_deref()
                    }
                    fn into_items(self) -> Vec<crate::#item> {
                        self.#items
                    }
                }
            })
        });
    quote! { #header #( #structs )* #( #paginated )* }
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
        let mut checks: Vec<TokenStream> = s
            .fields
            .iter()
            .map(|f| {
                let id = ident(&f.rust);
                match f.shape {
                    FieldShape::Optional => quote! { self.#id.is_none() },
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
        methods.push(quote! {
            /// Whether nothing is set (such a value is omitted when serialising).
            pub fn is_empty(&self) -> bool {
                #( #checks )&&*
            }
        });
    }
    for f in &s.fields {
        if let (Some(lookup), IrType::Array(inner)) = (&f.lookup, &f.ty) {
            let method = ident(lookup);
            let field = ident(&f.rust);
            let item = rust_type(inner);
            let item_name = match inner.as_ref() {
                IrType::Schema(n) => n.as_str(),
                _ => "",
            };
            let text = format!(" The `{item_name}` in `{}` with this key, in O(1) (an index built once, on first use).", f.wire);
            methods.push(quote! {
                #[doc = #text]
                pub fn #method(&self, key: &str) -> Option<&#item> {
                    self.#field.get(key)
                }
            });
        }
    }
    let inherent = (!methods.is_empty()).then(|| quote! { impl #name { #( #methods )* } });
    let keyed = s.key.as_ref().map(|(field, required)| {
        let id = ident(field);
        let body = if *required {
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
    });
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
            let ty = rust_type(&f.ty);
            let path = format!("{}::is_empty", ty.to_string().replace(' ', ""));
            serde_args.push(quote! { skip_serializing_if = #path });
            ty
        }
    };
    let serde_attr = (!serde_args.is_empty()).then(|| quote! { #[serde( #( #serde_args ),* )] });
    quote! {
        #field_doc
        #serde_attr
        pub #id: #ty,
    }
}

/// `generated/<group>.rs`: one request builder per endpoint and the `Client` methods.
pub fn emit_group(g: &IrGroup) -> TokenStream {
    let header = inner_doc(&format!("Endpoints generated from `{}`.", g.file));
    let endpoints = g.endpoints.iter().map(emit_endpoint);
    quote! {
        #header
        use crate::runtime::{Check, Endpoint, Method, Param, RateLimitRule, RequestBuilder};
        #( #endpoints )*
    }
}

fn check_tokens(c: &IrCheck) -> TokenStream {
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
    }
}

fn emit_endpoint(ep: &IrEndpoint) -> TokenStream {
    let meta = ident(&ep.meta);
    let builder = ident(&ep.builder);
    let op = ident(&ep.op);
    let name = &ep.op;
    let path = &ep.path;
    let app_only = ep.app_only;
    let method = ident(match ep.method {
        HttpMethod::Get => "Get",
        HttpMethod::Post => "Post",
        HttpMethod::Put => "Put",
        HttpMethod::Delete => "Delete",
    });
    let params_meta = ep.params.iter().map(|p| {
        let wire = &p.wire;
        let required = p.required;
        let check = check_tokens(&p.check);
        match p.location {
            IrLocation::Path => quote! { Param::path(#wire, #check) },
            IrLocation::Query => quote! { Param::query(#wire, #required, #check) },
            IrLocation::Body => quote! { Param::body(#wire, #required, #check) },
        }
    });
    let pagination_param = match &ep.pagination {
        Some(pg) => {
            let t = &pg.token_param;
            quote! { Some(#t) }
        }
        None => quote! { None },
    };
    let rate_limits = ep.rate_limits.iter().map(|(scope, requests, window)| {
        let scope = match scope {
            crate::spec::AuthContext::App => "app",
            crate::spec::AuthContext::User => "user",
        };
        let (requests, window) = (
            Literal::u32_unsuffixed(*requests),
            Literal::u32_unsuffixed(*window),
        );
        quote! { RateLimitRule::new(#scope, #requests, #window) }
    });
    let meta_doc = format!(
        " Static description of `{} {}`.",
        ep.method.as_str(),
        ep.path
    );

    let required: Vec<&IrParam> = ep.params.iter().filter(|p| p.required).collect();
    let optional: Vec<&IrParam> = ep.params.iter().filter(|p| !p.required).collect();
    let arg_ids: Vec<Ident> = required.iter().map(|p| ident(&p.rust)).collect();
    let (arg_tys, arg_sets): (Vec<_>, Vec<_>) = required
        .iter()
        .map(|p| param_input(p, &quote! { inner }))
        .unzip();
    let mut method_doc = ep.doc.clone();
    if !required.is_empty() {
        method_doc.push(String::new());
        method_doc.push("# Arguments".into());
        method_doc.push(String::new());
        for p in &required {
            let first = p.doc.first().cloned().unwrap_or_default();
            let rest: Vec<&String> = p.doc.iter().skip(1).filter(|l| !l.is_empty()).collect();
            let mut line = format!("* `{}`: {first}", names::unraw(&p.rust));
            for r in rest {
                line.push(' ');
                line.push_str(r);
            }
            method_doc.push(line);
        }
    }
    let method_doc = doc_lines(&method_doc);
    let builder_doc = doc(&format!(
        "Request builder for `{} {}` (`Client::{}`).\n\nSet optional parameters, then call `send()`{}. Every parameter is checked before anything is sent.",
        ep.method.as_str(),
        ep.path,
        ep.op,
        if ep.pagination.is_some() { ", or stream every page with `pages()` or every item with `items()`" } else { "" }
    ));
    let setters = optional.iter().map(|p| {
        let id = ident(&p.rust);
        let (ty, set) = param_input(p, &quote! { self.inner });
        let d = doc_lines(&p.doc);
        quote! {
            #d
            pub fn #id(mut self, #id: #ty) -> Self {
                #set
                self
            }
        }
    });
    let response = ident(&ep.response);
    let paging = ep.pagination.as_ref().map(|pg| {
        let items_doc = format!(
            " Every `{}` of every page, lazily; one page is held in memory at a time.",
            pg.item_type
        );
        quote! {
            /// Every page, lazily: a `Stream` that follows `next_token` until the last page.
            pub fn pages(self) -> crate::runtime::Pages<crate::#response> {
                self.inner.pages()
            }

            #[doc = #items_doc]
            pub fn items(self) -> crate::runtime::Items<crate::#response> {
                self.inner.items()
            }
        }
    });
    let new_inner = if required.is_empty() {
        quote! { let inner = RequestBuilder::new(self, &#meta); }
    } else {
        quote! { let mut inner = RequestBuilder::new(self, &#meta); }
    };
    let (client_impl, builder_ty) = if ep.app_only {
        (
            quote! { impl<A: crate::runtime::AuthKind> crate::runtime::Client<A> },
            quote! { #builder<A> },
        )
    } else {
        (
            quote! { impl crate::runtime::Client<crate::runtime::UserContext> },
            quote! { #builder<crate::runtime::UserContext> },
        )
    };
    quote! {
        #[doc = #meta_doc]
        static #meta: Endpoint = Endpoint {
            name: #name,
            method: Method::#method,
            path: #path,
            app_only: #app_only,
            params: &[ #( #params_meta ),* ],
            pagination_param: #pagination_param,
            rate_limits: &[ #( #rate_limits ),* ],
        };

        #client_impl {
            #method_doc
            pub fn #op(&self #( , #arg_ids: #arg_tys )* ) -> #builder_ty {
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

            /// Sends the request and decodes one page (or object).
            pub async fn send(self) -> crate::runtime::Result<crate::runtime::Response<crate::#response>> {
                self.inner.send().await
            }

            #paging
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_becomes_safe_markdown() {
        assert_eq!(
            markdown_safe("see https://x.com/a."),
            "see <https://x.com/a>."
        );
        assert_eq!(markdown_safe("(https://x.com/a)"), "(<https://x.com/a>)");
        assert_eq!(
            markdown_safe("[GeoJson](https://x.com) ok"),
            "[GeoJson](https://x.com) ok"
        );
        assert_eq!(markdown_safe("id: [1553]."), "id: \\[1553\\].");
        assert_eq!(
            markdown_safe("`a[0]` and <https://x.com>"),
            "`a[0]` and <https://x.com>"
        );
    }

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
}
