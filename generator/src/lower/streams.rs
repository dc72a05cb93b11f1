//! Part of pass 4: a streaming endpoint (`stream:`). It is read with GET, does not page, and
//! its `response` is the schema of one line (an event). `stream.id` is a path through
//! objects to the event's id (a string or typed id), `stream.backfill` an optional integer
//! query parameter with a maximum. The event schema gets one `StreamEvent` implementation,
//! shared by every stream whose lines it decodes.

use super::params::At;
use super::schemas::Schemas;
use super::{below, Ctx};
use crate::diag::did_you_mean_hint;
use crate::ir::{
    FieldShape, HttpMethod, IrBackfill, IrCheck, IrEventId, IrIdStep, IrLocation, IrParam,
    IrSchema, IrStream, IrType, ParamKind,
};
use crate::spec::StreamDef;

/// Checks a stream marker; `at` is the `stream` key. `response` is the lowered response
/// schema (`None` when it is not a schema, which is an error here).
pub(super) fn lower(
    cx: &Ctx,
    at: At,
    (method, paged): (HttpMethod, bool),
    st: &StreamDef,
    params: &[IrParam],
    response: Option<&IrSchema>,
    schemas: &Schemas,
) -> Option<(IrStream, IrEventId)> {
    let before = cx.error_count();
    if method != HttpMethod::Get {
        cx.err(
            at.file,
            at.path,
            format!("a stream is read with GET, not {}", method.as_str()),
            Some("set `method: GET`, or remove `stream`".into()),
        );
    }
    if paged {
        cx.err(
            at.file,
            at.path,
            "an endpoint is a stream or pages, not both",
            Some("remove `pagination` or `stream`".into()),
        );
    }
    let Some(event) = response else {
        cx.err(
            at.file,
            at.path,
            "a stream's `response` must be a schema: the event one line holds",
            Some("name the event schema in `response`".into()),
        );
        return None;
    };
    let backfill = st
        .backfill
        .as_deref()
        .and_then(|name| backfill(cx, at, name, params));
    let id = match &st.id {
        Some(path) => id_path(cx, at, path, event, schemas)?,
        None => IrEventId { steps: Vec::new() },
    };
    (before == cx.error_count()).then_some((IrStream { backfill }, id))
}

/// The backfill parameter: an optional integer query parameter with a positive maximum.
fn backfill(cx: &Ctx, at: At, name: &str, params: &[IrParam]) -> Option<IrBackfill> {
    let path = below(at.path, &["backfill"]);
    let Some(p) = params.iter().find(|p| p.wire == name) else {
        let hint = did_you_mean_hint(name, params.iter().map(|p| p.wire.as_str()));
        cx.err(
            at.file,
            &path,
            format!("backfill parameter `{name}` is not a parameter of this endpoint"),
            hint.or_else(|| Some("add it to `params`".into())),
        );
        return None;
    };
    let max = match (&p.kind, &p.check, p.location, p.required) {
        (
            ParamKind::Unsigned | ParamKind::Int,
            IrCheck::Int { max: Some(max), .. },
            IrLocation::Query,
            false,
        ) => u32::try_from(*max).ok().filter(|&m| m > 0),
        _ => None,
    };
    if max.is_none() {
        cx.err(
            at.file,
            &path,
            format!("backfill parameter `{name}` must be an optional `in: query` integer with a positive `max`"),
            Some("give it `type: integer`, `max: 5` (the minutes the API can replay)".into()),
        );
    }
    Some(IrBackfill {
        wire: name.to_string(),
        max: max?,
    })
}

/// `data.id`: objects down to a string or typed id.
fn id_path(cx: &Ctx, at: At, path: &str, event: &IrSchema, schemas: &Schemas) -> Option<IrEventId> {
    let key = below(at.path, &["id"]);
    let hint = || Some("point `id` at the event's id, such as `data.id`".to_string());
    let fields = schemas.walk(cx, (at.file, &key), path, event, |schema, f, last| {
        if f.shape == FieldShape::List {
            let message = format!(
                "`{}` of `{}` is an array; the id path must go through objects",
                f.wire, schema.name
            );
            return Err((message, hint()));
        }
        match (&f.ty, last) {
            (IrType::String | IrType::Id(_), true) | (IrType::Schema(_), false) => Ok(()),
            _ => Err((
                format!(
                    "`{path}` must lead through objects to a string or id; `{}` of `{}` is not {}",
                    f.wire,
                    schema.name,
                    if last { "a string" } else { "an object" }
                ),
                hint(),
            )),
        }
    })?;
    let steps = fields
        .iter()
        .map(|f| IrIdStep {
            rust: f.rust.clone(),
            optional: matches!(f.shape, FieldShape::Optional | FieldShape::Boxed),
        })
        .collect();
    Some(IrEventId { steps })
}

/// Records how to read the event schema's id; every stream of that schema must agree.
pub(super) fn attach(cx: &Ctx, at: At, schemas: &mut Schemas, schema: &str, id: IrEventId) {
    if !schemas.agree(schema, |s| &mut s.event, id) {
        cx.err(
            at.file,
            &below(at.path, &["id"]),
            format!("another stream reads the id of `{schema}` elsewhere"),
            Some("streams with the same response schema must give the same `id`".into()),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lower::test_support::{lower_errors, lower_ok};

    const SPEC: &str = r#"
auth:
  app: { context: app, description: App. }
schemas:
  Tweet:
    description: A Tweet.
    properties:
      id: { type: string, required: true, description: The id. }
      text: { type: string, description: The text. }
  TweetEvent:
    description: One line of a Tweet stream.
    properties:
      data: { type: Tweet, description: The Tweet. }
      matching: { type: array, items: string, description: Rule ids. }
endpoints:
  sample_stream:
    method: GET
    path: /2/tweets/sample/stream
    summary: Streams Tweets.
    auth: [app]
    params:
      backfill_minutes: { in: query, type: integer, min: 0, max: 5, description: Minutes to replay. }
    response: TweetEvent
    stream: STREAM
"#;

    fn spec(stream: &str) -> String {
        SPEC.replace("STREAM", stream)
    }

    #[test]
    fn a_stream_reads_its_id_and_backfill() {
        let ir = lower_ok(&spec("{ id: data.id, backfill: backfill_minutes }"));
        let ep = &ir.groups[0].endpoints[0];
        let st = ep.stream.as_ref().unwrap();
        let b = st.backfill.as_ref().unwrap();
        assert_eq!((b.wire.as_str(), b.max), ("backfill_minutes", 5));
        let event = ir.schemas.iter().find(|s| s.name == "TweetEvent").unwrap();
        let steps = &event.event.as_ref().unwrap().steps;
        assert_eq!(steps.len(), 2);
        assert!(steps[0].optional && !steps[1].optional);
        let bare = lower_ok(&spec("{}"));
        let st = bare.groups[0].endpoints[0].stream.as_ref().unwrap();
        assert!(st.backfill.is_none());
    }

    #[test]
    fn bad_stream_markers_are_refused_with_where_and_how() {
        let cases = [
            (
                spec("{ id: data.idd }"),
                "stream.id: `idd` is not a property of `Tweet`",
            ),
            (
                spec("{ id: matching }"),
                "`matching` of `TweetEvent` is an array",
            ),
            (
                spec("{ id: data }"),
                "must lead through objects to a string or id",
            ),
            (
                spec("{ backfill: backfill }"),
                "backfill parameter `backfill` is not a parameter",
            ),
            (
                spec("{}").replace("method: GET", "method: POST"),
                "stream: a stream is read with GET, not POST",
            ),
            (
                spec("{ backfill: backfill_minutes }").replace(", max: 5", ""),
                "must be an optional `in: query` integer with a positive `max`",
            ),
            (
                spec("{}").replace("response: TweetEvent", "response: empty"),
                "a stream's `response` must be a schema",
            ),
        ];
        for (yaml, want) in cases {
            let errs = lower_errors(&yaml);
            assert!(errs.iter().any(|e| e.contains(want)), "{want}: {errs:#?}");
        }
    }
}
