import Foundation
import LadderPlan
import LadderStore
import LadderSpec
import LadderCore

/// What one `ladder run` did, step by step and in total.
public struct RunSummary: Sendable {
    public struct StepLine: Sendable {
        public var planKey: String
        public var key: String
        public var label: String
        public var outcome: String
        public var seconds: Double?
        public var reason: String?
        /// Why it ran (executed or failed steps), filled in when the run ends.
        public var why: StepWhy?
    }

    public var runID: Int64
    public var runName: String
    public var steps: [StepLine]
    public var seconds: Double
    public var interrupted: Bool
    /// Why the executed and failed steps ran, grouped by root cause.
    public var causes: [RootCause] = []
    /// The human-readable view of the outputs (`STORE/views/NAME`), when one was built.
    public var views: String?
    /// Conditions × benchmarks when an analysis step ran or was reused.
    public var results: ResultsTable?
    /// The HTML report written for this run, if one was.
    public var report: String?
    /// Whether the run was recorded as a re-run of a finished plan (`FinishedPlanShortcut`).
    var replayedFinishedPlan = false

    public func count(_ outcome: String) -> Int { steps.filter { $0.outcome == outcome }.count }
    public var failed: Int { count("failed") }

    public var json: Value {
        .object([
            "run": .int(Int(runID)), "name": .string(runName),
            "executed": .int(count("executed")), "reused": .int(count("reused")),
            "failed": .int(count("failed")), "skipped": .int(count("skipped")),
            "interrupted": .bool(interrupted), "seconds": .double(seconds),
            "causes": .array(causes.map(\.json)), "views": views.map(Value.string) ?? .null,
            "results": results?.json ?? .null, "report": report.map(Value.string) ?? .null,
            "steps": .array(steps.map { s in
                .object(["plan_key": .string(s.planKey), "key": .string(s.key), "label": .string(s.label),
                         "outcome": .string(s.outcome), "seconds": s.seconds.map(Value.double) ?? .null,
                         "reason": s.reason.map(Value.string) ?? .null, "why": s.why?.json ?? .null])
            }),
        ])
    }

    /// The summary a person reads: counts, why steps ran (per root cause), each
    /// failure with its reason, skipped steps per failed root, and where to look next.
    public var text: String { render(verbose: false) }

    /// `verbose` also lists every executed, reused and skipped step.
    public func render(verbose: Bool) -> String {
        var out = "run \(runID) (\(runName)): \(count("executed")) executed, \(count("reused")) reused, "
        out += "\(failed) failed, \(count("skipped")) skipped in \(String(format: "%.2f", seconds)) s"
        if interrupted { out += " — interrupted" }
        out += "\n"
        if !causes.isEmpty {
            out += "why:\n" + causes.map { "  \($0.line)\n" }.joined()
        }
        if verbose {
            for s in steps where s.outcome == "executed" || s.outcome == "reused" {
                out += "  \(s.outcome) \(s.label)\(s.why.map { " — \($0.text)" } ?? "")\n"
            }
        }
        let failures = steps.filter { $0.outcome == "failed" || $0.outcome == "interrupted" }
        if !failures.isEmpty {
            out += "failed:\n"
            for s in failures { out += "  \(s.label): \(s.reason ?? s.outcome)\n" }
        }
        let skipped = steps.filter { $0.outcome == "skipped" }
        if !skipped.isEmpty {
            out += "skipped:\n"
            if verbose {
                for s in skipped { out += "  \(s.label): \(s.reason ?? "")\n" }
            } else {
                var order: [String] = []
                var counts: [String: Int] = [:]
                for s in skipped {
                    let r = s.reason ?? "not started"
                    if counts[r] == nil { order.append(r) }
                    counts[r, default: 0] += 1
                }
                for r in order { out += "  \(counts[r]!) step\(counts[r]! == 1 ? "" : "s"): \(r)\n" }
            }
        }
        if let results { out += results.text }
        if let views { out += "outputs: \(views)\n" }
        if let report { out += "report: \(report)\n" }
        out += "next: ladder status \(runName)"
        if failed > 0 { out += " · ladder log STEP · ladder run again resumes" }
        if report == nil { out += " · ladder report \(runName) --html report.html" }
        out += "\n"
        return out
    }
}
