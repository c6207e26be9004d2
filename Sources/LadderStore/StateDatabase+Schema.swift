import Foundation
import GRDB

extension StateDatabase {
    /// Every schema change, in order. Never edit a registered migration:
    /// add a new one, so that existing stores upgrade in place.
    static let migrator: DatabaseMigrator = {
        var m = DatabaseMigrator()
        m.registerMigration("v1-initial") { db in
            try db.execute(sql: schemaV1)
        }
        m.registerMigration("v2-step-identities") { db in
            try db.execute(sql: schemaV2)
        }
        m.registerMigration("v3-run-plan-steps") { db in
            try db.execute(sql: schemaV3)
        }
        return m
    }()

    // Times are REAL seconds since 1970 (sortable, exact to the microsecond).
    // Tables keyed by text are WITHOUT ROWID so the primary key is the index.
    private static let schemaV1 = """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        ladder_path TEXT NOT NULL,
        ladder_hash TEXT NOT NULL,
        started REAL NOT NULL,
        ended REAL,
        status TEXT NOT NULL CHECK (status IN ('running','succeeded','failed','interrupted')),
        host TEXT NOT NULL,
        command_line TEXT NOT NULL CHECK (json_valid(command_line))
    );
    CREATE TABLE steps (
        key TEXT PRIMARY KEY NOT NULL,
        engine TEXT NOT NULL,
        identity TEXT NOT NULL CHECK (json_valid(identity)),
        params TEXT NOT NULL CHECK (json_valid(params)),
        ingredients TEXT NOT NULL CHECK (json_valid(ingredients)),
        status TEXT NOT NULL CHECK (status IN ('planned','running','succeeded','failed','interrupted')),
        updated REAL NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE run_steps (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        step_key TEXT NOT NULL REFERENCES steps(key),
        outcome TEXT NOT NULL CHECK (outcome IN ('executed','reused','failed','skipped','interrupted')),
        started REAL,
        ended REAL,
        seconds REAL,
        reason TEXT,
        PRIMARY KEY (run_id, step_key)
    ) WITHOUT ROWID;
    CREATE INDEX run_steps_by_step ON run_steps(step_key);
    CREATE TABLE attempts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        step_key TEXT NOT NULL REFERENCES steps(key),
        run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
        number INTEGER NOT NULL,
        started REAL NOT NULL,
        ended REAL,
        status TEXT NOT NULL CHECK (status IN ('running','succeeded','failed','interrupted')),
        exit_status INTEGER,
        reason TEXT,
        host TEXT NOT NULL,
        resources TEXT NOT NULL CHECK (json_valid(resources)),
        log_hash TEXT,
        UNIQUE (step_key, number)
    );
    CREATE INDEX attempts_by_run ON attempts(run_id);
    CREATE INDEX attempts_open ON attempts(status) WHERE status = 'running';
    CREATE TABLE outputs (
        step_key TEXT NOT NULL REFERENCES steps(key),
        name TEXT NOT NULL,
        hash TEXT NOT NULL,
        attempt_id INTEGER REFERENCES attempts(id),
        PRIMARY KEY (step_key, name)
    ) WITHOUT ROWID;
    CREATE INDEX outputs_by_hash ON outputs(hash);
    CREATE TABLE ledger_items (
        step_key TEXT NOT NULL REFERENCES steps(key),
        item_id TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        error TEXT,
        output_hash TEXT,
        extra TEXT CHECK (extra IS NULL OR json_valid(extra)),
        updated REAL NOT NULL,
        PRIMARY KEY (step_key, item_id)
    ) WITHOUT ROWID;
    CREATE INDEX ledger_by_status ON ledger_items(step_key, status);
    CREATE TABLE metrics (
        step_key TEXT NOT NULL REFERENCES steps(key),
        name TEXT NOT NULL,
        value TEXT NOT NULL CHECK (json_valid(value)),
        PRIMARY KEY (step_key, name)
    ) WITHOUT ROWID;
    CREATE TABLE object_stamps (
        hash TEXT PRIMARY KEY NOT NULL,
        stamp TEXT NOT NULL,
        verified REAL NOT NULL
    ) WITHOUT ROWID;
    """

    // Which execution key last stood for a step identity (condition, cell, step
    // name and fan-out value): what `plan`, `explain` and `run` compare a step's
    // key ingredients against to say why it runs.
    private static let schemaV2 = """
    CREATE TABLE step_identities (
        identity TEXT PRIMARY KEY NOT NULL,
        step_key TEXT NOT NULL REFERENCES steps(key),
        run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
        updated REAL NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX step_identities_by_step ON step_identities(step_key);
    """

    // Which plan steps a run served, with their users, and the execution key
    // each resolved to. `run_steps` has one row per execution key, so two plan
    // steps whose inputs came out byte-identical (one execution key) would
    // otherwise be told apart by nothing: the diff and the report read this.
    private static let schemaV3 = """
    CREATE TABLE run_plan_steps (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        plan_key TEXT NOT NULL,
        step_key TEXT NOT NULL REFERENCES steps(key),
        users TEXT NOT NULL CHECK (json_valid(users)),
        PRIMARY KEY (run_id, plan_key)
    ) WITHOUT ROWID;
    """
}
