//! Every piece of documentation prose the generator writes, in one place: the lowering
//! passes build the spec-derived docs into the IR with these, and the emitters take the
//! fixed texts from here. Plain text in, plain text out (Markdown-safe escaping included).

/// Inner docs of `generated/mod.rs`.
pub const MOD_HEADER: &str =
    "Types and endpoints generated from `spec/`.\n\nEverything here is re-exported at the crate root.";

/// Inner docs of `generated/enums.rs`.
pub const ENUMS_HEADER: &str = "Field, expansion and value enums.";

/// Inner docs of `generated/models.rs`.
pub const MODELS_HEADER: &str = "Response models. Field names are the JSON keys; ids are strings; absent fields are `None` or empty.";

/// Inner docs of the generated exercise tests.
pub const EXERCISE_HEADER: &str = "Every endpoint of the spec against a local server, generated from the spec: each test calls the endpoint's method with a valid value for every required parameter and body member, and the runner (`common/exercise.rs`) checks the exact request and decodes an answer built from the official OpenAPI document.";

/// Inner docs of `generated/fake.rs`.
pub const FAKE_HEADER: &str = "The fake X API's route table (cargo feature `fake`): every endpoint of the spec, in group then endpoint order and behind its group's feature, with the OAuth 2.0 scopes and rate limits of the spec and a valid successful answer built from its response schema (a stream's: one line's event).";

/// The doc of an endpoint module's `mod` item.
pub fn group_mod(file: &str, feature: Option<&str>) -> String {
    match feature {
        Some(feature) => format!(" Endpoints of `{file}` (cargo feature `{feature}`)."),
        None => format!(" Endpoints of `{file}`."),
    }
}

/// Inner docs of an endpoint module.
pub fn group_header(file: &str) -> String {
    format!("Endpoints generated from `{file}`.")
}

/// The type doc of a closed (request) enum.
pub fn request_enum(description: &str) -> String {
    format!(
        "{}\n\nA closed list of the values the client can send: `as_str()` gives the wire value, `ALL` lists them in spec order.",
        description.trim()
    )
}

/// The type doc of an open (response) enum.
pub fn response_enum(description: &str) -> String {
    format!(
        "{}\n\nAn open set: a value this version does not know decodes as `Unknown` with the string the API sent, so a new value never fails a page.",
        description.trim()
    )
}

/// The doc of an enum variant.
pub fn enum_value(wire: &str, description: &str, user_only: bool) -> String {
    let mut text = format!("`{wire}`: {}", description.trim());
    if user_only {
        text.push_str("\n\nNeeds user-context auth (OAuth 1.0a or an OAuth 2.0 user token).");
    }
    text
}

/// The doc of `from_wire`, by whether it matches the last path segment.
pub fn from_wire(last_path_segment: bool) -> &'static str {
    if last_path_segment {
        " Maps a wire value to its variant by its last path segment, so `https://api.twitter.com/2/problems/x` and `https://api.x.com/2/problems/x` are the same value."
    } else {
        " Maps a wire value to its variant."
    }
}

/// Header of `generated/ids.rs`.
pub const IDS_HEADER: &str = "Typed ids, one per kind of `spec/ids.yaml`. What they share (parsing, comparing, serde, the\n`IntoId` and `IdKey` traits that method arguments and lookups take) is in the runtime's `id` module.";

/// The doc of a typed id: the kind's description, then what the type is and takes.
pub fn id_type(kind: &str, description: &str, pattern: &str, max: Option<usize>) -> String {
    let storage = match max {
        Some(m) if m <= 23 => "Held inline: `Copy`, no allocation.".to_string(),
        _ => "Held in a `Box<str>` (it may be longer than 23 bytes).".to_string(),
    };
    format!(
        "{}\n\nThe `{kind}` id kind of the spec: kept exactly as the API sends it, it derefs to `&str` and compares with `&str`. {storage} Parsing (`\"...\".parse()`, `new`) checks the pattern `{pattern}`; methods that take this id also accept a `&str` or `String` (checked before sending).",
        description.trim()
    )
}

/// The doc of a lookup method over the keyed items of `wire`.
pub fn lookup_method(item: &str, wire: &str) -> String {
    format!(" The `{item}` in `{wire}` with this key, in O(1) (an index built once, on first use).")
}

/// The doc of a parameter: its description, then the generated notes.
pub fn param(description: &str, notes: Vec<String>) -> Vec<String> {
    let mut doc: Vec<String> = description.trim().lines().map(str::to_string).collect();
    if !notes.is_empty() {
        doc.push(String::new());
        doc.extend(notes);
    }
    doc
}

/// The note on a pattern.
pub fn must_match(pattern: &str) -> String {
    format!("Must match `{pattern}`.")
}

/// The note on the token parameter that paging follows.
pub fn paging_token(next_token_path: &str) -> String {
    format!("Paging: `pages()` and `items()` send this parameter with each page's `{next_token_path}`; set it only to start from a given page.")
}

/// The note on a per-item pattern.
pub fn items_must_match(pattern: &str) -> String {
    format!("Each item must match `{pattern}`.")
}

/// The note on a date-time parameter.
pub const DATE_TIME: &str =
    "Sent as RFC 3339 in UTC with whole seconds (`2024-01-31T12:00:00Z`): the offset is converted, the sub-second part dropped.";

/// The note on an integer range, if there is one.
pub fn range(min: Option<i64>, max: Option<i64>) -> Option<String> {
    match (min, max) {
        (Some(a), Some(b)) => Some(format!("From {a} to {b}.")),
        (Some(a), None) => Some(format!("At least {a}.")),
        (None, Some(b)) => Some(format!("At most {b}.")),
        (None, None) => None,
    }
}

/// The note on the API's default value (as YAML shows it).
pub fn api_default(shown: &str) -> String {
    format!("The API's default: {}.", shown.trim())
}

/// The note on an example value.
pub fn example(example: &str) -> String {
    format!("Example: `{example}`.")
}

/// A rate limit, for the endpoint's docs.
#[derive(Debug, Clone, Copy)]
pub struct RateLimitNote {
    /// Whether the limit counts per user (else per app).
    pub per_user: bool,
    /// Requests allowed per window.
    pub requests: u32,
    /// Window length in seconds.
    pub window_seconds: u32,
}

/// What an endpoint's docs say, before its arguments.
#[derive(Debug, Clone, Copy)]
pub struct EndpointNotes<'a> {
    /// One line: what the endpoint does.
    pub summary: &'a str,
    /// More documentation.
    pub description: Option<&'a str>,
    /// `GET`, `POST`, ...
    pub method: &'a str,
    /// Path template.
    pub path: &'a str,
    /// Names of the accepted auth schemes.
    pub auth: &'a [String],
    /// The clients that can call it: `` `Client<OAuth1User>`, `Client<OAuth2User>` ``.
    pub clients: &'a str,
    /// OAuth 2.0 scopes.
    pub scopes: &'a [String],
    /// Reference page.
    pub docs_url: Option<&'a str>,
}

/// The docs of an endpoint's `Client` method, before its arguments.
pub fn endpoint(notes: &EndpointNotes, rate_limits: &[RateLimitNote]) -> Vec<String> {
    let mut doc = vec![notes.summary.trim().to_string()];
    if let Some(d) = notes.description {
        doc.push(String::new());
        doc.extend(d.trim().lines().map(str::to_string));
    }
    doc.push(String::new());
    doc.push(format!("`{} {}`", notes.method, notes.path));
    doc.push(String::new());
    let auth: Vec<String> = notes.auth.iter().map(|a| format!("`{a}`")).collect();
    doc.push(format!(
        "Auth: {} (available on {}).",
        auth.join(", "),
        notes.clients
    ));
    if !notes.scopes.is_empty() {
        let scopes: Vec<String> = notes.scopes.iter().map(|s| format!("`{s}`")).collect();
        doc.push(format!("OAuth 2.0 scopes: {}.", scopes.join(", ")));
    }
    for r in rate_limits {
        doc.push(format!(
            "Rate limit ({}): {} requests per {} minutes.",
            if r.per_user { "user" } else { "app" },
            r.requests,
            r.window_seconds / 60
        ));
    }
    if let Some(url) = notes.docs_url {
        doc.push(String::new());
        doc.push(format!("Reference: <{url}>"));
    }
    doc
}

/// Appends the `# Arguments` section (one line per required argument: its Rust name and
/// its doc lines joined) to an endpoint's docs.
pub fn arguments(doc: &mut Vec<String>, args: &[(&str, &[String])]) {
    if args.is_empty() {
        return;
    }
    doc.push(String::new());
    doc.push("# Arguments".into());
    doc.push(String::new());
    for (name, lines) in args {
        let first = lines.first().cloned().unwrap_or_default();
        let mut line = format!("* `{name}`: {first}");
        for rest in lines.iter().skip(1).filter(|l| !l.is_empty()) {
            line.push(' ');
            line.push_str(rest);
        }
        doc.push(line);
    }
}

/// The doc of an endpoint's request builder.
pub fn builder(method: &str, path: &str, op: &str, paged: bool, stream: bool) -> String {
    let then = if stream {
        "call `stream()` for its events (connected on the first poll, reconnecting on X's schedule)"
    } else if paged {
        "call `send()`, or stream every page with `pages()` or every item with `items()`"
    } else {
        "call `send()`"
    };
    format!(
        "Request builder for `{method} {path}` (`Client::{op}`).\n\nSet optional parameters, then {then}. Every parameter is checked before anything is sent."
    )
}

/// The doc of a stream builder's `stream()`, with the backfill parameter and its maximum.
pub fn stream_method(backfill: Option<(&str, u32)>) -> String {
    let mut doc = String::from(
        " The events, one per line of the stream: a `Stream` of `Result<event, Error>`, connected on the first poll and closed when dropped. Keep-alives are counted, not yielded; a line that does not decode is an error item and the stream goes on; disconnections are followed by reconnections on X's schedule (see `EventStream`).",
    );
    if let Some((wire, max)) = backfill {
        doc.push_str(&format!(
            " A reconnection sets `{wire}` to the minutes missed (at most {max}) and drops the events delivered already."
        ));
    }
    doc
}

/// The doc of an endpoint's static metadata item.
pub fn meta(method: &str, path: &str) -> String {
    format!(" Static description of `{method} {path}`.")
}

/// The doc of a builder's `items()`.
pub fn items_method(item: &str) -> String {
    format!(" Every `{item}` of every page, lazily; one page is held in memory at a time.")
}

/// Makes spec prose safe for rustdoc: bare URLs become autolinks (`<https://…>`) and square
/// brackets that are not a Markdown link (`[1553481126915854339]`) are escaped, so that
/// `cargo doc` sees no broken intra-doc links. Text inside backticks is left alone.
pub fn markdown_safe(line: &str) -> String {
    // Every character looked at is ASCII, so a byte index where one is found is a char
    // boundary; the text between them is copied in slices.
    let bytes = line.as_bytes();
    let mut out = String::with_capacity(line.len() + 8);
    let mut copied = 0;
    let mut in_code = false;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'`' {
            in_code = !in_code;
        }
        if c == b'`' || in_code {
            i += 1;
            continue;
        }
        let prev = if i == 0 { b' ' } else { bytes[i - 1] };
        let in_link_target = prev == b'(' && i >= 2 && bytes[i - 2] == b']';
        let rest = if c == b'h' { &line[i..] } else { "" };
        if (rest.starts_with("https://") || rest.starts_with("http://"))
            && prev != b'<'
            && !in_link_target
        {
            let end = rest.find(char::is_whitespace).map_or(line.len(), |p| i + p);
            // Trailing punctuation belongs to the sentence, not the URL; it is copied as is.
            let url = line[i..end].trim_end_matches(['.', ',', ';', ':', ')', ']']);
            out.push_str(&line[copied..i]);
            out.push('<');
            out.push_str(url);
            out.push('>');
            copied = i + url.len();
            i = end;
            continue;
        }
        let escape = match c {
            // Keep `[text](url)` links; escape any other bracket pair.
            b'[' => bytes[i..]
                .iter()
                .position(|&b| b == b']')
                .is_none_or(|j| bytes.get(i + j + 1) != Some(&b'(')),
            b']' => bytes.get(i + 1) != Some(&b'('),
            _ => false,
        };
        if escape {
            out.push_str(&line[copied..i]);
            out.push('\\');
            copied = i;
        }
        i += 1;
    }
    out.push_str(&line[copied..]);
    out
}

/// The header of `generated/requests.rs`.
pub const REQUESTS_HEADER: &str = "Request body types: JSON objects the client sends. Build one with `new` (its required members) and a setter per optional member; the API's limits are checked when the request is sent, before anything leaves the process.";

/// The note on a string's length.
pub fn length(min: Option<usize>, max: Option<usize>) -> Option<String> {
    match (min, max) {
        (Some(a), Some(b)) => Some(format!("From {a} to {b} characters.")),
        (Some(a), None) => Some(format!("At least {a} character{}.", plural(a))),
        (None, Some(b)) => Some(format!("At most {b} character{}.", plural(b))),
        (None, None) => None,
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The note on a list's number of items.
pub fn item_count(min: Option<usize>, max: Option<usize>) -> Option<String> {
    match (min, max) {
        (Some(a), Some(b)) => Some(format!("From {a} to {b} items.")),
        (Some(a), None) => Some(format!("At least {a} item{}.", plural(a))),
        (None, Some(b)) => Some(format!("At most {b} item{}.", plural(b))),
        (None, None) => None,
    }
}

/// The note on the items of a list, from the notes on one item.
pub fn each_item(notes: &[String]) -> Option<String> {
    (!notes.is_empty()).then(|| format!("Each item: {}", notes.join(" ")))
}

/// The rules between the members of a request object, for its docs.
pub fn body_rules(exclusive: &[Vec<String>], at_least_one: &[Vec<String>]) -> Vec<String> {
    let list = |g: &[String]| {
        g.iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut doc: Vec<String> = exclusive
        .iter()
        .map(|g| format!("At most one of {} may be set.", list(g)))
        .collect();
    doc.extend(
        at_least_one
            .iter()
            .map(|g| format!("At least one of {} must be set.", list(g))),
    );
    doc
}

/// The doc of a request type's `new`.
pub fn request_new(name: &str) -> String {
    format!("A `{name}` with its required members; set the others with the setters.")
}

/// The doc of the static description of a request object.
pub fn body_shape(what: &str) -> String {
    format!(" What the runtime checks the JSON of {what} against before sending.")
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
        assert_eq!(
            markdown_safe("é [x] (see https://x.com/é), [a](b) ü"),
            "é \\[x\\] (see <https://x.com/é>), [a](b) ü"
        );
        assert_eq!(markdown_safe("a]b [c"), "a\\]b \\[c");
    }

    #[test]
    fn arguments_join_each_argument_on_one_line() {
        let mut doc = vec!["Summary.".to_string()];
        let id_doc = vec![
            "The id.".to_string(),
            String::new(),
            "Must match `x`.".into(),
        ];
        arguments(&mut doc, &[("id", &id_doc)]);
        assert_eq!(
            doc,
            [
                "Summary.",
                "",
                "# Arguments",
                "",
                "* `id`: The id. Must match `x`."
            ]
        );
        let mut none = vec!["Summary.".to_string()];
        arguments(&mut none, &[]);
        assert_eq!(none, ["Summary."]);
    }

    #[test]
    fn endpoint_docs_name_auth_scopes_and_limits() {
        let auth = vec!["oauth2_user".to_string()];
        let notes = EndpointNotes {
            summary: " Likes. ",
            description: None,
            method: "POST",
            path: "/2/x",
            auth: &auth,
            clients: "`Client<OAuth2User>`",
            scopes: &[],
            docs_url: None,
        };
        let limit = RateLimitNote {
            per_user: true,
            requests: 50,
            window_seconds: 900,
        };
        assert_eq!(
            endpoint(&notes, &[limit]),
            [
                "Likes.",
                "",
                "`POST /2/x`",
                "",
                "Auth: `oauth2_user` (available on `Client<OAuth2User>`).",
                "Rate limit (user): 50 requests per 15 minutes.",
            ]
        );
    }
}
