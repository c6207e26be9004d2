import Foundation
import LadderCore
import LadderSpec

/// One line of the manifest: an artifact path and where it comes from.
public struct ManifestEntry: Sendable, Hashable {
    public var kind: String
    public var path: String
    public var phase: String?
    public var corpus: String?
    public var condition: String
    public var lang: String?
    public var tier: String?
    public var seed: String?
    public var step: String
    /// Adapters only (nil elsewhere): the rest of an adapter's provenance.
    public var provenance: Provenance?

    /// Where an adapter comes from beyond its cell: what the study's provenance table records.
    public struct Provenance: Sendable, Hashable {
        /// The base model the adapter was trained on (the train step's model source, else the ladder's `base_model.id`).
        public var baseModel: String?
        /// `legesher_version` of the transpile step upstream of it; nil when no transpiler touched its data.
        public var transpiler: String?
        /// The training data's name: the path the ladder gives the train step's data input.
        public var trainingData: String?
        /// The eval sessions that read it (paths of the eval steps whose input is this adapter).
        public var evalSessions: [String]

        var json: Value {
            func opt(_ s: String?) -> Value { s.map(Value.string) ?? .null }
            return .object(["base_model": opt(baseModel), "transpiler": opt(transpiler), "training_data": opt(trainingData),
                            "eval_sessions": .array(evalSessions.map(Value.string))])
        }
    }

    public var json: Value {
        func opt(_ s: String?) -> Value { s.map(Value.string) ?? .null }
        var fields: [String: Value] = ["kind": .string(kind), "path": .string(path), "phase": opt(phase), "corpus": opt(corpus),
                                       "condition": .string(condition), "lang": opt(lang), "tier": opt(tier), "seed": opt(seed),
                                       "step": .string(step)]
        if let provenance { fields["provenance"] = provenance.json }
        return .object(fields)
    }
}

/// The path → phase → corpus → condition → lang → tier → seed map of a plan.
public struct Manifest: Sendable {
    public var entries: [ManifestEntry]

    public init(plans: [Plan]) {
        entries = plans.flatMap { plan in
            plan.paths.map { p in
                ManifestEntry(kind: p.kind, path: p.path, phase: plan.ladder.phase, corpus: p.corpus, condition: p.condition,
                              lang: p.cell["lang"]?.label, tier: p.cell["tier"]?.label, seed: p.cell["seed"]?.label,
                              step: p.stepKey, provenance: p.kind == "adapter" ? Self.provenance(of: p, in: plan) : nil)
            }
        }
        cites = plans.map { ($0.ladder.phase, $0.ladder.cite) }
    }

    /// Per ladder phase, its `cite:` note.
    public var cites: [(phase: String?, cite: String?)] = []

    /// An adapter's base model, transpiler version, training data and eval sessions, read from the plan's graph.
    static func provenance(of adapter: PlanPath, in plan: Plan) -> ManifestEntry.Provenance {
        let key = adapter.stepKey
        guard let train = plan.step(key) else { return ManifestEntry.Provenance(evalSessions: []) }
        var base: String?
        for input in train.inputs {
            if case .source(let name, _) = input.source, let model = plan.ladder.source(name)?.fields["model"]?.stringValue { base = model }
        }
        if base == nil { base = plan.ladder.variables["base_model"]?["id"]?.stringValue }
        // The transpile step nearest upstream, breadth first.
        var transpiler: String?
        var queue = train.inputs.flatMap(\.source.upstreamKeys), seen = Set<String>()
        while !queue.isEmpty, transpiler == nil {
            let k = queue.removeFirst()
            guard seen.insert(k).inserted, let s = plan.step(k) else { continue }
            if s.implementation == "transpile" { transpiler = s.params["legesher_version"].map { $0.stringValue ?? $0.text } ?? "unversioned" }
            queue += s.inputs.flatMap(\.source.upstreamKeys)
        }
        let direct = Set(train.inputs.flatMap(\.source.upstreamKeys))
        // A shared step can be shown under several conditions' paths: prefer the adapter's own condition and cell.
        func mine(_ p: PlanPath) -> Bool { p.condition == adapter.condition && p.cell == adapter.cell }
        let dataPaths = plan.paths.filter { direct.contains($0.stepKey) && $0.kind != "adapter" }
        let data = (dataPaths.first(where: mine) ?? dataPaths.first)?.path
        let readers = Set(plan.steps.filter { s in s.inputs.contains { $0.source.upstreamKeys.contains(key) } }.map(\.key))
        let sessionPaths = plan.paths.filter { readers.contains($0.stepKey) }
        let sessions = (sessionPaths.contains(where: mine) ? sessionPaths.filter(mine) : sessionPaths).map(\.path)
        return ManifestEntry.Provenance(baseModel: base, transpiler: transpiler, trainingData: data, evalSessions: sessions)
    }

    /// JSON array of entries, one object each.
    public var json: String { Value.array(entries.map(\.json)).prettyJSON + "\n" }

    /// Markdown: one section per ladder phase and kind, a table per section.
    public func markdown(ladders: [Ladder]) -> String {
        var out = "# Manifest\n\n"
        out += "Generated by `ladder manifest \(ladders.map(\.file).joined(separator: " "))`; do not edit by hand.\n"
        out += "Every path is rendered from the plan by the ladder's naming rules; `step` is the first 12 hex digits of the key of the step whose output lives there.\n"
        var phases: [String?] = []
        for e in entries where !phases.contains(e.phase) { phases.append(e.phase) }
        for phase in phases {
            let inPhase = entries.filter { $0.phase == phase }
            if let cite = cites.first(where: { $0.phase == phase })?.cite {
                out += "\n**\(phase ?? "ladder") — cite:** \(cite)\n"
            }
            var kinds: [String] = []
            for e in inPhase where !kinds.contains(e.kind) { kinds.append(e.kind) }
            for kind in kinds {
                let rows = inPhase.filter { $0.kind == kind }
                out += "\n## \(phase ?? "ladder") — \(kind) (\(rows.count))\n\n"
                if kind == "adapter" {
                    out += "| path | phase | corpus | condition | lang | tier | seed | base model | transpiler | training data | eval session | step |\n"
                    out += "|---|---|---|---|---|---|---|---|---|---|---|---|\n"
                    for r in rows {
                        let p = r.provenance
                        out += "| `\(r.path)` | \(r.phase ?? "–") | \(r.corpus ?? "–") | \(r.condition) | \(r.lang ?? "–") | \(r.tier ?? "–") | \(r.seed ?? "–") | "
                        out += "\(p?.baseModel ?? "–") | \(p?.transpiler.map { "Legesher \($0)" } ?? "–") | \(p?.trainingData.map { "`\($0)`" } ?? "–") | "
                        out += "\(p.map { $0.evalSessions.isEmpty ? "–" : $0.evalSessions.map { "`\($0)`" }.joined(separator: ", ") } ?? "–") | `\(r.step.prefix(12))` |\n"
                    }
                    continue
                }
                out += "| path | phase | corpus | condition | lang | tier | seed | step |\n|---|---|---|---|---|---|---|---|\n"
                for r in rows {
                    out += "| `\(r.path)` | \(r.phase ?? "–") | \(r.corpus ?? "–") | \(r.condition) | \(r.lang ?? "–") | \(r.tier ?? "–") | \(r.seed ?? "–") | `\(r.step.prefix(12))` |\n"
                }
            }
        }
        return out
    }
}
