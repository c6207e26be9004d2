import Foundation
import GRDB

extension StateDatabase {
    /// Opens an attempt at a step (numbered after the step's previous ones,
    /// across runs) and marks the step `running`. The step must have been
    /// recorded with `upsertSteps`.
    public func beginAttempt(stepKey: String, runID: Int64?, host: String = ProcessInfo.processInfo.hostName,
                             resourcesJSON: String = "{}", started: Date = Date()) throws -> AttemptRecord {
        try write("recording an attempt at step \(stepKey.prefix(12))") { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM steps WHERE key = ?", arguments: [stepKey]) == true else {
                throw StoreError.database("step \(stepKey) is not recorded; record it with upsertSteps before attempting it")
            }
            let number = (try Int.fetchOne(db, sql: "SELECT max(number) FROM attempts WHERE step_key = ?", arguments: [stepKey]) ?? 0) + 1
            let t = started.timeIntervalSince1970
            try db.execute(sql: """
                INSERT INTO attempts (step_key, run_id, number, started, status, host, resources)
                VALUES (?, ?, ?, ?, 'running', ?, ?)
                """, arguments: [stepKey, runID, number, t, host, resourcesJSON])
            let id = db.lastInsertedRowID
            try db.execute(sql: "UPDATE steps SET status = 'running', updated = ? WHERE key = ?", arguments: [t, stepKey])
            return AttemptRecord(id: id, stepKey: stepKey, runID: runID, number: number, started: started, ended: nil,
                                 status: .running, exitStatus: nil, reason: nil, host: host, resourcesJSON: resourcesJSON, logHash: nil)
        }
    }

    /// Closes an attempt. On success, in one transaction: the attempt, the
    /// step's outputs and metrics (replacing earlier ones) and the step's
    /// status. Store the output objects first: the database must never name
    /// an object that is not yet durable.
    public func finishAttempt(_ id: Int64, end: AttemptEnd, exitStatus: Int32? = nil, logHash: ObjectHash? = nil,
                              ended: Date = Date()) throws {
        try write("recording the end of attempt \(id)") { db in
            guard let stepKey = try String.fetchOne(db, sql: "SELECT step_key FROM attempts WHERE id = ?", arguments: [id]) else {
                throw StoreError.database("attempt \(id) is not recorded; finishAttempt needs an id from beginAttempt")
            }
            let t = ended.timeIntervalSince1970
            let status: AttemptStatus
            var reason: String? = nil
            switch end {
            case .succeeded(let outputs, let metrics):
                status = .succeeded
                try db.execute(sql: "DELETE FROM outputs WHERE step_key = ?", arguments: [stepKey])
                for (name, hash) in outputs {
                    guard !name.isEmpty else { throw StoreError.badPath(path: name, reason: "an output name cannot be empty") }
                    try db.execute(sql: "INSERT INTO outputs (step_key, name, hash, attempt_id) VALUES (?, ?, ?, ?)",
                                   arguments: [stepKey, name, hash.hex, id])
                }
                try db.execute(sql: "DELETE FROM metrics WHERE step_key = ?", arguments: [stepKey])
                for (name, value) in metrics {
                    try db.execute(sql: "INSERT INTO metrics (step_key, name, value) VALUES (?, ?, ?)", arguments: [stepKey, name, value])
                }
            case .failed(let why):
                status = .failed
                reason = why
            case .interrupted(let why):
                status = .interrupted
                reason = why
            }
            try db.execute(sql: "UPDATE attempts SET ended = ?, status = ?, exit_status = ?, reason = ?, log_hash = ? WHERE id = ?",
                           arguments: [t, status.rawValue, exitStatus, reason, logHash?.hex, id])
            try db.execute(sql: "UPDATE steps SET status = ?, updated = ? WHERE key = ?", arguments: [status.rawValue, t, stepKey])
        }
    }

    /// All attempts at a step, oldest first.
    public func attempts(stepKey: String) throws -> [AttemptRecord] {
        try read("reading attempts at step \(stepKey.prefix(12))") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM attempts WHERE step_key = ? ORDER BY number", arguments: [stepKey]).map(StateDatabase.attempt(from:))
        }
    }

    /// All attempts made during a run, in start order.
    public func attempts(run: Int64) throws -> [AttemptRecord] {
        try read("reading attempts of run \(run)") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM attempts WHERE run_id = ? ORDER BY started, id", arguments: [run]).map(StateDatabase.attempt(from:))
        }
    }

    /// The newest attempt at a step (what `ladder log STEP` shows).
    public func latestAttempt(stepKey: String) throws -> AttemptRecord? {
        try attempts(stepKey: stepKey).last
    }

    static func attempt(from row: Row) -> AttemptRecord {
        let status: String = row["status"]
        let log: String? = row["log_hash"]
        let exit: Int64? = row["exit_status"]
        return AttemptRecord(id: row["id"], stepKey: row["step_key"], runID: row["run_id"], number: row["number"],
                             started: Date(timeIntervalSince1970: row["started"]), ended: date(row["ended"]),
                             status: AttemptStatus(rawValue: status) ?? .failed, exitStatus: exit.map { Int32(truncatingIfNeeded: $0) },
                             reason: row["reason"], host: row["host"], resourcesJSON: row["resources"],
                             logHash: log.flatMap { try? ObjectHash($0) })
    }
}
