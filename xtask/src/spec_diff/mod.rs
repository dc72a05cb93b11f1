//! `cargo xtask spec-diff <openapi.json>`: the drift report between `spec/` and an official
//! OpenAPI 3 document.
//!
//! Every endpoint of the spec is looked up by method and path in the document (path
//! placeholders are compared by position, not by name) and compared on:
//!
//! - parameters missing (in the document, not in the spec) or extra (in the spec only), and
//!   per parameter its location, `required`, type and constraints (`min`/`max` = `minimum`/
//!   `maximum`, `default`, `pattern`, `min_length`/`max_length`, `min_items`/`max_items`);
//! - the value list of a parameter (the spec enum's wire values against `items.enum` of an
//!   array parameter, or against `enum` of a single enum parameter, `type: SortOrder`);
//! - auth schemes, through [`AUTH_SCHEMES`], and OAuth 2.0 scopes;
//! - the JSON request body, recursively: members missing or extra, `required`, limits
//!   (`pattern`, `min`/`max`, `min_length`/`max_length`, `min_items`/`max_items`; a document's
//!   lower bound of 0 counts as none), nested request schemas, array items (type and limits)
//!   and request enums' values. Inline members are reported under the endpoint (`like_tweet:
//!   body tweet_id: ...`); a request schema's differences once under the schema (`request
//!   schema CreateTweetPoll (document TweetCreateRequest.poll): options[]: max_length: ...`).
//!   `exclusive`/`at_least_one` are not compared: the document's `anyOf` is flattened, so its
//!   alternatives' required members show as required;
//! - the success response: properties missing or extra, recursively, with `$ref`, `allOf`,
//!   `oneOf`/`anyOf` and discriminator mappings flattened into one object (the spec flattens
//!   `Media` = Photo | Video | AnimatedGif and the Problem subtypes the same way), plus shape
//!   differences (array against object against scalar) and the values of response enums.
//!
//! Each difference is one line with a stable identifier (`get_liked_tweets: param
//! tweet.fields: value missing: article`) that the allow-list can name. Each pair (our schema,
//! their schema) is compared once per run and its differences are reported under the schema,
//! not under an endpoint: `schema Tweet: article: extra`, or `schema Tweet (document Post):
//! ...` when the document's schema has another name. So a difference in `Tweet` is listed once,
//! with the same identifier whichever endpoints reach it and in whatever file order (adding an
//! endpoint never moves an allow-list entry), and cycles end. The endpoint's own differences
//! (parameters, auth, scopes, body members, the response's top-level shape) stay under the
//! endpoint.
//!
//! Endpoints of the spec whose path is not in the document are listed as "not in this
//! document"; that is not a difference. Operations of the document that the spec does not have
//! are not differences either (the spec covers a part of the API): the summary counts them and
//! [`NotInSpec::Listed`] lists them.
//!
//! The spec is read through [`generator::load_checked_spec`], with the generator's own checks:
//! a spec that would not generate (a name defined in two files, ...) is an error, not a report.
//!
//! Modules: `openapi` reads the document, `compare` builds the [`Report`], `allow` reads the
//! allow-list, `report` renders the report against it.

mod allow;
mod compare;
pub mod openapi;
mod report;

pub use allow::{glob, AllowList};
pub use compare::{compare, EndpointReport, Report, SchemaReport};
pub use openapi::path_shape;
pub use report::{render, render_with, NotInSpec, Outcome};

use std::fmt;
use std::path::{Path, PathBuf};

/// The default allow-list, relative to the workspace root. It is not below `spec/`: the
/// generator reads every `*.yaml` file there as a spec file (and rejects unknown keys).
pub const DEFAULT_ALLOW_LIST: &str = "xtask/drift-allow.yaml";

/// The security scheme names of the official documents, and the spec's auth scheme for each.
pub const AUTH_SCHEMES: &[(&str, &str)] = &[
    ("BearerToken", "app_only"),
    ("UserToken", "oauth1_user"),
    ("OAuth2UserToken", "oauth2_user"),
];

/// Why the drift report could not be made (as opposed to a report with differences).
#[derive(Debug)]
pub enum Error {
    /// The OpenAPI document cannot be read.
    Read {
        /// The document's path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The OpenAPI document is not JSON.
    NotJson {
        /// The document's path.
        path: PathBuf,
        /// The parser's error.
        source: serde_json::Error,
    },
    /// The JSON document has no `paths` object.
    NotOpenApi {
        /// The document's path.
        path: PathBuf,
    },
    /// The spec does not load or does not pass the generator's checks.
    Spec(generator::Error),
    /// The allow-list cannot be read or is malformed (the message names the file).
    AllowList(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Read { path, source } => write!(f, "cannot read {}: {source}", path.display()),
            Error::NotJson { path, source } => {
                write!(f, "{} is not JSON: {source}", path.display())
            }
            Error::NotOpenApi { path } => write!(
                f,
                "{} is not an OpenAPI 3 document (no `paths`)",
                path.display()
            ),
            Error::Spec(e) => e.fmt(f),
            Error::AllowList(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Read { source, .. } => Some(source),
            Error::NotJson { source, .. } => Some(source),
            Error::Spec(e) => Some(e),
            Error::NotOpenApi { .. } | Error::AllowList(_) => None,
        }
    }
}

/// Runs the whole command: loads the document, the spec (through the generator's checked
/// loader) and the allow-list, compares, renders.
pub fn run(
    openapi: &Path,
    spec_dir: &Path,
    allow: &Path,
    not_in_spec: NotInSpec,
) -> Result<Outcome, Error> {
    let doc = openapi::load(openapi)?;
    let spec = generator::load_checked_spec(spec_dir).map_err(Error::Spec)?;
    let allow = AllowList::load(allow).map_err(Error::AllowList)?;
    Ok(render_with(&compare(&spec, &doc), &allow, not_in_spec))
}
