import Foundation
import LadderCore

/// The versioned prompt a chat provider is sent: a JSON data file
/// (`Prompts/translate-v1.json` is built in; a ladder may name its own).
/// Its SHA-256 enters every translate step key, so editing one word of it
/// re-runs exactly the translate steps that use it and their dependents.
///
/// Placeholders are `{{name}}`; each template may use only its own set, and
/// an unknown one is an error when the ladder is planned.
public struct PromptTemplate: Sendable, Equatable {
    public static let formatIdentifier = "ladder-translate-prompt/1"
    /// The segment kinds a template must explain.
    public static let kinds = SegmentKind.allCases.map(\.rawValue)

    public var name: String
    public var version: String
    /// Language code → the name the prompt uses (`ur` → `Urdu`).
    public var languages: [String: String]
    public var system: String
    public var segments: String
    public var kindInstructions: [String: String]
    public var wholeFile: String
    /// SHA-256 of the file's bytes.
    public var sha256: String

    static let systemPlaceholders: Set<String> = ["language", "lang"]
    static let segmentPlaceholders: Set<String> = ["language", "lang", "kind", "kind_instructions", "count", "segments", "glossary"]
    static let wholeFilePlaceholders: Set<String> = ["language", "lang", "source", "glossary"]

    /// Reads a template file's bytes; `origin` names it in errors.
    public init(data: Data, origin: String) throws {
        func bad(_ m: String) -> LadderError { .badInput("translate: prompt template \(origin): \(m)") }
        guard case .object(let o)? = try? Value.parseJSON(data) else { throw bad("not a JSON object") }
        guard o["format"]?.stringValue == Self.formatIdentifier else {
            throw bad("`format` must be \"\(Self.formatIdentifier)\"")
        }
        func text(_ k: String) throws -> String {
            guard let s = o[k]?.stringValue, !s.isEmpty else { throw bad("needs `\(k)` (text)") }
            return s
        }
        name = try text("name")
        version = try text("version")
        system = try text("system")
        segments = try text("segments")
        wholeFile = try text("whole_file")
        guard let langs = o["languages"]?.objectValue, !langs.isEmpty else { throw bad("needs `languages`: {code: name}") }
        languages = try langs.mapValues { v in
            guard let s = v.stringValue, !s.isEmpty else { throw bad("`languages` values must be names") }
            return s
        }
        guard let kinds = o["kinds"]?.objectValue else { throw bad("needs `kinds`: instructions for \(Self.kinds.joined(separator: ", "))") }
        kindInstructions = [:]
        for k in Self.kinds {
            guard let s = kinds[k]?.stringValue, !s.isEmpty else { throw bad("`kinds` needs `\(k)`") }
            kindInstructions[k] = s
        }
        if let extra = kinds.keys.first(where: { !Self.kinds.contains($0) }) { throw bad("`kinds` has unknown kind '\(extra)'") }
        for (field, allowed) in [("system", Self.systemPlaceholders), ("segments", Self.segmentPlaceholders),
                                 ("whole_file", Self.wholeFilePlaceholders)] {
            for p in Self.placeholders(in: o[field]!.stringValue!) where !allowed.contains(p) {
                throw bad("`\(field)` uses {{\(p)}}; it may use \(allowed.sorted().map { "{{\($0)}}" }.joined(separator: ", "))")
            }
        }
        for (k, s) in kindInstructions {
            for p in Self.placeholders(in: s) where !Self.systemPlaceholders.contains(p) {
                throw bad("`kinds.\(k)` uses {{\(p)}}; it may use {{language}}, {{lang}}")
            }
        }
        sha256 = SHA256.hex(data)
    }

    /// The built-in template or the file a ladder names.
    static func load(_ spelling: String, ladderDirectory: String?) throws -> PromptTemplate {
        let ref = try DataFileReference(spelling, ladderDirectory: ladderDirectory, builtinFolder: "Prompts", what: "prompt template")
        return try PromptTemplate(data: try ref.read(what: "prompt template"), origin: spelling)
    }

    /// The language's name, or an error naming the languages the template knows.
    func languageName(_ lang: String) throws -> String {
        guard let n = languages[lang] else {
            throw LadderError.badInput("translate: prompt template \(name) has no language '\(lang)'; it has \(languages.keys.sorted().joined(separator: ", "))")
        }
        return n
    }

    /// `{{name}}`s in a text, in order.
    static func placeholders(in text: String) -> [String] {
        var out: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            out.append(String(rest[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return out
    }

    /// Fills `{{name}}`s from `values` (one pass: a value's own braces are never read again).
    static func render(_ text: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            out += rest[..<open.lowerBound]
            let name = String(rest[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespaces)
            out += values[name] ?? ""
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// The system message for `lang`.
    func systemMessage(lang: String) throws -> String {
        Self.render(system, ["language": try languageName(lang), "lang": lang])
    }

    /// The user message asking for one batch of segments.
    func segmentsMessage(lang: String, kind: SegmentKind, segments: [String], glossary: String) throws -> String {
        let language = try languageName(lang)
        let instructions = Self.render(kindInstructions[kind.rawValue] ?? "", ["language": language, "lang": lang])
        return Self.render(self.segments, ["language": language, "lang": lang, "kind": kind.rawValue, "kind_instructions": instructions,
                                           "count": String(segments.count), "segments": Value.array(segments.map(Value.string)).canonicalJSON,
                                           "glossary": glossary])
    }

    /// The user message asking for a whole file.
    func wholeFileMessage(lang: String, source: String, glossary: String) throws -> String {
        Self.render(wholeFile, ["language": try languageName(lang), "lang": lang, "source": source, "glossary": glossary])
    }

    /// Name, version and hash: what the step key and the summary record.
    public var identity: Value {
        .object(["name": .string(name), "version": .string(version), "sha256": .string(sha256)])
    }
}
