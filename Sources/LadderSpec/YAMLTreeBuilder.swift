import Foundation

/// Builds the located `YAMLNode` tree from a `YAMLEventReader`'s events.
///
/// A ladder is exactly one document; mapping keys are scalars and appear once
/// per mapping; nesting is bounded, so the recursive walks over the tree that
/// follow can never exhaust the stack.
struct YAMLTreeBuilder {
    /// Far more than any ladder needs (they nest about ten levels).
    static let maxDepth = 100

    let reader: YAMLEventReader
    let file: String

    /// The single document of the stream.
    func document() throws -> YAMLNode {
        try expect(.streamStart, in: try reader.next())
        let start = try reader.next()
        if start.kind == .streamEnd {
            throw SpecError("the file is empty", at: SourceLocation(file: file, line: 1, column: 1),
                            hint: "a ladder starts with `ladder: NAME`")
        }
        try expect(.documentStart, in: start)
        let root = try node(from: try reader.next(), depth: 1)
        try expect(.documentEnd, in: try reader.next())
        let after = try reader.next()
        if after.kind == .documentStart {
            throw SpecError("a ladder file holds one YAML document; a second one starts here", at: after.location,
                            hint: "remove the `---` line and merge the documents, or give each ladder its own file")
        }
        try expect(.streamEnd, in: after)
        return root
    }

    private func node(from event: YAMLEvent, depth: Int) throws -> YAMLNode {
        switch event.kind {
        case .scalar(let value, let plain):
            return .scalar(value, quoted: !plain, event.location)
        case .sequenceStart, .mappingStart:
            guard depth <= Self.maxDepth else {
                throw SpecError("YAML nested deeper than \(Self.maxDepth) levels", at: event.location,
                                hint: "ladders need only a few levels of lists and mappings")
            }
            if event.kind == .mappingStart { return try mapping(at: event.location, depth: depth) }
            var items: [YAMLNode] = []
            while true {
                let next = try reader.next()
                if next.kind == .sequenceEnd { return .sequence(items, event.location) }
                items.append(try node(from: next, depth: depth + 1))
            }
        default:
            throw unexpected(event)
        }
    }

    private func mapping(at location: SourceLocation, depth: Int) throws -> YAMLNode {
        var pairs: [(key: String, keyLocation: SourceLocation, value: YAMLNode)] = []
        var seen: [String: SourceLocation] = [:]
        while true {
            let key = try reader.next()
            switch key.kind {
            case .mappingEnd:
                return .mapping(pairs, location)
            case .scalar(let name, _):
                if let first = seen[name] {
                    throw SpecError("duplicate key '\(name)' (first at line \(first.line))", at: key.location,
                                    hint: "merge the two entries into one")
                }
                seen[name] = key.location
                pairs.append((name, key.location, try node(from: try reader.next(), depth: depth + 1)))
            case .sequenceStart, .mappingStart:
                throw SpecError("mapping keys must be plain words, found \(key.kindName)", at: key.location,
                                hint: "write each key as a single word: `name: value`")
            default:
                throw unexpected(key)
            }
        }
    }

    private func expect(_ kind: YAMLEvent.Kind, in event: YAMLEvent) throws {
        if event.kind != kind { throw unexpected(event) }
    }

    /// libyaml's grammar rules these out; reported rather than trusted.
    private func unexpected(_ event: YAMLEvent) -> SpecError {
        SpecError("YAML syntax: unexpected \(event.kindName)", at: event.location)
    }
}
