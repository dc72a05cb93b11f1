//! Bad specs, each pinned to its exact diagnostics. A failed run must report every problem at
//! once, name the file, the place in it, what is wrong and how to fix it, and never panic.

use generator::load::{parse_str, LoadedFile};
use std::path::PathBuf;

const BASE: &str = r#"
auth:
  app_only: { context: app, description: Bearer token. }
  oauth1_user: { context: oauth1_user, description: OAuth 1.0a user context. }
enums:
  TweetField:
    kind: request
    description: Tweet fields.
    values:
      - { value: id, description: The id. }
      - { value: non_public_metrics, description: Private metrics., auth: user }
  ReplySettings:
    kind: response
    description: Who can reply.
    values:
      - { value: everyone, description: Anyone. }
schemas:
  Tweet:
    description: A Tweet.
    key: id
    properties:
      id: { type: string, required: true, description: The id. }
      reply_settings: { type: ReplySettings, description: Who can reply. }
  PageMeta:
    description: Paging.
    properties:
      next_token: { type: string, description: Next. }
  TweetsPage:
    description: A page.
    properties:
      data: { type: array, items: Tweet, description: Tweets. }
      meta: { type: PageMeta, default: true, description: Paging. }
endpoints:
  get_tweets_of:
    method: GET
    path: /2/users/{id}/tweets
    summary: Tweets of a user.
    auth: [oauth1_user, app_only]
    params:
      id: { in: path, type: string, pattern: "^[0-9]{1,19}$", description: User id. }
      max_results: { in: query, type: integer, min: 5, max: 100, description: Page size. }
      pagination_token: { in: query, type: string, description: Token. }
      tweet.fields: { in: query, type: array, items: TweetField, description: Fields. }
    response: TweetsPage
    pagination: { token_param: pagination_token, next_token: meta.next_token, items: data }
"#;

fn run(files: &[(&str, &str)]) -> Result<generator::ir::Ir, String> {
    let mut loaded = Vec::new();
    let mut errors = Vec::new();
    for (name, source) in files {
        match parse_str(&format!("spec/{name}"), source) {
            Ok(spec) => loaded.push(LoadedFile {
                display: format!("spec/{name}"),
                relative: PathBuf::from(name),
                source: source.to_string(),
                spec,
            }),
            Err(d) => errors.push(d.to_string()),
        }
    }
    if !errors.is_empty() {
        return Err(errors.join("\n"));
    }
    // The bad specs are fragments: they are checked without the runtime contract.
    generator::lower::lower(&loaded, &generator::lower::Contract::NONE).map_err(|d| {
        d.0.iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    })
}

fn err(files: &[(&str, &str)]) -> String {
    match run(files) {
        Ok(_) => panic!("the spec was accepted"),
        Err(e) => e,
    }
}

fn base_with(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "fixture text not found: {from}");
    BASE.replacen(from, to, 1)
}

#[test]
fn base_spec_is_valid() {
    let ir = run(&[("api.yaml", BASE)]).expect("base spec must be valid");
    assert_eq!(ir.groups.len(), 1);
    assert_eq!(ir.groups[0].endpoints[0].builder, "GetTweetsOf");
}

#[test]
fn unknown_key_is_located() {
    let spec = base_with(
        "    summary: Tweets of a user.",
        "    sumary: Tweets of a user.",
    );
    let e = err(&[("api.yaml", &spec)]);
    assert!(
        e.starts_with(
            "spec/api.yaml:37:5: endpoints.get_tweets_of: unknown field `sumary`, expected one of"
        ),
        "{e}"
    );
    assert!(
        e.ends_with("hint: check the key's spelling against spec/README.md"),
        "{e}"
    );
}

#[test]
fn yaml_syntax_error_is_located() {
    let e = err(&[("api.yaml", "enums:\n  A: {unclosed: [1\n")]);
    assert!(e.starts_with("spec/api.yaml:3:1: "), "{e}");
    assert!(e.contains("did not find expected"), "{e}");
}

#[test]
fn unknown_type_gets_did_you_mean() {
    let spec = base_with("items: Tweet,", "items: Tweeet,");
    assert_eq!(
        err(&[("api.yaml", &spec)]),
        "spec/api.yaml:31: schemas.TweetsPage.properties.data.items: unknown type `Tweeet`\n  hint: did you mean `Tweet`?"
    );
}

#[test]
fn unknown_auth_scheme_gets_did_you_mean() {
    let spec = base_with(
        "auth: [oauth1_user, app_only]",
        "auth: [oauth1_usr, app_only]",
    );
    assert_eq!(
        err(&[("api.yaml", &spec)]),
        "spec/api.yaml:38: endpoints.get_tweets_of.auth: unknown auth scheme `oauth1_usr`\n  hint: did you mean `oauth1_user`?"
    );
}

#[test]
fn min_greater_than_max() {
    let spec = base_with("min: 5, max: 100", "min: 500, max: 100");
    assert_eq!(
        err(&[("api.yaml", &spec)]),
        "spec/api.yaml:41: endpoints.get_tweets_of.params.max_results: min (500) is greater than max (100)\n  hint: make min <= max"
    );
}

#[test]
fn path_parameter_missing_from_path() {
    let spec = base_with("path: /2/users/{id}/tweets", "path: /2/users/tweets");
    assert_eq!(
        err(&[("api.yaml", &spec)]),
        "spec/api.yaml:40: endpoints.get_tweets_of.params.id: path parameter `id` does not appear in the path `/2/users/tweets`\n  hint: add `{id}` to the path, or set `in: query`"
    );
}

#[test]
fn path_placeholder_without_parameter() {
    let spec = base_with(
        "path: /2/users/{id}/tweets",
        "path: /2/users/{id}/tweets/{tweet_id}",
    );
    assert_eq!(
        err(&[("api.yaml", &spec)]),
        "spec/api.yaml:36: endpoints.get_tweets_of.path: path placeholder `{tweet_id}` has no parameter\n  hint: add `params.tweet_id` with `in: path`"
    );
}

#[test]
fn duplicate_operation_names_across_files() {
    let other = "endpoints:\n  get_tweets_of:\n    method: GET\n    path: /2/x\n    summary: Again.\n    auth: [app_only]\n    response: TweetsPage\n";
    assert_eq!(
        err(&[("api.yaml", BASE), ("more.yaml", other)]),
        "spec/more.yaml:2: endpoints.get_tweets_of: duplicate operation name `get_tweets_of`: already defined in spec/api.yaml\n  hint: operation names become method names on Client and must be unique"
    );
}

#[test]
fn a_key_written_twice_is_refused_in_every_map() {
    let cases = [
        // a schema's properties
        (
            "      next_token: { type: string, description: Next. }\n",
            "      next_token: { type: string, description: Next. }\n      next_token: { type: string, description: Again. }\n",
            "schemas.PageMeta.properties: duplicate entry with key \"next_token\"",
        ),
        // an endpoint's params
        (
            "      pagination_token: { in: query, type: string, description: Token. }\n",
            "      pagination_token: { in: query, type: string, description: Token. }\n      max_results: { in: query, type: integer, description: Again. }\n",
            "endpoints.get_tweets_of.params: duplicate entry with key \"max_results\"",
        ),
        // the endpoints
        (
            "endpoints:\n",
            "endpoints:\n  get_tweets_of: { method: GET, path: /2/x, summary: X., auth: [app_only], response: TweetsPage }\n",
            "endpoints: duplicate entry with key \"get_tweets_of\"",
        ),
    ];
    // Each names the map (the location is the map's) and the key.
    for (from, to, expected) in cases {
        let e = err(&[("api.yaml", &base_with(from, to))]);
        assert!(e.starts_with("spec/api.yaml:"), "{e}");
        assert!(e.contains(expected), "{expected}: {e}");
        assert!(
            e.ends_with("hint: each name may be defined once; remove or rename one"),
            "{e}"
        );
    }
    // Parameter sets (a map of maps) and inline body members.
    let sets = "parameter_sets:\n  paging:\n    max_results: { in: query, type: integer, description: A. }\n    max_results: { in: query, type: integer, description: B. }\n";
    let e = err(&[("api.yaml", &format!("{BASE}{sets}"))]);
    assert!(
        e.contains("duplicate entry with key \"max_results\""),
        "{e}"
    );
    let body = base_with(
        "    response: TweetsPage\n",
        "    body:\n      text: { type: string, description: A. }\n      text: { type: string, description: B. }\n    response: TweetsPage\n",
    );
    let e = err(&[("api.yaml", &body)]);
    assert!(e.contains("duplicate entry with key \"text\""), "{e}");
}

#[test]
fn duplicate_yaml_key_in_one_file() {
    let spec = base_with(
        "  PageMeta:\n",
        "  Tweet:\n    description: Again.\n    properties: {}\n  PageMeta:\n",
    );
    let e = err(&[("api.yaml", &spec)]);
    assert!(e.starts_with("spec/api.yaml:"), "{e}");
    assert!(e.contains("duplicate entry with key \"Tweet\""), "{e}");
    assert!(
        e.ends_with("hint: each name may be defined once; remove or rename one"),
        "{e}"
    );
}

#[test]
fn field_names_colliding_after_case_conversion() {
    let spec = base_with(
        "      reply_settings: { type: ReplySettings, description: Who can reply. }",
        "      reply_settings: { type: ReplySettings, description: Who can reply. }\n      replySettings: { type: string, description: Same after snake_case. }",
    );
    assert_eq!(
        err(&[("api.yaml", &spec)]),
        "spec/api.yaml:24: schemas.Tweet.properties.replySettings: properties `reply_settings` and `replySettings` both become the Rust field `reply_settings`\n  hint: give one of them a `rust_name`"
    );
}

#[test]
fn enum_values_colliding_after_case_conversion() {
    let spec = base_with(
        "      - { value: everyone, description: Anyone. }",
        "      - { value: everyone, description: Anyone. }\n      - { value: Everyone, description: Same variant. }",
    );
    assert_eq!(
        err(&[("api.yaml", &spec)]),
        "spec/api.yaml:17: enums.ReplySettings.values.1: values `everyone` and `Everyone` both become the variant `Everyone`\n  hint: give one of them a `rust_name`"
    );
}

#[test]
fn rust_keywords_are_usable_field_names() {
    let spec = base_with(
        "      reply_settings: { type: ReplySettings, description: Who can reply. }",
        "      type: { type: string, description: A keyword. }\n      self: { type: string, description: Not even raw. }\n      match: { type: boolean, description: Keyword. }",
    );
    let ir = run(&[("api.yaml", &spec)]).expect("keywords are escaped, not rejected");
    let tweet = ir.schemas.iter().find(|s| s.name == "Tweet").unwrap();
    let names: Vec<&str> = tweet.fields.iter().map(|f| f.rust.as_str()).collect();
    assert_eq!(names, ["id", "r#type", "self_", "r#match"]);
}

#[test]
fn keyword_and_its_escape_collide() {
    let spec = base_with(
        "      reply_settings: { type: ReplySettings, description: Who can reply. }",
        "      self: { type: string, description: Escaped to self_. }\n      self_: { type: string, description: Already self_. }",
    );
    assert_eq!(
        err(&[("api.yaml", &spec)]),
        "spec/api.yaml:24: schemas.Tweet.properties.self_: properties `self` and `self_` both become the Rust field `self_`\n  hint: give one of them a `rust_name`"
    );
}

#[test]
fn unknown_response_schema() {
    let spec = base_with("response: TweetsPage", "response: TweetPage");
    assert_eq!(
        err(&[("api.yaml", &spec)]),
        "spec/api.yaml:44: endpoints.get_tweets_of.response: unknown response schema `TweetPage`\n  hint: did you mean `TweetsPage`?"
    );
}

#[test]
fn bad_pagination_path() {
    let spec = base_with("next_token: meta.next_token", "next_token: meta.nxt_token");
    assert_eq!(
        err(&[("api.yaml", &spec)]),
        "spec/api.yaml:45: endpoints.get_tweets_of.pagination.next_token: `nxt_token` is not a property of `PageMeta`\n  hint: did you mean `next_token`?"
    );
}

#[test]
fn invalid_and_unanchored_patterns() {
    let spec = base_with(r#"pattern: "^[0-9]{1,19}$""#, r#"pattern: "[0-9""#);
    let e = err(&[("api.yaml", &spec)]);
    assert!(e.starts_with("spec/api.yaml:40: endpoints.get_tweets_of.params.id.pattern: pattern `[0-9` is not a valid regular expression"), "{e}");
    let spec = base_with(r#"pattern: "^[0-9]{1,19}$""#, r#"pattern: "[0-9]+""#);
    assert_eq!(
        err(&[("api.yaml", &spec)]),
        "spec/api.yaml:40: endpoints.get_tweets_of.params.id.pattern: pattern `[0-9]+` is not anchored\n  hint: write `^[0-9]+$` so the whole value must match"
    );
}

#[test]
fn list_of_response_enum_is_rejected() {
    let spec = base_with("items: TweetField,", "items: ReplySettings,");
    assert_eq!(
        err(&[("api.yaml", &spec)]),
        "spec/api.yaml:43: endpoints.get_tweets_of.params.tweet.fields.items: `ReplySettings` is a response enum; a parameter list needs a `kind: request` enum\n  hint: set `kind: request` on enums.ReplySettings"
    );
}

#[test]
fn reserved_type_name() {
    let spec = base_with("  PageMeta:\n    description: Paging.", "  Response:\n    description: Clashes.\n    properties: {}\n  PageMeta:\n    description: Paging.");
    assert_eq!(
        err(&[("api.yaml", &spec)]),
        "spec/api.yaml:24: schemas.Response: type name `Response` is reserved by the client runtime\n  hint: rename it, e.g. `ApiResponse`"
    );
}

#[test]
fn all_errors_are_reported_at_once() {
    let spec = base_with("min: 5, max: 100", "min: 500, max: 100");
    let spec = spec.replacen("items: Tweet,", "items: Tweeet,", 1);
    let spec = spec.replacen(
        "auth: [oauth1_user, app_only]",
        "auth: [oauth1_usr, app_only]",
        1,
    );
    let e = err(&[("api.yaml", &spec)]);
    assert_eq!(
        e.lines().filter(|l| l.starts_with("spec/api.yaml")).count(),
        3,
        "{e}"
    );
}

#[test]
fn empty_folder_and_missing_folder_are_errors() {
    let dir = std::env::temp_dir().join(format!("gen-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let e = generator::generate(&dir).unwrap_err().to_string();
    assert!(e.contains("the spec folder has no .yaml files"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
    let e = generator::generate(&dir).unwrap_err().to_string();
    assert!(e.contains("cannot read the spec folder"), "{e}");
}

#[test]
fn last_segment_enum_cannot_hold_a_property() {
    let spec = base_with(
        "    kind: response\n    description: Who can reply.",
        "    kind: response\n    matching: last_path_segment\n    description: Who can reply.",
    );
    assert_eq!(
        err(&[("api.yaml", &spec)]),
        "spec/api.yaml:24: schemas.Tweet.properties.reply_settings: `ReplySettings` matches on the last path segment, so decoding into it would lose the rest of the value\n  hint: keep the property a `string` and classify it with `ReplySettings::from_wire`"
    );
}

// ---------------------------------------------------------------- issue 10: the spec format

/// Every problem of one file through the loader that `cargo xtask codegen` uses.
fn parse_errors(source: &str) -> Vec<String> {
    match generator::load::parse_all("spec/api.yaml", source) {
        Ok(_) => panic!("the spec was accepted"),
        Err(d) => d.iter().map(|d| d.to_string()).collect(),
    }
}

#[test]
fn every_unknown_key_is_reported_at_once() {
    let spec = base_with(
        "    summary: Tweets of a user.",
        "    sumary: Tweets of a user.",
    );
    let spec = spec.replacen(
        "      pagination_token: { in: query, type: string, description: Token. }",
        "      pagination_token: { in: query, type: string, nullable: true, description: Token. }",
        1,
    );
    let spec = spec.replacen(
        "    response: TweetsPage",
        "    streaming: true\n    response: TweetsPage",
        1,
    );
    let errors = parse_errors(&spec);
    assert_eq!(errors.len(), 4, "{errors:#?}");
    assert!(errors[0].starts_with("spec/api.yaml:37:5: endpoints.get_tweets_of: unknown field `sumary`, expected one of `method`, `path`, `summary`"), "{}", errors[0]);
    assert!(
        errors[0].ends_with(
            "; did you mean `summary`?\n  hint: check the key's spelling against spec/README.md"
        ),
        "{}",
        errors[0]
    );
    assert!(errors[1].starts_with("spec/api.yaml:42:7: endpoints.get_tweets_of.params.pagination_token: unknown field `nullable`, expected one of `use`, `in`, `type`"), "{}", errors[1]);
    assert!(errors[1].ends_with("`items_pattern`\n  hint: the spec format has no key `nullable` in a parameter: it takes only the keys listed; spec/README.md documents each"), "{}", errors[1]);
    assert!(
        errors[2]
            .starts_with("spec/api.yaml:44:5: endpoints.get_tweets_of: unknown field `streaming`"),
        "{}",
        errors[2]
    );
    assert!(
        errors[2].ends_with(
            "; did you mean `stream`?\n  hint: check the key's spelling against spec/README.md"
        ),
        "{}",
        errors[2]
    );
    // The key `summary` was lost with the misspelt one: reported too, after the unknown keys.
    assert_eq!(errors[3], "spec/api.yaml:34: endpoints.get_tweets_of: missing field `summary`\n  hint: add the key; spec/README.md lists what each section needs");
}

#[test]
fn a_correctly_spelt_key_the_format_lacks_is_not_called_a_misspelling() {
    let spec = base_with(
        "    summary: Tweets of a user.",
        "    summary: Tweets of a user.\n    deprecated: true",
    );
    let errors = parse_errors(&spec);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(!errors[0].contains("spelling"), "{}", errors[0]);
    assert!(errors[0].ends_with("hint: the spec format has no key `deprecated` in an endpoint: it takes only the keys listed; spec/README.md documents each"), "{}", errors[0]);
}

#[test]
fn unknown_shared_parameter_and_set() {
    let spec = base_with(
        "      pagination_token: { in: query, type: string, description: Token. }",
        "      pagination_token: { use: paging_token }",
    );
    let spec = spec.replacen(
        "    response: TweetsPage",
        "    param_sets: [tweet_field]\n    response: TweetsPage",
        1,
    );
    let spec = format!("{spec}parameters:\n  pagination_token: {{ in: query, type: string, description: Token. }}\nparameter_sets:\n  tweet_fields:\n    tweet.fields: {{ in: query, type: array, items: TweetField, description: Fields. }}\n");
    assert_eq!(
        err(&[("api.yaml", &spec)]),
        "spec/api.yaml:42: endpoints.get_tweets_of.params.pagination_token.use: unknown shared parameter `paging_token`\n  hint: did you mean `pagination_token`?\nspec/api.yaml:44: endpoints.get_tweets_of.param_sets: unknown parameter set `tweet_field`\n  hint: did you mean `tweet_fields`?"
    );
}

#[test]
fn single_enum_parameter_must_be_a_request_enum() {
    let spec = base_with(
        "      pagination_token: { in: query, type: string, description: Token. }",
        "      pagination_token: { in: query, type: string, description: Token. }\n      sort_order: { in: query, type: ReplySettings, description: Order. }\n      order: { in: query, type: TweetFeld, description: Order. }",
    );
    assert_eq!(
        err(&[("api.yaml", &spec)]),
        "spec/api.yaml:43: endpoints.get_tweets_of.params.sort_order.type: `ReplySettings` is a response enum; a parameter needs a `kind: request` enum\n  hint: set `kind: request` on enums.ReplySettings\nspec/api.yaml:44: endpoints.get_tweets_of.params.order.type: unknown parameter type `TweetFeld`\n  hint: did you mean `TweetField`?"
    );
}

#[test]
fn date_time_format_and_item_patterns() {
    let spec = base_with(
        "      pagination_token: { in: query, type: string, description: Token. }",
        "      pagination_token: { in: query, type: string, description: Token. }\n      start_time: { in: query, type: string, format: datetime, description: Start. }\n      ids: { in: query, type: array, items: string, items_pattern: \"[0-9]+\", description: Ids. }",
    );
    assert_eq!(
        err(&[("api.yaml", &spec)]),
        "spec/api.yaml:43: endpoints.get_tweets_of.params.start_time.format: unknown string format `datetime`\n  hint: did you mean `date-time`?\nspec/api.yaml:44: endpoints.get_tweets_of.params.ids.items_pattern: pattern `[0-9]+` is not anchored\n  hint: write `^[0-9]+$` so the whole value must match"
    );
}

#[test]
fn a_stream_marker_is_checked() {
    let spec = base_with(
        "    response: TweetsPage",
        "    response: TweetsPage\n    stream: { id: data.idd, backfill: since }",
    );
    assert_eq!(
        err(&[("api.yaml", &spec)]),
        "spec/api.yaml:45: endpoints.get_tweets_of.stream: an endpoint is a stream or pages, not both\n  hint: remove `pagination` or `stream`\nspec/api.yaml:45: endpoints.get_tweets_of.stream.backfill: backfill parameter `since` is not a parameter of this endpoint\n  hint: add it to `params`\nspec/api.yaml:45: endpoints.get_tweets_of.stream.id: `data` of `TweetsPage` is an array; the id path must go through objects\n  hint: point `id` at the event's id, such as `data.id`"
    );
}

#[test]
fn pagination_token_param_must_be_declared() {
    let spec = base_with("token_param: pagination_token", "token_param: next_token");
    assert_eq!(
        err(&[("api.yaml", &spec)]),
        "spec/api.yaml:45: endpoints.get_tweets_of.pagination.token_param: token parameter `next_token` is not a parameter of this endpoint\n  hint: add it to `params`"
    );
}

/// A POST /2/tweets-like endpoint with a request body, as a second file beside BASE.
const BODY: &str = r#"request_schemas:
  CreateTweetRequest:
    description: A new Tweet.
    exclusive: [[media, poll, quote_tweet_id]]
    at_least_one: [[text, media]]
    properties:
      text: { type: string, max_length: 280, description: Text. }
      media: { type: CreateTweetMedia, description: Media. }
      poll: { type: CreateTweetPoll, description: A poll. }
      quote_tweet_id: { type: string, description: Quoted. }
  CreateTweetMedia:
    description: Media.
    properties:
      media_ids: { type: array, required: true, items: string, description: Ids. }
  CreateTweetPoll:
    description: A poll.
    properties:
      options: { type: array, required: true, items: { type: string, max_length: 25 }, description: Options. }
      duration_minutes: { type: integer, required: true, min: 5, description: Minutes. }
endpoints:
  create_tweet:
    method: POST
    path: /2/tweets
    summary: Creates a Tweet.
    auth: [oauth1_user]
    body: CreateTweetRequest
    response: TweetsPage
"#;

fn body_with(from: &str, to: &str) -> String {
    assert!(BODY.contains(from), "fixture text not found: {from}");
    BODY.replacen(from, to, 1)
}

fn body_err(body: &str) -> String {
    err(&[("api.yaml", BASE), ("tweets.yaml", body)])
}

#[test]
fn body_spec_is_valid() {
    let ir = run(&[("api.yaml", BASE), ("tweets.yaml", BODY)]).expect("body spec must be valid");
    assert_eq!(ir.requests.len(), 3);
    assert!(ir.groups[1].endpoints[0].body.is_some());
}

#[test]
fn body_member_of_an_unknown_type_gets_did_you_mean() {
    let spec = body_with("type: CreateTweetPoll,", "type: CreateTweetPol,");
    assert_eq!(body_err(&spec),
        "spec/tweets.yaml:9: request_schemas.CreateTweetRequest.properties.poll: unknown body member type `CreateTweetPol`\n  hint: did you mean `CreateTweetPoll`?\nspec/tweets.yaml:15: request_schemas.CreateTweetPoll: request schema `CreateTweetPoll` is used by no endpoint `body` and no member\n  hint: use it, or remove it"
    );
}

#[test]
fn body_member_of_a_response_type_is_refused() {
    let spec = body_with("type: CreateTweetPoll,", "type: ReplySettings,");
    assert_eq!(body_err(&spec),
        "spec/tweets.yaml:9: request_schemas.CreateTweetRequest.properties.poll: `ReplySettings` is a response enum; a body member needs a `kind: request` enum\n  hint: define a request enum with the values the API accepts (or set `kind: request` on enums.ReplySettings)\nspec/tweets.yaml:15: request_schemas.CreateTweetPoll: request schema `CreateTweetPoll` is used by no endpoint `body` and no member\n  hint: use it, or remove it"
    );
}

#[test]
fn exclusive_names_only_members() {
    let spec = body_with(
        "[[media, poll, quote_tweet_id]]",
        "[[media, pol, quote_tweet_id]]",
    );
    assert_eq!(body_err(&spec),
        "spec/tweets.yaml:4: request_schemas.CreateTweetRequest.exclusive: `pol` in `exclusive` is not a member\n  hint: did you mean `poll`?"
    );
}

#[test]
fn at_least_one_needs_two_members() {
    let spec = body_with("at_least_one: [[text, media]]", "at_least_one: [[text]]");
    assert_eq!(body_err(&spec),
        "spec/tweets.yaml:5: request_schemas.CreateTweetRequest.at_least_one: a group of `at_least_one` needs at least two different members\n  hint: list two or more members; for one, set `required: true` on it"
    );
}

#[test]
fn item_limits_apply_to_their_type() {
    let spec = body_with(
        "items: { type: string, max_length: 25 }",
        "items: { type: string, max: 25 }",
    );
    assert_eq!(body_err(&spec),
        "spec/tweets.yaml:18: request_schemas.CreateTweetPoll.properties.options.items.max: `max` applies to `type: integer`, not `string`\n  hint: remove `max`"
    );
}

#[test]
fn body_names_a_request_schema() {
    let spec = body_with("body: CreateTweetRequest", "body: TweetsPage");
    assert_eq!(body_err(&spec),
        "spec/tweets.yaml:2: request_schemas.CreateTweetRequest: request schema `CreateTweetRequest` is used by no endpoint `body` and no member\n  hint: use it, or remove it\nspec/tweets.yaml:26: endpoints.create_tweet.body: `TweetsPage` is a response schema; `body` names a request schema\n  hint: define `TweetsPage` (or another name) under `request_schemas:`"
    );
}

#[test]
fn an_empty_response_cannot_be_paged() {
    let spec = base_with("    response: TweetsPage\n", "    response: empty\n");
    assert_eq!(err(&[("api.yaml", &spec)]),
        "spec/api.yaml:44: endpoints.get_tweets_of.response: a paged endpoint needs a response schema, not `empty`\n  hint: name the page schema"
    );
}

#[test]
fn an_unfilled_todo_is_refused_with_its_text() {
    let spec = base_with(
        "    summary: Tweets of a user.",
        "    summary: Tweets of a user.\n    todo: fill rate_limits from the reference page",
    );
    let e = err(&[("api.yaml", &spec)]);
    assert!(
        e.ends_with(
            "endpoints.get_tweets_of.todo: unfilled TODO (left by `cargo xtask import`): fill rate_limits from the reference page\n  hint: do what it says, then delete the `todo` key"
        ),
        "{e}"
    );
}

#[test]
fn endpoint_with_no_auth_scheme() {
    let spec = base_with("auth: [oauth1_user, app_only]", "auth: []");
    assert_eq!(
        err(&[("api.yaml", &spec)]),
        "spec/api.yaml:38: endpoints.get_tweets_of.auth: an endpoint needs at least one auth scheme\n  hint: list schemes from `auth:` (app_only, oauth1_user)"
    );
}

#[test]
fn auth_context_names_the_client_kind() {
    let spec = base_with(
        "oauth1_user: { context: oauth1_user,",
        "oauth1_user: { context: user,",
    );
    assert_eq!(
        err(&[("api.yaml", &spec)]),
        "spec/api.yaml:4:27: auth.oauth1_user.context: unknown variant `user`, expected one of `app`, `oauth1_user`, `oauth2_user`"
    );
}

#[test]
fn a_paged_endpoint_cannot_answer_with_raw_bytes() {
    let spec = base_with("    response: TweetsPage", "    response: binary");
    let e = err(&[("api.yaml", &spec)]);
    assert!(
        e.contains("endpoints.get_tweets_of.response: a paged endpoint needs a response schema, not `binary`\n  hint: name the page schema"),
        "{e}"
    );
}
const IDS: &str = "id_kinds:\n  user: { description: A user ID., pattern: \"^[0-9]{1,19}$\" }\n  tweet: { description: A Tweet ID., pattern: \"^[0-9]{1,19}$\" }\n";

#[test]
fn id_kind_must_exist() {
    let spec = base_with(r#"pattern: "^[0-9]{1,19}$""#, "id: usr");
    assert_eq!(
        err(&[("api.yaml", &spec), ("ids.yaml", IDS)]),
        "spec/api.yaml:40: endpoints.get_tweets_of.params.id.id: unknown id kind `usr`\n  hint: did you mean `user`?"
    );
}

#[test]
fn id_kind_and_pattern_are_exclusive() {
    let spec = base_with(
        r#"pattern: "^[0-9]{1,19}$""#,
        r#"id: user, pattern: "^[0-9]+$""#,
    );
    assert_eq!(
        err(&[("api.yaml", &spec), ("ids.yaml", IDS)]),
        "spec/api.yaml:40: endpoints.get_tweets_of.params.id.pattern: both `id: user` and `pattern` are given: the pattern comes from the id kind\n  hint: remove `pattern`"
    );
}

#[test]
fn id_kind_applies_to_strings_and_string_lists() {
    let spec = base_with(
        "max_results: { in: query, type: integer,",
        "max_results: { in: query, type: integer, id: tweet,",
    );
    assert_eq!(
        err(&[("api.yaml", &spec), ("ids.yaml", IDS)]),
        "spec/api.yaml:41: endpoints.get_tweets_of.params.max_results.id: `id` applies to `type: string` or `type: array, items: string`, not `type: integer`\n  hint: remove `id`"
    );
}

#[test]
fn id_kind_pattern_is_checked_and_defined_once() {
    let ids = "id_kinds:\n  user: { description: A user ID., pattern: \"[0-9]+\" }\n";
    let spec = base_with(r#"pattern: "^[0-9]{1,19}$""#, "id: user");
    assert_eq!(
        err(&[("api.yaml", &spec), ("ids.yaml", ids), ("more.yaml", IDS)]),
        "spec/ids.yaml:2: id_kinds.user.pattern: pattern `[0-9]+` is not anchored\n  hint: write `^[0-9]+$` so the whole value must match\nspec/more.yaml:2: id_kinds.user: id kind `user` is already defined in spec/ids.yaml\n  hint: define each id kind once"
    );
}

fn body_ids_err(body: &str) -> String {
    err(&[("api.yaml", BASE), ("tweets.yaml", body), ("ids.yaml", IDS)])
}

#[test]
fn body_member_id_kind_must_exist() {
    let spec = body_with(
        "quote_tweet_id: { type: string, description: Quoted. }",
        "quote_tweet_id: { type: string, id: twet, description: Quoted. }",
    );
    assert_eq!(
        body_ids_err(&spec),
        "spec/tweets.yaml:10: request_schemas.CreateTweetRequest.properties.quote_tweet_id.id: unknown id kind `twet`\n  hint: did you mean `tweet`?"
    );
}

#[test]
fn body_member_id_kind_and_item_pattern_are_exclusive() {
    let spec = body_with(
        "media_ids: { type: array, required: true, items: string, description: Ids. }",
        "media_ids: { type: array, required: true, items: { type: string, pattern: \"^[0-9]+$\" }, id: tweet, description: Ids. }",
    );
    assert_eq!(
        body_ids_err(&spec),
        "spec/tweets.yaml:14: request_schemas.CreateTweetMedia.properties.media_ids.items.pattern: both `id: tweet` and `items.pattern` are given: the pattern comes from the id kind\n  hint: remove `items.pattern`"
    );
    let spec = body_with(
        "duration_minutes: { type: integer, required: true, min: 5,",
        "duration_minutes: { type: integer, required: true, min: 5, id: user,",
    );
    assert_eq!(
        body_ids_err(&spec),
        "spec/tweets.yaml:19: request_schemas.CreateTweetPoll.properties.duration_minutes.id: `id` applies to `type: string` or `type: array, items: string`, not `type: integer`\n  hint: remove `id`"
    );
}

#[test]
fn body_member_id_kind_gives_the_check_and_a_doc_line() {
    let spec = body_with(
        "quote_tweet_id: { type: string, description: Quoted. }",
        "quote_tweet_id: { type: string, id: tweet, description: Quoted. }",
    )
    .replacen(
        "media_ids: { type: array, required: true, items: string,",
        "media_ids: { type: array, required: true, items: string, id: tweet,",
        1,
    );
    let ir = run(&[
        ("api.yaml", BASE),
        ("tweets.yaml", &spec),
        ("ids.yaml", IDS),
    ])
    .expect("valid");
    let member = |req: usize, wire: &str| {
        let obj = &ir.requests[req].object;
        obj.members.iter().find(|m| m.wire == wire).unwrap().clone()
    };
    let quote = member(0, "quote_tweet_id");
    assert_eq!(
        quote.doc,
        ["Quoted.", "", "A Tweet ID.", "Must match `^[0-9]{1,19}$`."]
    );
    let debug = format!("{:?}", quote.value);
    assert!(debug.contains("^[0-9]{1,19}$"), "{debug}");
    let ids = member(1, "media_ids");
    assert_eq!(
        ids.doc[2],
        "Each item: A Tweet ID. Must match `^[0-9]{1,19}$`."
    );
}

#[test]
fn property_id_kind_must_exist_and_hold_a_string() {
    let spec = base_with(
        "      id: { type: string, required: true, description: The id. }",
        "      id: { type: string, required: true, id: twet, description: The id. }\n      score: { type: integer, id: user, description: A score. }",
    );
    assert_eq!(
        err(&[("api.yaml", &spec), ("ids.yaml", IDS)]),
        "spec/api.yaml:22: schemas.Tweet.properties.id.id: unknown id kind `twet`\n  hint: did you mean `tweet`?\nspec/api.yaml:23: schemas.Tweet.properties.score.id: `id` applies to `type: string` or `type: array, items: string`, not `type: integer`\n  hint: remove `id`"
    );
}

#[test]
fn id_type_names_must_not_collide() {
    let ids = "id_kinds:\n  tweet: { description: A Tweet ID., pattern: \"^[0-9]{1,19}$\", rust_name: Tweet }\n";
    assert_eq!(
        err(&[("api.yaml", BASE), ("ids.yaml", ids)]),
        "spec/ids.yaml:2: id_kinds.tweet: the id type name `Tweet` is already taken by an enum or schema\n  hint: set another `rust_name` on the id kind"
    );
}

/// A second endpoint file for the feature tests: pages of the same Tweets, plus a schema
/// only it uses.
const MORE: &str = r#"
feature: { name: more, description: More Tweets. }
schemas:
  Counted:
    description: Only the second file's endpoint uses it.
    properties:
      page: { type: TweetsPage, description: A page. }
  Unused:
    description: No endpoint uses it.
    properties:
      note: { type: string, description: A note. }
endpoints:
  get_more:
    method: GET
    path: /2/more
    summary: More Tweets.
    auth: [app_only]
    response: Counted
"#;

#[test]
fn a_type_is_compiled_with_any_feature_whose_endpoints_use_it() {
    let api = base_with(
        "endpoints:\n",
        "feature: { name: tweets, description: Tweets., default: true }\nendpoints:\n",
    );
    let ir = run(&[("api.yaml", &api), ("more.yaml", MORE)]).unwrap();
    let names: Vec<(&str, bool)> = ir
        .features
        .iter()
        .map(|f| (f.name.as_str(), f.default))
        .collect();
    assert_eq!(names, [("tweets", true), ("more", false)]);
    let gate = |name: &str| -> Vec<String> {
        let schema = ir.schemas.iter().find(|s| s.name == name).map(|s| &s.gate);
        let e = ir.enums.iter().find(|e| e.name == name).map(|e| &e.gate);
        schema.or(e).unwrap_or_else(|| panic!("{name}")).clone()
    };
    // Reached by both features (`more` through `Counted.page`), down to the enum in a Tweet.
    for shared in ["TweetsPage", "Tweet", "PageMeta", "ReplySettings"] {
        assert_eq!(gate(shared), ["more", "tweets"], "{shared}");
    }
    assert_eq!(gate("Counted"), ["more"]);
    assert_eq!(gate("TweetField"), ["tweets"]);
    // Used by no endpoint: always compiled.
    assert!(gate("Unused").is_empty());
    let modules: Vec<(&str, Option<&str>)> = ir
        .groups
        .iter()
        .map(|g| (g.module.as_str(), g.feature.as_deref()))
        .collect();
    assert_eq!(modules, [("api", Some("tweets")), ("more", Some("more"))]);
}

#[test]
fn features_are_all_or_nothing_named_plainly_and_only_on_endpoint_files() {
    let more = MORE.replace("name: more", "name: More-2");
    let shared = "feature: { name: shared, description: Shared. }\nschemas:\n  Extra:\n    description: Extra.\n    properties:\n      x: { type: string, description: X. }\n";
    assert_eq!(
        err(&[("api.yaml", BASE), ("more.yaml", &more), ("shared.yaml", shared)]),
        "spec/more.yaml:2: feature.name: `More-2` is not a feature name: use lowercase letters, digits and `_`, starting with a letter\n  hint: name it after the file, e.g. `likes` for `endpoints/likes.yaml`\n\
         spec/shared.yaml:1: feature: `feature:` belongs in a file with `endpoints:`: it names the feature that compiles that file's module\n  hint: move it to the endpoint file it is for, or delete it"
    );
    // One file with a feature: the other endpoint file must have one too.
    assert_eq!(
        err(&[("api.yaml", BASE), ("more.yaml", MORE)]),
        "spec/api.yaml: this file has endpoints but no `feature:`, while other endpoint files have one (`more`): every endpoint module must be behind a cargo feature\n  hint: add `feature: { name: api, description: <one line> }` (and `default: true` to have it on by default)"
    );
    // Two files of one feature agree on `default`.
    let api = base_with(
        "endpoints:\n",
        "feature: { name: more, description: Tweets., default: true }\nendpoints:\n",
    );
    assert_eq!(
        err(&[("api.yaml", &api), ("more.yaml", MORE)]),
        "spec/more.yaml:2: feature.default: feature `more` is on by default in one file and not in another\n  hint: give every file of `more` the same `default: true`"
    );
}

#[test]
fn a_required_string_with_a_pattern_needs_an_example_the_tests_can_send() {
    let spec = base_with(
        "      pagination_token: { in: query, type: string, description: Token. }",
        "      pagination_token: { in: query, type: string, description: Token. }\n      query: { in: query, type: string, required: true, pattern: \"^[a-z]+ [a-z]+$\", description: Two words. }",
    );
    assert_eq!(
        err(&[("api.yaml", &spec)]),
        "spec/api.yaml:43: endpoints.get_tweets_of.params.query: a required string with a `pattern` needs an `example:` (a valid value): the generated tests send it\n  hint: add `example: <a valid value>`"
    );
    // With one, and with digits (a valid value is made for those), it lowers.
    let fixed = spec.replace(
        "description: Two words. }",
        "example: two words, description: Two words. }",
    );
    let ir = run(&[("api.yaml", &fixed)]).unwrap();
    let samples: Vec<(&str, Option<&str>)> = ir.groups[0].endpoints[0]
        .params
        .iter()
        .map(|p| (p.wire.as_str(), p.sample.as_deref()))
        .collect();
    assert_eq!(
        samples,
        [
            ("id", Some("1234567890")),
            ("max_results", None),
            ("pagination_token", None),
            ("query", Some("two words")),
            ("tweet.fields", None),
        ]
    );
}

#[test]
fn a_response_property_needs_an_open_enum_and_every_item_a_description() {
    let spec = base_with(
        "      reply_settings: { type: ReplySettings, description: Who can reply. }",
        "      reply_settings: { type: ReplySettings, description: Who can reply. }\n      field: { type: TweetField, description: \"\" }",
    );
    assert_eq!(
        err(&[("api.yaml", &spec)]),
        "spec/api.yaml:24: schemas.Tweet.properties.field.description: the description is empty: it becomes the documentation of a public item\n  hint: say in a sentence what it is\n\
         spec/api.yaml:24: schemas.Tweet.properties.field: `TweetField` is a request enum (closed); a response property needs a `kind: response` enum, which keeps unknown values\n  hint: define a `kind: response` enum with the same values (e.g. `TweetFieldValue`) and use it here"
    );
}
