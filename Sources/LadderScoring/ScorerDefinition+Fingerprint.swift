import LadderCore

extension ScorerDefinition {
    /// SHA-256 over a canonical encoding of the rules version, the Unicode
    /// table the rules read text with, and every table in schema order.
    ///
    /// The name is not part of it: two names for the same rules and tables
    /// score identically, so they share a fingerprint. Every field is
    /// written as `tag length:bytes` (length in UTF-8 bytes), so no choice of
    /// table content can make two different definitions encode alike.
    public func fingerprint() throws -> String {
        fingerprint(unicodeTableHash: try PythonUnicode.bundled().tableHash)
    }

    func fingerprint(unicodeTableHash: String) -> String {
        var h = SHA256()
        h.update(canonicalEncoding(unicodeTableHash: unicodeTableHash))
        return h.finalizeHex()
    }

    func canonicalEncoding(unicodeTableHash: String) -> String {
        var out = "ladder-scorer-fingerprint 1\n"
        func field(_ tag: String, _ value: String) {
            out += "\(tag) \(value.utf8.count):\(value)\n"
        }
        field("rules.family", rules.family.rawValue)
        field("rules.version", String(rules.version))
        field("unicode", unicodeTableHash)
        for (path, entry) in tables.entries {
            switch entry {
            case .list(let items):
                field("list", path)
                field("count", String(items.count))
                for item in items { field("item", item) }
            case .pairs(let pairs):
                field("pairs", path)
                field("count", String(pairs.count))
                for p in pairs {
                    field("key", p.key)
                    field("value", p.value)
                }
            case .characters(let chars):
                field("characters", path)
                field("value", chars)
            case .text(let text):
                field("text", path)
                field("value", text)
            }
        }
        return out
    }
}
