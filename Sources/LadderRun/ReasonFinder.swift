import Foundation
import LadderCore
import LadderPlan
import LadderStore

/// Says why steps run, in `StepReason`'s vocabulary, by comparing each step's
/// key ingredients with those recorded at the last success of the same
/// identity (condition, cell, step name; `step_identities`), and its execution
/// key with the store's attempts and outputs. Used before a run (`plan`,
/// `explain`) and after one (`run --json`), from facts each side gathers.
struct ReasonFinder {
    let plan: Plan

    /// What the store says of one step that runs (or ran) now.
    struct Facts {
        /// The execution key, when every input was known.
        var executionKey: String?
        /// The execution key's input ingredients (upstream output hashes).
        var executionInputs: Value?
        /// Outputs recorded for exactly this key that are missing or corrupt.
        var invalidOutputs: (missing: [String], corrupt: [String])?
        /// The latest earlier attempt at exactly this key failed, with this reason.
        var failedBefore: String??
    }

    /// Reasons for every step in `facts` (the steps that run), in plan order;
    /// `previous` is the last success per identity (`StepUser` label).
    func whys(facts: [String: Facts], previous: [String: IdentitySuccess]) -> [String: StepWhy] {
        var out: [String: StepWhy] = [:]
        for s in plan.steps {
            guard let f = facts[s.key] else { continue }
            var own: [StepReason] = []
            if let inv = f.invalidOutputs { own.append(.outputsInvalid(missing: inv.missing, corrupt: inv.corrupt)) }
            if case .some(let r) = f.failedBefore { own.append(.previouslyFailed(reason: r)) }
            let last = s.users.compactMap { previous[Self.identity($0)] }.max { a, b in
                (a.runID ?? 0, a.step.updated) < (b.runID ?? 0, b.step.updated)
            }
            var upstream: [StepReason] = []
            var roots: [String] = []
            func addRoots(_ ks: [String]) {
                for k in ks { for r in out[k]?.roots ?? [k] where !roots.contains(r) { roots.append(r) } }
            }
            let old = last.flatMap { try? Value.parseJSON(Data($0.step.ingredientsJSON.utf8)) }
            if let old { own += changes(s, old: old) }
            for input in s.inputs {
                let ups = input.source.upstreamKeys
                let runningUps = ups.filter { facts[$0] != nil }
                if !runningUps.isEmpty {
                    upstream.append(.upstreamChanged(input: input.name, upstream: describe(runningUps)))
                    addRoots(runningUps)
                } else if let old, old["inputs"]?[input.name] != input.source.keyIngredient, !ups.isEmpty {
                    own.append(.upstreamChanged(input: input.name, upstream: describe(ups)))
                }
            }
            if let old, own.isEmpty && upstream.isEmpty {
                // The same recipe as at its last success, nothing upstream runs, and yet
                // another execution key: an upstream output differs from then.
                let then = old["execution_inputs"]?.objectValue ?? [:]
                let now = f.executionInputs?.objectValue ?? [:]
                for input in s.inputs where then[input.name] != now[input.name] && !input.source.upstreamKeys.isEmpty {
                    own.append(.upstreamChanged(input: input.name, upstream: describe(input.source.upstreamKeys)))
                }
            }
            if old == nil && own.isEmpty {
                // Never succeeded: new, and part of whatever makes its upstream run.
                out[s.key] = StepWhy(reasons: [.newStep] + upstream, roots: upstream.isEmpty ? [s.key] : roots, mayBeCutOff: false)
                continue
            }
            if own.isEmpty && upstream.isEmpty { own.append(.newStep) }
            if own.isEmpty {
                out[s.key] = StepWhy(reasons: upstream, roots: roots, mayBeCutOff: true)
            } else {
                out[s.key] = StepWhy(reasons: own + upstream, roots: [s.key], mayBeCutOff: false)
            }
        }
        return out
    }

    /// The step's own ingredients that differ from `old` (a `steps` row's ingredients).
    func changes(_ s: PlannedStep, old: Value) -> [StepReason] {
        var out: [StepReason] = []
        let now = s.ingredients
        if old["engine"] != now["engine"] || old["engine.fingerprint"] != now["engine.fingerprint"] {
            out.append(.engineCodeChanged(engine: s.engine))
        }
        if old["engine.data"] != now["engine.data"] {
            let a = old["engine.data"]?.objectValue ?? [:], b = now["engine.data"]?.objectValue ?? [:]
            var fields = Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
            if fields.isEmpty { fields = ["data"] }
            out.append(.engineDataChanged(engine: s.engine, fields: fields))
        }
        let oldParams = old["params"]?.objectValue ?? [:]
        for name in Set(oldParams.keys).union(s.params.keys).sorted() where oldParams[name]?.canonicalJSON != s.params[name]?.canonicalJSON {
            out.append(.parameterChanged(name: name, old: oldParams[name], new: s.params[name]))
        }
        let oldInputs = old["inputs"]?.objectValue ?? [:]
        for input in s.inputs {
            guard case .source(let name, _) = input.source, oldInputs[input.name] != input.source.keyIngredient else { continue }
            out.append(.sourceChanged(input: input.name, source: name))
        }
        for name in oldInputs.keys.sorted() where !s.inputs.contains(where: { $0.name == name }) {
            out.append(.upstreamChanged(input: name, upstream: "(input removed)"))
        }
        return out
    }

    /// `subset[lang=en]` or `c[w=a].make and 3 more`.
    func describe(_ keys: [String]) -> String {
        let labels = keys.map { plan.step($0)?.label ?? String($0.prefix(12)) }
        guard let first = labels.first else { return "(none)" }
        return labels.count == 1 ? first : "\(first) and \(labels.count - 1) more"
    }

    /// The identity a step user stands for in `step_identities`.
    static func identity(_ u: StepUser) -> String {
        "\(u.condition)[\(u.cell)].\(u.template)\(u.forEach.map { "@\($0)" } ?? "")"
    }
}

extension ReasonFinder {
    /// Status (`cached`/`run`) and reasons for every planned step, from the store at
    /// `storePath` as it is; every step is new when there is no store yet.
    static func beforeRun(plan: Plan, storePath: String) -> (status: [String: String], whys: [String: StepWhy]) {
        let finder = ReasonFinder(plan: plan)
        guard let store = PlanStatus.openShared(storePath) else {
            let facts = Dictionary(uniqueKeysWithValues: plan.steps.map { ($0.key, Facts()) })
            return ([:], finder.whys(facts: facts, previous: [:]))
        }
        defer { store.close() }
        let states = PlanStatus(plan: plan).states(store: store)
        let runs = plan.steps.filter { states[$0.key]?.cached != true }
        var facts: [String: Facts] = [:]
        let rows = (try? store.database.steps(keys: runs.map { states[$0.key]?.executionKey ?? $0.key })) ?? [:]
        for s in runs {
            let st = states[s.key]
            var f = Facts(executionKey: st?.executionKey, executionInputs: st?.executionInputs)
            if case .outputsInvalid(let m, let c)? = st?.reuse { f.invalidOutputs = (m, c) }
            if let row = rows[st?.executionKey ?? s.key], row.status == .failed || row.status == .interrupted {
                let attempt = try? store.database.latestAttempt(stepKey: row.key)
                f.failedBefore = .some(attempt?.reason)
            }
            facts[s.key] = f
        }
        let previous = (try? store.database.lastSuccesses(identities: runs.flatMap { $0.users.map(identity) })) ?? [:]
        let status = states.mapValues { $0.cached ? "cached" : "run" }
        return (status, finder.whys(facts: facts, previous: previous))
    }

    /// Reasons for the steps a finished run executed or failed (its `lines`), from
    /// the store before the run's identities are recorded: attempts of this run
    /// do not count as earlier ones.
    static func afterRun(plan: Plan, store: Store, runID: Int64, lines: [RunSummary.StepLine]) -> [String: StepWhy] {
        let ran = lines.filter { $0.outcome == "executed" || $0.outcome == "failed" || $0.outcome == "interrupted" }
        guard !ran.isEmpty else { return [:] }
        let rows = (try? store.database.steps(keys: ran.map(\.key))) ?? [:]
        var facts: [String: Facts] = [:]
        for line in ran {
            var f = Facts(executionKey: line.key)
            if let row = rows[line.key], let ing = try? Value.parseJSON(Data(row.ingredientsJSON.utf8)) {
                f.executionInputs = ing["execution_inputs"]
            }
            let earlier = ((try? store.database.attempts(stepKey: line.key)) ?? []).filter { $0.runID != runID }
            if let a = earlier.last {
                switch a.status {
                case .failed, .interrupted: f.failedBefore = .some(a.reason)
                case .succeeded: f.invalidOutputs = ([], [])
                case .running: break
                }
            }
            facts[line.planKey] = f
        }
        let steps = ran.compactMap { plan.step($0.planKey) }
        let previous = (try? store.database.lastSuccesses(identities: steps.flatMap { $0.users.map(identity) })) ?? [:]
        return ReasonFinder(plan: plan).whys(facts: facts, previous: previous)
    }
}
