//! Pass 6: cargo features. An endpoint file's `feature:` names the cargo feature that
//! compiles its module. A type (schema, enum, request schema) is compiled with any feature
//! whose endpoints use it, through their parameters, bodies and responses and the types those
//! hold; it is always compiled when the runtime names it (or holds it through such a type) or
//! when no endpoint uses it. A spec without any `feature:` compiles everything, as before.

use super::{Contract, Ctx};
use crate::ir::Ir;
use crate::ir::{
    IrEndpoint, IrFeature, IrMember, IrRequest, IrResponse, IrType, IrValue, ParamKind,
};
use std::collections::{BTreeMap, BTreeSet, HashSet};

pub(super) fn lower(cx: &Ctx, contract: &Contract, ir: &mut Ir) {
    let features = declared(cx, contract);
    if features.is_empty() {
        return;
    }
    every_group_has_one(cx, ir, &features);
    runtime_calls_under_their_features(cx, contract, ir);
    gate_types(contract, ir);
    ir.features = features;
}

/// The features the files declare, checked, one per distinct name in file order.
fn declared(cx: &Ctx, contract: &Contract) -> Vec<IrFeature> {
    let mut features: Vec<IrFeature> = Vec::new();
    for (fi, f) in cx.files.iter().enumerate() {
        let Some(def) = &f.spec.feature else {
            continue;
        };
        if f.spec.endpoints.is_empty() {
            cx.err(
                fi,
                &["feature"],
                "`feature:` belongs in a file with `endpoints:`: it names the feature that compiles that file's module",
                Some("move it to the endpoint file it is for, or delete it".into()),
            );
            continue;
        }
        if !is_feature_name(&def.name) {
            cx.err(
                fi,
                &["feature", "name"],
                format!(
                    "`{}` is not a feature name: use lowercase letters, digits and `_`, starting with a letter",
                    def.name
                ),
                Some("name it after the file, e.g. `likes` for `endpoints/likes.yaml`".into()),
            );
            continue;
        }
        if contract.features.contains(&def.name.as_str()) {
            cx.err(
                fi,
                &["feature", "name"],
                format!(
                    "the client's Cargo.toml already has a feature `{}` of its own ({})",
                    def.name,
                    contract.features.join(", ")
                ),
                Some("choose another name".into()),
            );
            continue;
        }
        match features.iter().find(|x| x.name == def.name) {
            Some(first) if first.default != def.default => cx.err(
                fi,
                &["feature", "default"],
                format!(
                    "feature `{}` is on by default in one file and not in another",
                    def.name
                ),
                Some(format!(
                    "give every file of `{}` the same `default: {}`",
                    def.name, first.default
                )),
            ),
            Some(_) => {}
            None => features.push(IrFeature {
                name: def.name.clone(),
                description: def.description.trim().to_string(),
                default: def.default,
            }),
        }
    }
    features
}

fn is_feature_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Once one endpoint file has a feature, every one must: a module without one would be
/// compiled always, which nobody chose.
fn every_group_has_one(cx: &Ctx, ir: &Ir, features: &[IrFeature]) {
    for g in ir.groups.iter().filter(|g| g.feature.is_none()) {
        cx.err(
            cx.file_index(&g.file),
            &[],
            format!(
                "this file has endpoints but no `feature:`, while other endpoint files have one (`{}`): every endpoint module must be behind a cargo feature",
                features[0].name
            ),
            Some(format!(
                "add `feature: {{ name: {}, description: <one line> }}` (and `default: true` to have it on by default)",
                g.module
            )),
        );
    }
}

/// The runtime calls some endpoints under a `#[cfg(feature = ..)]` of its own: the spec must
/// put them behind that feature.
fn runtime_calls_under_their_features(cx: &Ctx, contract: &Contract, ir: &Ir) {
    for need in contract.endpoints {
        let Some(g) = ir
            .groups
            .iter()
            .find(|g| g.endpoints.iter().any(|e| e.op == need.op))
        else {
            continue;
        };
        match &g.feature {
            Some(name) if name != need.feature => cx.err(
                cx.file_index(&g.file),
                &["feature", "name"],
                format!(
                    "the runtime calls `{}` under `#[cfg(feature = \"{}\")]` ({}), but this file's feature is `{name}`",
                    need.op, need.feature, need.used_by
                ),
                Some(format!(
                    "name this file's feature `{}`, or move `{}` to the file that has it",
                    need.feature, need.op
                )),
            ),
            _ => {}
        }
    }
}

/// Sets the gate of every schema, enum and request schema.
fn gate_types(contract: &Contract, ir: &mut Ir) {
    let graph = TypeGraph::new(ir);
    // Types the runtime names, and everything they hold: always.
    let mut always = HashSet::new();
    let roots = contract
        .schemas
        .iter()
        .map(|s| s.name)
        .chain(contract.enums.iter().map(|e| e.name))
        .chain(contract.types.iter().map(|t| t.name));
    for root in roots {
        graph.reach(root, &mut always);
    }
    // Per feature, what its endpoints reach.
    let mut used_by: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for g in &ir.groups {
        let Some(feature) = &g.feature else {
            continue;
        };
        let mut reached = HashSet::new();
        for e in &g.endpoints {
            for name in endpoint_refs(e, &ir.requests) {
                graph.reach(&name, &mut reached);
            }
        }
        for name in reached {
            used_by.entry(name).or_default().insert(feature.clone());
        }
    }
    let gate = |name: &str| -> Vec<String> {
        if always.contains(name) {
            return Vec::new();
        }
        used_by
            .get(name)
            .map(|f| f.iter().cloned().collect())
            .unwrap_or_default()
    };
    for s in &mut ir.schemas {
        s.gate = gate(&s.name);
    }
    for e in &mut ir.enums {
        e.gate = gate(&e.name);
    }
    for r in &mut ir.requests {
        r.gate = gate(&r.name);
    }
}

/// Which types each type holds (by name: schemas, enums and request schemas share one
/// namespace).
struct TypeGraph {
    edges: BTreeMap<String, Vec<String>>,
}

impl TypeGraph {
    fn new(ir: &Ir) -> Self {
        let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for s in &ir.schemas {
            let mut out = Vec::new();
            for f in &s.fields {
                type_refs(&f.ty, &mut out);
            }
            edges.insert(s.name.clone(), out);
        }
        for r in &ir.requests {
            let mut out = Vec::new();
            members_refs(&r.object.members, &mut out);
            edges.insert(r.name.clone(), out);
        }
        TypeGraph { edges }
    }

    /// Adds `root` and everything it holds to `seen`.
    fn reach(&self, root: &str, seen: &mut HashSet<String>) {
        let mut stack = vec![root.to_string()];
        while let Some(name) = stack.pop() {
            if seen.insert(name.clone()) {
                if let Some(next) = self.edges.get(&name) {
                    stack.extend(next.iter().cloned());
                }
            }
        }
    }
}

fn type_refs(ty: &IrType, out: &mut Vec<String>) {
    match ty {
        IrType::Schema(name) | IrType::Enum(name) => out.push(name.clone()),
        IrType::Array(inner) => type_refs(inner, out),
        IrType::String
        | IrType::Integer
        | IrType::Number
        | IrType::Boolean
        | IrType::Json
        | IrType::Id(_) => {}
    }
}

fn members_refs(members: &[IrMember], out: &mut Vec<String>) {
    fn value_refs(v: &IrValue, out: &mut Vec<String>) {
        match v {
            IrValue::Enum(name) => out.push(name.clone()),
            IrValue::Object { ty, .. } => out.push(ty.clone()),
            IrValue::List { item, .. } => value_refs(item, out),
            IrValue::Str(_) | IrValue::Id { .. } | IrValue::Int { .. } | IrValue::Number => {}
            IrValue::Bool | IrValue::Bytes => {}
        }
    }
    for m in members {
        value_refs(&m.value, out);
    }
}

/// The types an endpoint names directly: parameter enums, its body (a request schema, or an
/// inline object's member types) and its response.
fn endpoint_refs(e: &IrEndpoint, requests: &[IrRequest]) -> Vec<String> {
    let mut out = Vec::new();
    for p in &e.params {
        if let ParamKind::Enum(name) | ParamKind::EnumList(name) = &p.kind {
            out.push(name.clone());
        }
    }
    if let Some(body) = &e.body {
        if body.inline {
            members_refs(&body.object.members, &mut out);
        } else if let Some(r) = requests
            .iter()
            .find(|r| r.object.shape == body.object.shape)
        {
            out.push(r.name.clone());
        }
    }
    if let IrResponse::Schema(name) = &e.response {
        out.push(name.clone());
    }
    out
}
