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
    }

    public var runID: Int64
    public var runName: String
    public var steps: [StepLine]
    public var seconds: Double
    public var interrupted: Bool

    public func count(_ outcome: String) -> Int { steps.filter { $0.outcome == outcome }.count }
    public var failed: Int { count("failed") }

    public var json: Value {
        .object([
            "run": .int(Int(runID)), "name": .string(runName),
            "executed": .int(count("executed")), "reused": .int(count("reused")),
            "failed": .int(count("failed")), "skipped": .int(count("skipped")),
            "interrupted": .bool(interrupted), "seconds": .double(seconds),
            "steps": .array(steps.map { s in
                .object(["plan_key": .string(s.planKey), "key": .string(s.key), "label": .string(s.label),
                         "outcome": .string(s.outcome), "seconds": s.seconds.map(Value.double) ?? .null,
                         "reason": s.reason.map(Value.string) ?? .null])
            }),
        ])
    }

    public var text: String {
        var out = "run \(runID) (\(runName)): \(count("executed")) executed, \(count("reused")) reused, "
        out += "\(failed) failed, \(count("skipped")) skipped in \(String(format: "%.2f", seconds)) s"
        if interrupted { out += " — interrupted" }
        out += "\n"
        for s in steps where s.outcome == "failed" || s.outcome == "skipped" {
            out += "  \(s.outcome) \(s.label): \(s.reason ?? "")\n"
        }
        return out
    }
}
