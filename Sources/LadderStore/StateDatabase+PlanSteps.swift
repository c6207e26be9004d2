import Foundation
import GRDB
import LadderCore

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
    /// Records, in one transaction, the plan steps `run` served (merged with any recorded
    /// for it before; a later row for a plan key wins). Rows whose execution key has no
    /// `steps` row are left out (nothing ran or was stored for them).
    ///
    /// Runs of one ladder mostly serve the very same plan steps, so the rows are kept
    /// once per distinct set (`plan_step_sets`, named by the digest of its rows) and a
    /// run points at its set: a re-run that changed nothing writes one row, not one
    /// per plan step.
    public func recordRunPlanSteps(_ rows: [RunPlanStep], run: Int64) throws {
        guard !rows.isEmpty else { return }
        try write("recording \(rows.count) plan steps of run \(run)") { db in
            var byPlanKey: [String: RunPlanStep] = [:]
            for r in try Self.planSteps(db, run: run) { byPlanKey[r.planKey] = r }
            for r in rows { byPlanKey[r.planKey] = r }
            var stored = Set<String>()
            let keys = Array(Set(byPlanKey.values.map(\.stepKey)))
            let found = try String.fetchCursor(db, sql: "SELECT key FROM steps WHERE key IN (SELECT value FROM json_each(?))",
                                               arguments: [StateDatabase.jsonArray(keys)])
            while let k = try found.next() { stored.insert(k) }
            let kept = byPlanKey.values.filter { stored.contains($0.stepKey) }.sorted { $0.planKey < $1.planKey }
            guard !kept.isEmpty else { return }
            let setID = try Self.planStepSet(db, rows: kept)
            try db.execute(sql: """
                INSERT INTO run_plan_sets (run_id, set_id) VALUES (?, ?)
                ON CONFLICT (run_id) DO UPDATE SET set_id = excluded.set_id
                """, arguments: [run, setID])
        }
    }

    /// The plan steps a run served, by plan key; empty for runs recorded before this table existed.
    public func runPlanSteps(run: Int64) throws -> [RunPlanStep] {
        try read("reading the plan steps of run \(run)") { db in try Self.planSteps(db, run: run) }
    }

    static func planSteps(_ db: Database, run: Int64) throws -> [RunPlanStep] {
        try Row.fetchAll(db, sql: """
            SELECT r.plan_key, r.step_key, r.users FROM run_plan_sets p JOIN plan_step_set_rows r ON r.set_id = p.set_id
            WHERE p.run_id = ? ORDER BY r.plan_key
            """, arguments: [run]).map { RunPlanStep(planKey: $0[0], stepKey: $0[1], usersJSON: $0[2]) }
    }

    /// The id of the set holding exactly `rows` (sorted by plan key, one per plan key), stored if new.
    static func planStepSet(_ db: Database, rows: [RunPlanStep]) throws -> Int64 {
        let digest = planStepSetDigest(rows)
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM plan_step_sets WHERE digest = ?", arguments: [digest]) {
            return id
        }
        try db.execute(sql: "INSERT INTO plan_step_sets (digest) VALUES (?)", arguments: [digest])
        let id = db.lastInsertedRowID
        let stmt = try db.cachedStatement(sql: "INSERT INTO plan_step_set_rows (set_id, plan_key, step_key, users) VALUES (?, ?, ?, ?)")
        for r in rows { try stmt.execute(arguments: [id, r.planKey, r.stepKey, r.usersJSON]) }
        return id
    }

    /// SHA-256 over a versioned line per row: plan key, execution key and users, NUL-separated,
    /// in the order given (plan-key order). Two runs with equal rows share a set.
    static func planStepSetDigest(_ rows: [RunPlanStep]) -> String {
        var h = SHA256()
        h.update("ladder-plan-step-set-v1\n")
        for r in rows {
            h.update(r.planKey)
            h.update("\u{0}")
            h.update(r.stepKey)
            h.update("\u{0}")
            h.update(r.usersJSON)
            h.update("\n")
        }
        return h.finalizeHex()
    }
}
