import Foundation

/// What `Reparser.reparse` did for one results file.
public struct ReparseReport: Sendable {
    /// The results file that was read (never modified).
    public var resultsFile: URL
    /// One entry per scorer, in the order the scorers were given.
    public var scorers: [ScorerOutcome]
    /// The rows file written, if one was asked for.
    public var rowsFile: URL?
    /// Rows read (all cells), counted once however many scorers ran.
    public var rowCount: Int
    /// How the rows' raw outputs were answered (memo or rules); counted once
    /// however many scorers ran. Not written anywhere.
    public var memoCounts: MemoCounts

    /// One scorer's summary of the file.
    public struct ScorerOutcome: Sendable {
        public var scorer: String
        public var fingerprint: String
        /// Where the `*_summary_reparsed_*.json` was written.
        public var summaryFile: URL
        /// The summary's exact bytes.
        public var summaryJSON: String
        public var cells: [CellOutcome]
        /// Cells whose accuracy or failure rate moved by more than 1e-9.
        public var cellsChanged: Int
    }

    /// One cell: the new counts, and the file's own old figures (nil when
    /// the file's `summary` or `parse_failure_rates` lacks the cell).
    public struct CellOutcome: Sendable {
        public var cell: CellKey
        public var tally: CellTally
        public var oldAccuracy: Double?
        public var oldFailureRate: Double?

        public var deltaAccuracy: Double { tally.accuracy - (oldAccuracy ?? 0) }
        public var deltaFailureRate: Double { tally.failureRate - (oldFailureRate ?? 0) }
        /// The study's test: a change of more than 1e-9 in either figure.
        public var changed: Bool { abs(deltaAccuracy) > 1e-9 || abs(deltaFailureRate) > 1e-9 }
    }
}
