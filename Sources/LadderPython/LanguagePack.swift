import Foundation
import LadderCore

/// A versioned English → native table for Python's reserved words and
/// builtins, read from a `Packs/python-<lang>.json` data file.
///
/// The pack's `fingerprint` (SHA-256 of the file's bytes) belongs in every
/// transpile step key: editing one entry re-plans every file it touches.
public struct LanguagePack: Sendable, Equatable {
    /// What kind of Python name an entry translates; decides where the
    /// transpiler may apply it.
    public enum Category: String, Codable, Sendable, CaseIterable {
        /// A hard keyword (`def`, `if`, `True`...): translated everywhere.
        case keyword
        /// `match`, `case`, `type`, `_`: translated only where they act as keywords.
        case softKeyword = "soft keyword"
        /// A builtin function or class such as `print` or `len`.
        case builtinFunction = "builtin function"
        /// A builtin constant that is not a keyword, such as `NotImplemented`.
        case builtinConstant = "builtin constant"
        /// A builtin exception or warning class.
        case exceptionClass = "exception class"

        /// Whether the entry names a builtin object, so it is translated only
        /// where the name refers to that object.
        public var isBuiltin: Bool {
            self == .builtinFunction || self == .builtinConstant || self == .exceptionClass
        }
    }

    /// One translation, with where it came from and how far it was reviewed.
    public struct Entry: Codable, Sendable, Equatable {
        /// The Python name, e.g. `elif`.
        public var english: String
        /// The native form, possibly several words, e.g. `si no, si`.
        public var translation: String
        /// What kind of name `english` is.
        public var category: Category
        /// Review status, e.g. `community`, `study`, `authored, unreviewed`.
        public var status: String
        /// A key of the pack's `sources` table.
        public var source: String
        /// Why the entry differs from its source, when it does.
        public var note: String?

        /// Creates an entry.
        public init(english: String, translation: String, category: Category, status: String,
                    source: String, note: String? = nil) {
            self.english = english
            self.translation = translation
            self.category = category
            self.status = status
            self.source = source
            self.note = note
        }
    }

    /// A native digit set that number literals may be written in.
    public struct Numerals: Codable, Sendable, Equatable {
        /// The numeral system's name, e.g. `Extended Arabic-Indic`.
        public var system: String
        /// The ten native digits for 0 through 9, in order.
        public var digits: String
        /// Where the digit set is defined.
        public var source: String?

        /// Creates a digit set.
        public init(system: String, digits: String, source: String? = nil) {
            self.system = system
            self.digits = digits
            self.source = source
        }
    }

    /// Pack file format identifier this code reads.
    public static let formatIdentifier = "ladder-language-pack/1"
    /// Languages with a pack in the module's resources.
    public static let builtinLanguages = ["es", "ur", "zh"]

    /// Pack name, e.g. `python-ur`.
    public var name: String
    /// Target language code, e.g. `ur`.
    public var language: String
    /// The pack's own version, bumped when entries change.
    public var version: String
    /// One-line description.
    public var description: String
    /// Source keys used by entries, with what each source is.
    public var sources: [String: String]
    /// Native digits for number literals, when the pack declares them.
    public var numerals: Numerals?
    /// The translations, in file order.
    public var entries: [Entry]
    /// SHA-256 (hex) of the pack file's bytes, or of its canonical JSON when
    /// the pack was built in memory.
    public var fingerprint: String

    private struct File: Codable {
        var format: String
        var name: String
        var language: String
        var version: String
        var description: String?
        var sources: [String: String]?
        var numerals: Numerals?
        var entries: [Entry]
    }

    /// Creates a pack in memory (for tests and custom engines); validates it
    /// like a pack file.
    public init(name: String, language: String, version: String, entries: [Entry],
                numerals: Numerals? = nil, description: String = "", sources: [String: String] = [:]) throws {
        self.name = name
        self.language = language
        self.version = version
        self.description = description
        self.sources = sources
        self.numerals = numerals
        self.entries = entries
        let file = File(format: Self.formatIdentifier, name: name, language: language, version: version,
                        description: description, sources: sources, numerals: numerals, entries: entries)
        self.fingerprint = SHA256.hex(Data(try JSONWriter.string(file).utf8))
        try validate(origin: "pack \(name)")
    }

    /// Reads a pack file's bytes; `origin` names the file in error messages.
    public init(data: Data, origin: String) throws {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw LadderError.badInput("\(origin): not a language pack (\(error)); see Sources/LadderPython/Packs for the format")
        }
        guard file.format == Self.formatIdentifier else {
            throw LadderError.badInput("\(origin): unknown pack format '\(file.format)'; expected '\(Self.formatIdentifier)'")
        }
        name = file.name
        language = file.language
        version = file.version
        description = file.description ?? ""
        sources = file.sources ?? [:]
        numerals = file.numerals
        entries = file.entries
        fingerprint = SHA256.hex(data)
        try validate(origin: origin)
    }

    /// Reads the pack file at `url`.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw LadderError.io("\(url.path): cannot read language pack: \(error.localizedDescription)")
        }
        try self.init(data: data, origin: url.path)
    }

    /// The pack shipped with the module for `language` (`es`, `ur`, `zh`).
    public static func builtin(_ language: String) throws -> LanguagePack {
        guard builtinLanguages.contains(language) else {
            throw LadderError.badInput("no built-in language pack '\(language)'; known: \(builtinLanguages.joined(separator: ", "))")
        }
        guard let data = EmbeddedPacks.data("python-\(language).json") else {
            throw LadderError.io("the built-in language pack Packs/python-\(language).json is missing from this build (run scripts/embed-data.py and rebuild)")
        }
        return try LanguagePack(data: data, origin: "Packs/python-\(language).json")
    }

    /// The entry translating `english`, if any.
    public func entry(english: String) -> Entry? {
        entries.first { $0.english == english }
    }

    private func validate(origin: String) throws {
        let problems = Self.problems(entries: entries, numerals: numerals)
        guard problems.isEmpty else {
            throw LadderError.badInput("\(origin): \(problems.count) problem(s) in language pack: " + problems.joined(separator: "; "))
        }
    }
}
