import LadderCore

/// A comma-separated table as RFC 4180 describes it: quoted fields may hold
/// commas, doubled quotes and line breaks; CRLF and LF both end a record.
struct CSVTable {
    /// One record with the 1-based line of the file it starts on.
    struct Record {
        var line: Int
        var fields: [String]
    }

    var header: [String]
    var records: [Record]

    /// Parses `bytes`; `name` prefixes messages (`name:line: ...`).
    init(bytes: [UInt8], name: String) throws {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var fieldWasQuoted = false
        var i = 0
        // A UTF-8 byte-order mark is not part of the first column's name.
        if bytes.starts(with: [0xef, 0xbb, 0xbf]) { i = 3 }
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
        }
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(b)
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if b == 0x0a { line += 1 }
                    field.append(b)
                }
            } else if b == UInt8(ascii: "\"") {
                guard field.isEmpty, !fieldWasQuoted else {
                    throw LadderError.badInput("\(name):\(line): stray quote inside an unquoted field (quote the whole field and double inner quotes)")
                }
                inQuotes = true
                fieldWasQuoted = true
            } else if b == UInt8(ascii: ",") {
                endField()
            } else if b == 0x0a || b == 0x0d {
                if b == 0x0d, i + 1 < bytes.count, bytes[i + 1] == 0x0a { i += 1 }
                endRecord()
                line += 1
                recordLine = line
            } else {
                field.append(b)
            }
            i += 1
        }
        if inQuotes {
            throw LadderError.badInput("\(name):\(recordLine): quoted field never closed (add the closing quote)")
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        guard let first = records.first else {
            throw LadderError.badInput("\(name):1: empty file; expected a header row")
        }
        header = first.fields.map { $0.trimmingSpaces() }
        self.records = Array(records.dropFirst())
        for record in self.records where record.fields.count != header.count {
            throw LadderError.badInput("\(name):\(record.line): \(record.fields.count) fields, but the header has \(header.count)")
        }
    }

    /// The position of a header column, or a message listing the columns found.
    func column(_ name: String, in file: String) throws -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw LadderError.badInput("\(file):1: no \"\(name)\" column (found: \(header.joined(separator: ", ")))")
        }
        return index
    }
}

extension String {
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })!
        return String(scalars[first...last])
    }
}
