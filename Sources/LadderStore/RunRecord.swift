import Foundation

/// Where a run stands.
public enum RunStatus: String, Sendable, Codable, CaseIterable {
    /// Started and not ended (or its process is still alive).
    case running
    /// Every step it asked for executed or was reused.
    case succeeded
    /// At least one step failed.
    case failed
    /// Its process died or was stopped before it ended the run; set when the
    /// next writer opens the store.
    case interrupted
}

/// What the runner knows when a run begins.
public struct NewRun: Sendable {
    /// A human name for `ladder status NAME`; nil gives `run-<id>`.
    public var name: String?
    /// The ladder file as the user named it.
    public var ladderPath: String
    /// SHA-256 of the ladder file's bytes.
    public var ladderHash: String
    /// The host running it.
    public var host: String
    /// The command line, argument by argument (no secrets: those live in the environment).
    public var commandLine: [String]
    /// When it began.
    public var started: Date

    public init(name: String? = nil, ladderPath: String, ladderHash: String,
                host: String = ProcessInfo.processInfo.hostName,
                commandLine: [String] = CommandLine.arguments, started: Date = Date()) {
        self.name = name
        self.ladderPath = ladderPath
        self.ladderHash = ladderHash
        self.host = host
        self.commandLine = commandLine
        self.started = started
    }
}

/// One `ladder run` as stored in the `runs` table.
public struct RunRecord: Sendable, Equatable {
    /// Increasing integer id; also what `latest~N` counts back over.
    public var id: Int64
    /// Unique name.
    public var name: String
    public var ladderPath: String
    public var ladderHash: String
    public var started: Date
    /// Nil while running (or when interrupted before it could end).
    public var ended: Date?
    public var status: RunStatus
    public var host: String
    public var commandLine: [String]
}
