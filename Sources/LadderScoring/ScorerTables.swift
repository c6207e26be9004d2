import LadderCore

/// The data a scorer's rules read: ordered lists, ordered key-value tables
/// and character sets, each at a path such as `sib200.term_to_category`.
///
/// Which paths exist and what kind each is depends on the rule family (see
/// `TableSchema`). Order is kept everywhere because the rules take "the first"
/// entry that matches.
public struct ScorerTables: Sendable, Equatable {
    /// One table's content.
    public enum Entry: Sendable, Equatable {
        /// An ordered list of strings.
        case list([String])
        /// An ordered table of key-value pairs (keys unique).
        case pairs([Pair])
        /// A set of characters written as one string (`strip_characters`).
        case characters(String)
        /// A single string (`scitech_category`).
        case text(String)
    }

    /// One key-value entry of a `pairs` table.
    public struct Pair: Sendable, Equatable {
        public var key: String
        public var value: String

        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }

    /// Tables by path, in schema order.
    public private(set) var entries: [(path: String, entry: Entry)]

    init(entries: [(path: String, entry: Entry)]) {
        self.entries = entries
    }

    public subscript(path: String) -> Entry? {
        entries.first { $0.path == path }?.entry
    }

    public static func == (a: ScorerTables, b: ScorerTables) -> Bool {
        a.entries.count == b.entries.count && zip(a.entries, b.entries).allSatisfy { $0.path == $1.path && $0.entry == $1.entry }
    }

    func list(_ path: String) -> [String] {
        if case .list(let v)? = self[path] { return v }
        return []
    }

    func pairs(_ path: String) -> [Pair] {
        if case .pairs(let v)? = self[path] { return v }
        return []
    }

    func string(_ path: String) -> String {
        switch self[path] {
        case .characters(let s)?, .text(let s)?: return s
        default: return ""
        }
    }

    /// Reads the tables of `family` out of a document shaped like the files
    /// in `Tables/` (sections `sib200`, `xnli`, `multiple_choice`). Every
    /// table the family needs must be present; unknown sections or tables
    /// are errors so a misspelt name cannot be silently ignored.
    static func read(_ doc: OrderedJSON, family: RulesID.Family, origin: String, metadataKeys: Set<String>) throws -> ScorerTables {
        let schema = TableSchema.of(family)
        let found = try collect(doc, schema: schema, origin: origin, metadataKeys: metadataKeys)
        var entries: [(path: String, entry: Entry)] = []
        for spec in schema {
            guard let entry = found[spec.path] else {
                throw LadderError.badInput("\(origin): table \(spec.path) is missing (\(family.rawValue) scorers need it)")
            }
            entries.append((spec.path, entry))
        }
        return ScorerTables(entries: entries)
    }

    /// Reads a partial set of tables (for additions) keyed by path.
    static func collect(_ doc: OrderedJSON, schema: [TableSchema.Spec], origin: String, metadataKeys: Set<String>) throws -> [String: Entry] {
        guard case .object(let sections) = doc else {
            throw LadderError.badInput("\(origin): expected a mapping of table sections, found \(doc.kindName)")
        }
        var found: [String: Entry] = [:]
        for section in sections where !metadataKeys.contains(section.key) {
            if section.key == "multiple_choice" {
                found["multiple_choice"] = try TableSchema.decode(section.value, kind: .pairs, at: "\(origin): multiple_choice")
                continue
            }
            guard schema.contains(where: { $0.path.hasPrefix(section.key + ".") }) else {
                let known = Set(schema.map { $0.path.split(separator: ".")[0] }).sorted().joined(separator: ", ")
                throw LadderError.badInput("\(origin): unknown section '\(section.key)' (known: \(known))")
            }
            guard case .object(let tables) = section.value else {
                throw LadderError.badInput("\(origin): section \(section.key) must be a mapping, found \(section.value.kindName)")
            }
            for table in tables {
                let path = "\(section.key).\(table.key)"
                guard let spec = schema.first(where: { $0.path == path }) else {
                    let known = schema.filter { $0.path.hasPrefix(section.key + ".") }.map(\.path).joined(separator: ", ")
                    throw LadderError.badInput("\(origin): unknown table \(path) (known: \(known))")
                }
                found[path] = try TableSchema.decode(table.value, kind: spec.kind, at: "\(origin): \(path)")
            }
        }
        return found
    }
}
