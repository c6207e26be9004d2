import Foundation
import LadderCore

/// A benchmark's prompt templates as data (`{benchmark}.json` in a templates
/// directory): the row fields, the answer options, and per template name
/// (`template1`, `template2`) one prompt per instruction language. Its bytes'
/// sha256 enters the key of every step that reads it.
public struct TemplateSet: Sendable {
    public let benchmark: Benchmark
    /// Where the phrasing came from.
    public let about: String
    public let fields: [String]
    /// The answers a log-likelihood ranking chooses among (and the gold vocabulary), in order.
    public let options: [String]
    /// Template name → instruction language → prompt.
    public let templates: [String: [String: PromptTemplate]]
    /// SHA-256 of the file's bytes.
    public let sha256: String
    public let origin: String

    /// The file of `benchmark` in `directory`.
    public static func file(_ benchmark: Benchmark, in directory: URL) -> URL {
        directory.appendingPathComponent("\(benchmark.rawValue).json")
    }

    /// Reads and checks `{benchmark}.json` in `directory`.
    public static func load(_ benchmark: Benchmark, from directory: URL) throws -> TemplateSet {
        let url = file(benchmark, in: directory)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw LadderError.badInput("\(url.path): no template file for benchmark \(benchmark.rawValue)")
        }
        return try TemplateSet(data: data, benchmark: benchmark, origin: url.path)
    }

    /// Parses a template file's bytes; every mistake names the file and the entry.
    public init(data: Data, benchmark: Benchmark, origin: String) throws {
        func bad(_ m: String) -> LadderError { .badInput("\(origin): \(m)") }
        let json: Value
        do { json = try Value.parseJSON(data) } catch { throw bad("not JSON (\(error.localizedDescription))") }
        guard let o = json.objectValue else { throw bad("not a JSON object") }
        guard o["benchmark"]?.stringValue == benchmark.rawValue else {
            throw bad("\"benchmark\" must be \"\(benchmark.rawValue)\", found \(o["benchmark"]?.canonicalJSON ?? "nothing")")
        }
        guard let about = o["about"]?.stringValue, !about.isEmpty else { throw bad("\"about\" must say where the phrasing came from") }
        guard let fields = o["fields"]?.arrayValue?.compactMap(\.stringValue), fields.count == o["fields"]?.arrayValue?.count else {
            throw bad("\"fields\" must be a list of placeholder names")
        }
        for f in fields where !benchmark.fields.contains(f) {
            throw bad("field '\(f)' is not one a \(benchmark.rawValue) row supplies (\(benchmark.fields.joined(separator: ", ")))")
        }
        guard let options = o["options"]?.arrayValue?.compactMap(\.stringValue), options.count == o["options"]?.arrayValue?.count,
              !options.isEmpty else { throw bad("\"options\" must be a non-empty list of answer strings") }
        guard Set(options).count == options.count else { throw bad("\"options\" lists an answer twice") }
        guard let byName = o["templates"]?.objectValue, !byName.isEmpty else {
            throw bad("\"templates\" must map template names to prompts by instruction language")
        }
        var templates: [String: [String: PromptTemplate]] = [:]
        for (name, v) in byName {
            guard let byLang = v.objectValue else { throw bad("templates.\(name) must map instruction languages to prompts") }
            var prompts: [String: PromptTemplate] = [:]
            for (lang, t) in byLang {
                guard let text = t.stringValue else { throw bad("templates.\(name).\(lang) must be a string") }
                prompts[lang] = try PromptTemplate(text, fields: fields, origin: "\(origin): templates.\(name).\(lang)")
            }
            templates[name] = prompts
        }
        self.benchmark = benchmark
        self.about = about
        self.fields = fields
        self.options = options
        self.templates = templates
        self.sha256 = SHA256.hex(data)
        self.origin = origin
    }

    /// Throws unless every template name has a prompt in every instruction language.
    public func check(templates names: [String], instrLangs: [String]) throws {
        for name in names {
            guard let byLang = templates[name] else {
                throw LadderError.badInput("\(origin) has no \(name); it has \(templates.keys.sorted().joined(separator: ", "))")
            }
            let missing = instrLangs.filter { byLang[$0] == nil }
            if !missing.isEmpty {
                throw LadderError.badInput("\(origin): \(name) has no prompt in instruction language\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")) (it has \(byLang.keys.sorted().joined(separator: ", ")))")
            }
        }
    }

    /// The prompt of `template` in `instrLang` for one example.
    public func prompt(_ template: String, instrLang: String, example: BenchmarkExample) throws -> String {
        guard let t = templates[template]?[instrLang] else {
            throw LadderError.badInput("\(origin): \(template) has no prompt in instruction language \(instrLang)")
        }
        return try t.render(example.fields)
    }
}
