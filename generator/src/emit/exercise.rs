//! The exercise tests: one `#[tokio::test]` per endpoint, which calls the generated method
//! with a valid value for every required parameter and body member (the IR's samples) and
//! hands the exact request it expects (method, path, query, JSON body, auth) to a hand-written
//! runner (`crate::common::exercise` of the client's test binary). The runner answers with a
//! body built from the official OpenAPI document's response schema and checks both sides.

use super::{ident, inner_doc};
use crate::ir::{
    HttpMethod, Ir, IrEndpoint, IrLocation, IrMember, IrObject, IrParam, IrRequest, IrValue,
    ParamKind, DATE_TIME_SAMPLE_UNIX,
};
use proc_macro2::{Literal, TokenStream};
use quote::{quote, ToTokens};
use serde_json::{Map, Value};

/// The test module for the crate named `krate` (`twitter_client`).
pub fn emit_exercise(ir: &Ir, krate: &str) -> TokenStream {
    let cx = Cx {
        ir,
        krate: ident(krate),
    };
    let tests = ir
        .groups
        .iter()
        .flat_map(|g| g.endpoints.iter().map(move |e| (g, e)))
        .map(|(g, e)| {
            let test = cx.test(e);
            match &g.feature {
                // The test binary has every feature on; the cfg keeps the module honest if not.
                Some(f) => quote! { #[cfg(feature = #f)] #test },
                None => test,
            }
        });
    let header = inner_doc(crate::docs::EXERCISE_HEADER);
    quote! {
        #header
        use crate::common::exercise::{first_event, run, Auth, Case};
        #( #tests )*
    }
}

struct Cx<'a> {
    ir: &'a Ir,
    krate: proc_macro2::Ident,
}

impl Cx<'_> {
    fn test(&self, e: &IrEndpoint) -> TokenStream {
        let name = ident(&e.op);
        let (app, oauth1, _) = e.auth.kinds();
        let (auth, client) = if app {
            (quote! { Auth::App }, quote! { app })
        } else if oauth1 {
            (quote! { Auth::OAuth1 }, quote! { oauth1 })
        } else {
            (quote! { Auth::OAuth2 }, quote! { oauth2 })
        };
        let required: Vec<&IrParam> = e.params.iter().filter(|p| p.required).collect();
        let mut args: Vec<TokenStream> = required.iter().map(|p| self.param_arg(p)).collect();
        let mut path = e.path.clone();
        let mut query: Vec<(String, String)> = Vec::new();
        for p in &required {
            let sample = p.sample.clone().unwrap_or_default();
            match p.location {
                IrLocation::Path => path = path.replace(&format!("{{{}}}", p.wire), &sample),
                IrLocation::Query => query.push((p.wire.clone(), sample)),
            }
        }
        let mut setters = Vec::new();
        let mut body = Map::new();
        if let Some(b) = &e.body {
            for m in b.object.members.iter().filter(|m| m.required) {
                args.push(self.member_arg(m));
                body.insert(m.wire.clone(), self.member_json(m));
            }
            // One member of each "at least one of" group, through its setter.
            for m in at_least_one(&b.object) {
                let setter = ident(&m.rust);
                let arg = self.member_arg(m);
                setters.push(quote! { .#setter(#arg) });
                body.insert(m.wire.clone(), self.member_json(m));
            }
        }
        // The client sends no empty object with a GET or DELETE.
        let sends_empty = matches!(e.method, HttpMethod::Post | HttpMethod::Put);
        let body = match &e.body {
            Some(_) if body.is_empty() && !sends_empty => quote! { None },
            Some(_) => {
                let text = Value::Object(body).to_string();
                quote! { Some(#text) }
            }
            None => quote! { None },
        };
        let query = query.iter().map(|(k, v)| quote! { (#k, #v) });
        let request = quote! { clients.#client().#name( #( #args ),* ) #( #setters )* };
        let (call, stream) = match e.stream {
            Some(_) => (quote! { first_event(#request.stream()).await }, true),
            None => (quote! { #request.send().await.map(drop) }, false),
        };
        let (op, method, template) = (&e.op, e.method.as_str(), &e.path);
        let doc = format!(" `{method} {template}` ({op}), with its required arguments.");
        quote! {
            #[doc = #doc]
            #[tokio::test]
            async fn #name() {
                let case = Case {
                    op: #op,
                    method: #method,
                    template: #template,
                    path: #path,
                    query: &[ #( #query ),* ],
                    body: #body,
                    auth: #auth,
                    stream: #stream,
                };
                run(case, |clients| async move {
                    #call
                })
                .await;
            }
        }
    }

    fn enum_variant(&self, name: &str, wire: &str) -> TokenStream {
        let krate = &self.krate;
        let ty = ident(name);
        let variant = self
            .ir
            .enums
            .iter()
            .find(|e| e.name == name)
            .and_then(|e| e.values.iter().find(|v| v.wire == wire))
            .map(|v| ident(&v.variant))
            .unwrap_or_else(|| ident("Unknown"));
        quote! { #krate::#ty::#variant }
    }

    fn param_arg(&self, p: &IrParam) -> TokenStream {
        let krate = &self.krate;
        let sample = p.sample.clone().unwrap_or_default();
        match &p.kind {
            ParamKind::Str | ParamKind::Id(_) => quote! { #sample },
            ParamKind::StrList | ParamKind::IdList(_) => quote! { [#sample] },
            ParamKind::Unsigned => scalar(&sample, Scalar::U32),
            ParamKind::Int => scalar(&sample, Scalar::I64),
            ParamKind::Bool => scalar(&sample, Scalar::Bool),
            ParamKind::Enum(e) => self.enum_variant(e, &sample),
            ParamKind::EnumList(e) => {
                let v = self.enum_variant(e, &sample);
                quote! { [#v] }
            }
            ParamKind::DateTime => {
                let ts = Literal::i64_unsuffixed(DATE_TIME_SAMPLE_UNIX);
                quote! { #krate::time::OffsetDateTime::from_unix_timestamp(#ts).unwrap() }
            }
        }
    }

    fn request(&self, name: &str) -> Option<&IrRequest> {
        self.ir.requests.iter().find(|r| r.name == name)
    }

    fn value_arg(&self, v: &IrValue, sample: &str) -> TokenStream {
        match v {
            IrValue::Str(_) | IrValue::Id { .. } => quote! { #sample },
            IrValue::Bytes => quote! { #sample.as_bytes() },
            IrValue::Int { unsigned: true, .. } => scalar(sample, Scalar::U64),
            IrValue::Int {
                unsigned: false, ..
            } => scalar(sample, Scalar::I64),
            IrValue::Number => scalar(sample, Scalar::F64),
            IrValue::Bool => scalar(sample, Scalar::Bool),
            IrValue::Enum(e) => self.enum_variant(e, sample),
            IrValue::Object { ty, .. } => {
                let krate = &self.krate;
                let t = ident(ty);
                let (args, setters) = match self.request(ty) {
                    Some(r) => {
                        let args: Vec<TokenStream> = r
                            .object
                            .members
                            .iter()
                            .filter(|m| m.required)
                            .map(|m| self.member_arg(m))
                            .collect();
                        let setters: Vec<TokenStream> = at_least_one(&r.object)
                            .map(|m| {
                                let (setter, arg) = (ident(&m.rust), self.member_arg(m));
                                quote! { .#setter(#arg) }
                            })
                            .collect();
                        (args, setters)
                    }
                    None => (Vec::new(), Vec::new()),
                };
                quote! { #krate::#t::new( #( #args ),* ) #( #setters )* }
            }
            IrValue::List {
                item, min_items, ..
            } => {
                let one = self.value_arg(item, sample);
                let items = (0..min_items.unwrap_or(1).max(1)).map(|_| &one);
                quote! { [ #( #items ),* ] }
            }
        }
    }

    fn member_arg(&self, m: &IrMember) -> TokenStream {
        self.value_arg(&m.value, m.sample.as_deref().unwrap_or_default())
    }

    fn value_json(&self, v: &IrValue, sample: &str) -> Value {
        match v {
            IrValue::Str(_) | IrValue::Id { .. } | IrValue::Enum(_) => Value::from(sample),
            IrValue::Int { .. } => sample.parse::<i64>().map(Value::from).unwrap_or_default(),
            IrValue::Number => sample.parse::<f64>().map(Value::from).unwrap_or_default(),
            IrValue::Bool => Value::from(sample == "true"),
            IrValue::Bytes => {
                use base64::Engine as _;
                Value::from(base64::engine::general_purpose::STANDARD.encode(sample))
            }
            IrValue::Object { ty, .. } => {
                let members = self
                    .request(ty)
                    .map(|r| {
                        r.object
                            .members
                            .iter()
                            .filter(|m| m.required)
                            .chain(at_least_one(&r.object))
                            .map(|m| (m.wire.clone(), self.member_json(m)))
                            .collect::<Map<_, _>>()
                    })
                    .unwrap_or_default();
                Value::Object(members)
            }
            IrValue::List {
                item, min_items, ..
            } => {
                let one = self.value_json(item, sample);
                Value::Array(vec![one; min_items.unwrap_or(1).max(1)])
            }
        }
    }

    fn member_json(&self, m: &IrMember) -> Value {
        self.value_json(&m.value, m.sample.as_deref().unwrap_or_default())
    }
}

/// The Rust type of a scalar argument (a number or a boolean).
#[derive(Clone, Copy)]
enum Scalar {
    U32,
    U64,
    I64,
    F64,
    Bool,
}

/// The literal of a sample for a scalar argument.
fn scalar(sample: &str, ty: Scalar) -> TokenStream {
    match ty {
        Scalar::U32 => Literal::u32_unsuffixed(sample.parse().unwrap_or(10)).into_token_stream(),
        Scalar::U64 => Literal::u64_unsuffixed(sample.parse().unwrap_or(10)).into_token_stream(),
        Scalar::I64 => Literal::i64_unsuffixed(sample.parse().unwrap_or(10)).into_token_stream(),
        Scalar::F64 => Literal::f64_unsuffixed(sample.parse().unwrap_or(1.5)).into_token_stream(),
        Scalar::Bool => {
            let b = sample == "true";
            quote! { #b }
        }
    }
}

/// The optional members a test sets so that each "at least one of" group of an object
/// has one: the first member with a sample of every group no required member is in.
fn at_least_one(object: &IrObject) -> impl Iterator<Item = &IrMember> {
    let members = &object.members;
    object.at_least_one.iter().filter_map(move |group| {
        let satisfied = members
            .iter()
            .any(|m| m.required && group.contains(&m.wire));
        if satisfied {
            return None;
        }
        // A member with a sample, else one the test can build (an object, or a list of
        // them, through the request type's constructor).
        let buildable = |m: &IrMember| match &m.value {
            IrValue::Object { .. } => true,
            IrValue::List { item, .. } => matches!(item.as_ref(), IrValue::Object { .. }),
            _ => m.sample.is_some(),
        };
        group
            .iter()
            .find_map(|w| members.iter().find(|m| &m.wire == w && m.sample.is_some()))
            .or_else(|| {
                group
                    .iter()
                    .find_map(|w| members.iter().find(|m| &m.wire == w && buildable(m)))
            })
    })
}
