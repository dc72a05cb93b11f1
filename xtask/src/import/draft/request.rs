//! Request bodies: request schemas, their members, limits and groups, body enums.

use super::{description_of, first_sentence, values_seq, Drafter, NO_DESCRIPTION};
use crate::import::yaml::{normalise, Y};
use crate::spec_diff::openapi::{deref, flatten, flatten_all, Flat, Nodes, Shape};
use serde_json::Value;

impl Drafter<'_> {
    /// Makes a request schema from a flattened object: its members with their limits, the
    /// `at_least_one` groups of an `anyOf`/`oneOf`, the `exclusive` groups its descriptions
    /// state.
    pub(super) fn make_request(
        &mut self,
        name: &str,
        nodes: &Nodes<'_>,
        flat: &Flat<'_>,
        description: Option<String>,
    ) {
        let doc = self.doc;
        let members: Vec<String> = flat.props.iter().map(|(p, _)| p.clone()).collect();
        // Registered first, so a cycle reuses it.
        self.made_requests.insert(name.to_string(), members.clone());
        let mut at_least_one = Vec::new();
        let mut alternating: Vec<String> = Vec::new();
        for (node, _) in nodes {
            let Some(node) = deref(doc, node) else {
                continue;
            };
            for keyword in ["anyOf", "oneOf"] {
                let Some(alts) = node.get(keyword).and_then(Value::as_array) else {
                    continue;
                };
                let required: Vec<std::collections::BTreeSet<String>> = alts
                    .iter()
                    .map(|a| flatten(doc, a, "#/alternative").required)
                    .collect();
                let mut group: Vec<String> = Vec::new();
                for r in &required {
                    for m in r {
                        let in_all = required.iter().all(|o| o.contains(m));
                        if !in_all && !group.contains(m) && members.contains(m) {
                            group.push(m.clone());
                        }
                    }
                }
                if group.len() >= 2 {
                    alternating.extend(group.iter().cloned());
                    at_least_one.push(group);
                }
            }
        }
        let required = |m: &String| flat.required.contains(m) && !alternating.contains(m);
        let exclusive = exclusive_groups(doc, flat, &|m: &String| !required(m));
        let mut ps = Vec::new();
        for (prop, pnodes) in &flat.props {
            ps.push((
                prop.clone(),
                self.member(name, prop, pnodes, required(prop)),
            ));
        }
        let mut s = vec![(
            "description".into(),
            Y::Text(description.unwrap_or_else(|| NO_DESCRIPTION.into())),
        )];
        if !exclusive.is_empty() {
            s.push(("exclusive".into(), Y::FlowLists(exclusive)));
        }
        if !at_least_one.is_empty() {
            s.push(("at_least_one".into(), Y::FlowLists(at_least_one)));
        }
        s.push(("properties".into(), Y::Map(ps)));
        self.request_schemas.push((name.to_string(), Y::Map(s)));
    }

    /// A member of a request schema, with its limits (and its items' limits).
    fn member(&mut self, parent: &str, prop: &str, nodes: &Nodes<'_>, required: bool) -> Y {
        let doc = self.doc;
        let suggested = format!(
            "{}{}",
            parent.strip_suffix("Request").unwrap_or(parent),
            generator::names::upper_camel(prop)
        );
        let flat = flatten_all(doc, nodes);
        let mut m: Vec<(String, Y)> = Vec::new();
        let description = nodes
            .iter()
            .find_map(|(n, _)| {
                n.get("description")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .or_else(|| description_of(doc, nodes[0].0));
        if flat.shape() == Shape::Array {
            let elem = flatten_all(doc, &flat.items);
            let single = suggested
                .strip_suffix('s')
                .unwrap_or(&suggested)
                .to_string();
            let item_ty = self.request_type(&flat.items, &elem, &single, description.as_deref());
            let mut item = vec![("type".to_string(), Y::Plain(item_ty.clone()))];
            item.extend(limits(&item_ty, &elem, false));
            m.push(("type".into(), Y::Plain("array".into())));
            if item.len() == 1 {
                m.push(("items".into(), Y::Plain(item_ty)));
            } else {
                m.push(("items".into(), Y::Map(item)));
            }
        } else {
            let ty = self.request_type(nodes, &flat, &suggested, description.as_deref());
            m.push(("type".into(), Y::Plain(ty)));
        }
        m.push((
            "description".into(),
            Y::Text(description.unwrap_or_else(|| NO_DESCRIPTION.into())),
        ));
        if required {
            m.push(("required".into(), Y::Raw("true".into())));
        }
        let ty = match &m[0].1 {
            Y::Plain(t) => t.clone(),
            _ => String::new(),
        };
        m.extend(limits(&ty, &flat, true));
        Y::Map(m)
    }

    /// The spec type of a (non-array) body value: a primitive, a request enum, or a request
    /// schema (a `todo` type for what the spec cannot send).
    fn request_type(
        &mut self,
        nodes: &Nodes<'_>,
        flat: &Flat<'_>,
        suggested: &str,
        description: Option<&str>,
    ) -> String {
        match flat.shape() {
            Shape::Scalar => match (&flat.values, flat.ty) {
                (Some(values), Some("string") | None) => {
                    self.body_enum(suggested, values, description.unwrap_or(""))
                }
                (_, Some(t)) if ["string", "integer", "number", "boolean"].contains(&t) => t.into(),
                _ => self.untyped(suggested),
            },
            Shape::Object => {
                let reference = match nodes.as_slice() {
                    [(n, _)] => n
                        .get("$ref")
                        .and_then(Value::as_str)
                        .and_then(|r| r.strip_prefix("#/components/schemas/")),
                    _ => None,
                };
                let known = |d: &Self, n: &str| {
                    d.existing.request_schemas.contains_key(n) || d.made_requests.contains_key(n)
                };
                if let Some(r) = reference.filter(|r| known(self, r)) {
                    return r.into();
                }
                let name = match reference {
                    Some(r) if !self.taken(r) => r.to_string(),
                    _ => self.free_name(suggested),
                };
                let description = description_of(self.doc, nodes[0].0);
                self.make_request(&name, nodes, flat, description);
                name
            }
            Shape::Array | Shape::OpaqueObject | Shape::Unknown => self.untyped(suggested),
        }
    }

    /// A body value the spec has no type for (a free-form object, an array of arrays).
    fn untyped(&mut self, what: &str) -> String {
        self.todos.push(format!(
            "the body member {what} has no type a request can send; give it one"
        ));
        "TODO".into()
    }

    /// A request enum of a body member: one with the same values, else a new one.
    fn body_enum(&mut self, suggested: &str, values: &[String], desc: &str) -> String {
        let same =
            |v: &Vec<String>| v.len() == values.len() && values.iter().all(|x| v.contains(x));
        if let Some(n) = self
            .existing
            .enums
            .iter()
            .chain(self.made_enums.iter())
            .find(|(_, (kind, v))| kind == "request" && same(v))
            .map(|(n, _)| n.clone())
        {
            return n;
        }
        let name = self.free_name(suggested);
        let e = vec![
            ("kind".into(), Y::Plain("request".into())),
            (
                "description".into(),
                Y::Text(if desc.is_empty() {
                    NO_DESCRIPTION.into()
                } else {
                    first_sentence(&normalise(desc))
                }),
            ),
            ("values".into(), values_seq(values)),
        ];
        self.made_enums
            .insert(name.clone(), ("request".into(), values.to_vec()));
        self.enums.push((name.clone(), Y::Map(e)));
        name
    }
}

/// The limits of a body member (`member`: with item counts) or item of type `ty`, as spec
/// keys: only those the type can have (a limit on the wrong type is an error).
fn limits(ty: &str, flat: &Flat<'_>, member: bool) -> Vec<(String, Y)> {
    let raw = |v: Option<&Value>| v.map(|v| Y::Raw(v.to_string()));
    let mut out: Vec<(String, Option<Y>)> = Vec::new();
    match ty {
        "string" => {
            match flat.pattern {
                Some(p) if !super::supported_pattern(p) => out.push((
                    format!("# The document's pattern {p:?} uses what the client's regex engine lacks (look-around): not checked."),
                    Some(Y::Plain(String::new())),
                )),
                p => out.push(("pattern".into(), p.map(|p| Y::Quoted(p.into())))),
            }
            out.push(("min_length".into(), raw(flat.min_length)));
            out.push(("max_length".into(), raw(flat.max_length)));
        }
        "integer" => {
            out.push(("min".into(), raw(flat.minimum)));
            out.push(("max".into(), raw(flat.maximum)));
        }
        "array" if member => {
            out.push(("min_items".into(), raw(flat.min_items)));
            out.push(("max_items".into(), raw(flat.max_items)));
        }
        _ => {}
    }
    // A lower bound of 0 says nothing.
    out.into_iter()
        .filter_map(|(k, v)| match v {
            Some(Y::Raw(r)) if k.starts_with("min_") && r == "0" => None,
            Some(v) => Some((k, v)),
            None => None,
        })
        .collect()
}

/// The `exclusive` groups of an object: a member whose description says "mutually exclusive
/// from A, B, and C" (names as words: `Quote Tweet Id` → `quote_tweet_id`) excludes those
/// members; the groups are the largest sets of optional members that exclude each other
/// pairwise, each of at least two.
fn exclusive_groups(
    doc: &Value,
    flat: &Flat<'_>,
    optional: &dyn Fn(&String) -> bool,
) -> Vec<Vec<String>> {
    let members: Vec<&String> = flat
        .props
        .iter()
        .map(|(p, _)| p)
        .filter(|p| optional(p))
        .collect();
    let key = |s: &str| {
        s.trim()
            .trim_start_matches("and ")
            .trim()
            .to_lowercase()
            .replace([' ', '-'], "_")
    };
    let mut edges: Vec<(String, String)> = Vec::new();
    for (prop, nodes) in &flat.props {
        if !optional(prop) {
            continue;
        }
        let text = nodes.iter().find_map(|(n, _)| {
            deref(doc, n)
                .and_then(|n| n.get("description"))
                .and_then(Value::as_str)
        });
        let Some(text) = text.map(normalise) else {
            continue;
        };
        let lower = text.to_lowercase();
        for marker in ["mutually exclusive from ", "mutually exclusive with "] {
            let Some(at) = lower.find(marker) else {
                continue;
            };
            let rest = &text[at + marker.len()..];
            let list = rest.split('.').next().unwrap_or("");
            for item in list.split(',').flat_map(|p| p.split(" and ")) {
                let k = key(item);
                if let Some(other) = members.iter().find(|m| m.as_str() == k) {
                    if other.as_str() != prop.as_str() {
                        let (a, b) = if prop.as_str() < other.as_str() {
                            (prop.clone(), (*other).clone())
                        } else {
                            ((*other).clone(), prop.clone())
                        };
                        if !edges.contains(&(a.clone(), b.clone())) {
                            edges.push((a, b));
                        }
                    }
                }
            }
        }
    }
    let linked = |a: &String, b: &String| {
        edges
            .iter()
            .any(|(x, y)| (x == a && y == b) || (x == b && y == a))
    };
    // Maximal cliques (Bron–Kerbosch; objects have few members), members in document order.
    let nodes: Vec<String> = members
        .iter()
        .filter(|m| edges.iter().any(|(a, b)| a == **m || b == **m))
        .map(|m| (*m).clone())
        .collect();
    let mut out = Vec::new();
    cliques(
        &mut Vec::new(),
        nodes.clone(),
        Vec::new(),
        &linked,
        &mut out,
    );
    out.retain(|c: &Vec<String>| c.len() >= 2);
    for c in &mut out {
        c.sort_by_key(|m| nodes.iter().position(|n| n == m));
    }
    out.sort_by_key(|c| {
        c.iter()
            .map(|m| nodes.iter().position(|n| n == m))
            .collect::<Vec<_>>()
    });
    out
}

fn cliques(
    r: &mut Vec<String>,
    mut p: Vec<String>,
    mut x: Vec<String>,
    linked: &dyn Fn(&String, &String) -> bool,
    out: &mut Vec<Vec<String>>,
) {
    if p.is_empty() {
        if x.is_empty() {
            out.push(r.clone());
        }
        return;
    }
    while let Some(v) = p.first().cloned() {
        r.push(v.clone());
        let np = p.iter().filter(|u| linked(u, &v)).cloned().collect();
        let nx = x.iter().filter(|u| linked(u, &v)).cloned().collect();
        cliques(r, np, nx, linked, out);
        r.pop();
        p.retain(|u| *u != v);
        x.push(v);
    }
}
