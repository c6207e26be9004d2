import Foundation
import LadderCore

/// A scorer as data: a name, the rule family and version it applies, and the
/// tables those rules read. New scorer versions (say `refined-v2`, the refined
/// rules with more surface forms) are new definitions, not new Swift code.
public struct ScorerDefinition: Sendable, Equatable {
    /// The name ladders and the command line use.
    public var name: String
    /// Which rules read the tables.
    public var rules: RulesID
    /// The tables, complete for the rule family.
    public var tables: ScorerTables

    /// Keys of a definition document that are not tables.
    static let metadataKeys: Set<String> = ["scorer", "about", "rules", "rules_version", "extends", "add"]

    public init(name: String, rules: RulesID, tables: ScorerTables) {
        self.name = name
        self.rules = rules
        self.tables = tables
    }

    /// Reads a complete definition: `scorer` (name), `rules`
    /// (`strict`|`refined`), optional `rules_version` (default 1), and the
    /// family's table sections, as in `Tables/refined-v1.json`.
    public static func read(_ doc: OrderedJSON, origin: String) throws -> ScorerDefinition {
        guard case .string(let name)? = doc["scorer"], !name.isEmpty else {
            throw LadderError.badInput("\(origin): a scorer definition needs a 'scorer' name")
        }
        let rules = try readRules(doc, origin: "\(origin): scorer \(name)")
        let tables = try ScorerTables.read(doc, family: rules.family, origin: "\(origin): scorer \(name)", metadataKeys: metadataKeys)
        return ScorerDefinition(name: name, rules: rules, tables: tables)
    }

    static func readRules(_ doc: OrderedJSON, origin: String) throws -> RulesID {
        let families = RulesID.Family.allCases.map(\.rawValue).joined(separator: ", ")
        guard case .string(let raw)? = doc["rules"], let family = RulesID.Family(rawValue: raw) else {
            throw LadderError.badInput("\(origin): 'rules' must name a rule family (\(families))")
        }
        var version = 1
        if let v = doc["rules_version"] {
            guard case .number(let literal) = v, let n = Int(literal) else {
                throw LadderError.badInput("\(origin): 'rules_version' must be a whole number")
            }
            version = n
        }
        let rules = RulesID(family, version: version)
        guard RulesID.known.contains(rules) else {
            let known = RulesID.known.map(\.description).joined(separator: ", ")
            throw LadderError.badInput("\(origin): rules \(rules) are not implemented by this version of ladder (known: \(known))")
        }
        return rules
    }

    /// This definition under a new name with `additions` merged into its
    /// tables. `additions` has the shape of a definition's table sections,
    /// holding only what is added: list items and characters are appended
    /// when new, a pair with an existing key replaces its value in place,
    /// a new pair is appended.
    public func extended(as newName: String, adding additions: OrderedJSON, origin: String) throws -> ScorerDefinition {
        let place = "\(origin): scorer \(newName) (extends \(name))"
        let schema = TableSchema.of(rules.family)
        let added = try ScorerTables.collect(additions, schema: schema, origin: place, metadataKeys: [])
        var entries = tables.entries
        for k in entries.indices {
            if let more = added[entries[k].path] { entries[k].entry = TableSchema.merge(entries[k].entry, more) }
        }
        var result = self
        result.name = newName
        result.tables = ScorerTables(entries: entries)
        return result
    }

    /// The built-in definitions shipped in `Tables/` (`strict-v1`, `refined-v1`).
    public static func builtIns() throws -> [ScorerDefinition] {
        try builtInResult.get()
    }

    static let builtInNames = ["strict-v1", "refined-v1"]

    private static let builtInResult: Result<[ScorerDefinition], LadderError> = {
        do {
            return .success(try builtInNames.map { name in
                guard let data = EmbeddedTables.data("\(name).json") else {
                    throw LadderError.io("LadderScoring's table Tables/\(name).json is missing from this build (run scripts/embed-data.py and rebuild)")
                }
                let doc = try OrderedJSON.parse(data, origin: "Tables/\(name).json")
                return try read(doc, origin: "Tables/\(name).json")
            })
        } catch let error as LadderError {
            return .failure(error)
        } catch {
            return .failure(.io("cannot read the built-in scorer tables: \(error)"))
        }
    }()
}
