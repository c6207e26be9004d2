import Foundation
import GRDB

/// One plan step a run served: its plan key, the execution key it resolved
/// to, and the users (condition cells) it served, as the plan gives them.
public struct RunPlanStep: Sendable, Equatable {
    public var planKey: String
    public var stepKey: String
    /// JSON array of the plan step's users.
    public var usersJSON: String

    public init(planKey: String, stepKey: String, usersJSON: String) {
        self.planKey = planKey
        self.stepKey = stepKey
        self.usersJSON = usersJSON
    }
}

extension StateDatabase {
    /// Records, in one transaction, the plan steps `run` served. Rows whose
    /// execution key has no `steps` row are left out (nothing ran or was stored for them).
    public func recordRunPlanSteps(_ rows: [RunPlanStep], run: Int64) throws {
        guard !rows.isEmpty else { return }
        try write("recording \(rows.count) plan steps of run \(run)") { db in
            let stmt = try db.cachedStatement(sql: """
                INSERT INTO run_plan_steps (run_id, plan_key, step_key, users)
                SELECT ?, ?, key, ? FROM steps WHERE key = ?
                ON CONFLICT (run_id, plan_key) DO UPDATE SET step_key = excluded.step_key, users = excluded.users
                """)
            // In plan-key order the inserts walk the primary key instead of seeking a random
            // page each (the sort is stable: the last row for a plan key still wins).
            for r in rows.sorted(by: { $0.planKey < $1.planKey }) { try stmt.execute(arguments: [run, r.planKey, r.usersJSON, r.stepKey]) }
        }
    }

    /// The plan steps a run served, by plan key; empty for runs recorded before this table existed.
    public func runPlanSteps(run: Int64) throws -> [RunPlanStep] {
        try read("reading the plan steps of run \(run)") { db in
            try Row.fetchAll(db, sql: "SELECT plan_key, step_key, users FROM run_plan_steps WHERE run_id = ? ORDER BY plan_key",
                             arguments: [run]).map { RunPlanStep(planKey: $0["plan_key"], stepKey: $0["step_key"], usersJSON: $0["users"]) }
        }
    }
}
