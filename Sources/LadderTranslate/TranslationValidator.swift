import Foundation
import LadderPython

/// Checks translated files: each must tokenize, reverse to English with the
/// pack (keywords, builtins and numerals read back), and, when `python3` is
/// used, compile (`compile(..., 'exec')`, what `python3 -m py_compile` does)
/// — one interpreter for a whole batch of files.
struct TranslationValidator: Sendable {
    /// `passed`: tokenized, reversed and compiled; `tokenized`: tokenized and reversed, not
    /// compiled (compile_check off or no python3); `failed`: one of the checks failed.
    enum Result: Sendable, Equatable {
        case passed, tokenized
        case failed(String)

        var word: String {
            switch self {
            case .passed: return "passed"
            case .tokenized: return "tokenized"
            case .failed: return "failed"
            }
        }

        var message: String? { if case .failed(let m) = self { return m }; return nil }
    }

    let reverser: ReverseTranspiler
    /// The interpreter to compile with, or nil.
    let python: String?

    init(pack: LanguagePack, numerals: Bool, python: String?) {
        reverser = ReverseTranspiler(pack: pack, numerals: numerals)
        self.python = python
    }

    func validate(_ files: [(name: String, bytes: [UInt8])]) -> [Result] {
        var results: [Result] = []
        var english: [(name: String, bytes: [UInt8])] = []
        var pending: [Int] = []
        for (k, f) in files.enumerated() {
            do {
                // The reverse tokenizes the file first and throws when it cannot.
                english.append((f.name, try reverser.reverse(source: f.bytes)))
                pending.append(k)
                results.append(python == nil ? .tokenized : .passed)
            } catch {
                results.append(.failed("the translation does not tokenize: \(error)"))
            }
        }
        guard let python, !english.isEmpty else { return results }
        var start = 0
        while start < english.count {
            let end = min(start + 400, english.count)
            let verdicts = PythonCompileCheck.run(python: python, sources: Array(english[start..<end]))
            for (i, v) in verdicts.enumerated() {
                if let v { results[pending[start + i]] = .failed("\(v) (after reversing the pack's words to English)") }
            }
            start = end
        }
        return results
    }
}
