//! The endpoints the fake answers from its store: the four Likes endpoints, `get_me`, and
//! the user and Tweet lookups (by id and by username). Every other endpoint answers with
//! its generated sample.

use serde_json::{Map, Value, json};

use super::auth::Caller;
use super::handler::{Answer, Call, problems};
use super::state::{self, Cursor, Kind, Store, View};
use super::{LIKE_STREAMS, State};

/// The pages of `name` for the object `id`: the subject of its pagination tokens.
pub(crate) fn subject(name: &str, id: &str) -> String {
    format!("{name}/{id}")
}

/// The cursor a request's `pagination_token` stands for (the first page without one);
/// `Err` with the 400 when the token is not one of this list's.
pub(crate) fn cursor(subject: &str, call: &Call<'_>) -> Result<Cursor, Answer> {
    match call.query("pagination_token") {
        None => Ok(Cursor::Newest),
        Some(t) => state::token_cursor(subject, t).ok_or_else(|| {
            Answer::json(
                400,
                &problems::invalid_request(vec![(
                    "pagination_token".to_owned(),
                    vec![t.to_owned()],
                    format!("The `pagination_token` query parameter value [{t}] is not valid"),
                )]),
            )
        }),
    }
}

/// The answer of `name` from the store; `None` for an endpoint the store does not serve.
pub(crate) fn answer(
    st: &mut State,
    name: &str,
    caller: &Caller,
    call: &Call<'_>,
) -> Option<Answer> {
    let now = st.clock.now();
    let mut likes: Vec<String> = Vec::new();
    let answer = answer_from_store(&mut st.store, name, caller, call, now, &mut likes);
    // Each new like is an event of the Likes streams (no open stream is no error).
    for line in likes {
        for stream in LIKE_STREAMS {
            st.send_line(stream, line.clone());
        }
    }
    answer
}

/// [`answer`] from the store; each new like's stream line is pushed on `likes`.
fn answer_from_store(
    store: &mut Store,
    name: &str,
    caller: &Caller,
    call: &Call<'_>,
    now: u64,
    likes: &mut Vec<String>,
) -> Option<Answer> {
    let view = View::of(call.query);
    let ok = |v: Value| Some(Answer::json(200, &v));
    match name {
        "get_liked_tweets" => Some(page(store, name, Kind::Tweet, Kind::User, call, &view)),
        "get_liking_users" => Some(page(store, name, Kind::User, Kind::Tweet, call, &view)),
        "like_tweet" | "unlike_tweet" => {
            let user = call.param("id");
            if caller.user() != Some(user) {
                return Some(Answer::json(
                    403,
                    &problems::titled(
                        403,
                        "Forbidden",
                        "You are not permitted to perform this action.",
                    ),
                ));
            }
            let liking = name == "like_tweet";
            let tweet = if liking {
                call.body
                    .and_then(|b| b.get("tweet_id"))
                    .and_then(Value::as_str)
                    .unwrap_or("")
            } else {
                call.param("tweet_id")
            };
            if liking {
                if !store.has(Kind::Tweet, tweet) {
                    return ok(state::not_found(Kind::Tweet, "tweet_id", tweet));
                }
                if let Some(seq) = store.like(user, tweet) {
                    likes.push(like_event(seq, tweet, store.author_of(tweet), now));
                }
            } else {
                store.unlike(user, tweet);
            }
            ok(json!({"data": {"liked": liking}}))
        }
        "get_me" => {
            let user = caller.user()?;
            Some(one(store, Kind::User, user, "id", &view))
        }
        "get_user" => Some(one(store, Kind::User, call.param("id"), "id", &view)),
        "get_tweet" => Some(one(store, Kind::Tweet, call.param("id"), "id", &view)),
        "get_user_by_username" => {
            let username = call.param("username");
            let id = store.user_id_by_username(username).unwrap_or_default();
            Some(match id.is_empty() {
                true => Answer::json(200, &state::not_found(Kind::User, "username", username)),
                false => one(store, Kind::User, &id, "username", &view),
            })
        }
        "get_users" => Some(many(store, Kind::User, &call.list("ids"), "ids", &view)),
        "get_tweets" => Some(many(store, Kind::Tweet, &call.list("ids"), "ids", &view)),
        "get_users_by_usernames" => {
            let names = call.list("usernames");
            let mut found = Vec::new();
            let mut errors = Vec::new();
            for n in &names {
                match store.user_id_by_username(n) {
                    Some(id) => found.push(id),
                    None => {
                        errors.extend(problems_of(state::not_found(Kind::User, "usernames", n)))
                    }
                }
            }
            let mut answer = objects(store, Kind::User, &found, &view);
            if !errors.is_empty() {
                answer.insert("errors".into(), Value::Array(errors));
            }
            ok(Value::Object(answer))
        }
        _ => None,
    }
}

/// The line a Likes stream sends for a like: a `LikeEvent` with the like's id, time and the
/// liked Tweet and its author.
fn like_event(seq: u64, tweet: &str, author: Option<&str>, now: u64) -> String {
    let at = time::OffsetDateTime::from_unix_timestamp(i64::try_from(now).unwrap_or(i64::MAX))
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default();
    let mut data = json!({
        "id": (1_800_000_000_000_000_000u64 + seq).to_string(),
        "created_at": at,
        "liked_tweet_id": tweet,
        "timestamp_ms": now.saturating_mul(1000),
    });
    if let Some(a) = author {
        data["tweet_author_id"] = json!(a);
    }
    json!({ "data": data }).to_string()
}

/// The problems of a `{"errors": [...]}` body.
fn problems_of(body: Value) -> Vec<Value> {
    match body {
        Value::Object(mut o) => match o.remove("errors") {
            Some(Value::Array(a)) => a,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// One object as `{"data": ..., "includes": ...}`, or the 200 with a not-found problem.
fn one(store: &Store, kind: Kind, id: &str, parameter: &str, view: &View<'_>) -> Answer {
    if !store.has(kind, id) {
        return Answer::json(200, &state::not_found(kind, parameter, id));
    }
    let mut out = objects(store, kind, &[id.to_owned()], view);
    if let Some(Value::Array(mut data)) = out.remove("data") {
        out.insert("data".into(), data.pop().unwrap_or(Value::Null));
    }
    Answer::json(200, &Value::Object(out))
}

/// Several objects by id: those found in `data`, the others as problems.
fn many(store: &Store, kind: Kind, ids: &[String], parameter: &str, view: &View<'_>) -> Answer {
    let (found, missing): (Vec<String>, Vec<String>) =
        ids.iter().cloned().partition(|id| store.has(kind, id));
    let mut out = objects(store, kind, &found, view);
    let errors: Vec<Value> = missing
        .iter()
        .flat_map(|id| problems_of(state::not_found(kind, parameter, id)))
        .collect();
    if !errors.is_empty() {
        out.insert("errors".into(), Value::Array(errors));
    }
    Answer::json(200, &Value::Object(out))
}

/// `data` (omitted when empty) and `includes` (when something is expanded) for these ids.
fn objects(store: &Store, kind: Kind, ids: &[String], view: &View<'_>) -> Map<String, Value> {
    let data: Vec<Value> = ids
        .iter()
        .filter_map(|id| store.get(kind, id, view))
        .collect();
    let mut out = Map::new();
    if !data.is_empty() {
        out.insert("data".into(), Value::Array(data));
    }
    if let Some(inc) = store.includes(kind, ids, view) {
        out.insert("includes".into(), inc);
    }
    out
}

/// A page of the liked Tweets of a user (`of` = user) or the liking users of a Tweet.
fn page(
    store: &Store,
    name: &str,
    items: Kind,
    of: Kind,
    call: &Call<'_>,
    view: &View<'_>,
) -> Answer {
    let id = call.param("id");
    if !store.has(of, id) {
        return Answer::json(200, &state::not_found(of, "id", id));
    }
    let list = match items {
        Kind::Tweet => store.liked_tweets(id),
        Kind::User => store.liking_users(id),
    };
    let subject = subject(name, id);
    let cursor = match cursor(&subject, call) {
        Ok(c) => c,
        Err(refusal) => return refusal,
    };
    let max = call
        .query("max_results")
        .and_then(|m| m.trim().parse().ok())
        .unwrap_or(100);
    let page = state::page(&subject, &list, cursor, max);
    let mut out = objects(store, items, &page.items, view);
    let mut meta = Map::new();
    meta.insert("result_count".into(), json!(page.items.len()));
    if let Some(t) = page.next {
        meta.insert("next_token".into(), json!(t));
    }
    if let Some(t) = page.previous {
        meta.insert("previous_token".into(), json!(t));
    }
    out.insert("meta".into(), Value::Object(meta));
    Answer::json(200, &Value::Object(out))
}
