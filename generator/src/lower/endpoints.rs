//! Pass 4: endpoints, grouped into one module per spec file. Auth, rate limits, the path and
//! its placeholders, parameters ([`super::params`]), the response and pagination
//! ([`super::pagination`]) are checked; names and docs are fixed.

use super::body::lower_body;
use super::params::{lower_param, At};
use super::schemas::Schemas;
use super::{below, pagination, streams, Ctx, OpEntry, Resolved, TypeDef};
use crate::diag::did_you_mean_hint;
use crate::docs;
use crate::ir::{
    HttpMethod, IrAuthSet, IrBody, IrEndpoint, IrGroup, IrPagination, IrParam, IrRateLimit,
    IrRatePer, IrRequest, IrResponse, IrSchema,
};
use crate::names;
use crate::spec::{self, AuthContext, EndpointDef, ParamDef, ParamLocation, SchemeContext};
use std::collections::{BTreeMap, HashMap};

/// Lowers every endpoint of the index into its file's module.
pub(super) fn lower(cx: &Ctx, schemas: &mut Schemas, requests: &[IrRequest]) -> Vec<IrGroup> {
    let mut groups: Vec<IrGroup> = Vec::new();
    let mut op_types: HashMap<String, String> = HashMap::new();
    for (op, OpEntry { file: fi, def }) in &cx.index.ops {
        let fi = *fi;
        let Some(ep) = lower_endpoint(cx, fi, op, def, schemas, requests) else {
            continue;
        };
        if let Some(other) = op_types.insert(ep.builder.clone(), op.to_string()) {
            cx.err(
                fi,
                &["endpoints", op],
                format!(
                    "operations `{other}` and `{op}` both become the builder type `{}`",
                    ep.builder
                ),
                Some("rename one operation".into()),
            );
        }
        if cx.index.types.contains_key(ep.builder.as_str()) {
            cx.err(fi, &["endpoints", op], format!("the builder type `{}` of `{op}` collides with a type of the same name in enums/schemas", ep.builder), Some("rename the operation or the type".into()));
        }
        let module = names::module_name(&cx.files[fi].relative);
        match groups.iter_mut().find(|g| g.module == module) {
            Some(g) => g.endpoints.push(ep),
            None => groups.push(IrGroup {
                module,
                file: cx.files[fi].display.clone(),
                endpoints: vec![ep],
                feature: cx.files[fi].spec.feature.as_ref().map(|f| f.name.clone()),
            }),
        }
    }
    for g in &groups {
        if ["enums", "models", "mod", "ids", "requests", "fake"].contains(&g.module.as_str())
            || names::is_keyword(&g.module)
            || !names::is_snake(&g.module)
        {
            let fi = cx.file_index(&g.file);
            cx.err(fi, &[], format!("endpoint file name gives the module name `{}`, which is reserved or not snake_case", g.module), Some("rename the file, e.g. `endpoints/likes.yaml`".into()));
        }
    }
    groups
}

fn lower_endpoint(
    cx: &Ctx,
    fi: usize,
    op: &str,
    e: &EndpointDef,
    schemas: &mut Schemas,
    requests: &[IrRequest],
) -> Option<IrEndpoint> {
    let base = ["endpoints", op];
    let at = At {
        file: fi,
        path: &base,
    };
    let errors_before = cx.error_count();
    if !names::is_snake(op) || names::is_keyword(op) {
        cx.err(
            fi,
            &base,
            format!(
                "operation name `{op}` must be a snake_case identifier that is not a Rust keyword"
            ),
            Some(format!("rename it to `{}`", names::snake(op))),
        );
    }
    if let Some(todo) = &e.todo {
        super::unfilled_todo(cx, fi, &below(&base, &["todo"]), todo);
    }
    let auth = auth(cx, at, e, errors_before);
    let resolved = cx.index.resolved.get(op)?;
    let mut params = params(cx, at, e, resolved);
    let body = lower_body(cx, at, e, &names::shouty(op), requests, &params);
    let response = response(cx, at, e, schemas);
    let pg_path = below(&base, &["pagination"]);
    let pg_at = At {
        file: fi,
        path: &pg_path,
    };
    let page = match (&e.pagination, response) {
        // A schema that already has errors would only repeat them here.
        // Nor can the token parameter be checked when a parameter could not be resolved.
        (Some(pg), Some(schema))
            if !schemas.broken.contains(&schema.name) && resolved.broken.is_empty() =>
        {
            pagination::lower(cx, pg_at, pg, &params, schema, schemas)
        }
        _ => None,
    };
    let method = match e.method {
        spec::HttpMethod::Get => HttpMethod::Get,
        spec::HttpMethod::Post => HttpMethod::Post,
        spec::HttpMethod::Put => HttpMethod::Put,
        spec::HttpMethod::Delete => HttpMethod::Delete,
    };
    let st_path = below(&base, &["stream"]);
    let st_at = At {
        file: fi,
        path: &st_path,
    };
    let stream = e.stream.as_ref().and_then(|st| {
        let event = response.filter(|s| !schemas.broken.contains(&s.name));
        if response.is_some() && event.is_none() {
            return None; // reported with the schema
        }
        streams::lower(
            cx,
            st_at,
            (method, e.pagination.is_some()),
            st,
            &params,
            event,
            schemas,
        )
    });
    if errors_before != cx.error_count() {
        return None;
    }
    let auth = auth?;
    let stream = stream.map(|(st, id)| {
        streams::attach(cx, st_at, schemas, &e.response, id);
        st
    });
    let pagination = e.pagination.as_ref().zip(page).map(|(pg, page)| {
        pagination::attach(cx, pg_at, schemas, &e.response, &page);
        pagination::document_token(&mut params, pg);
        IrPagination {
            token_param: pg.token_param.clone(),
            item_type: page.item_type,
        }
    });
    let rate_limits = rate_limits(e);
    let doc = endpoint_doc(e, auth, &rate_limits, &params, body.as_ref());
    Some(IrEndpoint {
        op: op.to_string(),
        builder: names::upper_camel(op),
        meta: names::shouty(op),
        method,
        path: e.path.clone(),
        doc,
        builder_doc: docs::builder(
            method.as_str(),
            &e.path,
            op,
            pagination.is_some(),
            stream.is_some(),
        ),
        meta_doc: docs::meta(method.as_str(), &e.path),
        auth,
        params,
        body,
        response: match e.response.as_str() {
            spec::EMPTY_RESPONSE => IrResponse::Empty,
            spec::BINARY_RESPONSE => IrResponse::Binary,
            schema => IrResponse::Schema(schema.to_string()),
        },
        pagination,
        stream,
        scopes: e.scopes.clone(),
        rate_limits,
        // Filled by the answers pass, once every schema is complete.
        answer_sample: None,
    })
}

/// The endpoint's rate limits (checked by [`auth`]), in spec order.
fn rate_limits(e: &EndpointDef) -> Vec<IrRateLimit> {
    e.rate_limits
        .iter()
        .map(|r| IrRateLimit {
            per: match r.scope {
                AuthContext::App => IrRatePer::App,
                AuthContext::User => IrRatePer::User,
            },
            requests: r.requests,
            window_seconds: r.window_seconds,
        })
        .collect()
}

/// Checks the auth schemes and rate limits; the set of client kinds accepted (`None` when
/// the list names none).
fn auth(cx: &Ctx, at: At, e: &EndpointDef, errors_before: usize) -> Option<IrAuthSet> {
    let known = &cx.index.auth;
    if e.auth.is_empty() {
        cx.err(
            at.file,
            &below(at.path, &["auth"]),
            "an endpoint needs at least one auth scheme",
            Some(format!(
                "list schemes from `auth:` ({})",
                known.keys().copied().collect::<Vec<_>>().join(", ")
            )),
        );
    }
    let (mut app_only, mut oauth1_user, mut oauth2_user) = (false, false, false);
    for a in &e.auth {
        match known.get(a.as_str()).map(|entry| entry.context) {
            Some(SchemeContext::App) => app_only = true,
            Some(SchemeContext::OAuth1User) => oauth1_user = true,
            Some(SchemeContext::OAuth2User) => oauth2_user = true,
            None => {
                let hint = did_you_mean_hint(a, known.keys().copied());
                cx.err(
                    at.file,
                    &below(at.path, &["auth"]),
                    format!("unknown auth scheme `{a}`"),
                    hint,
                );
            }
        }
    }
    for (i, r) in e.rate_limits.iter().enumerate() {
        let idx = i.to_string();
        let path = below(at.path, &["rate_limits", &idx]);
        let allowed = match r.scope {
            AuthContext::App => app_only,
            AuthContext::User => oauth1_user || oauth2_user,
        };
        if !allowed && errors_before == cx.error_count() {
            cx.err(
                at.file,
                &path,
                format!(
                    "a `{:?}` rate limit on an endpoint that accepts no such auth",
                    r.scope
                )
                .to_lowercase(),
                Some("fix `scope` or the endpoint's `auth`".into()),
            );
        }
        if r.requests == 0 || r.window_seconds == 0 {
            cx.err(
                at.file,
                &path,
                "`requests` and `window_seconds` must be positive",
                None,
            );
        }
    }
    IrAuthSet::from_kinds(app_only, oauth1_user, oauth2_user)
}

/// The path's placeholders, checked against the path parameters; then every parameter,
/// path parameters first in path order, then query parameters and body fields in spec order.
fn params(cx: &Ctx, at: At, e: &EndpointDef, resolved: &Resolved) -> Vec<IrParam> {
    let all = &resolved.params;
    let path_key = below(at.path, &["path"]);
    if !e.path.starts_with('/') {
        cx.err(
            at.file,
            &path_key,
            format!("path `{}` must start with `/`", e.path),
            None,
        );
    }
    let placeholders = names::placeholders(&e.path).unwrap_or_else(|msg| {
        cx.err(
            at.file,
            &path_key,
            msg,
            Some("write placeholders as `{name}`".into()),
        );
        Vec::new()
    });
    for ph in &placeholders {
        match all.get(ph.as_str()) {
            Some(p) if p.location == ParamLocation::Path => {}
            // Reported where the parameter (or its set) is written.
            _ if !resolved.broken.is_empty() => {}
            Some(_) => cx.err(
                at.file,
                &below(at.path, &["params", ph]),
                format!("`{ph}` is a placeholder of the path but the parameter is not `in: path`"),
                Some("set `in: path`".into()),
            ),
            None => cx.err(
                at.file,
                &path_key,
                format!("path placeholder `{{{ph}}}` has no parameter"),
                Some(format!("add `params.{ph}` with `in: path`")),
            ),
        }
    }
    let is_path = |p: &ParamDef| p.location == ParamLocation::Path;
    let mut ordered: Vec<(&String, &ParamDef)> = placeholders
        .iter()
        .filter_map(|ph| all.get_key_value(ph.as_str()))
        .filter(|(_, p)| is_path(p))
        .collect();
    ordered.extend(all.iter().filter(|(_, p)| !is_path(p)));
    for (name, _) in all.iter().filter(|(_, p)| is_path(p)) {
        if !placeholders.iter().any(|ph| ph == name) {
            cx.err(
                at.file,
                &below(at.path, &["params", name]),
                format!(
                    "path parameter `{name}` does not appear in the path `{}`",
                    e.path
                ),
                Some(format!("add `{{{name}}}` to the path, or set `in: query`")),
            );
        }
    }
    let mut params = Vec::new();
    let mut rust_names: BTreeMap<String, String> = BTreeMap::new();
    // `what(other)` names the two colliding parameters.
    let mut add = |ir: IrParam, path: &[&str], name: &str, what: &dyn Fn(&str) -> String| {
        if let Some(other) = rust_names.insert(ir.rust.clone(), name.to_string()) {
            cx.err(
                at.file,
                path,
                format!("{} both become the Rust name `{}`", what(&other), ir.rust),
                Some("give one of them a `rust_name`".into()),
            );
        }
        params.push(ir);
    };
    for (name, p) in ordered {
        let path = below(at.path, &["params", name]);
        let param_at = At {
            file: at.file,
            path: &path,
        };
        if let Some(ir) = lower_param(cx, param_at, name, p) {
            add(ir, &path, name, &|other| {
                format!("parameters `{other}` and `{name}`")
            });
        }
    }
    params
}

fn response<'s>(cx: &Ctx, at: At, e: &EndpointDef, schemas: &'s Schemas) -> Option<&'s IrSchema> {
    let path = below(at.path, &["response"]);
    if e.response == spec::EMPTY_RESPONSE || e.response == spec::BINARY_RESPONSE {
        if e.pagination.is_some() {
            cx.err(
                at.file,
                &path,
                format!(
                    "a paged endpoint needs a response schema, not `{}`",
                    e.response
                ),
                Some("name the page schema".into()),
            );
        }
        return None;
    }
    match cx.index.types.get(e.response.as_str()) {
        Some(TypeDef::Schema { .. }) => schemas.get(&e.response),
        Some(TypeDef::Enum { .. }) => {
            cx.err(
                at.file,
                &path,
                format!("response `{}` is an enum; it must be a schema", e.response),
                None,
            );
            None
        }
        None => {
            let schema_names = cx.type_names().filter(|n| cx.schema_def(n).is_some());
            let hint = did_you_mean_hint(&e.response, schema_names);
            cx.err(
                at.file,
                &path,
                format!("unknown response schema `{}`", e.response),
                hint,
            );
            None
        }
    }
}

/// The docs of the `Client` method: what the spec says, then the required arguments.
fn endpoint_doc(
    e: &EndpointDef,
    auth: IrAuthSet,
    rate_limits: &[IrRateLimit],
    params: &[IrParam],
    body: Option<&IrBody>,
) -> Vec<String> {
    let clients = auth.clients();
    let notes = docs::EndpointNotes {
        summary: &e.summary,
        description: e.description.as_deref(),
        method: e.method.as_str(),
        path: &e.path,
        auth: &e.auth,
        clients: &clients,
        scopes: &e.scopes,
        docs_url: e.docs_url.as_deref(),
    };
    let limits: Vec<docs::RateLimitNote> = rate_limits
        .iter()
        .map(|r| docs::RateLimitNote {
            per_user: r.per == IrRatePer::User,
            requests: r.requests,
            window_seconds: r.window_seconds,
        })
        .collect();
    let mut doc = docs::endpoint(&notes, &limits);
    let members = body
        .map(|b| b.object.members.as_slice())
        .unwrap_or_default();
    let args: Vec<(&str, &[String])> = params
        .iter()
        .filter(|p| p.required)
        .map(|p| (names::unraw(&p.rust), p.doc.as_slice()))
        .chain(
            members
                .iter()
                .filter(|m| m.required)
                .map(|m| (names::unraw(&m.rust), m.doc.as_slice())),
        )
        .collect();
    if let Some(b) = body {
        if !b.object.rules_doc.is_empty() {
            doc.push(String::new());
            doc.extend(b.object.rules_doc.iter().cloned());
        }
    }
    docs::arguments(&mut doc, &args);
    doc
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{assert_errors, endpoint_spec, files, lower_errors};
    use super::super::{lower, Contract};
    use crate::ir::{HttpMethod, IrAuthSet, IrLocation};

    /// Every list of schemes lowers to the set of client kinds it names, whatever its order
    /// or repetition; the docs name the clients.
    #[test]
    fn auth_lists_lower_to_their_set_of_client_kinds() {
        let cases: [(&str, IrAuthSet, &str); 7] = [
            ("[bearer]", IrAuthSet::App, "`Client<AppOnly>`"),
            ("[o1]", IrAuthSet::OAuth1, "`Client<OAuth1User>`"),
            ("[o2, o2]", IrAuthSet::OAuth2, "`Client<OAuth2User>`"),
            (
                "[o1, bearer]",
                IrAuthSet::AppOrOAuth1,
                "`Client<AppOnly>`, `Client<OAuth1User>`",
            ),
            (
                "[o2, bearer]",
                IrAuthSet::AppOrOAuth2,
                "`Client<AppOnly>`, `Client<OAuth2User>`",
            ),
            (
                "[o2, o1]",
                IrAuthSet::UserContext,
                "`Client<OAuth1User>`, `Client<OAuth2User>`",
            ),
            (
                "[o1, o2, bearer]",
                IrAuthSet::Any,
                "`Client<AppOnly>`, `Client<OAuth1User>`, `Client<OAuth2User>`",
            ),
        ];
        for (list, want, clients) in cases {
            let spec = format!(
                "auth:\n  bearer: {{ context: app, description: A. }}\n  o1: {{ context: oauth1_user, description: B. }}\n  o2: {{ context: oauth2_user, description: C. }}\nschemas:\n  Thing: {{ description: T., properties: {{}} }}\nendpoints:\n  get_thing: {{ method: GET, path: /t, summary: S., auth: {list}, response: Thing }}\n"
            );
            let ir = lower(&files(&[("api.yaml", &spec)]), &Contract::NONE)
                .unwrap_or_else(|e| panic!("{list}: {e}"));
            let ep = &ir.groups[0].endpoints[0];
            assert_eq!(ep.auth, want, "{list}");
            assert_eq!(
                IrAuthSet::from_kinds(want.kinds().0, want.kinds().1, want.kinds().2),
                Some(want)
            );
            assert!(
                ep.doc
                    .iter()
                    .any(|l| l.ends_with(&format!("(available on {clients})."))),
                "{:?}",
                ep.doc
            );
        }
        assert_eq!(IrAuthSet::from_kinds(false, false, false), None);
    }

    #[test]
    fn lowers_names_order_auth_and_docs() {
        let spec = endpoint_spec(
            "DELETE",
            "/users/{user_id}/things/{id}",
            r#"
      id: { in: path, type: string, description: The thing. }
      q: { in: query, type: string, description: A query. }
      user_id: { in: path, type: string, description: The user. }"#,
            "\n    scopes: [a.read]\n    rate_limits: [{ scope: app, requests: 5, window_seconds: 900 }]",
        );
        let files = files(&[("endpoints/things.yaml", &spec)]);
        let ir = lower(&files, &Contract::NONE).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ir.groups.len(), 1);
        assert_eq!(ir.groups[0].module, "things");
        assert_eq!(ir.groups[0].file, "spec/endpoints/things.yaml");
        let ep = &ir.groups[0].endpoints[0];
        assert_eq!(
            (ep.op.as_str(), ep.builder.as_str(), ep.meta.as_str()),
            ("do_it", "DoIt", "DO_IT")
        );
        assert_eq!(ep.method, HttpMethod::Delete);
        assert_eq!(ep.auth, IrAuthSet::App);
        let order: Vec<_> = ep.params.iter().map(|p| p.wire.as_str()).collect();
        assert_eq!(
            order,
            ["user_id", "id", "q"],
            "path parameters first, in path order"
        );
        assert_eq!(ep.params[2].location, IrLocation::Query);
        assert_eq!(
            ep.doc,
            [
                "Does it.",
                "",
                "`DELETE /users/{user_id}/things/{id}`",
                "",
                "Auth: `app` (available on `Client<AppOnly>`).",
                "OAuth 2.0 scopes: `a.read`.",
                "Rate limit (app): 5 requests per 15 minutes.",
                "",
                "# Arguments",
                "",
                "* `user_id`: The user.",
                "* `id`: The thing.",
            ]
        );
        assert!(ep.builder_doc.starts_with(
            "Request builder for `DELETE /users/{user_id}/things/{id}` (`Client::do_it`)."
        ));
        assert!(!ep.builder_doc.contains("pages()"), "not paged");
        assert_eq!(
            ep.meta_doc,
            " Static description of `DELETE /users/{user_id}/things/{id}`."
        );
    }

    #[test]
    fn rejects_bad_auth_paths_bodies_and_names() {
        let errors = lower_errors(
            &endpoint_spec(
                "GET",
                "things/{id}",
                "\n      extra: { in: path, type: string, description: Not in the path. }",
                "\n    body:\n      text: { type: string, description: T. }",
            )
            .replace("auth: [app]", "auth: [ap]")
            .replace("  do_it:", "  thing:"),
        );
        let expected = [
            "endpoints.thing.auth: unknown auth scheme `ap`",
            "endpoints.thing.path: path `things/{id}` must start with `/`",
            "endpoints.thing.path: path placeholder `{id}` has no parameter",
            "endpoints.thing.params.extra: path parameter `extra` does not appear in the path",
            "endpoints.thing.body: a GET request has no body",
        ];
        assert_errors(&errors, &expected);
        assert!(errors[0].ends_with("hint: did you mean `app`?"));
    }

    #[test]
    fn rejects_a_builder_named_like_a_type_and_a_reserved_module() {
        let spec = endpoint_spec("GET", "/t", "", "").replace("  do_it:", "  thing:");
        let files = files(&[("mod.yaml", &spec)]);
        let errors: Vec<String> = match lower(&files, &Contract::NONE) {
            Ok(_) => panic!("accepted"),
            Err(d) => d.0.iter().map(|d| d.to_string()).collect(),
        };
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert!(errors[0].contains("the builder type `Thing` of `thing` collides with a type"));
        assert!(errors[1].contains("gives the module name `mod`, which is reserved"));
    }

    #[test]
    fn the_fake_route_table_is_a_reserved_module() {
        let files = files(&[("fake.yaml", &endpoint_spec("GET", "/t", "", ""))]);
        let errors: Vec<String> = match lower(&files, &Contract::NONE) {
            Ok(_) => panic!("accepted"),
            Err(d) => d.0.iter().map(|d| d.to_string()).collect(),
        };
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert!(errors[0].contains("gives the module name `fake`, which is reserved"));
    }
}
