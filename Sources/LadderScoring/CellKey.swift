import LadderCore

/// A cell of the study's results files:
/// `template{N}_{xnli|csqa|sib200|belebele}_data={ll}_instr={ll}`, where `N`
/// is a whole number and each `ll` a language code of two or three
/// lower-case letters.
public struct CellKey: Hashable, Sendable, CustomStringConvertible {
    /// The key exactly as written.
    public let raw: String
    /// `template1`, `template2`, ...
    public let template: String
    public let benchmark: Benchmark
    public let dataLanguage: String
    public let instructionLanguage: String

    /// The benchmarks a cell key may name.
    public static let benchmarks: [Benchmark] = [.xnli, .csqa, .sib200, .belebele]

    /// Parses `raw`; nil when it does not follow the grammar.
    public init?(_ raw: String) {
        let s = Array(raw.utf8)
        var i = 0
        func literal(_ text: String) -> Bool {
            let t = Array(text.utf8)
            guard i + t.count <= s.count, Array(s[i..<(i + t.count)]) == t else { return false }
            i += t.count
            return true
        }
        func span(_ allowed: (UInt8) -> Bool, _ range: ClosedRange<Int>) -> String? {
            let start = i
            while i < s.count, allowed(s[i]) { i += 1 }
            guard range.contains(i - start) else { return nil }
            return String(decoding: s[start..<i], as: UTF8.self)
        }
        let digit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        let lower = { (b: UInt8) in b >= 0x61 && b <= 0x7A }
        guard literal("template"), let n = span(digit, 1...9), literal("_") else { return nil }
        guard let bench = Self.benchmarks.first(where: { literal($0.rawValue + "_") }) else { return nil }
        guard literal("data="), let data = span(lower, 2...3), literal("_instr="), let instr = span(lower, 2...3), i == s.count else {
            return nil
        }
        self.raw = raw
        self.template = "template" + n
        self.benchmark = bench
        self.dataLanguage = data
        self.instructionLanguage = instr
    }

    /// Parses `raw` or throws a message that shows the grammar.
    public init(parsing raw: String, in file: String) throws {
        guard let key = CellKey(raw) else {
            throw LadderError.badInput("\(file): cell key '\(raw)' does not follow template{N}_{xnli|csqa|sib200|belebele}_data={ll}_instr={ll}")
        }
        self = key
    }

    public var description: String { raw }
}
