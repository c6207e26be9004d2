import LadderCore

/// Scorers by name: the built-ins plus any a ladder declares.
///
/// Declarations are data (`OrderedJSON`, which the spec layer can build from
/// YAML): either a complete definition (`rules` plus all tables) or
/// `extends: <scorer>` with `add:` holding extra table entries.
public struct ScorerRegistry: Sendable {
    private var definitions: [ScorerDefinition] = []
    private var compiled: [String: TableScorer] = [:]

    /// A registry holding `strict-v1` and `refined-v1`.
    public init() throws {
        for d in try ScorerDefinition.builtIns() { try register(d) }
    }

    /// Names in registration order (built-ins first).
    public var names: [String] { definitions.map(\.name) }

    /// Adds a definition; a name already taken is an error.
    public mutating func register(_ definition: ScorerDefinition) throws {
        guard !definition.name.isEmpty else { throw LadderError.badInput("a scorer needs a non-empty name") }
        guard compiled[definition.name] == nil else {
            throw LadderError.badInput("scorer \(definition.name) is already defined; choose another name for the new version")
        }
        compiled[definition.name] = try TableScorer(definition)
        definitions.append(definition)
    }

    /// Adds a scorer from a declaration document. `name` is used when the
    /// document has no `scorer` key (a YAML mapping keyed by name).
    /// Returns the registered definition.
    @discardableResult
    public mutating func declare(_ doc: OrderedJSON, name: String? = nil, origin: String) throws -> ScorerDefinition {
        guard case .object(var members) = doc else {
            throw LadderError.badInput("\(origin): a scorer declaration must be a mapping, found \(doc.kindName)")
        }
        if let name, doc["scorer"] == nil { members.insert(.init("scorer", .string(name)), at: 0) }
        let full = OrderedJSON.object(members)
        guard case .string(let declared)? = full["scorer"], !declared.isEmpty else {
            throw LadderError.badInput("\(origin): a scorer declaration needs a name ('scorer')")
        }
        let definition: ScorerDefinition
        if let base = full["extends"] {
            guard case .string(let baseName) = base else {
                throw LadderError.badInput("\(origin): scorer \(declared): 'extends' must name a scorer")
            }
            let known = Set(ScorerDefinition.metadataKeys)
            if let stray = members.first(where: { !known.contains($0.key) }) {
                throw LadderError.badInput("\(origin): scorer \(declared): '\(stray.key)' is not allowed next to 'extends'; put added entries under 'add'")
            }
            if full["rules"] != nil {
                throw LadderError.badInput("\(origin): scorer \(declared): 'rules' comes from the extended scorer \(baseName) and cannot be given")
            }
            let parent = try lookup(baseName).definition
            definition = try parent.extended(as: declared, adding: full["add"] ?? .object([]), origin: origin)
        } else {
            if full["add"] != nil {
                throw LadderError.badInput("\(origin): scorer \(declared): 'add' needs 'extends' naming the scorer to add to")
            }
            definition = try ScorerDefinition.read(full, origin: origin)
        }
        try register(definition)
        return definition
    }

    /// The scorer called `name`; an unknown name is an error listing the known ones.
    public func scorer(named name: String) throws -> TableScorer {
        try lookup(name)
    }

    private func lookup(_ name: String) throws -> TableScorer {
        guard let s = compiled[name] else {
            throw LadderError.badInput("unknown scorer '\(name)' (known: \(names.joined(separator: ", ")))")
        }
        return s
    }
}
