import Foundation

/// Turns a model's answers for a file's identifiers into one valid, unique
/// mapping: the study's artefact `original_name_X_translated_name_Y` becomes
/// `Y` (and is counted), the answer is made a Python identifier (NFKC,
/// XID characters, separators as `_`), the original's leading and trailing
/// underscores are kept, and a name that would collide with a word Python or
/// the pack keeps, a name the file keeps, or another new name gets `_` added.
struct IdentifierNamer {
    /// The mapping, original → new (only names that change).
    private(set) var mapping: [String: String] = [:]
    /// How many answers were the `original_name_X_translated_name_Y` artefact.
    private(set) var artefacts = 0
    private var taken: Set<String>
    private let vocabulary: CodeVocabulary

    init(vocabulary: CodeVocabulary, fixedNames: Set<String>) {
        self.vocabulary = vocabulary
        taken = fixedNames
    }

    /// Assigns every candidate in order; `answers[i]` is the answer for `originals[i]` (nil: keep it).
    mutating func assign(originals: [String], answers: [String?]) {
        for (original, answer) in zip(originals, answers) {
            var target = original
            if let answer {
                let (reduced, wasArtefact) = Self.reduceArtefact(answer)
                if wasArtefact { artefacts += 1 }
                if var name = Self.identifier(reduced) {
                    let lead = original.prefix { $0 == "_" }, trail = original.reversed().prefix { $0 == "_" }
                    if !lead.isEmpty && !name.hasPrefix(String(lead)) { name = String(lead) + name.drop { $0 == "_" } }
                    if !trail.isEmpty && !name.hasSuffix(String(trail)) {
                        name = String(name.reversed().drop { $0 == "_" }.reversed()) + String(trail)
                    }
                    target = name
                }
            }
            while taken.contains(target) || (target != original && vocabulary.isReserved(target)) { target += "_" }
            taken.insert(target)
            if target != original { mapping[original] = target }
        }
    }

    /// `original_name_X_translated_name_Y` → (`Y`, true); anything else unchanged.
    static func reduceArtefact(_ s: String) -> (String, Bool) {
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        guard t.hasPrefix("original_name_"), let r = t.range(of: "_translated_name_", options: .backwards) else { return (s, false) }
        let y = String(t[r.upperBound...])
        return y.isEmpty ? (s, false) : (y, true)
    }

    /// The answer as a Python identifier, or nil when nothing usable is left.
    static func identifier(_ answer: String) -> String? {
        var s = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        let quotes: Set<Character> = ["\"", "'", "`"]
        while let f = s.first, let l = s.last, s.count >= 2, f == l, quotes.contains(f) { s = String(s.dropFirst().dropLast()) }
        s = s.precomposedStringWithCompatibilityMapping
        var out = String.UnicodeScalarView()
        var pendingSeparator = false
        for u in s.unicodeScalars {
            // Joiners are XID_Continue in Unicode 15.1 but not in the tables of Python 3.12 and earlier.
            if u == "\u{200C}" || u == "\u{200D}" { continue }
            let p = u.properties
            if u == "_" || (out.isEmpty ? p.isXIDStart : p.isXIDContinue) {
                if pendingSeparator && !out.isEmpty && out.last != "_" && u != "_" { out.append("_") }
                pendingSeparator = false
                out.append(u)
            } else if out.isEmpty && p.isXIDContinue {
                out.append("_")
                out.append(u)
            } else if p.isWhitespace || u == "-" || u == "." || u == "/" || p.generalCategory == .dashPunctuation {
                pendingSeparator = true
            }
        }
        let name = String(out)
        guard name.unicodeScalars.contains(where: { $0.properties.isXIDStart }) else { return nil }
        return name
    }
}
