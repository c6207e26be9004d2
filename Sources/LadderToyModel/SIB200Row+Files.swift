import Foundation
import LadderCore

extension SIB200Row {
    /// Rows as JSON Lines with sorted keys: the same rows give the same bytes.
    public static func jsonLines(_ rows: [SIB200Row]) throws -> Data {
        try JSONWriter.lines(rows)
    }

    /// Rows of one template in the study's results-file shape: empty
    /// `summary` and `parse_failure_rates`, then one list per cell key of
    /// `{gold, index_id, raw_output}` rows in the given order, so `ladder
    /// reparse` and the scorers read the demo's outputs like the study's.
    public static func studyResults(_ rows: [SIB200Row], template: String) throws -> Data {
        var cells: [String: [StudyRow]] = [:]
        for row in rows where row.template == template {
            cells[row.cell, default: []].append(StudyRow(gold: row.gold, index_id: row.id, raw_output: row.rawOutput))
        }
        return try JSONWriter.data(StudyResults(cells: cells), style: .compact)
    }
}

/// One row as the study's results files hold it.
private struct StudyRow: Encodable {
    let gold: String
    let index_id: String
    let raw_output: String
}

/// The results file: metadata maps first (sorted keys put them there), then cells.
private struct StudyResults: Encodable {
    let cells: [String: [StudyRow]]

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode([String: Double](), forKey: Key(stringValue: "parse_failure_rates"))
        try c.encode([String: Double](), forKey: Key(stringValue: "summary"))
        for (cell, rows) in cells { try c.encode(rows, forKey: Key(stringValue: cell)) }
    }
}
