import Foundation
import LadderCore

extension BenchmarkLoader {
    /// `labels.txt`: one category a line, blank lines ignored.
    static func labels(_ url: URL) throws -> [String] {
        let labels = try read(url).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !labels.isEmpty else { throw LadderError.badInput("\(url.path): no labels; expected one category a line") }
        return labels
    }

    /// A SIB-200 `test.tsv`: a header naming `index_id`, `category` and `text`
    /// (any order, other columns ignored), then one example a record.
    static func sib200(_ text: String, labels: [String], origin: String) throws -> [BenchmarkExample] {
        let records = try TSVRecords.parse(text, origin: origin)
        guard let header = records.first?.fields else { throw LadderError.badInput("\(origin): empty file; expected a header line") }
        func column(_ name: String) throws -> Int {
            guard let i = header.firstIndex(of: name) else {
                throw LadderError.badInput("\(origin):1: the header lacks the '\(name)' column (found: \(header.joined(separator: ", ")))")
            }
            return i
        }
        let (idColumn, categoryColumn, textColumn) = (try column("index_id"), try column("category"), try column("text"))
        let known = Set(labels)
        var out: [BenchmarkExample] = []
        for record in records.dropFirst() {
            let f = record.fields
            guard f.count == header.count else {
                throw LadderError.badInput("\(origin):\(record.line): \(f.count) fields where the header has \(header.count)")
            }
            guard !f[idColumn].isEmpty else { throw LadderError.badInput("\(origin):\(record.line): the row has no index_id") }
            guard !f[categoryColumn].isEmpty else { throw LadderError.badInput("\(origin):\(record.line): the row has no category") }
            guard known.contains(f[categoryColumn]) else {
                throw LadderError.badInput("\(origin):\(record.line): category '\(f[categoryColumn])' is not in labels.txt")
            }
            out.append(BenchmarkExample(id: f[idColumn], gold: f[categoryColumn], fields: ["text": f[textColumn]], line: record.line))
        }
        try checkUnique(out, origin: origin)
        return out
    }
}

/// Tab-separated records with the quoting pandas writes (minimal quoting): a
/// field that starts with `"` runs to the next lone `"`, `""` inside it is one
/// quote, and it may span lines. Blank lines are skipped.
enum TSVRecords {
    static func parse(_ text: String, origin: String) throws -> [(line: Int, fields: [String])] {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1, recordLine = 1, openedOn = 0
        var inQuotes = false, fieldStarted = false
        let scalars = Array(text.unicodeScalars)
        var i = 0
        func finishRecord() {
            fields.append(String(field))
            if fields.count > 1 || !fields[0].isEmpty { records.append((recordLine, fields)) }
            fields = []
            field = String.UnicodeScalarView()
            fieldStarted = false
        }
        while i < scalars.count {
            let c = scalars[i]
            i += 1
            if inQuotes {
                if c == "\"" {
                    if i < scalars.count, scalars[i] == "\"" { field.append("\""); i += 1 } else { inQuotes = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where !fieldStarted:
                inQuotes = true
                fieldStarted = true
                openedOn = line
            case "\t":
                fields.append(String(field))
                field = String.UnicodeScalarView()
                fieldStarted = false
            case "\r" where i < scalars.count && scalars[i] == "\n":
                break
            case "\n":
                finishRecord()
                line += 1
                recordLine = line
            default:
                field.append(c)
                fieldStarted = true
            }
        }
        if inQuotes { throw LadderError.badInput("\(origin):\(openedOn): a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty { finishRecord() }
        return records
    }
}
