//! `generated/fake.rs`: the route table of the fake X API (cargo feature `fake`), one
//! `FakeRoute` per endpoint.

use super::{cfg, ident, inner_doc};
use crate::docs;
use crate::ir::{Ir, IrEndpoint, IrGroup, IrResponse, ParamKind};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// `generated/fake.rs`: `ROUTES`, every endpoint of every group in group then endpoint order,
/// each behind its group's feature, with its scopes, rate limits and answer.
pub fn emit_fake(ir: &Ir) -> TokenStream {
    let header = inner_doc(docs::FAKE_HEADER);
    let routes = ir.groups.iter().flat_map(|g| {
        let cfg = cfg(g.feature.as_slice());
        g.endpoints.iter().map(move |ep| {
            let route = route(g, ep);
            quote! { #cfg #route }
        })
    });
    quote! {
        #header
        pub(crate) static ROUTES: &[crate::runtime::FakeRoute] = &[ #( #routes ),* ];
    }
}

/// The enum a parameter takes its value or values from.
fn enum_of(kind: &ParamKind) -> Option<&str> {
    match kind {
        ParamKind::EnumList(name) | ParamKind::Enum(name) => Some(name),
        _ => None,
    }
}

/// The `FakeRoute` of one endpoint of group `g`.
fn route(g: &IrGroup, ep: &IrEndpoint) -> TokenStream {
    let module = ident(&g.module);
    let meta = ident(&ep.meta);
    let scopes = &ep.scopes;
    let limits = ep.rate_limits.iter().map(|r| {
        let per = ident(r.per.variant());
        let requests = Literal::u32_unsuffixed(r.requests);
        let window = Literal::u32_unsuffixed(r.window_seconds);
        quote! {
            crate::runtime::FakeRateLimit {
                per: crate::runtime::FakePer::#per,
                requests: #requests,
                window_seconds: #window,
            }
        }
    });
    let answer = match &ep.response {
        IrResponse::Schema(_) => {
            // Lowering sets the answer of every schema response; a hand-built IR without one
            // answers an empty object.
            let json = raw_string(ep.answer_sample.as_deref().unwrap_or("{}"));
            quote! { crate::runtime::FakeAnswer::Json(#json) }
        }
        IrResponse::Empty => quote! { crate::runtime::FakeAnswer::Empty },
        IrResponse::Binary => quote! { crate::runtime::FakeAnswer::Binary },
    };
    let stream = ep.stream.is_some();
    let values = ep.params.iter().filter_map(|p| {
        let e = ident(enum_of(&p.kind)?);
        let wire = &p.wire;
        Some(quote! { (#wire, crate::runtime::wire_values::<crate::#e>) })
    });
    quote! {
        crate::runtime::FakeRoute {
            endpoint: &super::#module::#meta,
            scopes: &[ #( #scopes ),* ],
            values: &[ #( #values ),* ],
            rate_limits: &[ #( #limits ),* ],
            answer: #answer,
            stream: #stream,
        }
    }
}

/// A raw string literal of `text` (`r#"…"#`), with one `#` more than the longest run of them
/// after a `"` in the text, so that whatever the text holds cannot end it early.
fn raw_string(text: &str) -> Literal {
    let longest = text
        .split('"')
        .skip(1)
        .map(|after| after.chars().take_while(|&c| c == '#').count())
        .max()
        .unwrap_or(0);
    let hashes = "#".repeat(longest + 1);
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        // Not a literal only for text a raw string cannot hold (a lone carriage return,
        // which JSON text never has): an ordinary escaped string says the same.
        .unwrap_or_else(|_| Literal::string(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{HttpMethod, IrAuthSet, IrRateLimit, IrRatePer, IrStream};

    fn endpoint(op: &str, response: IrResponse, answer: Option<&str>) -> IrEndpoint {
        IrEndpoint {
            op: op.into(),
            builder: "B".into(),
            meta: op.to_uppercase(),
            method: HttpMethod::Get,
            path: "/p".into(),
            doc: Vec::new(),
            builder_doc: String::new(),
            meta_doc: String::new(),
            auth: IrAuthSet::Any,
            params: Vec::new(),
            body: None,
            response,
            pagination: None,
            stream: None,
            scopes: Vec::new(),
            rate_limits: Vec::new(),
            answer_sample: answer.map(str::to_string),
        }
    }

    fn group(module: &str, feature: Option<&str>, endpoints: Vec<IrEndpoint>) -> IrGroup {
        IrGroup {
            module: module.into(),
            file: format!("spec/endpoints/{module}.yaml"),
            endpoints,
            feature: feature.map(str::to_string),
        }
    }

    #[test]
    fn one_route_per_endpoint_behind_its_group_feature() {
        let mut get = endpoint(
            "get_it",
            IrResponse::Schema("It".into()),
            Some(r##"{"data":"a\"#b"}"##),
        );
        get.scopes = vec!["it.read".into()];
        get.rate_limits = vec![IrRateLimit {
            per: IrRatePer::User,
            requests: 50,
            window_seconds: 900,
        }];
        let mut events = endpoint("stream_it", IrResponse::Schema("It".into()), Some("{}"));
        events.stream = Some(IrStream { backfill: None });
        let ir = Ir {
            enums: Vec::new(),
            schemas: Vec::new(),
            groups: vec![
                group("things", Some("things"), vec![get, events]),
                group(
                    "plain",
                    None,
                    vec![
                        endpoint("stop_it", IrResponse::Empty, None),
                        endpoint("download_it", IrResponse::Binary, None),
                    ],
                ),
            ],
            requests: Vec::new(),
            ids: Vec::new(),
            features: Vec::new(),
        };
        let text = crate::format::format_file(emit_fake(&ir)).expect("valid Rust");
        let routes = text.matches("crate::runtime::FakeRoute {").count();
        assert_eq!(routes, 4, "{text}");
        assert_eq!(
            text.matches("#[cfg(feature = \"things\")]").count(),
            2,
            "{text}"
        );
        for want in [
            "pub(crate) static ROUTES: &[crate::runtime::FakeRoute] = &[",
            "endpoint: &super::things::GET_IT,",
            "scopes: &[\"it.read\"],",
            "per: crate::runtime::FakePer::User,",
            "requests: 50,",
            "window_seconds: 900,",
            r###"crate::runtime::FakeAnswer::Json(r##"{"data":"a\"#b"}"##)"###,
            "stream: true,",
            "endpoint: &super::plain::STOP_IT,",
            "answer: crate::runtime::FakeAnswer::Empty,",
            "answer: crate::runtime::FakeAnswer::Binary,",
        ] {
            assert!(text.contains(want), "{want} in\n{text}");
        }
        let plain = &text[text.find("super::plain::STOP_IT").expect("stop_it")..];
        assert!(
            !plain.contains("#[cfg"),
            "a group without a feature is always compiled"
        );
    }

    #[test]
    fn raw_strings_outlast_any_run_of_hashes() {
        assert_eq!(raw_string(r#"{"a":1}"#).to_string(), r##"r#"{"a":1}"#"##);
        assert_eq!(
            raw_string(r##"{"a":"x"#"}"##).to_string(),
            r###"r##"{"a":"x"#"}"##"###
        );
        assert_eq!(raw_string("plain").to_string(), "r#\"plain\"#");
    }
}
