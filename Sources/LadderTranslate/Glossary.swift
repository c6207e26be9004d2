import Foundation
import LadderCore

/// A versioned word list, English → each language: the whole of the offline
/// `glossary` provider, and the preferred terms a chat prompt may carry. A
/// JSON data file a ladder names; its SHA-256 enters the step key.
///
/// ```json
/// {"format": "ladder-glossary/1", "name": "demo", "version": "1",
///  "languages": {"es": {"file": "archivo", "name": "nombre"}, "ur": {...}}}
/// ```
/// English words are lower-case ASCII letters; translations are one or more
/// words (a space becomes `_` inside an identifier).
public struct Glossary: Sendable, Equatable {
    public static let formatIdentifier = "ladder-glossary/1"

    public var name: String
    public var version: String
    /// Language → English word → translation.
    public var terms: [String: [String: String]]
    public var sha256: String

    public init(data: Data, origin: String) throws {
        func bad(_ m: String) -> LadderError { .badInput("translate: glossary \(origin): \(m)") }
        guard case .object(let o)? = try? Value.parseJSON(data) else { throw bad("not a JSON object") }
        guard o["format"]?.stringValue == Self.formatIdentifier else { throw bad("`format` must be \"\(Self.formatIdentifier)\"") }
        guard let n = o["name"]?.stringValue, !n.isEmpty else { throw bad("needs `name`") }
        guard let v = o["version"]?.stringValue, !v.isEmpty else { throw bad("needs `version` (text)") }
        guard let langs = o["languages"]?.objectValue, !langs.isEmpty else { throw bad("needs `languages`: {code: {english: translation}}") }
        var terms: [String: [String: String]] = [:]
        for (lang, table) in langs {
            guard let t = table.objectValue else { throw bad("`languages.\(lang)` must be a mapping") }
            var out: [String: String] = [:]
            for (english, translation) in t {
                guard !english.isEmpty, english.unicodeScalars.allSatisfy({ $0.value >= 0x61 && $0.value <= 0x7A }) else {
                    throw bad("`languages.\(lang)`: English words are lower-case letters a-z, found '\(english)'")
                }
                guard let s = translation.stringValue, !s.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw bad("`languages.\(lang).\(english)` must be a non-empty text")
                }
                out[english] = s
            }
            terms[lang] = out
        }
        name = n
        version = v
        self.terms = terms
        sha256 = SHA256.hex(data)
    }

    static func load(_ spelling: String, ladderDirectory: String?) throws -> Glossary {
        let ref = try DataFileReference(spelling, ladderDirectory: ladderDirectory, builtinFolder: "Glossaries", what: "glossary")
        return try Glossary(data: try ref.read(what: "glossary"), origin: spelling)
    }

    /// The terms of `lang`, or an error naming the languages the glossary has.
    func table(_ lang: String) throws -> [String: String] {
        guard let t = terms[lang] else {
            throw LadderError.badInput("translate: glossary \(name) has no language '\(lang)'; it has \(terms.keys.sorted().joined(separator: ", "))")
        }
        return t
    }

    /// The terms of `lang` as the canonical JSON object a prompt shows.
    func promptText(_ lang: String) -> String {
        Value.object((terms[lang] ?? [:]).mapValues(Value.string)).canonicalJSON
    }

    public var identity: Value {
        .object(["name": .string(name), "version": .string(version), "sha256": .string(sha256)])
    }
}
