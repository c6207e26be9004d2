import Foundation
import LadderAnalysis
import LadderCore
import LadderEngines
import LadderSpec
import LadderStore

/// Builds a `RunSnapshot` from what the store recorded for one run: its steps
/// (identity, key, the ingredients the key was made of, outcome) and the
/// scored rows of its reparse steps. Every number a diff or report shows is
/// computed from these stored rows.
public struct SnapshotLoader {
    public let store: Store

    public init(store: Store) { self.store = store }

    public func load(_ selector: String) throws -> RunSnapshot {
        let run: RunRecord
        do { run = try store.database.resolveRun(selector) } catch { throw LadderError.badInput("\(error)") }
        let records = try store.database.runSteps(run: run.id)
        let stored = try store.database.steps(keys: records.map(\.stepKey))
        var steps: [StepRecord] = []
        var observations: [ScoredObservation] = []
        var fingerprints: [String: String] = [:]
        var analysis = AnalysisConfig()
        var seenIdentities: Set<StepIdentity> = []
        var scoredUsers: [Value] = []
        var arms: [String: Arm] = [:]
        // One entry per plan step the run served when the store recorded them (two plan steps may
        // share one execution key: their users tell them apart); else one per execution key.
        let byKey = Dictionary(records.map { ($0.stepKey, $0) }, uniquingKeysWith: { a, _ in a })
        let planSteps = try store.database.runPlanSteps(run: run.id)
        let entries: [(rec: RunStepRecord, planKey: String?, users: Value?)] = planSteps.isEmpty
            ? records.map { ($0, nil, nil) }
            : planSteps.compactMap { p in byKey[p.stepKey].map { ($0, p.planKey, try? Value.parseJSON(Data(p.usersJSON.utf8))) } }
        for (rec, planKey, planUsers) in entries {
            guard let s = stored[rec.stepKey] else { continue }
            var identity = (try? Value.parseJSON(Data(s.identityJSON.utf8))) ?? .null
            if let planUsers, case .object(var o) = identity {
                o["users"] = planUsers
                identity = .object(o)
            }
            let ingredients = (try? Value.parseJSON(Data(s.ingredientsJSON.utf8))) ?? .null
            guard let id = Self.identity(identity, engine: s.engine), seenIdentities.insert(id).inserted else { continue }
            steps.append(StepRecord(identity: id, key: planKey ?? identity["plan_key"]?.stringValue ?? rec.stepKey,
                                    ingredients: Self.flatten(ingredients), status: Self.status(rec.outcome), seconds: rec.seconds))
            let implementation = ingredients["engine"]?.stringValue
            if implementation == "analysis", let params = ingredients["params"]?.objectValue {
                analysis = (try? AnalysisEngine.config(params)) ?? analysis
            }
            guard implementation == "reparse", rec.outcome == .executed || rec.outcome == .reused,
                  let out = try store.database.outputs(stepKey: rec.stepKey)["out"] else { continue }
            let dir = store.objects.unverifiedPath(of: out)
            let users = ScoredOutput.users(identity["users"])
            scoredUsers.append(identity["users"] ?? .null)
            for a in Self.arms(identity["users"]) where arms[a.label] == nil { arms[a.label] = a }
            observations += try ScoredOutput.observations(in: dir, users: users, stepKey: rec.stepKey)
            if let (name, fp) = try? ScoredOutput.scorer(in: dir) { fingerprints[name] = fp }
        }
        return RunSnapshot(runId: String(run.id), name: run.name, ladder: run.ladderPath, ladderHash: run.ladderHash,
                           startedAt: ISO8601DateFormatter().string(from: run.started),
                           finishedAt: run.ended.map { ISO8601DateFormatter().string(from: $0) }, host: run.host,
                           steps: steps, observations: observations,
                           expected: AnalysisEngine.expectedFromSiblings(observations, users: scoredUsers),
                           conditions: conditions(run, labels: observations.map(\.key.condition), arms: arms),
                           scorerFingerprints: fingerprints, analysis: analysis)
    }

    /// An arm as the plan's users name it: the condition label the scored rows
    /// carry (as `ScoredOutput.users` renders it), the declared condition and its cell.
    struct Arm {
        var label: String
        var condition: String
        var cell: [String: String]
    }

    static func arms(_ users: Value?, seedAxis: String = "seed") -> [Arm] {
        (users?.arrayValue ?? []).compactMap { u in
            guard let name = u["condition"]?.stringValue else { return nil }
            let listed = u["axes"]?.arrayValue?.compactMap(\.stringValue) ?? (u["cell"]?.objectValue?.keys.sorted() ?? [])
            var cell: [String: String] = [:]
            for (k, v) in u["cell"]?.objectValue ?? [:] { cell[k] = v.stringValue ?? v.text }
            let label = ([name] + listed.filter { $0 != seedAxis }.compactMap { cell[$0] }).joined(separator: "-")
            return Arm(label: label, condition: name, cell: cell)
        }
    }

    /// One entry per analysed condition label (`condition-2-zh-5k`), described by the ladder's
    /// condition it belongs to (its description read from the ladder file when it is unchanged
    /// since the run), in the ladder's order: conditions as declared, then each condition's
    /// arms in the order of their axis values.
    func conditions(_ run: RunRecord, labels: [String], arms: [String: Arm] = [:]) -> [ConditionInfo] {
        var distinct: [String] = []
        for l in labels where !distinct.contains(l) { distinct.append(l) }
        var described: [(String, String)] = []
        var axisRank: (Arm) -> [Int] = { _ in [] }
        if let data = FileManager.default.contents(atPath: run.ladderPath), SHA256.hex(data) == run.ladderHash,
           let ladder = try? LadderParser(builtinEngines: EngineRegistry.standard.builtinNames).parse(fileAt: run.ladderPath) {
            described = ladder.conditions.map { ($0.name, $0.description ?? "") }
            axisRank = { arm in ladder.axes.map { axis in arm.cell[axis.name].flatMap { v in axis.values.firstIndex { $0.label == v } } ?? -1 } }
        }
        let rank = Dictionary(described.enumerated().map { ($1.0, $0) }, uniquingKeysWith: { a, _ in a })
        let infos = distinct.map { label -> ConditionInfo in
            let declared = arms[label]?.condition
                ?? described.filter { label == $0.0 || label.hasPrefix($0.0 + "-") }.max { $0.0.count < $1.0.count }?.0
            return ConditionInfo(name: label, isolates: described.first { $0.0 == declared }?.1 ?? "", declared: declared)
        }
        let cellRank = Dictionary(uniqueKeysWithValues: distinct.map { ($0, arms[$0].map(axisRank) ?? []) })
        return infos.enumerated().sorted { x, y in
            let rx = rank[x.element.condition] ?? Int.max, ry = rank[y.element.condition] ?? Int.max
            if rx != ry { return rx < ry }
            let cx = cellRank[x.element.name] ?? [], cy = cellRank[y.element.name] ?? []
            return cx != cy ? cx.lexicographicallyPrecedes(cy) : x.offset < y.offset
        }.map(\.element)
    }

    static func identity(_ v: Value, engine: String) -> StepIdentity? {
        guard let u = v["users"]?.arrayValue?.first, let c = u["condition"]?.stringValue, let t = u["template"]?.stringValue else { return nil }
        var axes: [String: String] = [:]
        for (k, val) in u["cell"]?.objectValue ?? [:] { axes[k] = val.text }
        let step = u["for_each"]?.stringValue.map { "\(t)@\($0)" } ?? t
        return StepIdentity(condition: c, axes: axes, step: step, engine: engine)
    }

    static func status(_ o: StepOutcome) -> StepStatus {
        switch o {
        case .executed: return .executed
        case .reused: return .reused
        case .failed, .interrupted: return .failed
        case .skipped: return .skipped
        }
    }

    /// `param.lr`, `input.data`, `engine.fingerprint`, `engine.data`: each the canonical JSON (or key) it was.
    static func flatten(_ ingredients: Value) -> [String: String] {
        var out: [String: String] = [:]
        for (k, v) in ingredients.objectValue ?? [:] {
            switch k {
            case "params": for (p, pv) in v.objectValue ?? [:] { out["param.\(p)"] = pv.canonicalJSON }
            case "inputs":
                for (i, iv) in v.objectValue ?? [:] {
                    if let s = iv["step"]?.stringValue { out["input.\(i)"] = s }
                    else if let h = iv["hash"], let n = iv["source"]?.stringValue { out["input.\(i)"] = "source \(n) \(h.text)" }
                    else { out["input.\(i)"] = iv.canonicalJSON }
                }
            case "execution_inputs": continue
            default: out[k] = v.text
            }
        }
        return out
    }
}
