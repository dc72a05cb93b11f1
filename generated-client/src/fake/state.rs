//! The fake's data: users, Tweets and likes, and the views the Likes endpoints give of them
//! (default fields plus the fields asked for, expansions filled from the stored objects,
//! pages with `next_token`s over the stored likes).

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::{Map, Value, json};

/// The data a [`super::FakeX`] starts with: users and Tweets as the API returns them (every
/// field the fake can give back), and who likes what.
///
/// [`Seed::default`] is built from recorded responses (46 users, 43 Tweets, and 30 likes of
/// the user `1072250532645998596`); [`Seed::from_json`] reads the same shape from JSON:
/// `{"users": [...], "tweets": [...], "likes": [{"user_id": "...", "tweet_id": "..."}]}`.
#[derive(Debug, Clone, Deserialize)]
pub struct Seed {
    /// User objects; each needs an `id`.
    #[serde(default)]
    pub users: Vec<Value>,
    /// Tweet objects; each needs an `id`.
    #[serde(default)]
    pub tweets: Vec<Value>,
    /// Likes, oldest first (the last one is the newest like).
    #[serde(default)]
    pub likes: Vec<SeedLike>,
}

/// One like of a [`Seed`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SeedLike {
    /// The user who likes.
    pub user_id: String,
    /// The Tweet liked.
    pub tweet_id: String,
}

impl Default for Seed {
    fn default() -> Self {
        // The file is part of the crate and checked by the fake's tests.
        Self::from_json(include_str!("seed.json")).unwrap_or_else(|_| Seed::empty())
    }
}

impl Seed {
    /// No users, no Tweets, no likes.
    pub fn empty() -> Self {
        Seed {
            users: Vec::new(),
            tweets: Vec::new(),
            likes: Vec::new(),
        }
    }

    /// Reads a seed from JSON; every user and Tweet must be an object with a string `id`.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let seed: Seed = serde_json::from_str(text).map_err(|e| format!("seed: {e}"))?;
        for (what, list) in [("users", &seed.users), ("tweets", &seed.tweets)] {
            if let Some(i) = list.iter().position(|v| id_of(v).is_none()) {
                return Err(format!("seed: {what}[{i}] has no string `id`"));
            }
        }
        Ok(seed)
    }

    /// Adds a user object (it needs a string `id`).
    pub fn user(mut self, user: Value) -> Self {
        self.users.push(user);
        self
    }

    /// Adds a Tweet object (it needs a string `id`).
    pub fn tweet(mut self, tweet: Value) -> Self {
        self.tweets.push(tweet);
        self
    }

    /// Adds a like (newer than those already added).
    pub fn like(mut self, user_id: &str, tweet_id: &str) -> Self {
        self.likes.push(SeedLike {
            user_id: user_id.to_owned(),
            tweet_id: tweet_id.to_owned(),
        });
        self
    }
}

fn id_of(v: &Value) -> Option<&str> {
    v.get("id").and_then(Value::as_str)
}

/// The stored objects and likes.
#[derive(Debug, Default)]
pub(crate) struct Store {
    users: BTreeMap<String, Map<String, Value>>,
    tweets: BTreeMap<String, Map<String, Value>>,
    /// The number of the last like.
    seq: u64,
    /// Per user, the Tweets liked, oldest first.
    liked: HashMap<String, Vec<Entry>>,
    /// Per Tweet, the users who like it, oldest first.
    liking: HashMap<String, Vec<Entry>>,
}

/// The two kinds of stored objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    User,
    Tweet,
}

impl Kind {
    /// The `resource_type` of the API's problems.
    pub fn resource(self) -> &'static str {
        match self {
            Kind::User => "user",
            Kind::Tweet => "tweet",
        }
    }
}

/// Adds `id` to `list` unless it is there already (includes keep the first place).
fn push_once(list: &mut Vec<String>, id: &str) {
    if !list.iter().any(|x| x == id) {
        list.push(id.to_owned());
    }
}

/// What one Likes read asks for: the fields and expansions of the query.
pub(crate) struct View<'q> {
    pub tweet_fields: Vec<&'q str>,
    pub user_fields: Vec<&'q str>,
    pub expansions: Vec<&'q str>,
}

impl<'q> View<'q> {
    /// The view of a query (its `tweet.fields`, `user.fields` and `expansions`).
    pub fn of(query: &'q [(String, String)]) -> Self {
        let list = |name: &str| -> Vec<&'q str> {
            query
                .iter()
                .filter(|(k, _)| k == name)
                .flat_map(|(_, v)| v.split(','))
                .filter(|s| !s.is_empty())
                .collect()
        };
        View {
            tweet_fields: list("tweet.fields"),
            user_fields: list("user.fields"),
            expansions: list("expansions"),
        }
    }
}

const TWEET_DEFAULT: &[&str] = &["id", "text", "edit_history_tweet_ids"];
const USER_DEFAULT: &[&str] = &["id", "name", "username"];

fn project(obj: &Map<String, Value>, default: &[&str], asked: &[&str]) -> Value {
    let mut out = Map::new();
    for key in default.iter().chain(asked) {
        if let Some(v) = obj.get(*key) {
            out.insert((*key).to_owned(), v.clone());
        }
    }
    Value::Object(out)
}

/// One entry of a like list: the like's sequence number (a newer like has a larger one)
/// and the id of the Tweet or user.
pub(crate) type Entry = (u64, String);

/// Where a page starts: at the newest entry, or beside an entry it names (a cursor, as the
/// API's tokens are: likes added or removed meanwhile do not shift the pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cursor {
    /// The first page.
    Newest,
    /// The entries older than the like with this number.
    OlderThan(u64),
    /// The entries newer than the like with this number (a `previous_token`).
    NewerThan(u64),
}

/// A page of a list: its items, and the tokens around it.
pub(crate) struct PageOf {
    pub items: Vec<String>,
    pub next: Option<String>,
    pub previous: Option<String>,
}

/// The pagination token of `cursor` in the list of `subject`, opaque to a client.
pub(crate) fn page_token(subject: &str, cursor: Cursor) -> String {
    let (dir, seq) = match cursor {
        Cursor::Newest => ('o', u64::MAX),
        Cursor::OlderThan(s) => ('o', s),
        Cursor::NewerThan(s) => ('n', s),
    };
    format!("{:016x}{dir}{seq:x}", checksum(subject))
}

/// The cursor a token stands for, when it is one of `subject`'s.
pub(crate) fn token_cursor(subject: &str, token: &str) -> Option<Cursor> {
    let sum = u64::from_str_radix(token.get(..16)?, 16).ok()?;
    let rest = token.get(16..)?;
    let seq = u64::from_str_radix(rest.get(1..)?, 16).ok()?;
    if sum != checksum(subject) {
        return None;
    }
    match rest.as_bytes().first() {
        Some(b'o') => Some(Cursor::OlderThan(seq)),
        Some(b'n') => Some(Cursor::NewerThan(seq)),
        _ => None,
    }
}

/// FNV-1a, 64 bits: the same on every run, so a token outlives the fake that gave it.
fn checksum(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// One page of at most `max` entries of `newest_first` from `cursor`.
pub(crate) fn page(subject: &str, newest_first: &[Entry], cursor: Cursor, max: usize) -> PageOf {
    let len = newest_first.len();
    let first_older = |s: u64| newest_first.iter().position(|e| e.0 < s).unwrap_or(len);
    let (start, end) = match cursor {
        Cursor::Newest => (0, max.min(len)),
        Cursor::OlderThan(s) => {
            let start = first_older(s);
            (start, start.saturating_add(max).min(len))
        }
        Cursor::NewerThan(s) => {
            let end = newest_first.iter().position(|e| e.0 <= s).unwrap_or(len);
            (end.saturating_sub(max), end)
        }
    };
    let page = &newest_first[start..end];
    PageOf {
        items: page.iter().map(|e| e.1.clone()).collect(),
        next: page
            .last()
            .filter(|_| end < len)
            .map(|e| page_token(subject, Cursor::OlderThan(e.0))),
        previous: page
            .first()
            .filter(|_| start > 0)
            .map(|e| page_token(subject, Cursor::NewerThan(e.0))),
    }
}

impl Store {
    pub fn new(seed: &Seed) -> Self {
        let mut store = Store::default();
        for u in &seed.users {
            if let (Some(id), Some(obj)) = (id_of(u), u.as_object()) {
                store.users.insert(id.to_owned(), obj.clone());
            }
        }
        for t in &seed.tweets {
            if let (Some(id), Some(obj)) = (id_of(t), t.as_object()) {
                store.tweets.insert(id.to_owned(), obj.clone());
            }
        }
        for l in &seed.likes {
            let _ = store.like(&l.user_id, &l.tweet_id);
        }
        store
    }

    fn objects(&self, kind: Kind) -> &BTreeMap<String, Map<String, Value>> {
        match kind {
            Kind::User => &self.users,
            Kind::Tweet => &self.tweets,
        }
    }

    pub fn has(&self, kind: Kind, id: &str) -> bool {
        self.objects(kind).contains_key(id)
    }

    /// An object as the view asks for it.
    pub fn get(&self, kind: Kind, id: &str, view: &View<'_>) -> Option<Value> {
        match kind {
            Kind::User => self.user(id, view),
            Kind::Tweet => self.tweet(id, view),
        }
    }

    /// `includes` for these objects of `kind`.
    pub fn includes(&self, kind: Kind, ids: &[String], view: &View<'_>) -> Option<Value> {
        match kind {
            Kind::User => self.user_includes(ids, view),
            Kind::Tweet => self.tweet_includes(ids, view),
        }
    }

    /// The id of the user with this username (case-insensitive, as the API matches them).
    pub fn user_id_by_username(&self, username: &str) -> Option<String> {
        self.users
            .iter()
            .find(|(_, u)| {
                u.get("username")
                    .and_then(Value::as_str)
                    .is_some_and(|n| n.eq_ignore_ascii_case(username))
            })
            .map(|(id, _)| id.clone())
    }

    pub fn add_user(&mut self, user: Map<String, Value>) {
        if let Some(id) = user.get("id").and_then(Value::as_str) {
            self.users.insert(id.to_owned(), user);
        }
    }

    pub fn add_tweet(&mut self, tweet: Map<String, Value>) {
        if let Some(id) = tweet.get("id").and_then(Value::as_str) {
            self.tweets.insert(id.to_owned(), tweet);
        }
    }

    /// Likes a Tweet; liking it again changes nothing (as the API). The new like's number,
    /// when there is one.
    pub fn like(&mut self, user: &str, tweet: &str) -> Option<u64> {
        let liked = self.liked.entry(user.to_owned()).or_default();
        if liked.iter().any(|(_, t)| t == tweet) {
            return None;
        }
        self.seq += 1;
        liked.push((self.seq, tweet.to_owned()));
        self.liking
            .entry(tweet.to_owned())
            .or_default()
            .push((self.seq, user.to_owned()));
        Some(self.seq)
    }

    /// The author of a stored Tweet.
    pub fn author_of(&self, tweet: &str) -> Option<&str> {
        self.tweets.get(tweet)?.get("author_id")?.as_str()
    }

    /// Unlikes a Tweet; unliking one not liked changes nothing.
    pub fn unlike(&mut self, user: &str, tweet: &str) {
        if let Some(liked) = self.liked.get_mut(user) {
            liked.retain(|(_, t)| t != tweet);
        }
        if let Some(liking) = self.liking.get_mut(tweet) {
            liking.retain(|(_, u)| u != user);
        }
    }

    /// The Tweets `user` likes, newest like first.
    pub fn liked_tweets(&self, user: &str) -> Vec<Entry> {
        newest_first(self.liked.get(user))
    }

    /// The users who like `tweet`, newest like first.
    pub fn liking_users(&self, tweet: &str) -> Vec<Entry> {
        newest_first(self.liking.get(tweet))
    }

    /// A Tweet as the view asks for it.
    fn tweet(&self, id: &str, view: &View<'_>) -> Option<Value> {
        self.tweets
            .get(id)
            .map(|t| project(t, TWEET_DEFAULT, &view.tweet_fields))
    }

    /// A user as the view asks for it.
    fn user(&self, id: &str, view: &View<'_>) -> Option<Value> {
        self.users
            .get(id)
            .map(|u| project(u, USER_DEFAULT, &view.user_fields))
    }

    /// `includes` for these Tweets: the users and Tweets their expansions name, with the
    /// view's fields. `None` when nothing is expanded.
    fn tweet_includes(&self, tweets: &[String], view: &View<'_>) -> Option<Value> {
        let mut users: Vec<String> = Vec::new();
        let mut referenced: Vec<String> = Vec::new();
        let push = push_once;
        for id in tweets {
            let Some(t) = self.tweets.get(id) else {
                continue;
            };
            for e in &view.expansions {
                match *e {
                    "author_id" | "in_reply_to_user_id" => {
                        if let Some(u) = t.get(*e).and_then(Value::as_str) {
                            push(&mut users, u);
                        }
                    }
                    "referenced_tweets.id" | "referenced_tweets.id.author_id" => {
                        for r in t
                            .get("referenced_tweets")
                            .and_then(Value::as_array)
                            .into_iter()
                            .flatten()
                        {
                            let Some(rid) = r.get("id").and_then(Value::as_str) else {
                                continue;
                            };
                            if *e == "referenced_tweets.id" {
                                push(&mut referenced, rid);
                            } else if let Some(a) = self
                                .tweets
                                .get(rid)
                                .and_then(|rt| rt.get("author_id"))
                                .and_then(Value::as_str)
                            {
                                push(&mut users, a);
                            }
                        }
                    }
                    "entities.mentions.username" => {
                        for m in t
                            .get("entities")
                            .and_then(|e| e.get("mentions"))
                            .and_then(Value::as_array)
                            .into_iter()
                            .flatten()
                        {
                            let name = m.get("username").and_then(Value::as_str);
                            if let Some(id) = name.and_then(|n| self.user_id_by_username(n)) {
                                push(&mut users, &id);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        self.includes_of(&users, &referenced, view)
    }

    /// `includes` for these users: their pinned Tweets when `pinned_tweet_id` is expanded.
    fn user_includes(&self, users: &[String], view: &View<'_>) -> Option<Value> {
        let mut pinned: Vec<String> = Vec::new();
        if view.expansions.contains(&"pinned_tweet_id") {
            for id in users {
                if let Some(p) = self
                    .users
                    .get(id)
                    .and_then(|u| u.get("pinned_tweet_id"))
                    .and_then(Value::as_str)
                {
                    push_once(&mut pinned, p);
                }
            }
        }
        self.includes_of(&[], &pinned, view)
    }

    fn includes_of(&self, users: &[String], tweets: &[String], view: &View<'_>) -> Option<Value> {
        let users: Vec<Value> = users.iter().filter_map(|u| self.user(u, view)).collect();
        let tweets: Vec<Value> = tweets.iter().filter_map(|t| self.tweet(t, view)).collect();
        let mut inc = Map::new();
        if !users.is_empty() {
            inc.insert("users".into(), Value::Array(users));
        }
        if !tweets.is_empty() {
            inc.insert("tweets".into(), Value::Array(tweets));
        }
        (!inc.is_empty()).then_some(Value::Object(inc))
    }
}

fn newest_first(list: Option<&Vec<Entry>>) -> Vec<Entry> {
    list.map(|l| l.iter().rev().cloned().collect())
        .unwrap_or_default()
}

/// The API's answer for an id that names nothing: 200 with one `resource-not-found` problem.
pub(crate) fn not_found(kind: Kind, parameter: &str, id: &str) -> Value {
    let resource = kind.resource();
    json!({
        "errors": [{
            "value": id,
            "detail": format!("Could not find {resource} with {parameter}: [{id}]."),
            "title": "Not Found Error",
            "resource_type": resource,
            "parameter": parameter,
            "resource_id": id,
            "type": "https://api.twitter.com/2/problems/resource-not-found"
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_seed_loads_with_its_likes() {
        let seed = Seed::default();
        assert_eq!(seed.users.len(), 46);
        assert_eq!(seed.tweets.len(), 43);
        let store = Store::new(&seed);
        let liked = store.liked_tweets("1072250532645998596");
        let liked = ids(&liked);
        assert_eq!(liked.len(), 30);
        // The newest like is the recorded page's first Tweet.
        assert_eq!(liked[0], "1410765209149394945");
    }

    #[test]
    fn liking_twice_is_one_like_and_unliking_removes_it_from_both_sides() {
        let mut s = Store::new(&Seed::empty());
        s.like("1", "10");
        s.like("1", "10");
        s.like("2", "10");
        assert_eq!(ids(&s.liked_tweets("1")), ["10"]);
        assert_eq!(ids(&s.liking_users("10")), ["2", "1"]);
        s.unlike("1", "10");
        s.unlike("1", "10");
        assert!(s.liked_tweets("1").is_empty());
        assert_eq!(ids(&s.liking_users("10")), ["2"]);
    }

    fn ids(list: &[Entry]) -> Vec<&str> {
        list.iter().map(|e| e.1.as_str()).collect()
    }

    #[test]
    fn tokens_are_cursors_that_changes_to_the_list_do_not_shift() {
        let mut s = Store::new(&Seed::empty());
        for t in 1..=7 {
            s.like("u", &t.to_string());
        }
        let list = s.liked_tweets("u");
        assert_eq!(ids(&list), ["7", "6", "5", "4", "3", "2", "1"]);
        let first = page("u1", &list, Cursor::Newest, 3);
        assert_eq!(first.items, ["7", "6", "5"]);
        assert!(first.previous.is_none());
        let next = first.next.expect("a next token");
        assert_eq!(token_cursor("u2", &next), None, "another list's token");
        assert_eq!(token_cursor("u1", "garbage"), None);
        assert_eq!(token_cursor("u1", ""), None);
        let cursor = token_cursor("u1", &next).expect("its own token");

        // A new like and an unlike on the first page do not move the second page.
        s.like("u", "8");
        s.unlike("u", "6");
        let list = s.liked_tweets("u");
        let second = page("u1", &list, cursor, 3);
        assert_eq!(second.items, ["4", "3", "2"]);
        let previous = token_cursor("u1", &second.previous.unwrap()).unwrap();
        assert_eq!(page("u1", &list, previous, 3).items, ["8", "7", "5"]);
        let last = page(
            "u1",
            &list,
            token_cursor("u1", &second.next.unwrap()).unwrap(),
            3,
        );
        assert_eq!(last.items, ["1"]);
        assert!(last.next.is_none());
        // The first page's token, as the empty-page fault gives it.
        let again = token_cursor("u1", &page_token("u1", Cursor::Newest)).unwrap();
        assert_eq!(page("u1", &list, again, 2).items, ["8", "7"]);
    }

    #[test]
    fn a_seed_object_without_an_id_is_refused() {
        let err = Seed::from_json(r#"{"users": [{"name": "x"}]}"#).unwrap_err();
        assert!(err.contains("users[0]"), "{err}");
    }

    #[test]
    fn views_give_default_fields_plus_those_asked_and_fill_includes() {
        let s = Store::new(&Seed::default());
        let q = vec![
            ("tweet.fields".to_owned(), "created_at,lang".to_owned()),
            ("expansions".to_owned(), "author_id".to_owned()),
            ("user.fields".to_owned(), "created_at".to_owned()),
        ];
        let view = View::of(&q);
        let t = s.tweet("1410765209149394945", &view).unwrap();
        let keys: Vec<&str> = t.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 4, "{keys:?}");
        assert!(keys.contains(&"created_at") && keys.contains(&"lang") && keys.contains(&"text"));
        let inc = s
            .tweet_includes(&["1410765209149394945".to_owned()], &view)
            .unwrap();
        assert_eq!(inc["users"][0]["id"], t_author(&s));
        assert!(inc["users"][0].get("created_at").is_some());
    }

    fn t_author(s: &Store) -> Value {
        s.tweets["1410765209149394945"]["author_id"].clone()
    }
}
