import LadderCore

/// The four benchmarks of the study, named as in its cell keys.
public enum Benchmark: String, Sendable, CaseIterable, Codable {
    case sib200
    case xnli
    case csqa
    case belebele

    /// Parses a benchmark name, or throws naming the known ones.
    public init(parsing raw: String) throws {
        guard let b = Benchmark(rawValue: raw) else {
            throw LadderError.badInput("unknown benchmark '\(raw)'; known: \(Self.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = b
    }

    /// The placeholders a row of this benchmark supplies to a template.
    public var fields: [String] {
        switch self {
        case .sib200: return ["text"]
        case .xnli: return ["premise", "hypothesis"]
        case .csqa: return ["question", "choices"]
        case .belebele: return ["passage", "question", "choices"]
        }
    }

    /// The folder of a data language: FLORES codes for sib200 and belebele, the short code for xnli and csqa.
    public func folder(for lang: String) throws -> String {
        switch self {
        case .xnli, .csqa:
            return lang
        case .sib200, .belebele:
            guard let code = Self.floresCodes[lang] else {
                throw LadderError.badInput("\(rawValue) has no data language '\(lang)'; known: \(Self.floresCodes.keys.sorted().joined(separator: ", "))")
            }
            return code
        }
    }

    /// The test file of a data language, relative to the benchmarks directory.
    public func testFile(for lang: String) throws -> String {
        "\(rawValue)/\(try folder(for: lang))/" + (self == .sib200 ? "test.tsv" : "test.jsonl")
    }

    /// Short language codes → FLORES-200 folder names.
    public static let floresCodes: [String: String] = [
        "en": "eng_Latn", "zh": "zho_Hans", "es": "spa_Latn", "ur": "urd_Arab",
    ]
}
