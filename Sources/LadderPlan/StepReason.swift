import Foundation
import LadderCore

/// Why a step runs: one vocabulary for `plan`, `explain`, `run --json` and `diff`.
/// Each case names what changed since the step's identity (condition, cell,
/// step name) last succeeded, in the terms of its key ingredients (docs/keys.md).
public enum StepReason: Sendable, Hashable {
    /// No earlier success is recorded for this condition, cell and step.
    case newStep
    /// A resolved parameter changed; nil for a parameter that was absent on one side.
    case parameterChanged(name: String, old: Value?, new: Value?)
    /// The engine's code (built-in version and sources, or an external program) changed.
    case engineCodeChanged(engine: String)
    /// Data that defines the engine's behaviour for this step (a pack, a scorer, an imported file) changed.
    case engineDataChanged(engine: String, fields: [String])
    /// A declared source the step reads has other content.
    case sourceChanged(input: String, source: String)
    /// An input now comes from steps whose outputs change (or will run): `upstream` is their label.
    case upstreamChanged(input: String, upstream: String)
    /// The step's latest attempt with exactly these ingredients failed.
    case previouslyFailed(reason: String?)
    /// The step succeeded with exactly these ingredients, but outputs are missing or corrupt.
    case outputsInvalid(missing: [String], corrupt: [String])

    /// A short stable name for machines: `new`, `param`, `engine-code`, `engine-data`,
    /// `source`, `upstream`, `failed`, `outputs`.
    public var kind: String {
        switch self {
        case .newStep: return "new"
        case .parameterChanged: return "param"
        case .engineCodeChanged: return "engine-code"
        case .engineDataChanged: return "engine-data"
        case .sourceChanged: return "source"
        case .upstreamChanged: return "upstream"
        case .previouslyFailed: return "failed"
        case .outputsInvalid: return "outputs"
        }
    }

    /// One line for people.
    public var text: String {
        switch self {
        case .newStep: return "new step"
        case .parameterChanged(let n, let o, let v):
            return "params.\(n) \(Self.show(o)) → \(Self.show(v))"
        case .engineCodeChanged(let e): return "engine \(e): code changed"
        case .engineDataChanged(let e, let f): return "engine \(e): data changed (\(f.joined(separator: ", ")))"
        case .sourceChanged(let i, let s): return "source \(s) changed (input \(i))"
        case .upstreamChanged(let i, let u): return "upstream changed: input \(i) from \(u)"
        case .previouslyFailed(let r): return "previously failed" + (r.map { ": \($0)" } ?? "")
        case .outputsInvalid(let m, let c):
            var parts: [String] = []
            if !m.isEmpty { parts.append("missing \(m.joined(separator: ", "))") }
            if !c.isEmpty { parts.append("corrupt \(c.joined(separator: ", "))") }
            return parts.isEmpty ? "outputs missing or corrupt" : "outputs \(parts.joined(separator: "; "))"
        }
    }

    /// Whether the step's own ingredients changed (as opposed to its upstream's, or its history).
    public var isUpstream: Bool { if case .upstreamChanged = self { return true }; return false }

    public var json: Value {
        var o: [String: Value] = ["kind": .string(kind), "text": .string(text)]
        switch self {
        case .parameterChanged(let n, let old, let new):
            o["name"] = .string(n); o["old"] = old ?? .null; o["new"] = new ?? .null
        case .engineCodeChanged(let e): o["engine"] = .string(e)
        case .engineDataChanged(let e, let f): o["engine"] = .string(e); o["fields"] = .array(f.map(Value.string))
        case .sourceChanged(let i, let s): o["input"] = .string(i); o["source"] = .string(s)
        case .upstreamChanged(let i, let u): o["input"] = .string(i); o["upstream"] = .string(u)
        case .previouslyFailed(let r): o["reason"] = r.map(Value.string) ?? .null
        case .outputsInvalid(let m, let c): o["missing"] = .array(m.map(Value.string)); o["corrupt"] = .array(c.map(Value.string))
        case .newStep: break
        }
        return .object(o)
    }

    /// A value as a user wrote it: strings bare, absent as `(none)`, long values cut.
    static func show(_ v: Value?) -> String {
        guard let v else { return "(none)" }
        let t = v.text
        return t.count > 40 ? String(t.prefix(37)) + "..." : t
    }
}

/// Everything said about one step that would run (or ran).
public struct StepWhy: Sendable, Hashable {
    /// Own reasons first; upstream reasons only when nothing of its own changed.
    public var reasons: [StepReason]
    /// Plan keys of the root steps whose own change makes this step run (itself when it is one).
    public var roots: [String]
    /// True when it runs only because upstream steps run: early cutoff may still reuse it.
    public var mayBeCutOff: Bool

    public init(reasons: [StepReason], roots: [String], mayBeCutOff: Bool) {
        self.reasons = reasons
        self.roots = roots
        self.mayBeCutOff = mayBeCutOff
    }

    /// The reasons as one line.
    public var text: String { reasons.map(\.text).joined(separator: "; ") }

    public var json: Value {
        .object(["reasons": .array(reasons.map(\.json)), "roots": .array(roots.map(Value.string)),
                 "may_be_cut_off": .bool(mayBeCutOff), "text": .string(text)])
    }
}
