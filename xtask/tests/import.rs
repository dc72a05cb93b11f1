//! Tests of `cargo xtask import`: a new operation drafted in the house style (refused by codegen
//! until its TODOs are filled, then generating and clean under spec-diff), an existing one
//! compared instead of overwritten, and the round trip: each existing lookup endpoint, removed
//! from a copy of the spec and imported from the official document, generates the same client
//! API as the hand-written spec.

#![forbid(unsafe_code)]

mod common;

use std::path::{Path, PathBuf};
use xtask::import::{run, Selection};
use xtask::spec_diff::{self, NotInSpec};

fn root() -> PathBuf {
    xtask::workspace_root()
}

fn document() -> PathBuf {
    root().join("xtask/data/openapi.2.166.json")
}

fn allow() -> PathBuf {
    root().join(spec_diff::DEFAULT_ALLOW_LIST)
}

/// A fresh copy of `spec/` below the tests' target tmp dir.
fn scratch(name: &str) -> PathBuf {
    common::scratch_copy(&root().join("spec"), &format!("import-{name}"))
}

/// A scratch spec without some of its files (paths below `spec/`), so that operations the
/// real spec has can be drafted as new ones.
fn scratch_without(name: &str, files: &[&str]) -> PathBuf {
    let to = scratch(name);
    for f in files {
        std::fs::remove_file(to.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
    }
    to
}

fn ids(list: &[&str]) -> Selection {
    Selection::Ids(list.iter().map(|s| s.to_string()).collect())
}

/// The text of the entry `name` of a spec file (from `  name:` to the next entry at that
/// level), and the file without it.
fn cut_entry(text: &str, name: &str) -> (String, String) {
    let head = format!("  {name}:\n");
    let start = text
        .find(&head)
        .unwrap_or_else(|| panic!("{name} not found"));
    let rest = &text[start + head.len()..];
    let mut end = start + head.len();
    for line in rest.split_inclusive('\n') {
        let next_entry =
            line.starts_with("  ") && !line.starts_with("   ") && line.trim_end() != "";
        if next_entry {
            break;
        }
        end += line.len();
    }
    let entry = text[start..end].to_string();
    let without = format!("{}{}", &text[..start], &text[end..]);
    (entry, without)
}

/// The `rate_limits:` block of an endpoint entry (4-space indented key and its lines).
fn rate_limits_block(entry: &str) -> String {
    let start = entry.find("    rate_limits:\n").expect("rate_limits");
    let mut out = String::new();
    for (i, line) in entry[start..].split_inclusive('\n').enumerate() {
        if i > 0 && !line.starts_with("      ") {
            break;
        }
        out.push_str(line);
    }
    out
}

/// Replaces what the importer drafted for the rate limits of the (only) endpoint entry of
/// `text` (a `todo:` key, or the table's comment and `rate_limits:` block) with `with`.
fn fill_todo(text: &str, with: &str) -> String {
    let mut text = text.to_string();
    let mut at = None;
    // The drafted entry is the file's last: its rate limits are the last ones.
    if let Some(comment) = text.rfind("    # Rate limits:") {
        // The comment lines (source, limits left out), then the block.
        while text[comment..].starts_with("    # ") {
            let end = text[comment..]
                .find('\n')
                .map_or(text.len(), |e| comment + e + 1);
            text = format!("{}{}", &text[..comment], &text[end..]);
        }
        // The drafted block follows the comment (the file's other entries have their own).
        let rest = &text[comment..];
        if rest.starts_with("    rate_limits:\n") {
            let block = rate_limits_block(rest);
            text = format!("{}{}", &text[..comment], &rest[block.len()..]);
        }
        at = Some(comment);
    }
    // Also a `todo:` key: it is what `with` replaces.
    if let Some(start) = text.rfind("    todo:") {
        let mut end = start;
        for (i, line) in text[start..].split_inclusive('\n').enumerate() {
            if i > 0 && !line.starts_with("      ") {
                break;
            }
            end += line.len();
        }
        return format!("{}{with}{}", &text[..start], &text[end..]);
    }
    let at = at.expect("a todo key or drafted rate limits");
    format!("{}{with}{}", &text[..at], &text[at..])
}

/// A generated file without doc comments, split into the sections that start at each
/// `static NAME: Endpoint` (the first section is the file's head).
fn sections(contents: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    for line in contents.lines() {
        let t = line.trim_start();
        if t.starts_with("///") || t.starts_with("//!") {
            continue;
        }
        if line.starts_with("pub(crate) static ") {
            out.push(String::new());
        }
        let last = out.last_mut().unwrap();
        last.push_str(line);
        last.push('\n');
    }
    // The blank line between sections is not part of either.
    out.iter().map(|s| s.trim_end().to_string()).collect()
}

/// The entries of the fake's route table (each starts at its feature's `#[cfg(`), sorted.
fn route_entries(sections: &[String]) -> Vec<String> {
    let mut entries: Vec<String> = sections
        .join("\n")
        .split("\n    #[cfg(")
        .map(str::to_owned)
        .collect();
    entries.sort();
    entries
}

fn generated(spec: &Path) -> Vec<(String, String)> {
    generator::generate(spec)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|f| (f.path.display().to_string(), f.contents))
        .collect()
}

#[test]
fn a_new_operation_is_drafted_with_its_rate_limits_then_generates_and_diffs_clean() {
    // The real spec has the follows endpoints (and their schemas): draft them afresh.
    let spec = scratch_without(
        "followers",
        &["endpoints/follows.yaml", "schemas/follows.yaml"],
    );
    let out = run(&document(), &spec, &allow(), &ids(&["getUsersFollowers"])).unwrap();
    assert_eq!(out.imported, ["getUsersFollowers"], "{}", out.text);
    assert_eq!(out.failed, 0, "{}", out.text);
    assert!(
        out.text.contains(
            "getUsersFollowers: drafted as get_followers (GET /2/users/{id}/followers) in endpoints/follows.yaml, schemas/follows.yaml\n  new schemas: FollowersPage\n"
        ),
        "{}",
        out.text
    );
    let yaml = std::fs::read_to_string(spec.join("endpoints/follows.yaml")).unwrap();
    for line in [
        "endpoints:\n  get_followers:\n    method: GET\n    path: /2/users/{id}/followers\n",
        "    auth: [oauth1_user, oauth2_user, app_only]\n",
        "    scopes: [follows.read, tweet.read, users.read]\n",
        // The rate limits from the compiled table (xtask/data/rate-limits.json), with source.
        "    # Rate limits: the official rate-limit table (docs.x.com/x-api/fundamentals/rate-limits) (xtask/data/rate-limits.json).\n    rate_limits:\n      - scope: app\n        requests: 300\n        window_seconds: 900\n      - scope: user\n        requests: 300\n        window_seconds: 900\n",
        // Shared parameters are referenced (the path id after its segment), overridden where
        // the operation differs; a shared set whose every parameter matches is used whole.
        "      id:\n        use: user_id\n        example: \"2244994945\"\n        description: The ID of the User to lookup.\n",
        "        type: integer\n        min: 1\n        max: 1000\n",
        // min_length 16 here, 1 in the shared pagination_token: a full definition.
        "      pagination_token:\n        in: query\n        type: string\n        min_length: 16\n",
        "    param_sets: [user_fields]\n",
        "    response: FollowersPage\n    pagination:\n      token_param: pagination_token\n      next_token: meta.next_token\n      items: data\n",
    ] {
        assert!(yaml.contains(line), "{line}\nnot in:\n{yaml}");
    }
    // The page reuses User, Includes (the document's Expansions), PageMeta (same properties)
    // and Problem.
    let schemas = std::fs::read_to_string(spec.join("schemas/follows.yaml")).unwrap();
    for line in [
        "        items: User\n",
        "        type: Includes\n",
        "        type: PageMeta\n",
        "        items: Problem\n",
    ] {
        assert!(schemas.contains(line), "{line}\nnot in:\n{schemas}");
    }

    // Nothing is left to fill: it generates, and spec-diff against the document is clean.
    assert!(!out.text.contains("todo:"), "{}", out.text);
    let files = generated(&spec);
    let follows = files
        .iter()
        .find(|(p, _)| p == "follows.rs")
        .expect("a follows module");
    assert!(
        follows
            .1
            .contains("id: impl crate::runtime::IntoId<crate::UserId>,"),
        "{}",
        follows.1
    );
    let diff = spec_diff::run(&document(), &spec, &allow(), NotInSpec::Hidden).unwrap();
    assert!(diff.is_clean(), "{}", diff.text);
    assert!(
        diff.text
            .contains("get_followers (GET /2/users/{id}/followers)\n  no differences\n"),
        "{}",
        diff.text
    );
}

#[test]
fn an_operation_the_spec_has_is_compared_not_overwritten() {
    let spec = scratch("existing");
    let before = std::fs::read_to_string(spec.join("endpoints/likes.yaml")).unwrap();
    let out = run(
        &document(),
        &spec,
        &allow(),
        &ids(&["getUsersLikedPosts", "noSuchOperation"]),
    )
    .unwrap();
    assert_eq!(out.existing, ["getUsersLikedPosts"]);
    assert!(out.imported.is_empty());
    assert_eq!(out.failed, 1);
    assert!(out.files.is_empty());
    let after = std::fs::read_to_string(spec.join("endpoints/likes.yaml")).unwrap();
    assert_eq!(before, after);
    for line in [
        "getUsersLikedPosts: already in the spec as get_liked_tweets (",
        "  allowed      get_liked_tweets: auth extra: app_only\n",
        "  allowed      get_liked_tweets: param max_results: default: spec 100, document none\n",
        "  allowed      schema Tweet: article: extra\n",
        "noSuchOperation: no operation of the document has this operationId\n",
        "import: 0 drafted, 1 already in the spec, 1 failed\n",
    ] {
        assert!(out.text.contains(line), "{line}\nnot in:\n{}", out.text);
    }
    // An edited spec endpoint shows up as a difference that is not allowed.
    let edited = before.replace(
        "        use: max_results\n        min: 5\n",
        "        use: max_results\n        min: 5\n        max: 50\n",
    );
    assert_ne!(edited, before);
    std::fs::write(spec.join("endpoints/likes.yaml"), edited).unwrap();
    let out = run(&document(), &spec, &allow(), &ids(&["getUsersLikedPosts"])).unwrap();
    assert!(
        out.text.contains(
            "  not allowed  get_liked_tweets: param max_results: max: spec 50, document 100\n"
        ),
        "{}",
        out.text
    );
}

#[test]
fn a_tag_selects_its_operations_and_a_second_import_reuses_the_first_ones_schemas() {
    // The real spec has get_bookmarks: without it, all five Bookmarks operations are new.
    let spec = scratch_without("tag", &["endpoints/bookmarks.yaml"]);
    let out = run(
        &document(),
        &spec,
        &allow(),
        &Selection::Tag("Bookmarks".into()),
    )
    .unwrap();
    assert_eq!(out.failed, 0, "{}", out.text);
    assert_eq!(out.imported.len(), 5, "{}", out.text);
    // Importing again: everything is in the spec now (read although it has `todo:` keys).
    let again = run(
        &document(),
        &spec,
        &allow(),
        &Selection::Tag("Bookmarks".into()),
    )
    .unwrap();
    assert_eq!(again.existing.len(), 5, "{}", again.text);
    assert!(again.imported.is_empty());
    let err = run(
        &document(),
        &spec,
        &allow(),
        &Selection::Tag("NoSuchTag".into()),
    )
    .unwrap_err();
    assert!(err.contains("has the tag \"NoSuchTag\""), "{err}");
}

/// (operationId in 2.166, our endpoint, its spec file): the endpoints whose hand-written spec
/// has no difference from the document that changes the API.
const ROUND_TRIP: &[(&str, &str, &str)] = &[
    ("getUsersById", "get_user", "endpoints/users.yaml"),
    ("getUsersMe", "get_me", "endpoints/users.yaml"),
    (
        "getUsersByUsername",
        "get_user_by_username",
        "endpoints/users.yaml",
    ),
    ("getUsersByIds", "get_users", "endpoints/users.yaml"),
    (
        "getUsersByUsernames",
        "get_users_by_usernames",
        "endpoints/users.yaml",
    ),
    ("getPostsById", "get_tweet", "endpoints/tweets.yaml"),
    ("getPostsByIds", "get_tweets", "endpoints/tweets.yaml"),
];

#[test]
fn importing_an_existing_endpoint_yields_the_same_client_api() {
    let reference = generated(&root().join("spec"));
    for (operation_id, name, file) in ROUND_TRIP {
        let spec = scratch(&format!("round-trip-{name}"));
        let text = std::fs::read_to_string(spec.join(file)).unwrap();
        let (entry, without) = cut_entry(&text, name);
        std::fs::write(spec.join(file), without).unwrap();

        let out = run(&document(), &spec, &allow(), &ids(&[operation_id])).unwrap();
        assert_eq!(out.imported, [*operation_id], "{}", out.text);
        assert!(
            out.text.contains(&format!(" drafted as {name} (")),
            "{}",
            out.text
        );
        // Shared parameters referenced, not copied: no field list is written out.
        let drafted = std::fs::read_to_string(spec.join(file)).unwrap();
        let (draft_entry, _) = cut_entry(&drafted, name);
        assert!(draft_entry.contains("    param_sets: ["), "{draft_entry}");
        assert!(!draft_entry.contains("items: UserField"), "{draft_entry}");
        // Nothing new: every schema and enum is the spec's own.
        assert!(!out.text.contains("new schemas"), "{}", out.text);
        assert!(!out.text.contains("new enums"), "{}", out.text);
        // The rate limits are drafted from the compiled table, with their source; the
        // spec's own (from the reference pages) replace them for the comparison.
        let drafted = std::fs::read_to_string(spec.join(file)).unwrap();
        assert!(
            drafted.contains("    # Rate limits: "),
            "no rate-limit source:\n{drafted}"
        );
        std::fs::write(
            spec.join(file),
            fill_todo(&drafted, &rate_limits_block(&entry)),
        )
        .unwrap();
        let ours = generated(&spec);

        let static_line = format!("pub(crate) static {}: Endpoint", name.to_ascii_uppercase());
        for ((path, want), (path2, got)) in reference.iter().zip(&ours) {
            assert_eq!(path, path2);
            let (want, got) = (sections(want), sections(got));
            if path.as_str()
                == format!(
                    "{}.rs",
                    Path::new(file).file_stem().unwrap().to_str().unwrap()
                )
            {
                let find = |s: &[String]| {
                    s.iter()
                        .find(|x| x.starts_with(&static_line))
                        .cloned()
                        .unwrap_or_else(|| panic!("{static_line} not generated"))
                };
                assert_eq!(
                    find(&got),
                    find(&want),
                    "{name}: the endpoint's API differs"
                );
                let mut a = want.clone();
                let mut b = got.clone();
                a.sort();
                b.sort();
                assert_eq!(a, b, "{name}: {path} differs beyond the order of endpoints");
            } else if path == "fake.rs" {
                // The fake's route table follows the order of endpoints too.
                assert_eq!(
                    route_entries(&got),
                    route_entries(&want),
                    "{name}: {path} differs beyond the order of endpoints"
                );
            } else {
                assert_eq!(got, want, "{name}: {path} differs");
            }
        }
        assert_eq!(reference.len(), ours.len());
    }
}

/// An operation listing both next_token and pagination_token pages by next_token, and the
/// draft says so.
#[test]
fn search_is_drafted_paging_by_next_token() {
    let spec = scratch_without("search", &["endpoints/search.yaml"]);
    let out = run(&document(), &spec, &allow(), &ids(&["searchPostsRecent"])).unwrap();
    assert_eq!(out.imported, ["searchPostsRecent"], "{}", out.text);
    let yaml = std::fs::read_to_string(spec.join("endpoints/search.yaml")).unwrap();
    for line in [
        "    pagination:\n      # the document lists both next_token and pagination_token; paging follows next_token\n      token_param: next_token\n",
        "      sort_order:\n        in: query\n        type: SortOrder\n",
        // The date-times are the shared definitions of parameters.yaml (format: date-time).
        "      start_time: start_time\n      end_time: end_time\n",
    ] {
        assert!(yaml.contains(line), "{line}\nnot in:\n{yaml}");
    }
}

/// The streams are drafted with `stream:` (the id path and the backfill parameter), the seven
/// Tweet streams share one event schema, and the rules' `meta` is `default: true`, never also
/// `required` (which the generator refuses).
#[test]
fn streams_are_drafted_with_their_marker_and_shared_event_schemas() {
    let spec = scratch_without(
        "streams",
        &[
            "endpoints/streams.yaml",
            "schemas/streams.yaml",
            "enums/streams.yaml",
            "requests/streams.yaml",
        ],
    );
    let ops = [
        "streamPostsSample",
        "streamPostsFirehoseEn",
        "streamLikesCompliance",
        "getRules",
    ];
    let out = run(&document(), &spec, &allow(), &ids(&ops)).unwrap();
    assert_eq!(out.imported, ops, "{}", out.text);
    let endpoints = std::fs::read_to_string(spec.join("endpoints/streams.yaml")).unwrap();
    let sample = cut_entry(&endpoints, "sample_stream").0;
    assert!(
        sample.contains("    response: TweetEvent\n    stream:\n      id: data.id\n      backfill: backfill_minutes\n"),
        "{sample}"
    );
    let en = cut_entry(&endpoints, "firehose_stream_en").0;
    assert!(en.contains("    response: TweetEvent\n"), "{en}");
    // A compliance event is a oneOf of shapes with no `data.id`: no id, whole lines compared.
    let compliance = cut_entry(&endpoints, "likes_compliance_stream").0;
    assert!(
        compliance.contains("    stream:\n      backfill: backfill_minutes\n"),
        "{compliance}"
    );
    let schemas = std::fs::read_to_string(spec.join("schemas/streams.yaml")).unwrap();
    assert_eq!(schemas.matches("\n  TweetEvent:\n").count(), 1, "{schemas}");
    let page = cut_entry(&schemas, "StreamRulesPage").0;
    assert!(page.contains("        default: true\n"), "{page}");
    assert!(!page.contains("required: true"), "{page}");
}

/// A success response without content (204) is drafted as `response: empty`, not a TODO.
#[test]
fn a_response_without_content_is_drafted_as_empty() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("import-empty-doc");
    std::fs::create_dir_all(&dir).unwrap();
    let doc = dir.join("openapi.json");
    std::fs::write(
        &doc,
        r#"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
            "paths": {"/2/things/{id}/start": {"post": {
              "operationId": "startThing", "summary": "Starts a thing.", "tags": ["Things"],
              "security": [{"UserToken": []}],
              "parameters": [{"name": "id", "in": "path", "required": true,
                              "schema": {"type": "string"}}],
              "responses": {"204": {"description": "Started."}}}}}}"#,
    )
    .unwrap();
    let spec = scratch("empty");
    let out = run(&doc, &spec, &allow(), &ids(&["startThing"])).unwrap();
    assert_eq!(out.imported, ["startThing"], "{}", out.text);
    let files: Vec<String> = out
        .files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    let endpoint = files
        .iter()
        .find(|t| t.contains("path: /2/things/{id}/start"))
        .expect("the endpoint file");
    assert!(endpoint.contains("    response: empty\n"), "{endpoint}");
    assert!(!endpoint.contains("no JSON body"), "{endpoint}");
}

/// createPosts drafted into a copy of the spec without create_tweet (and delete_tweet, whose
/// schemas share its file): the body becomes request schemas with their limits, a request
/// enum and the document's mutual exclusions; once its todo is filled, it generates.
#[test]
fn create_tweet_is_drafted_as_request_schemas_and_generates() {
    // The Lists answer with the `DeletedData` of manage_tweets.yaml: they go too.
    let spec = scratch_without(
        "create-tweet",
        &[
            "schemas/manage_tweets.yaml",
            "requests/manage_tweets.yaml",
            "enums/manage_tweets.yaml",
            "endpoints/lists.yaml",
            "schemas/lists.yaml",
            "requests/lists.yaml",
            "enums/lists.yaml",
        ],
    );
    let tweets = std::fs::read_to_string(spec.join("endpoints/tweets.yaml")).unwrap();
    let (create, without) = cut_entry(&tweets, "create_tweet");
    let (_, without) = cut_entry(&without, "delete_tweet");
    std::fs::write(spec.join("endpoints/tweets.yaml"), without).unwrap();

    let out = run(&document(), &spec, &allow(), &ids(&["createPosts"])).unwrap();
    assert_eq!(out.imported, ["createPosts"], "{}", out.text);
    assert!(
        out.text.contains("  new request schemas: ") && out.text.contains("CreateTweetRequest"),
        "{}",
        out.text
    );
    let endpoint = std::fs::read_to_string(spec.join("endpoints/tweets.yaml")).unwrap();
    assert!(
        endpoint.contains("    body: CreateTweetRequest\n"),
        "{endpoint}"
    );
    let requests = std::fs::read_to_string(spec.join("requests/tweets.yaml")).unwrap();
    for line in [
        "request_schemas:\n",
        "  CreateTweetRequest:\n",
        // The descriptions' "mutually exclusive from ..." as the largest pairwise groups.
        "    exclusive: [[card_uri, direct_message_deep_link], [card_uri, media, poll, quote_tweet_id]]\n",
        "      poll:\n        type: CreateTweetPoll\n",
        // Nested limits: item count, item lengths, integer range, item patterns.
        "      options:\n        type: array\n        items:\n          type: string\n          min_length: 1\n          max_length: 25\n",
        "        required: true\n        min_items: 2\n        max_items: 4\n",
        "        required: true\n        min: 5\n        max: 10080\n",
        "      media_ids:\n        type: array\n        items:\n          type: string\n          pattern: \"^[0-9]{1,19}$\"\n",
    ] {
        assert!(requests.contains(line), "{line}\nnot in:\n{requests}");
    }
    let enums = std::fs::read_to_string(spec.join("enums/tweets.yaml")).unwrap();
    assert!(enums.contains("    kind: request\n"), "{enums}");
    assert!(enums.contains("mentionedUsers"), "{enums}");

    // The drafted rate limits replaced by the spec's, then generated.
    std::fs::write(
        spec.join("endpoints/tweets.yaml"),
        fill_todo(&endpoint, &rate_limits_block(&create)),
    )
    .unwrap();
    let files = generated(&spec);
    let all: String = files.iter().map(|(_, c)| c.as_str()).collect();
    assert!(all.contains("fn create_tweet"), "no create_tweet generated");
    assert!(
        all.contains("CreateTweetPoll"),
        "no CreateTweetPoll generated"
    );
}

/// The DM body's `anyOf` (text required, or attachments required) is drafted as
/// `at_least_one`, both members optional.
#[test]
fn an_any_of_of_required_members_is_drafted_as_at_least_one() {
    let spec = scratch_without(
        "send-dm",
        &["endpoints/dm.yaml", "schemas/dm.yaml", "requests/dm.yaml"],
    );
    let out = run(
        &document(),
        &spec,
        &allow(),
        &ids(&["createDirectMessagesByParticipantId"]),
    )
    .unwrap();
    assert_eq!(out.failed, 0, "{}", out.text);
    let requests = std::fs::read_to_string(spec.join("requests/dm.yaml")).unwrap();
    assert!(
        requests.contains("    at_least_one: [[text, attachments]]\n"),
        "{requests}"
    );
    assert!(
        !requests.contains("required: true\n        min_length: 1"),
        "{requests}"
    );
    assert!(
        requests.contains("        items: SendDmAttachment\n"),
        "{requests}"
    );
}

/// The draft's `auth` names the spec's scheme of each context (`auth:` entries by their
/// `context`), whatever the spec calls it.
#[test]
fn auth_is_drafted_by_the_spec_schemes_context() {
    let spec = scratch_without(
        "auth-context",
        &["endpoints/follows.yaml", "schemas/follows.yaml"],
    );
    let auth = std::fs::read_to_string(spec.join("auth.yaml")).unwrap();
    assert!(auth.contains("\n  app_only:\n"), "{auth}");
    std::fs::write(
        spec.join("auth.yaml"),
        auth.replace("\n  app_only:\n", "\n  bearer:\n"),
    )
    .unwrap();
    let out = run(&document(), &spec, &allow(), &ids(&["getUsersFollowers"])).unwrap();
    assert_eq!(out.imported, ["getUsersFollowers"], "{}", out.text);
    let yaml = std::fs::read_to_string(spec.join("endpoints/follows.yaml")).unwrap();
    assert!(
        yaml.contains("    auth: [oauth1_user, oauth2_user, bearer]\n"),
        "{yaml}"
    );
}
