//! One request to the fake, as the API would take it: the route, the caller, the rate limit,
//! a scripted fault, the parameters and body, then the answer (from the store for the
//! endpoints of `likes.rs`, from the response schema's sample for every other one).

use std::collections::HashSet;
use std::time::Duration;

use percent_encoding::percent_decode_str;
use serde_json::{Map, Value, json};
use url::Url;

use super::auth::Caller;
use super::limits::{Quota, rule_for};
use super::oauth2;
use super::routes::{FakeAnswer, FakePer, FakeRoute};
use super::{Fault, Shared, State, likes, state};
use crate::base::endpoint::ParamIn;
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

/// What the server does with the connection. (No `Debug`: an answer of the token endpoint
/// holds tokens.)
pub(crate) enum Outcome {
    /// An HTTP answer.
    Answer(Answer),
    /// An answer whose body stops before its `content-length`.
    Truncated(Answer),
    /// The connection is closed with no answer.
    Reset,
    /// This outcome, that much later.
    Later(Duration, Box<Outcome>),
    /// A stream of the endpoint called `endpoint` that stays open: the answer's headers and
    /// first bytes, then the endpoint's events as they come.
    Stream(&'static str, Answer),
}

impl Outcome {
    /// The status answered (`None`: no answer).
    pub fn status(&self) -> Option<u16> {
        match self {
            Outcome::Answer(a) | Outcome::Truncated(a) | Outcome::Stream(_, a) => Some(a.status),
            Outcome::Reset => None,
            Outcome::Later(_, o) => o.status(),
        }
    }
}

/// An HTTP answer.
pub(crate) struct Answer {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub headers: Vec<(&'static str, String)>,
}

impl Answer {
    pub fn json(status: u16, body: &Value) -> Self {
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

/// A routed request: its path parameters (decoded), query pairs and JSON body.
pub(crate) struct Call<'a> {
    pub path: &'a [(&'static str, String)],
    pub query: &'a [(String, String)],
    pub body: Option<&'a Map<String, Value>>,
}

impl Call<'_> {
    /// A path parameter (`""` when the template has none of that name).
    pub fn param(&self, name: &str) -> &str {
        self.path
            .iter()
            .find(|(k, _)| *k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// A query parameter.
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A comma-separated query parameter's items.
    pub fn list(&self, name: &str) -> Vec<String> {
        self.query(name)
            .map(|v| v.split(',').map(str::to_owned).collect())
            .unwrap_or_default()
    }
}

/// The problem bodies the real API sends (shapes of the recorded error bodies).
pub(crate) mod problems {
    use serde_json::{Value, json};

    /// An `about:blank` problem whose detail is its title: 401, 403, 404, 429, 5xx.
    pub fn blank(status: u16, title: &str) -> Value {
        titled(status, title, title)
    }

    /// An `about:blank` problem.
    pub fn titled(status: u16, title: &str, detail: &str) -> Value {
        json!({"title": title, "type": "about:blank", "status": status, "detail": detail})
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
fn check_request(route: &FakeRoute, call: &Call<'_>) -> Vec<(String, Vec<String>, String)> {
    let e = route.endpoint;
    let mut problems = Vec::new();
    let mut check = |name: &str, value: &str| {
        if let Some(p) = e.param(name) {
            let set = SetValue::Scalar(ParamValue::Str(value.to_owned()));
            if let Err(m) = check_value(p, &set, true) {
                problems.push((name.to_owned(), vec![value.to_owned()], m));
            }
        }
        if let Some((_, values)) = route.values.iter().find(|(n, _)| *n == name) {
            let allowed = values();
            for v in value.split(',').filter(|v| !allowed.contains(v)) {
                problems.push((
                    name.to_owned(),
                    vec![v.to_owned()],
                    format!(
                        "The `{name}` query parameter value [{v}] is not one of [{}]",
                        allowed.join(",")
                    ),
                ));
            }
        }
    };
    for (name, value) in call.path {
        check(name, value);
    }
    let mut seen = HashSet::new();
    let mut unknown = Vec::new();
    for (name, value) in call.query {
        if !seen.insert(name.as_str()) {
            unknown.push((
                name.clone(),
                vec![value.clone()],
                format!("Duplicate parameters are not allowed:  the `{name}` query parameter"),
            ));
        } else if e.param(name).is_some_and(|p| p.location == ParamIn::Query) {
            check(name, value);
        } else {
            let known: Vec<&str> = e
                .params
                .iter()
                .filter(|p| p.location == ParamIn::Query)
                .map(|p| p.name)
                .collect();
            unknown.push((
                name.clone(),
                vec![value.clone()],
                format!(
                    "The query parameter [{name}] is not one of [{}]",
                    known.join(",")
                ),
            ));
        }
    }
    problems.extend(unknown);
    for p in e
        .params
        .iter()
        .filter(|p| p.required && p.location == ParamIn::Query)
    {
        if call.query(p.name).is_none() {
            problems.push((
                p.name.to_owned(),
                Vec::new(),
                format!("The `{}` query parameter can not be empty", p.name),
            ));
        }
    }
    if let (Some(shape), Some(obj)) = (e.body, call.body) {
        let mut found = Vec::new();
        crate::builders::body::check_received(shape, obj, &mut found);
        problems.extend(found.into_iter().map(|(path, m)| (path, Vec::new(), m)));
    }
    problems
}

/// Answers one request: the endpoint it was routed to, if any, and the outcome.
pub(crate) fn handle(shared: &Shared, req: &Received) -> (Option<&'static str>, Outcome) {
    if let Some(answer) = authorization_server(shared, req) {
        return (None, Outcome::Answer(answer));
    }
    let Some((route, path)) = route(shared.routes, &req.method, req.url.path()) else {
        let body = problems::blank(404, "Not Found Error");
        return (None, Outcome::Answer(Answer::json(404, &body)));
    };
    let mut st = shared.lock();
    (
        Some(route.endpoint.name),
        handle_routed(&mut st, route, &path, req),
    )
}

fn handle_routed(st: &mut State, route: &FakeRoute, path: &PathParams, req: &Received) -> Outcome {
    let e = route.endpoint;
    let now = st.clock.now();
    let Some(caller) = st
        .issued
        .caller(req.authorization.as_deref(), &req.method, &req.url, now)
    else {
        return Outcome::Answer(Answer::json(401, &problems::blank(401, "Unauthorized")));
    };
    if let Some(refusal) = refuse_caller(route, &caller) {
        return Outcome::Answer(refusal);
    }
    let quota = rule_for(route.rate_limits, caller.user()).map(|rule| {
        let who = match (rule.per, caller.user()) {
            (FakePer::User, Some(user)) => user.to_owned(),
            _ => st.issued.consumer_key.clone(),
        };
        st.limits.take(e.name, rule, &who, now)
    });
    if let Some(q) = quota.filter(|q| !q.allowed) {
        let body = problems::blank(429, "Too Many Requests");
        return Outcome::Answer(Answer::json(429, &body).with_quota(Some(q)));
    }

    // A scripted fault meets the first request that got this far.
    let fault = st.faults.pop_front();
    let outcome = match fault.and_then(|f| fault_outcome(f, quota)) {
        Some(outcome) => outcome,
        None => Outcome::Answer(
            answer_call(
                st,
                route,
                path,
                req,
                &caller,
                fault == Some(Fault::EmptyPageWithToken),
            )
            .with_quota(quota),
        ),
    };
    let outcome = match outcome {
        Outcome::Answer(a) if route.stream && a.status == 200 => Outcome::Stream(e.name, a),
        other => other,
    };
    match fault {
        Some(Fault::Delay(by)) => Outcome::Later(by, Box::new(outcome)),
        _ => outcome,
    }
}

/// The 403 for a caller the endpoint does not take: its auth scheme, or a token without
/// the endpoint's scopes.
fn refuse_caller(route: &FakeRoute, caller: &Caller) -> Option<Answer> {
    let auth = route.endpoint.auth;
    if !auth.accepts(caller.scheme()) {
        let used = match caller {
            Caller::App => "OAuth 2.0 Application-Only",
            Caller::OAuth1 { .. } => "OAuth 1.0a User Context",
            Caller::OAuth2 { .. } => "OAuth 2.0 User Context",
        };
        let supported: Vec<&str> = [
            (auth.oauth1_user, "OAuth 1.0a User Context"),
            (auth.oauth2_user, "OAuth 2.0 User Context"),
            (auth.app_only, "OAuth 2.0 Application-Only"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect();
        let body = problems::unsupported_auth(used, &supported.join(", "));
        return Some(Answer::json(403, &body));
    }
    match caller {
        Caller::OAuth2 { scopes, .. }
            if route
                .scopes
                .iter()
                .any(|s| !scopes.iter().any(|have| have == s)) =>
        {
            Some(Answer::json(403, &problems::blank(403, "Forbidden")))
        }
        _ => None,
    }
}

/// The answer of a request that passed the checks of the caller: its body and parameters
/// are checked, then it is answered from the store or with the route's sample.
fn answer_call(
    st: &mut State,
    route: &FakeRoute,
    path: &PathParams,
    req: &Received,
    caller: &Caller,
    empty_page: bool,
) -> Answer {
    let e = route.endpoint;
    let query: Vec<(String, String)> = req
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
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
        return bad_body("Requests with bodies must have content-type of application/json.");
    } else {
        match serde_json::from_slice::<Value>(&req.body) {
            Ok(Value::Object(obj)) => Some(obj),
            _ => return bad_body("The request body is not a JSON object."),
        }
    };
    let call = Call {
        path,
        query: &query,
        body: body.as_ref(),
    };
    let problems = check_request(route, &call);
    if !problems.is_empty() {
        return Answer::json(400, &problems::invalid_request(problems));
    }
    let answer = likes::answer(st, e.name, caller, &call).unwrap_or_else(|| {
        match route.answer {
            // A stream: a keep-alive, then one event (then the events as they come).
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
        }
    });
    if empty_page && answer.status == 200 && e.pagination_param.is_some() {
        // The same page again, once: its token is the request's own place in the list.
        let subject = likes::subject(e.name, call.param("id"));
        let cursor = likes::cursor(&subject, &call).unwrap_or(state::Cursor::Newest);
        let token = state::page_token(&subject, cursor);
        return Answer::json(
            200,
            &json!({"meta": {"result_count": 0, "next_token": token}}),
        );
    }
    answer
}

/// The OAuth 2.0 authorization server's three routes; `None` for every other path.
fn authorization_server(shared: &Shared, req: &Received) -> Option<Answer> {
    let route = (req.method.as_str(), req.url.path());
    if !matches!(
        route,
        ("GET", "/i/oauth2/authorize") | ("POST", "/2/oauth2/token" | "/2/oauth2/revoke")
    ) {
        return None;
    }
    let mut st = shared.lock();
    let now = st.clock.now();
    let result = match route {
        ("GET", _) => oauth2::authorize(&mut st.issued, &req.url, now).map(|redirect| {
            let mut a = Answer::raw(302, "text/plain", b"");
            a.headers.push(("location", redirect.to_string()));
            a
        }),
        (_, "/2/oauth2/token") => {
            oauth2::token(&mut st.issued, &req.body, now).map(|b| Answer::json(200, &b))
        }
        _ => oauth2::revoke(&mut st.issued, &req.body).map(|b| Answer::json(200, &b)),
    };
    Some(result.unwrap_or_else(|(status, body)| Answer::json(status, &body)))
}

/// The 400 of a body that is not a JSON object.
fn bad_body(message: &str) -> Answer {
    let body = problems::invalid_request(vec![(String::new(), Vec::new(), message.to_owned())]);
    Answer::json(400, &body)
}

/// What a scripted fault makes of the answer; `None` when the request is answered as usual
/// (a delay, then the answer; an empty page in place of a page).
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::endpoint::{AuthSet, Endpoint, Method};

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
            values: &[],
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
