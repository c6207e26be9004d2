import Foundation
import LadderCore

extension Corpus {
    /// Reads a JSON Lines corpus: one object per line, blank lines ignored.
    ///
    /// Keys: `path` and `content` (required strings); optional `license` (a string or
    /// a list of strings), `repo`, `stars` (integer) and `generated` (boolean), each
    /// may be null. The Stack v2 names `repo_name`, `detected_licenses`,
    /// `star_events_count` and `is_generated` are accepted for the same fields;
    /// giving both names of one field is an error. Other keys are ignored.
    public static func loadJSONL(_ url: URL) throws -> Corpus {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw LadderError.io("\(url.path): cannot read the corpus file")
        }
        return try parseJSONL(data, name: url.lastPathComponent)
    }

    /// Parses JSON Lines corpus text; `name` prefixes every message (`name:line: ...`).
    public static func parseJSONL(_ data: Data, name: String) throws -> Corpus {
        // Offsets below count from zero; a slice of a larger Data would not.
        let data = data.startIndex == 0 ? data : Data(data)
        let decoder = JSONDecoder()
        var files: [CorpusFile] = []
        // Line boundaries first, over raw bytes: Data's generic iteration is slow on large files.
        let lines: [Range<Int>] = data.withUnsafeBytes { raw in
            var out: [Range<Int>] = []
            guard let base = raw.baseAddress else { return out }
            var start = 0
            while start < raw.count {
                let rest = raw.count - start
                let hit = memchr(base + start, 0x0a, rest)
                let end = hit.map { base.distance(to: UnsafeRawPointer($0)) } ?? raw.count
                var first = start
                while first < end, [0x20, 0x09, 0x0d].contains(raw[first]) { first += 1 }
                out.append(first < end ? start..<end : start..<start)
                start = end + 1
            }
            return out
        }
        for (offset, range) in lines.enumerated() where !range.isEmpty {
            let where_ = "\(name):\(offset + 1)"
            let row: JSONLRow
            do {
                row = try decoder.decode(JSONLRow.self, from: data.subdata(in: range))
            } catch let error as JSONLRow.Problem {
                throw LadderError.badInput("\(where_): \(error.message)")
            } catch {
                throw LadderError.badInput("\(where_): not a valid JSON object (\(Self.summary(of: error))); each line must be one object with \"path\" and \"content\"")
            }
            files.append(CorpusFile(
                path: row.path, content: Array(row.content.utf8), licenses: row.licenses,
                repo: row.repo, stars: row.stars, generated: row.generated, origin: where_))
        }
        return Corpus(format: .jsonl, files: files)
    }

    private static func summary(of error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            return context.underlyingError.map { "\($0)" } ?? context.debugDescription
        }
        return "\(error)"
    }
}

/// One JSONL row, decoded key by key so each complaint names the key at fault.
private struct JSONLRow: Decodable {
    struct Problem: Error { var message: String }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    var path: String
    var content: String
    var licenses: [String]
    var repo: String?
    var stars: Int?
    var generated: Bool?

    init(from decoder: any Decoder) throws {
        let c: KeyedDecodingContainer<Key>
        do { c = try decoder.container(keyedBy: Key.self) } catch {
            throw Problem(message: "expected a JSON object with \"path\" and \"content\"")
        }
        guard let path = try Self.value(String.self, c, ["path"], "a string"), !path.isEmpty else {
            throw Problem(message: "missing or empty \"path\" (every row needs the file's path)")
        }
        guard let content = try Self.value(String.self, c, ["content"], "a string") else {
            throw Problem(message: "missing \"content\" for \(path) (every row needs the file's text)")
        }
        self.path = path
        self.content = content
        repo = try Self.value(String.self, c, ["repo", "repo_name"], "a string")
        stars = try Self.value(Int.self, c, ["stars", "star_events_count"], "an integer")
        generated = try Self.value(Bool.self, c, ["generated", "is_generated"], "true or false")
        licenses = try Self.licenses(c)
    }

    /// The value under whichever of `names` is present (null counts as absent).
    private static func value<T: Decodable>(
        _ type: T.Type, _ c: KeyedDecodingContainer<Key>, _ names: [String], _ expected: String
    ) throws -> T? {
        let present = names.filter { c.contains(Key($0)) }
        if present.count > 1 {
            throw Problem(message: "both \(present.map { "\"\($0)\"" }.joined(separator: " and ")) given; keep one")
        }
        guard let name = present.first else { return nil }
        if try c.decodeNil(forKey: Key(name)) { return nil }
        do { return try c.decode(T.self, forKey: Key(name)) } catch {
            throw Problem(message: "\"\(name)\" must be \(expected) or null")
        }
    }

    private static func licenses(_ c: KeyedDecodingContainer<Key>) throws -> [String] {
        let names = ["license", "licenses", "detected_licenses"]
        let present = names.filter { c.contains(Key($0)) }
        if present.count > 1 {
            throw Problem(message: "both \(present.map { "\"\($0)\"" }.joined(separator: " and ")) given; keep one")
        }
        guard let name = present.first, try !c.decodeNil(forKey: Key(name)) else { return [] }
        if let one = try? c.decode(String.self, forKey: Key(name)) {
            return one.isEmpty ? [] : [one]
        }
        guard let many = try? c.decode([String].self, forKey: Key(name)) else {
            throw Problem(message: "\"\(name)\" must be a string, a list of strings, or null")
        }
        return many.filter { !$0.isEmpty }
    }
}
