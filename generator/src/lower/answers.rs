//! Pass 7: the fake X API's answers. Every endpoint whose response is a schema gets the JSON
//! text of a valid successful answer ([`crate::ir::IrEndpoint::answer_sample`]), built from
//! the lowered schemas once they are complete (pages and stream events included), and the
//! same for every endpoint of one schema:
//!
//! - the answer is a success that asked for no expansion: its top level has `data` and every
//!   other field, but no `errors` and no `includes`;
//! - a pager stops after it: no page token (`next_token`, `previous_token`,
//!   `pagination_token`, nor the field a page's `pages()` follows) anywhere;
//! - nested objects have every field down to [`MAX_DEPTH`] objects below the top level, and
//!   only their required fields deeper; a schema already on the way down is left out (it can
//!   only come back through an array, which may be empty);
//! - an array has one item; a string is `example`, or [`DATE_TIME_ANSWER`] for a date-time
//!   (`format: date-time`, or a name such as `created_at`, `editable_until`, `start_time`); an
//!   integer is 10, a number 1.5, a boolean `false`, a `json` value `{}`; an enum is its first
//!   value, a typed id its kind's example (or digits that match a digits pattern): the values
//!   of [`super::samples`].
//!
//! A required field is always there, so the answer decodes into the generated type; an empty
//! `default: true` object is left out, as serialising leaves it out. Objects are written with
//! their keys sorted, whatever `serde_json`'s map keeps: the text is the same on every build.
//! A non-numeric id kind without an `example` is an error where the kind is defined, since no
//! id can be made up for it.

use super::samples::{enum_sample, id_sample, integer_value, plain_string, NUMBER_SAMPLE};
use super::Ctx;
use crate::ir::{FieldShape, Ir, IrField, IrResponse, IrSchema, IrType};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How many objects below the top level are filled with every field (the top level's `data`
/// is 1); deeper, an object is there only where it is required, with its required fields.
const MAX_DEPTH: usize = 3;

/// The value of a date-time string, as the API writes them.
const DATE_TIME_ANSWER: &str = "2024-01-01T00:00:00.000Z";

/// Top-level fields a plain success does not have: problems beside the data, and the objects
/// of expansions (none were asked for).
const NOT_ASKED_FOR: &[&str] = &["errors", "includes"];

/// The page tokens: without them, a pager stops after the answer.
const PAGE_TOKENS: &[&str] = &["next_token", "previous_token", "pagination_token"];

/// Names of date-time strings that say so by their name alone (besides `*_at` and `*_time`).
const DATE_TIME_NAMES: &[&str] = &["editable_until"];

/// Sets the answer of every endpoint whose response is a schema.
pub(super) fn lower(cx: &Ctx, ir: &mut Ir) {
    let answers = Answers::new(cx, ir);
    let mut by_schema: HashMap<String, Option<String>> = HashMap::new();
    let mut found: Vec<Option<String>> = Vec::new();
    for ep in ir.groups.iter().flat_map(|g| &g.endpoints) {
        found.push(match &ep.response {
            IrResponse::Schema(name) => by_schema
                .entry(name.clone())
                .or_insert_with(|| answers.answer(name))
                .clone(),
            IrResponse::Empty | IrResponse::Binary => None,
        });
    }
    let endpoints = ir.groups.iter_mut().flat_map(|g| &mut g.endpoints);
    for (ep, answer) in endpoints.zip(found) {
        ep.answer_sample = answer;
    }
}

/// What the answers are built from.
struct Answers<'a> {
    cx: &'a Ctx<'a>,
    /// The lowered schemas, by name.
    schemas: HashMap<&'a str, &'a IrSchema>,
    /// The spec's name of each id kind (`user`), by its Rust type name (`UserId`).
    id_kinds: HashMap<&'a str, &'a str>,
    /// The id kinds reported for having no example, so that each is reported once.
    reported: RefCell<BTreeSet<String>>,
}

/// Where a value is.
#[derive(Clone, Copy)]
struct At<'t> {
    /// Objects between the top level and the value's owner.
    depth: usize,
    /// The value must be there (a required field; not an array's item).
    required: bool,
    /// The Rust field names from the value down to the page's next token (empty: the way
    /// to it does not go through the value).
    token: &'t [String],
}

/// Where an object is: what is filled in it.
#[derive(Clone, Copy)]
enum Fill {
    /// The answer itself: every field but those [`NOT_ASKED_FOR`].
    Top,
    /// Within [`MAX_DEPTH`]: every field.
    All,
    /// Deeper: its required fields only.
    Required,
}

impl<'a> Answers<'a> {
    fn new(cx: &'a Ctx<'a>, ir: &'a Ir) -> Self {
        Answers {
            cx,
            schemas: ir.schemas.iter().map(|s| (s.name.as_str(), s)).collect(),
            id_kinds: ir
                .ids
                .iter()
                .map(|k| (k.name.as_str(), k.kind.as_str()))
                .collect(),
            reported: RefCell::new(BTreeSet::new()),
        }
    }

    /// The compact JSON text of an answer of the schema `name`; `None` when there is no such
    /// schema (reported where it is named).
    fn answer(&self, name: &str) -> Option<String> {
        let schema = self.schemas.get(name)?;
        let mut path = vec![name];
        let token = schema
            .page
            .as_ref()
            .map(|p| p.next_token.as_slice())
            .unwrap_or_default();
        let value = self.object(schema, Fill::Top, 0, &mut path, token)?;
        serde_json::to_string(&value).ok()
    }

    /// An object of `schema` at `depth` objects below the top level; `path` holds the schemas
    /// on the way down to it (itself included), `token` the Rust field names from it down to
    /// the page's next token, when the way down follows them. `None` when a required field has
    /// no value (an error was reported).
    fn object(
        &self,
        schema: &'a IrSchema,
        fill: Fill,
        depth: usize,
        path: &mut Vec<&'a str>,
        token: &[String],
    ) -> Option<Value> {
        let mut fields: BTreeMap<&str, Value> = BTreeMap::new();
        for f in &schema.fields {
            let required = f.shape == FieldShape::Required;
            // The rest of the way to the page's token, when it goes through this field.
            let below = match token.split_first() {
                Some((first, rest)) if *first == f.rust => Some(rest),
                _ => None,
            };
            let left_out = match fill {
                Fill::Top => NOT_ASKED_FOR.contains(&f.wire.as_str()),
                Fill::All => false,
                Fill::Required => true,
            } || PAGE_TOKENS.contains(&f.wire.as_str())
                || below.is_some_and(<[String]>::is_empty);
            if left_out && !required {
                continue;
            }
            let at = At {
                depth,
                required,
                token: below.unwrap_or_default(),
            };
            match self.value(schema, f, &f.ty, at, path) {
                Some(value) => {
                    fields.insert(&f.wire, value);
                }
                None if required => return None,
                None => {}
            }
        }
        let mut object = Map::new();
        for (wire, value) in fields {
            object.insert(wire.to_string(), value);
        }
        Some(Value::Object(object))
    }

    /// A value of type `ty` for the field `f` of `owner` (an array's item has the array's
    /// field); `None` to leave the field out, or when a required value cannot be made (an
    /// error was reported).
    fn value(
        &self,
        owner: &IrSchema,
        f: &IrField,
        ty: &IrType,
        at: At,
        path: &mut Vec<&'a str>,
    ) -> Option<Value> {
        Some(match ty {
            IrType::String if self.date_time(owner, f) => Value::from(DATE_TIME_ANSWER),
            IrType::String => Value::from(plain_string(None, None)),
            IrType::Integer => Value::from(integer_value(None, None)),
            IrType::Number => Value::from(NUMBER_SAMPLE),
            IrType::Boolean => Value::Bool(false),
            IrType::Json => Value::Object(Map::new()),
            IrType::Enum(name) => Value::from(enum_sample(self.cx, name)),
            IrType::Id(name) => Value::from(self.id(name)?),
            IrType::Array(item) => {
                let item = self.value(
                    owner,
                    f,
                    item,
                    At {
                        required: false,
                        ..at
                    },
                    path,
                )?;
                Value::Array(vec![item])
            }
            IrType::Schema(name) => {
                let schema = *self.schemas.get(name.as_str())?;
                // A schema on the way down comes back only through an array (the schema pass
                // refuses any other recursion), which is never required.
                if path.contains(&name.as_str()) {
                    return None;
                }
                let fill = if at.depth < MAX_DEPTH {
                    Fill::All
                } else if at.required {
                    Fill::Required
                } else {
                    return None;
                };
                path.push(schema.name.as_str());
                let object = self.object(schema, fill, at.depth + 1, path, at.token);
                path.pop();
                match object? {
                    // An empty `default: true` object is left out, as it is when serialised.
                    Value::Object(o) if o.is_empty() && f.shape == FieldShape::DefaultObject => {
                        return None;
                    }
                    object => object,
                }
            }
        })
    }

    /// Whether the string field `f` of `owner` holds a date-time: the spec says so
    /// (`format: date-time`), or its name does.
    fn date_time(&self, owner: &IrSchema, f: &IrField) -> bool {
        let format = self
            .cx
            .schema_def(&owner.name)
            .and_then(|s| s.properties.get(&f.wire))
            .and_then(|p| p.format.as_deref());
        let wire = f.wire.as_str();
        format == Some("date-time")
            || wire.ends_with("_at")
            || wire.ends_with("_time")
            || DATE_TIME_NAMES.contains(&wire)
    }

    /// An id of the type named `name` (`UserId`); `None` when its kind has no example and is
    /// not numeric, which is reported once, where the kind is defined.
    fn id(&self, name: &str) -> Option<String> {
        let kind = self.id_kinds.get(name).copied().unwrap_or_default();
        match id_sample(self.cx, kind) {
            Ok(id) => Some(id),
            Err(_) => {
                if self.reported.borrow_mut().insert(kind.to_string()) {
                    if let Some((fi, _, _)) = self.cx.index.id_kinds.get(kind) {
                        self.cx.err(
                            *fi,
                            &["id_kinds", kind],
                            format!("the id kind `{kind}` is not numeric and has no `example`: the fake X API's answers cannot hold one"),
                            Some("add `example:` with a valid id".into()),
                        );
                    }
                }
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{assert_errors, lower_errors, lower_ok};
    use super::DATE_TIME_ANSWER;
    use crate::ir::{Ir, IrRateLimit, IrRatePer};
    use serde_json::{json, Value};

    /// The answer of the endpoint `op`, parsed.
    fn answer(ir: &Ir, op: &str) -> Option<Value> {
        let ep = ir
            .groups
            .iter()
            .flat_map(|g| &g.endpoints)
            .find(|e| e.op == op)
            .unwrap_or_else(|| panic!("no endpoint {op}"));
        let text = ep.answer_sample.as_deref()?;
        Some(serde_json::from_str(text).unwrap_or_else(|e| panic!("{op}: {e}: {text}")))
    }

    /// A spec with an app-only scheme, the given `id_kinds`, `schemas` and `endpoints`
    /// sections (each indented under its key).
    fn spec(id_kinds: &str, schemas: &str, endpoints: &str) -> String {
        format!("auth:\n  app: {{ context: app, description: App. }}\n  user: {{ context: oauth2_user, description: User. }}\nenums:\n  Color: {{ kind: response, description: C., values: [{{ value: red, description: R. }}, {{ value: blue, description: B. }}] }}\nid_kinds:\n{id_kinds}\nschemas:\n{schemas}\nendpoints:\n{endpoints}")
    }

    const KINDS: &str = "  user: { description: U., pattern: \"^[0-9]{1,19}$\", example: \"2244994945\" }\n  code: { description: C., pattern: \"^[0-9]{12}$\" }";

    const PAGE: &str = r#"  Item:
    description: An item.
    properties:
      id: { type: string, id: user, required: true, description: Id. }
      code: { type: string, id: code, description: A twelve-digit id. }
      created_at: { type: string, description: When. }
      start_time: { type: string, description: Starts. }
      editable_until: { type: string, description: Until. }
      when: { type: string, format: date-time, description: A date-time by its format. }
      name: { type: string, description: A name. }
      count: { type: integer, description: A count. }
      score: { type: number, description: A score. }
      flag: { type: boolean, description: A flag. }
      raw: { type: json, description: Anything. }
      color: { type: Color, description: A color. }
      tags: { type: array, items: string, description: Tags. }
      colors: { type: array, items: Color, description: Colors. }
  Meta:
    description: Paging.
    properties:
      result_count: { type: integer, description: Count. }
      next_token: { type: string, description: Next. }
      previous_token: { type: string, description: Previous. }
  Problem:
    description: A problem.
    properties:
      title: { type: string, required: true, description: Title. }
  Includes:
    description: Expanded objects.
    properties:
      items: { type: array, items: Item, description: Items. }
  Page:
    description: A page.
    properties:
      data: { type: array, items: Item, description: Items. }
      includes: { type: Includes, default: true, description: Expansions. }
      errors: { type: array, items: Problem, description: Problems. }
      meta: { type: Meta, default: true, description: Paging. }
  Done:
    description: An outcome.
    properties:
      data: { type: DoneData, required: true, description: Outcome. }
  DoneData:
    description: The outcome.
    properties:
      done: { type: boolean, required: true, description: Done. }
"#;

    const PAGE_ENDPOINTS: &str = r#"  get_items:
    method: GET
    path: /items
    summary: Items.
    auth: [app, user]
    scopes: [items.read, users.read]
    rate_limits:
      - { scope: app, requests: 75, window_seconds: 900 }
      - { scope: user, requests: 50, window_seconds: 60 }
    params:
      pagination_token: { in: query, type: string, description: Token. }
    response: Page
    pagination: { token_param: pagination_token, next_token: meta.next_token, items: data }
  do_it:
    method: POST
    path: /done
    summary: Does it.
    auth: [user]
    response: Done
  stop_it:
    method: DELETE
    path: /done
    summary: Stops it.
    auth: [user]
    response: empty
  download_it:
    method: GET
    path: /download
    summary: Downloads it.
    auth: [user]
    response: binary
"#;

    #[test]
    fn a_page_has_data_and_meta_but_no_errors_includes_or_tokens() {
        let ir = lower_ok(&spec(KINDS, PAGE, PAGE_ENDPOINTS));
        let item = json!({
            "id": "2244994945",
            "code": "123456789012",
            "created_at": DATE_TIME_ANSWER,
            "start_time": DATE_TIME_ANSWER,
            "editable_until": DATE_TIME_ANSWER,
            "when": DATE_TIME_ANSWER,
            "name": "example",
            "count": 10,
            "score": 1.5,
            "flag": false,
            "raw": {},
            "color": "red",
            "tags": ["example"],
            "colors": ["red"],
        });
        let want = json!({ "data": [item], "meta": { "result_count": 10 } });
        assert_eq!(answer(&ir, "get_items"), Some(want));
        assert_eq!(
            answer(&ir, "do_it"),
            Some(json!({ "data": { "done": false } }))
        );
        assert_eq!(answer(&ir, "stop_it"), None, "an empty answer has no body");
        assert_eq!(answer(&ir, "download_it"), None, "nor has a binary one");
    }

    #[test]
    fn answers_are_compact_with_sorted_keys_and_the_same_every_time() {
        let text = |ir: &Ir| ir.groups[0].endpoints[0].answer_sample.clone();
        let a = lower_ok(&spec(KINDS, PAGE, PAGE_ENDPOINTS));
        let b = lower_ok(&spec(KINDS, PAGE, PAGE_ENDPOINTS));
        let got = text(&a).expect("an answer");
        assert_eq!(Some(got.clone()), text(&b));
        assert!(
            got.starts_with(
                r#"{"data":[{"code":"123456789012","color":"red","colors":["red"],"count":10,"#
            ),
            "{got}"
        );
        let parsed: Value = serde_json::from_str(&got).expect("JSON");
        assert_eq!(serde_json::to_string(&parsed).ok(), Some(got), "compact");
    }

    #[test]
    fn scopes_and_rate_limits_are_lowered_in_spec_order() {
        let ir = lower_ok(&spec(KINDS, PAGE, PAGE_ENDPOINTS));
        let ep = &ir.groups[0].endpoints[0];
        assert_eq!(ep.scopes, ["items.read", "users.read"]);
        assert_eq!(
            ep.rate_limits,
            [
                IrRateLimit {
                    per: IrRatePer::App,
                    requests: 75,
                    window_seconds: 900
                },
                IrRateLimit {
                    per: IrRatePer::User,
                    requests: 50,
                    window_seconds: 60
                },
            ]
        );
        assert!(ir.groups[0].endpoints[1].rate_limits.is_empty());
    }

    #[test]
    fn a_token_elsewhere_than_next_token_is_left_out_too() {
        let schemas = r#"  Cursor:
    description: Paging.
    properties:
      cursor: { type: string, description: Next. }
      total: { type: integer, description: Total. }
  Thing:
    description: A thing.
    properties:
      name: { type: string, description: A name. }
  Page:
    description: A page.
    properties:
      data: { type: array, items: Thing, description: Things. }
      paging: { type: Cursor, default: true, description: Paging. }
"#;
        let endpoints = r#"  get_things:
    method: GET
    path: /things
    summary: Things.
    auth: [app]
    params:
      cursor: { in: query, type: string, description: Token. }
    response: Page
    pagination: { token_param: cursor, next_token: paging.cursor, items: data }
"#;
        let ir = lower_ok(&spec(KINDS, schemas, endpoints));
        let want = json!({ "data": [{ "name": "example" }], "paging": { "total": 10 } });
        assert_eq!(answer(&ir, "get_things"), Some(want));
    }

    #[test]
    fn nesting_stops_at_the_depth_limit_but_required_fields_stay() {
        let schemas = r#"  Top:
    description: The answer.
    properties:
      data: { type: One, description: Depth 1. }
  One:
    description: D1.
    properties:
      two: { type: Two, description: Depth 2. }
  Two:
    description: D2.
    properties:
      three: { type: Three, description: Depth 3. }
  Three:
    description: D3.
    properties:
      name: { type: string, description: A name. }
      four: { type: Four, description: "Too deep, optional." }
      must: { type: Four, required: true, description: "Too deep, required." }
      list: { type: array, items: Four, description: "Too deep, an array." }
  Four:
    description: D4.
    properties:
      name: { type: string, description: Left out. }
      id: { type: integer, required: true, description: Kept. }
      five: { type: Five, required: true, description: "Kept, with its required fields." }
  Five:
    description: D5.
    properties:
      flag: { type: boolean, required: true, description: Kept. }
      note: { type: string, description: Left out. }
"#;
        let endpoints =
            "  get_top: { method: GET, path: /top, summary: Top., auth: [app], response: Top }\n";
        let ir = lower_ok(&spec(KINDS, schemas, endpoints));
        let three = json!({ "name": "example", "must": { "id": 10, "five": { "flag": false } } });
        let want = json!({ "data": { "two": { "three": three } } });
        assert_eq!(answer(&ir, "get_top"), Some(want));
    }

    #[test]
    fn a_schema_on_the_way_down_is_left_out() {
        let schemas = r#"  Tree:
    description: The answer.
    properties:
      data: { type: Node, description: The root. }
  Node:
    description: A node.
    properties:
      name: { type: string, description: A name. }
      children: { type: array, items: Node, description: Itself again. }
      leaf: { type: Leaf, description: Another schema. }
  Leaf:
    description: A leaf.
    properties:
      nodes: { type: array, items: Node, description: Back up. }
      size: { type: integer, description: A size. }
"#;
        let endpoints = "  get_tree: { method: GET, path: /tree, summary: Tree., auth: [app], response: Tree }\n";
        let ir = lower_ok(&spec(KINDS, schemas, endpoints));
        let want = json!({ "data": { "name": "example", "leaf": { "size": 10 } } });
        assert_eq!(answer(&ir, "get_tree"), Some(want));
    }

    #[test]
    fn a_stream_answers_with_one_event() {
        let schemas = r#"  Event:
    description: One line.
    properties:
      data: { type: EventData, description: The event. }
      errors: { type: array, items: EventData, description: Problems. }
  EventData:
    description: The event's data.
    properties:
      id: { type: string, required: true, description: Id. }
"#;
        let endpoints = "  stream_events: { method: GET, path: /stream, summary: Events., auth: [app], response: Event, stream: { id: data.id } }\n";
        let ir = lower_ok(&spec(KINDS, schemas, endpoints));
        assert_eq!(
            answer(&ir, "stream_events"),
            Some(json!({ "data": { "id": "example" } }))
        );
    }

    #[test]
    fn a_non_numeric_id_kind_needs_an_example_for_the_answers() {
        let kinds = "  slug: { description: S., pattern: \"^[a-z]+$\" }";
        let schemas = r#"  Thing:
    description: A thing.
    properties:
      data: { type: Named, description: The thing. }
      other: { type: Named, description: The same kind again. }
  Named:
    description: Named.
    properties:
      slug: { type: string, id: slug, required: true, description: A slug. }
"#;
        let endpoints = "  get_thing: { method: GET, path: /thing, summary: Thing., auth: [app], response: Thing }\n";
        assert_errors(
            &lower_errors(&spec(kinds, schemas, endpoints)),
            &["id_kinds.slug: the id kind `slug` is not numeric and has no `example`: the fake X API's answers cannot hold one\n  hint: add `example:` with a valid id"],
        );
    }
}
