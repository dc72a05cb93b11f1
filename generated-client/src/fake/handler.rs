//! One request to the fake, as the API would take it: the route, the caller, the rate limit,
//! the parameters and body, then the answer (from the stored data for the Likes endpoints
//! and the lookups they touch, from the response schema's sample for every other one).

use std::collections::HashSet;

use percent_encoding::percent_decode_str;
use serde_json::{Map, Value, json};
use url::Url;

use super::auth::Caller;
use super::limits::{Quota, rule_for};
use super::oauth2;
use super::routes::{FakeAnswer, FakeRoute};
use super::state::{self, View};
use super::{Fault, Shared};
use crate::base::endpoint::{Endpoint, ParamIn};
use crate::builders::params::{ParamValue, Value as SetValue, check_value};

/// A request as received.
pub(crate) struct Received {
    pub method: String,
    /// The full URL (scheme, the `Host` it was sent to, path and query).
    pub url: Url,
    pub authorization: Option<String>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// What the server does with the connection.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// An HTTP answer.
    Answer(Answer),
    /// An answer whose body stops before its `content-length`.
    Truncated(Answer),
    /// The connection is closed with no answer.
    Reset,
}

/// An HTTP answer.
#[derive(Debug)]
pub(crate) struct Answer {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub headers: Vec<(&'static str, String)>,
}

impl Answer {
    fn json(status: u16, body: &Value) -> Self {
        Answer {
            status,
            content_type: "application/json; charset=utf-8",
            body: body.to_string().into_bytes(),
            headers: Vec::new(),
        }
    }

    fn raw(status: u16, content_type: &'static str, body: &[u8]) -> Self {
        Answer {
            status,
            content_type,
            body: body.to_vec(),
            headers: Vec::new(),
        }
    }

    fn with_quota(mut self, q: Option<Quota>) -> Self {
        if let Some(q) = q {
            self.headers.extend([
                ("x-rate-limit-limit", q.limit.to_string()),
                ("x-rate-limit-remaining", q.remaining.to_string()),
                ("x-rate-limit-reset", q.reset.to_string()),
            ]);
        }
        self
    }
}

/// The problem bodies the real API sends (shapes of the recorded error bodies).
pub(crate) mod problems {
    use serde_json::{Value, json};

    /// `about:blank` problems: 401, 403, 404, 429, 5xx.
    pub fn blank(status: u16, title: &str) -> Value {
        json!({"title": title, "type": "about:blank", "status": status, "detail": title})
    }

    /// The 400 for parameters: one error per parameter, with its values.
    pub fn invalid_request(errors: Vec<(String, Vec<String>, String)>) -> Value {
        let errors: Vec<Value> = errors
            .into_iter()
            .map(|(name, values, message)| {
                let mut parameters = serde_json::Map::new();
                if !name.is_empty() {
                    parameters.insert(name, json!(values));
                }
                json!({"parameters": parameters, "message": message})
            })
            .collect();
        json!({
            "errors": errors,
            "title": "Invalid Request",
            "detail": "One or more parameters to your request was invalid.",
            "type": "https://api.twitter.com/2/problems/invalid-request"
        })
    }

    /// The 403 of an endpoint that does not take the caller's auth scheme.
    pub fn unsupported_auth(used: &str, supported: &str) -> Value {
        json!({
            "title": "Unsupported Authentication",
            "detail": format!("Authenticating with {used} is forbidden for this endpoint.  Supported authentication types are [{supported}]."),
            "type": "https://api.twitter.com/2/problems/unsupported-authentication",
            "status": 403
        })
    }

    /// The 429 of a spent usage cap.
    pub fn usage_capped() -> Value {
        json!({
            "title": "UsageCapExceeded",
            "detail": "Usage cap exceeded: Monthly product cap",
            "type": "https://api.twitter.com/2/problems/usage-capped",
            "period": "Monthly",
            "scope": "Product"
        })
    }
}

/// The path parameters of a matched route: name and decoded value.
pub(crate) type PathParams = Vec<(&'static str, String)>;

/// The route of `method` and `path`: among the templates that match, the one with the most
/// literal segments (`/2/users/me` before `/2/users/{id}`), with its path parameters.
pub(crate) fn route<'r>(
    routes: &'r [FakeRoute],
    method: &str,
    path: &str,
) -> Option<(&'r FakeRoute, PathParams)> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let mut best: Option<(usize, &FakeRoute, PathParams)> = None;
    for r in routes
        .iter()
        .filter(|r| r.endpoint.method.as_str() == method)
    {
        let template: Vec<&'static str> = r.endpoint.path.split('/').collect();
        if template.len() != segments.len() {
            continue;
        }
        let mut literal = 0;
        let mut params = Vec::new();
        let matched = template.iter().zip(&segments).all(|(t, s)| {
            match t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
                Some(name) if !s.is_empty() => {
                    params.push((name, percent_decode_str(s).decode_utf8_lossy().into_owned()));
                    true
                }
                Some(_) => false,
                None => {
                    literal += 1;
                    t == s
                }
            }
        });
        if matched && best.as_ref().is_none_or(|(l, _, _)| literal > *l) {
            best = Some((literal, r, params));
        }
    }
    best.map(|(_, r, p)| (r, p))
}

/// The parameters and body of a request against its endpoint: every problem, as the 400's
/// `(parameter, values, message)` entries.
fn check_request(
    e: &Endpoint,
    path_params: &[(&'static str, String)],
    query: &[(String, String)],
    body: Option<&Map<String, Value>>,
) -> Vec<(String, Vec<String>, String)> {
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    for (name, value) in query {
        if !seen.insert(name.as_str()) {
            problems.push((
                name.clone(),
                vec![value.clone()],
                format!("Duplicate parameters are not allowed:  the `{name}` query parameter"),
            ));
            continue;
        }
        match e.param(name).filter(|p| p.location == ParamIn::Query) {
            None => {
                let known: Vec<&str> = e
                    .params
                    .iter()
                    .filter(|p| p.location == ParamIn::Query)
                    .map(|p| p.name)
                    .collect();
                problems.push((
                    name.clone(),
                    vec![value.clone()],
                    format!(
                        "The query parameter [{name}] is not one of [{}]",
                        known.join(",")
                    ),
                ));
            }
            Some(p) => {
                if let Err(m) =
                    check_value(p, &SetValue::Scalar(ParamValue::Str(value.clone())), true)
                {
                    problems.push((name.clone(), vec![value.clone()], m));
                }
            }
        }
    }
    for (name, value) in path_params {
        if let Some(p) = e.param(name) {
            if let Err(m) = check_value(p, &SetValue::Scalar(ParamValue::Str(value.clone())), true)
            {
                problems.push(((*name).to_owned(), vec![value.clone()], m));
            }
        }
    }
    for p in e
        .params
        .iter()
        .filter(|p| p.required && p.location == ParamIn::Query)
    {
        if !query.iter().any(|(k, _)| k == p.name) {
            problems.push((
                p.name.to_owned(),
                Vec::new(),
                format!("The `{}` query parameter can not be empty", p.name),
            ));
        }
    }
    if let (Some(shape), Some(obj)) = (e.body, body) {
        let mut found = Vec::new();
        crate::builders::body::check_received(shape, obj, &mut found);
        problems.extend(found.into_iter().map(|(path, m)| (path, Vec::new(), m)));
    }
    problems
}

/// Answers one request.
/// `fault` is the scripted fault this request meets, if any: it takes the place of the
/// answer once the request has passed the route, auth and rate-limit checks.
pub(crate) fn handle(shared: &Shared, req: &Received, fault: Option<Fault>) -> Outcome {
    if let Some(answer) = authorization_server(shared, req) {
        return Outcome::Answer(answer);
    }
    let query: Vec<(String, String)> = req
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let Some((route, path_params)) = route(shared.routes, &req.method, req.url.path()) else {
        return Outcome::Answer(Answer::json(404, &problems::blank(404, "Not Found Error")));
    };
    let e = route.endpoint;
    let mut st = shared.lock();
    let now = st.clock.now();

    let Some(caller) = st
        .issued
        .caller(req.authorization.as_deref(), &req.method, &req.url, now)
    else {
        return Outcome::Answer(Answer::json(401, &problems::blank(401, "Unauthorized")));
    };
    if !e.auth.accepts(caller.scheme()) {
        let used = match caller {
            Caller::App => "OAuth 2.0 Application-Only",
            Caller::OAuth1 { .. } => "OAuth 1.0a User Context",
            Caller::OAuth2 { .. } => "OAuth 2.0 User Context",
        };
        let mut supported = Vec::new();
        if e.auth.oauth1_user {
            supported.push("OAuth 1.0a User Context");
        }
        if e.auth.oauth2_user {
            supported.push("OAuth 2.0 User Context");
        }
        if e.auth.app_only {
            supported.push("OAuth 2.0 Application-Only");
        }
        return Outcome::Answer(Answer::json(
            403,
            &problems::unsupported_auth(used, &supported.join(", ")),
        ));
    }
    if let Caller::OAuth2 { scopes, .. } = &caller {
        if route
            .scopes
            .iter()
            .any(|s| !scopes.iter().any(|have| have == s))
        {
            return Outcome::Answer(Answer::json(403, &problems::blank(403, "Forbidden")));
        }
    }

    let quota = rule_for(route.rate_limits, caller.user()).map(|rule| {
        let who = caller
            .user()
            .map_or_else(|| st.issued.consumer_key.clone(), str::to_owned);
        st.limits.take(e.name, rule, &who, now)
    });
    if let Some(q) = quota.filter(|q| !q.allowed) {
        return Outcome::Answer(
            Answer::json(429, &problems::blank(429, "Too Many Requests")).with_quota(Some(q)),
        );
    }

    if let Some(fault) = fault {
        if let Some(outcome) = fault_outcome(fault, quota) {
            return outcome;
        }
    }

    // A body is JSON with its content type; an endpoint whose members are all optional may
    // be called with none (its members are then checked as an empty object).
    let body = if e.body.is_none() {
        None
    } else if req.body.is_empty() {
        Some(Map::new())
    } else if !req
        .content_type
        .as_deref()
        .is_some_and(|c| c.starts_with("application/json"))
    {
        return Outcome::Answer(bad_body(
            "Requests with bodies must have content-type of application/json.",
            quota,
        ));
    } else {
        match serde_json::from_slice::<Value>(&req.body) {
            Ok(Value::Object(obj)) => Some(obj),
            _ => return Outcome::Answer(bad_body("The request body is not a JSON object.", quota)),
        }
    };
    let problems = check_request(e, &path_params, &query, body.as_ref());
    if !problems.is_empty() {
        return Outcome::Answer(
            Answer::json(400, &problems::invalid_request(problems)).with_quota(quota),
        );
    }

    let param = |name: &str| {
        path_params
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let answer = match stateful(&mut st.store, e.name, &caller, param, &query, body.as_ref()) {
        Some(answer) => answer,
        None => match route.answer {
            // A stream: a keep-alive, then the one line (then the answer ends).
            FakeAnswer::Json(sample) if route.stream => Answer::raw(
                200,
                "application/json",
                format!("\r\n{sample}\r\n").as_bytes(),
            ),
            FakeAnswer::Json(sample) => {
                Answer::raw(200, "application/json; charset=utf-8", sample.as_bytes())
            }
            FakeAnswer::Empty => Answer::raw(204, "application/json", b""),
            FakeAnswer::Binary => Answer::raw(200, "application/octet-stream", b"fake media bytes"),
        },
    };
    let mut answer = answer.with_quota(quota);
    if fault == Some(Fault::EmptyPageWithToken) {
        answer.body =
            json!({"meta": {"result_count": 0, "next_token": state::page_token("fault", 0)}})
                .to_string()
                .into_bytes();
    }
    Outcome::Answer(answer)
}

/// The OAuth 2.0 authorization server's three routes; `None` for every other path.
fn authorization_server(shared: &Shared, req: &Received) -> Option<Answer> {
    let mut st = shared.lock();
    let now = st.clock.now();
    let result = match (req.method.as_str(), req.url.path()) {
        ("GET", "/i/oauth2/authorize") => {
            return Some(match oauth2::authorize(&mut st.issued, &req.url, now) {
                Ok(redirect) => {
                    let mut a = Answer::raw(302, "text/plain", b"");
                    a.headers.push(("location", redirect.to_string()));
                    a
                }
                Err((status, body)) => Answer::json(status, &body),
            });
        }
        ("POST", "/2/oauth2/token") => oauth2::token(&mut st.issued, &req.body, now),
        ("POST", "/2/oauth2/revoke") => oauth2::revoke(&mut st.issued, &req.body),
        _ => return None,
    };
    Some(match result {
        Ok(body) => Answer::json(200, &body),
        Err((status, body)) => Answer::json(status, &body),
    })
}

/// The 400 of a body that is not a JSON object.
fn bad_body(message: &str, quota: Option<Quota>) -> Answer {
    let body = problems::invalid_request(vec![(String::new(), Vec::new(), message.to_owned())]);
    Answer::json(400, &body).with_quota(quota)
}

/// What a scripted fault makes of the answer; `None` when the request goes on (a delay is
/// taken by the server, an empty page after the checks).
fn fault_outcome(fault: Fault, quota: Option<Quota>) -> Option<Outcome> {
    let answer = |status: u16, body: Value| {
        Some(Outcome::Answer(
            Answer::json(status, &body).with_quota(quota),
        ))
    };
    match fault {
        Fault::Status(status) => {
            let title = match status {
                400 => "Invalid Request",
                401 => "Unauthorized",
                403 => "Forbidden",
                404 => "Not Found Error",
                500 => "Internal Server Error",
                502 => "Bad Gateway",
                503 => "Service Unavailable",
                504 => "Gateway Timeout",
                _ => "Error",
            };
            answer(status, problems::blank(status, title))
        }
        Fault::RateLimited => answer(429, problems::blank(429, "Too Many Requests")),
        Fault::UsageCapped => answer(429, problems::usage_capped()),
        Fault::Reset => Some(Outcome::Reset),
        Fault::Truncated => Some(Outcome::Truncated(
            Answer::raw(
                200,
                "application/json; charset=utf-8",
                br#"{"data": [{"id": "12"#,
            )
            .with_quota(quota),
        )),
        Fault::NotJson => Some(Outcome::Answer(
            Answer::raw(200, "text/html", b"<html><body>Over capacity</body></html>")
                .with_quota(quota),
        )),
        Fault::Delay(_) | Fault::EmptyPageWithToken => None,
    }
}

/// The Likes endpoints and the lookups they touch, answered from the store; `None` for
/// every other endpoint.
fn stateful<'a>(
    store: &mut state::Store,
    name: &str,
    caller: &Caller,
    param: impl Fn(&str) -> &'a str,
    query: &[(String, String)],
    body: Option<&Map<String, Value>>,
) -> Option<Answer> {
    let view = View::of(query);
    let q = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let ids = |name: &str| -> Vec<String> {
        q(name)
            .map(|v| v.split(',').map(str::to_owned).collect())
            .unwrap_or_default()
    };
    let ok = |v: Value| Some(Answer::json(200, &v));
    match name {
        "get_liked_tweets" | "get_liking_users" => {
            let id = param("id");
            let (resource, list) = if name == "get_liked_tweets" {
                ("user", store.has_user(id).then(|| store.liked_tweets(id)))
            } else {
                ("tweet", store.has_tweet(id).then(|| store.liking_users(id)))
            };
            let Some(list) = list else {
                return ok(state::not_found(resource, "id", id));
            };
            let max = q("max_results").and_then(|m| m.parse().ok()).unwrap_or(100);
            let subject = format!("{name}/{id}");
            let offset = match q("pagination_token") {
                None => 0,
                Some(t) => match state::token_offset(&subject, t) {
                    Some(o) => o,
                    None => {
                        return Some(Answer::json(
                            400,
                            &problems::invalid_request(vec![(
                                "pagination_token".to_owned(),
                                vec![t.to_owned()],
                                format!(
                                    "The `pagination_token` query parameter value [{t}] is not valid"
                                ),
                            )]),
                        ));
                    }
                },
            };
            let page = state::page(&subject, &list, offset, max);
            let (data, includes): (Vec<Value>, _) = if name == "get_liked_tweets" {
                (
                    page.items
                        .iter()
                        .filter_map(|t| store.tweet(t, &view))
                        .collect(),
                    store.tweet_includes(page.items, &view),
                )
            } else {
                (
                    page.items
                        .iter()
                        .filter_map(|u| store.user(u, &view))
                        .collect(),
                    store.user_includes(page.items, &view),
                )
            };
            let mut out = Map::new();
            let mut meta = Map::new();
            meta.insert("result_count".into(), json!(data.len()));
            if !data.is_empty() {
                out.insert("data".into(), Value::Array(data));
            }
            if let Some(inc) = includes {
                out.insert("includes".into(), inc);
            }
            if let Some(t) = page.next {
                meta.insert("next_token".into(), json!(t));
            }
            if let Some(t) = page.previous {
                meta.insert("previous_token".into(), json!(t));
            }
            out.insert("meta".into(), Value::Object(meta));
            ok(Value::Object(out))
        }
        "like_tweet" | "unlike_tweet" => {
            let user = param("id");
            if caller.user() != Some(user) {
                return Some(Answer::json(
                    403,
                    &json!({
                        "title": "Forbidden",
                        "type": "about:blank",
                        "status": 403,
                        "detail": "You are not permitted to perform this action."
                    }),
                ));
            }
            let tweet = if name == "like_tweet" {
                body.and_then(|b| b.get("tweet_id"))
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned()
            } else {
                param("tweet_id").to_owned()
            };
            if name == "like_tweet" {
                if !store.has_tweet(&tweet) {
                    return ok(state::not_found("tweet", "tweet_id", &tweet));
                }
                store.like(user, &tweet);
            } else {
                store.unlike(user, &tweet);
            }
            ok(json!({"data": {"liked": name == "like_tweet"}}))
        }
        "get_me" => {
            let user = caller.user()?;
            match store.user(user, &view) {
                Some(u) => ok(json!({"data": u})),
                None => ok(state::not_found("user", "id", user)),
            }
        }
        "get_user" | "get_tweet" => {
            let id = param("id");
            let (found, includes) = if name == "get_user" {
                (
                    store.user(id, &view),
                    store.user_includes(&[id.to_owned()], &view),
                )
            } else {
                (
                    store.tweet(id, &view),
                    store.tweet_includes(&[id.to_owned()], &view),
                )
            };
            match found {
                Some(obj) => {
                    let mut out = json!({"data": obj});
                    if let Some(inc) = includes {
                        out["includes"] = inc;
                    }
                    ok(out)
                }
                None => ok(state::not_found(
                    if name == "get_user" { "user" } else { "tweet" },
                    "id",
                    id,
                )),
            }
        }
        "get_users" | "get_tweets" => {
            let wanted = ids("ids");
            let users = name == "get_users";
            let resource = if users { "user" } else { "tweet" };
            let mut data = Vec::new();
            let mut errors = Vec::new();
            for id in &wanted {
                match if users {
                    store.user(id, &view)
                } else {
                    store.tweet(id, &view)
                } {
                    Some(obj) => data.push(obj),
                    None => errors.extend(
                        state::not_found(resource, "ids", id)["errors"]
                            .as_array()
                            .cloned()
                            .unwrap_or_default(),
                    ),
                }
            }
            let found: Vec<String> = data
                .iter()
                .filter_map(|d| d["id"].as_str().map(str::to_owned))
                .collect();
            let includes = if users {
                store.user_includes(&found, &view)
            } else {
                store.tweet_includes(&found, &view)
            };
            let mut out = Map::new();
            if !data.is_empty() {
                out.insert("data".into(), Value::Array(data));
            }
            if let Some(inc) = includes {
                out.insert("includes".into(), inc);
            }
            if !errors.is_empty() {
                out.insert("errors".into(), Value::Array(errors));
            }
            ok(Value::Object(out))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::endpoint::{AuthSet, Method};

    static ME: Endpoint = Endpoint {
        name: "get_me",
        method: Method::Get,
        path: "/2/users/me",
        auth: AuthSet::ANY,
        params: &[],
        pagination_param: None,
        body: None,
    };
    static USER: Endpoint = Endpoint {
        name: "get_user",
        path: "/2/users/{id}",
        ..ME
    };

    fn r(e: &'static Endpoint) -> FakeRoute {
        FakeRoute {
            endpoint: e,
            scopes: &[],
            rate_limits: &[],
            answer: FakeAnswer::Empty,
            stream: false,
        }
    }

    #[test]
    fn the_most_literal_template_wins_and_path_parameters_are_decoded() {
        let routes = [r(&USER), r(&ME)];
        let (me, p) = route(&routes, "GET", "/2/users/me").unwrap();
        assert_eq!((me.endpoint.name, p.len()), ("get_me", 0));
        let (user, p) = route(&routes, "GET", "/2/users/12%2034").unwrap();
        assert_eq!(user.endpoint.name, "get_user");
        assert_eq!(p, [("id", "12 34".to_owned())]);
        assert!(route(&routes, "POST", "/2/users/me").is_none());
        assert!(route(&routes, "GET", "/2/users/1/x").is_none());
    }
}
