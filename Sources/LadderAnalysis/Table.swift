import Foundation
import LadderCore

/// A rendered result: named columns and typed values, plus the header facts
/// every output file carries (grain, unit, scorers, settings). One type so TSV
/// and JSON cannot drift apart.
public struct Table: Sendable, Equatable {
    /// One value; `.null` renders as `NA` in TSV and `null` in JSON.
    public enum Value: Sendable, Equatable {
        case string(String), int(Int), double(Double), bool(Bool), null

        /// A string or null.
        public static func optional(_ s: String?) -> Value { s.map(Value.string) ?? .null }
        /// A double or null.
        public static func optional(_ d: Double?) -> Value { d.map(Value.double) ?? .null }
    }

    /// A header fact such as `noise_floor: 0.01`.
    public struct Note: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public var name: String
    public var grain: Grain
    public var scorers: [String]
    public var notes: [Note]
    public var columns: [String]
    public var rows: [[Value]]

    public init(name: String, grain: Grain, scorers: [String], notes: [Note] = [], columns: [String], rows: [[Value]] = []) {
        self.name = name
        self.grain = grain
        self.scorers = scorers
        self.notes = notes
        self.columns = columns
        self.rows = rows
    }

    /// Tab-separated values after `# name: value` header lines (table, grain, unit, scorers, notes).
    public func tsv() -> String {
        var out = "# table: \(name)\n# grain: \(grain.rawValue)\n# unit: \(grain.unit)\n# scorers: \(scorers.joined(separator: ", "))\n"
        for n in notes { out += "# \(n.name): \(n.value)\n" }
        out += columns.joined(separator: "\t") + "\n"
        for row in rows {
            out += row.map(Self.tsvField).joined(separator: "\t") + "\n"
        }
        return out
    }

    /// A JSON object: header facts, then `rows` as objects keyed by column name, keys in column order.
    public func json() -> String {
        var out = "{\n  \"table\": \(JSONText.string(name)),\n  \"grain\": \(JSONText.string(grain.rawValue)),\n"
        out += "  \"unit\": \(JSONText.string(grain.unit)),\n"
        out += "  \"scorers\": [\(scorers.map(JSONText.string).joined(separator: ", "))],\n"
        out += "  \"notes\": {\(notes.map { "\(JSONText.string($0.name)): \(JSONText.string($0.value))" }.joined(separator: ", "))},\n"
        out += "  \"columns\": [\(columns.map(JSONText.string).joined(separator: ", "))],\n"
        out += "  \"rows\": ["
        for (i, row) in rows.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "    {" + zip(columns, row).map { "\(JSONText.string($0)): \(Self.jsonValue($1))" }.joined(separator: ", ") + "}"
        }
        out += rows.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }

    static func tsvField(_ v: Value) -> String {
        switch v {
        case .string(let s): return s.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ")
        case .int(let i): return String(i)
        case .double(let d): return NumberText.decimal(d) ?? "NA"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "NA"
        }
    }

    static func jsonValue(_ v: Value) -> String {
        switch v {
        case .string(let s): return JSONText.string(s)
        case .int(let i): return String(i)
        case .double(let d): return NumberText.decimal(d) ?? "null"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }
}

/// Fixed, locale-free number text so outputs are byte-stable across runs.
public enum NumberText {
    /// Six decimals with trailing zeros trimmed; scientific below 1e-4 so small
    /// p-values keep their digits; nil for NaN and infinities.
    public static func decimal(_ x: Double) -> String? {
        guard x.isFinite else { return nil }
        if x == 0 { return "0" }
        if abs(x) < 1e-4 { return String(format: "%.3e", x) }
        var s = String(format: "%.6f", x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }

    /// Δ in percentage points with a sign, e.g. "+3.2" (one decimal).
    public static func points(_ delta: Double) -> String {
        let v = (delta * 1000).rounded() / 10
        if v == 0 { return "0.0" }
        return (v > 0 ? "+" : "") + String(format: "%.1f", v)
    }

    /// |x| in percentage points with one decimal and no sign, e.g. "1.0".
    public static func unsignedPoints(_ x: Double) -> String { String(format: "%.1f", (abs(x) * 1000).rounded() / 10) }

    /// A proportion as a percentage with one decimal, e.g. "61.5".
    public static func percent(_ x: Double) -> String { String(format: "%.1f", (x * 1000).rounded() / 10) }
}

/// Minimal JSON text helpers (escaping per RFC 8259 §7).
public enum JSONText {
    public static func string(_ s: String) -> String {
        var out: [UInt8] = []
        Value.quote(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
