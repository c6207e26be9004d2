import LadderCore

extension SIB200Task {
    /// Parses a SIB-200 `test.tsv`: a header naming `index_id`, `category`
    /// and `text` (any order, other columns ignored), then one example a
    /// record. Fields follow the CSV quoting the files were written with
    /// (pandas' minimal quoting): a field that starts with `"` runs to the
    /// next lone `"`, and `""` inside it is one quote; it may span lines.
    static func parseExamples(_ text: String, lang: String, labels: Set<String>, origin: String) throws -> [SIB200Example] {
        let records = try parseRecords(text, origin: origin)
        guard let header = records.first?.fields else { throw LadderError.badInput("\(origin): empty file; expected a header line") }
        func column(_ name: String) throws -> Int {
            guard let i = header.firstIndex(of: name) else {
                throw LadderError.badInput("\(origin):1: header lacks the '\(name)' column (found: \(header.joined(separator: ", ")))")
            }
            return i
        }
        let (idColumn, categoryColumn, textColumn) = (try column("index_id"), try column("category"), try column("text"))
        var seen: Set<String> = []
        var out: [SIB200Example] = []
        for record in records.dropFirst() {
            let f = record.fields
            guard f.count == header.count else {
                throw LadderError.badInput("\(origin):\(record.line): \(f.count) fields where the header has \(header.count)")
            }
            let id = f[idColumn]
            guard !id.isEmpty, seen.insert(id).inserted else {
                throw LadderError.badInput("\(origin):\(record.line): index_id '\(id)' is empty or repeated")
            }
            guard labels.contains(f[categoryColumn]) else {
                throw LadderError.badInput("\(origin):\(record.line): category '\(f[categoryColumn])' is not in labels.txt")
            }
            out.append(SIB200Example(id: id, category: f[categoryColumn], text: f[textColumn], lang: lang))
        }
        return out
    }

    /// Records of tab-separated fields with the line each starts on; blank
    /// lines are skipped.
    static func parseRecords(_ text: String, origin: String) throws -> [(line: Int, fields: [String])] {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var quoted = false
        var quoteOpenedOn = 0
        var atFieldStart = true
        var iterator = text.unicodeScalars.makeIterator()
        var pending = iterator.next()
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
            fields = []
            field = ""
            atFieldStart = true
        }
        while let c = pending {
            pending = iterator.next()
            if quoted {
                if c == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = iterator.next()
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where atFieldStart:
                quoted = true
                quoteOpenedOn = line
                atFieldStart = false
            case "\t":
                fields.append(field)
                field = ""
                atFieldStart = true
            case "\r" where pending == "\n":
                continue
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(c)
                atFieldStart = false
            }
        }
        if quoted { throw LadderError.badInput("\(origin):\(quoteOpenedOn): a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}
