//! Part of pass 4: how an endpoint pages. The token parameter must be an optional query
//! string, `next_token` a path through objects to an optional string, `items` a plain array
//! of a schema. The page schema gets one `Paginated` implementation, shared by every
//! endpoint that pages with it.

use super::params::At;
use super::schemas::Schemas;
use super::{below, Ctx};
use crate::diag::did_you_mean_hint;
use crate::ir::{FieldShape, IrLocation, IrPage, IrParam, IrSchema, IrType, ParamKind};
use crate::spec::PaginationDef;

/// Checks an endpoint's pagination against its parameters and response schema; `at` is the
/// `pagination` key.
pub(super) fn lower(
    cx: &Ctx,
    at: At,
    pg: &PaginationDef,
    params: &[IrParam],
    response: &IrSchema,
    schemas: &Schemas,
) -> Option<IrPage> {
    check_token_param(cx, at, pg, params);
    let next_token = next_token_path(cx, at, pg, response, schemas)?;
    let Some(items) = response.fields.iter().find(|f| f.wire == pg.items) else {
        let hint = did_you_mean_hint(&pg.items, response.fields.iter().map(|f| f.wire.as_str()));
        cx.err(
            at.file,
            &below(at.path, &["items"]),
            format!("`{}` is not a property of `{}`", pg.items, response.name),
            hint,
        );
        return None;
    };
    let item_type = match (&items.ty, &items.lookup) {
        (IrType::Array(inner), None) => match inner.as_ref() {
            IrType::Schema(s) | IrType::Enum(s) => s.clone(),
            _ => {
                cx.err(
                    at.file,
                    &below(at.path, &["items"]),
                    "paginated items must be an array of a schema",
                    None,
                );
                return None;
            }
        },
        _ => {
            cx.err(
                at.file,
                &below(at.path, &["items"]),
                format!("`{}` must be a plain array property (no lookup)", pg.items),
                None,
            );
            return None;
        }
    };
    Some(IrPage {
        next_token,
        items_field: items.rust.clone(),
        item_type,
    })
}

/// Says on the followed token parameter (and only on it) that paging sets it: an endpoint
/// with both `next_token` and `pagination_token` tells which one `pages()` uses.
pub(super) fn document_token(params: &mut [IrParam], pg: &PaginationDef) {
    if let Some(p) = params.iter_mut().find(|p| p.wire == pg.token_param) {
        if !p.doc.is_empty() {
            p.doc.push(String::new());
        }
        p.doc.push(crate::docs::paging_token(&pg.next_token));
    }
}

/// Records that `schema` pages as `page`; every endpoint paging with it must agree.
pub(super) fn attach(cx: &Ctx, at: At, schemas: &mut Schemas, schema: &str, page: &IrPage) {
    if !schemas.agree(schema, |s| &mut s.page, page.clone()) {
        cx.err(
            at.file,
            at.path,
            format!("another endpoint pages through `{schema}` with other `next_token` or `items`"),
            Some("endpoints with the same response schema must page the same way".into()),
        );
    }
}

fn check_token_param(cx: &Ctx, at: At, pg: &PaginationDef, params: &[IrParam]) {
    let path = below(at.path, &["token_param"]);
    match params.iter().find(|p| p.wire == pg.token_param) {
        Some(p) if p.location == IrLocation::Query && p.kind == ParamKind::Str && !p.required => {}
        Some(_) => cx.err(
            at.file,
            &path,
            format!(
                "token parameter `{}` must be an optional `in: query` string",
                pg.token_param
            ),
            None,
        ),
        None => {
            let hint = did_you_mean_hint(&pg.token_param, params.iter().map(|p| p.wire.as_str()));
            cx.err(
                at.file,
                &path,
                format!(
                    "token parameter `{}` is not a parameter of this endpoint",
                    pg.token_param
                ),
                hint.or_else(|| Some("add it to `params`".into())),
            );
        }
    }
}

/// `next_token`: a dotted path through default or required objects, ending in an optional
/// string; as Rust field names.
fn next_token_path(
    cx: &Ctx,
    at: At,
    pg: &PaginationDef,
    response: &IrSchema,
    schemas: &Schemas,
) -> Option<Vec<String>> {
    let path = below(at.path, &["next_token"]);
    let fields = schemas.walk(
        cx,
        (at.file, &path),
        &pg.next_token,
        response,
        |_, f, last| match (last, &f.ty, f.shape) {
            (true, IrType::String, FieldShape::Optional) => Ok(()),
            (true, ..) => Err((
                format!(
                    "`{}` must end at an optional string property",
                    pg.next_token
                ),
                None,
            )),
            (false, IrType::Schema(_), FieldShape::DefaultObject | FieldShape::Required) => Ok(()),
            (false, ..) => Err((
                format!(
                    "`{}` must be a `default: true` or required object to be walked through",
                    f.wire
                ),
                None,
            )),
        },
    )?;
    Some(fields.iter().map(|f| f.rust.clone()).collect())
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{lower_errors, lower_ok};

    fn spec(next_token: &str, items: &str, second: &str) -> String {
        format!(
            r#"
auth:
  app: {{ context: app, description: App. }}
schemas:
  Item: {{ description: I., properties: {{ id: {{ type: string, required: true, description: Id. }} }} }}
  Meta: {{ description: M., properties: {{ next_token: {{ type: string, description: N. }}, count: {{ type: integer, description: C. }} }} }}
  Page:
    description: P.
    properties:
      data: {{ type: array, items: Item, description: D. }}
      other: {{ type: array, items: Item, description: O. }}
      meta: {{ type: Meta, default: true, description: M. }}
endpoints:
  list_a:
    method: GET
    path: /a
    summary: A.
    auth: [app]
    params:
      token: {{ in: query, type: string, description: T. }}
    response: Page
    pagination: {{ token_param: token, next_token: {next_token}, items: {items} }}
  list_b:
    method: GET
    path: /b
    summary: B.
    auth: [app]
    params:
      token: {{ in: query, type: string, description: T. }}
    response: Page
    pagination: {{ token_param: token, next_token: meta.next_token, items: {second} }}
"#
        )
    }

    #[test]
    fn one_page_impl_per_response_schema() {
        let ir = lower_ok(&spec("meta.next_token", "data", "data"));
        let page = ir.schemas[2].page.as_ref().expect("Page pages");
        assert_eq!(page.next_token, ["meta", "next_token"]);
        assert_eq!(page.items_field, "data");
        assert_eq!(page.item_type, "Item");
        assert!(ir.schemas[0].page.is_none());
        let eps = &ir.groups[0].endpoints;
        assert!(eps
            .iter()
            .all(|e| e.pagination.as_ref().unwrap().token_param == "token"));
    }

    #[test]
    fn rejects_bad_paths_and_disagreeing_endpoints() {
        let errors = lower_errors(&spec("meta.count", "data", "other"));
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert!(errors[0].contains("`meta.count` must end at an optional string property"));
        let errors = lower_errors(&spec("meta.next_token", "data", "other"));
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert!(errors[0]
            .contains("endpoints.list_b.pagination: another endpoint pages through `Page`"));
        let errors = lower_errors(&spec("meta.nxt_token", "dta", "data"));
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert!(
            errors[0].ends_with("hint: did you mean `next_token`?"),
            "{}",
            errors[0]
        );
    }
}
