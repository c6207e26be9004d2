import Foundation
import GRDB

extension StateDatabase {
    /// Records the start of a run and returns it (status `running`).
    public func beginRun(_ new: NewRun) throws -> RunRecord {
        try write("recording the start of a run") { db in
            if let name = new.name, try Bool.fetchOne(db, sql: "SELECT 1 FROM runs WHERE name = ?", arguments: [name]) == true {
                throw StoreError.runExists(name: name)
            }
            try db.execute(sql: """
                INSERT INTO runs (name, ladder_path, ladder_hash, started, status, host, command_line)
                VALUES (?, ?, ?, ?, 'running', ?, ?)
                """, arguments: [new.name ?? "pending-\(UUID().uuidString)", new.ladderPath, new.ladderHash,
                                 new.started.timeIntervalSince1970, new.host, StateDatabase.jsonArray(new.commandLine)])
            let id = db.lastInsertedRowID
            if new.name == nil {
                try db.execute(sql: "UPDATE runs SET name = ? WHERE id = ?", arguments: ["run-\(id)", id])
            }
            guard let run = try StateDatabase.fetchRun(db, where: "id = ?", [id]) else {
                throw StoreError.database("the run just recorded (id \(id)) cannot be read back")
            }
            return run
        }
    }

    /// Records the end of a run.
    public func endRun(_ id: Int64, status: RunStatus, ended: Date = Date()) throws {
        try write("recording the end of run \(id)") { db in
            try db.execute(sql: "UPDATE runs SET status = ?, ended = ? WHERE id = ?",
                           arguments: [status.rawValue, ended.timeIntervalSince1970, id])
        }
    }

    /// Runs, newest first.
    public func runs(limit: Int = 50) throws -> [RunRecord] {
        try read("listing runs") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY id DESC LIMIT ?", arguments: [limit]).map(StateDatabase.run(from:))
        }
    }

    /// The newest run, if any.
    public func latestRun() throws -> RunRecord? {
        try runs(limit: 1).first
    }

    /// The run with this id.
    public func run(id: Int64) throws -> RunRecord? {
        try read("reading run \(id)") { db in try StateDatabase.fetchRun(db, where: "id = ?", [id]) }
    }

    /// The run with this name.
    public func run(named name: String) throws -> RunRecord? {
        try read("reading run \(name)") { db in try StateDatabase.fetchRun(db, where: "name = ?", [name]) }
    }

    /// Resolves what a user typed: `latest`, `latest~N` (N runs before the
    /// latest), a run name, or a run id. Names win over ids so that a run
    /// named "7" is still reachable. Throws `StoreError.runNotFound` listing
    /// recent runs when nothing matches.
    public func resolveRun(_ selector: String) throws -> RunRecord {
        let s = selector.trimmingCharacters(in: .whitespaces)
        var back: Int? = nil
        if s == "latest" { back = 0 }
        if s.hasPrefix("latest~"), let n = Int(s.dropFirst("latest~".count)), n >= 0 { back = n }
        let found: RunRecord? = try read("resolving run '\(s)'") { db in
            if let back {
                return try Row.fetchOne(db, sql: "SELECT * FROM runs ORDER BY id DESC LIMIT 1 OFFSET ?", arguments: [back]).map(StateDatabase.run(from:))
            }
            if let byName = try StateDatabase.fetchRun(db, where: "name = ?", [s]) { return byName }
            if let id = Int64(s.hasPrefix("#") ? String(s.dropFirst()) : s) {
                return try StateDatabase.fetchRun(db, where: "id = ?", [id])
            }
            return nil
        }
        if let found { return found }
        throw StoreError.runNotFound(selector: s, known: try runs(limit: 5).map { "\($0.name) (#\($0.id))" })
    }

    static func fetchRun(_ db: Database, where clause: String, _ args: StatementArguments) throws -> RunRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE \(clause)", arguments: args).map(run(from:))
    }

    static func run(from row: Row) -> RunRecord {
        let commandJSON: String = row["command_line"]
        let command = (try? JSONDecoder().decode([String].self, from: Data(commandJSON.utf8))) ?? []
        let status: String = row["status"]
        return RunRecord(id: row["id"], name: row["name"], ladderPath: row["ladder_path"], ladderHash: row["ladder_hash"],
                         started: Date(timeIntervalSince1970: row["started"]), ended: date(row["ended"]),
                         status: RunStatus(rawValue: status) ?? .interrupted, host: row["host"], commandLine: command)
    }

    /// Marks everything a dead process left `running` as `interrupted`: runs,
    /// attempts and steps, and gives each open attempt an `interrupted`
    /// outcome in its run. Only safe while holding the store lock (then no
    /// live process can own those rows); `Store.open` calls it.
    @discardableResult
    public func recoverInterrupted(at now: Date = Date()) throws -> (runs: Int, attempts: Int) {
        try write("marking interrupted runs") { db in
            let t = now.timeIntervalSince1970
            try db.execute(sql: """
                INSERT INTO run_steps (run_id, step_key, outcome, started, ended, seconds, reason)
                SELECT run_id, step_key, 'interrupted', started, ?, ? - started, 'the process running it died'
                FROM attempts WHERE status = 'running' AND run_id IS NOT NULL
                ON CONFLICT (run_id, step_key) DO UPDATE SET outcome = 'interrupted', ended = excluded.ended,
                    seconds = excluded.seconds, reason = excluded.reason
                """, arguments: [t, t])
            try db.execute(sql: "UPDATE steps SET status = 'interrupted', updated = ? WHERE status = 'running'", arguments: [t])
            try db.execute(sql: "UPDATE attempts SET status = 'interrupted', ended = ?, reason = 'the process running it died' WHERE status = 'running'", arguments: [t])
            let attempts = db.changesCount
            try db.execute(sql: "UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
            let runs = db.changesCount
            return (runs, attempts)
        }
    }
}
