import Foundation
import LadderCore
import LadderPython

/// What translating one file produced (before validation).
struct FileTranslation: Sendable {
    var output: [UInt8]
    /// Original identifier → new one (only names that changed).
    var names: [String: String] = [:]
    /// Segments sent, by kind.
    var segments: [String: Int] = [:]
    /// `original_name_X_translated_name_Y` answers reduced to Y.
    var artefacts = 0
    /// Translated string or comment bodies that could not be written back safely (kept as they were).
    var keptUnsafe = 0
}

/// Translates one file in the chosen mode: `segments` cuts it with
/// `SourceSegments`, sends each kind in batches (`batch_segments` items,
/// `batch_chars` characters) and puts the answers back; `whole-file` sends it
/// in one call. An answer the engine rejects is asked again, up to
/// `item_attempts` tries per batch.
struct FileTranslator: Sendable {
    let settings: TranslateSettings
    let vocabulary: CodeVocabulary
    let translator: any SegmentTranslator

    func translate(id: String, source: [UInt8], stats: inout CallStats) throws -> FileTranslation {
        switch settings.mode {
        case .segments: return try segments(id: id, source: source, stats: &stats)
        case .wholeFile: return try wholeFile(id: id, source: source, stats: &stats)
        }
    }

    private func segments(id: String, source: [UInt8], stats: inout CallStats) throws -> FileTranslation {
        let segs: SourceSegments
        do {
            segs = try SourceSegments(source: source, vocabulary: vocabulary)
        } catch {
            throw CallFailure(.inputError, "the input does not tokenize: \(error)")
        }
        var result = FileTranslation(output: [])
        var replacements: [Int: String] = [:]

        let nameAnswers = try batched(.identifiers, segs.identifiers, id: id, stats: &stats)
        var namer = IdentifierNamer(vocabulary: vocabulary, fixedNames: segs.fixedNames)
        namer.assign(originals: segs.identifiers, answers: nameAnswers)
        result.names = namer.mapping
        result.artefacts = namer.artefacts

        let commentAnswers = try batched(.comments, segs.comments.map(\.body), id: id, stats: &stats)
        for (c, answer) in zip(segs.comments, commentAnswers) {
            let line = answer.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
                .replacingOccurrences(of: "\r", with: " ")
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { result.keptUnsafe += 1; continue }
            if line != c.body { replacements[c.token] = c.lead + line + c.tail }
        }
        for (kind, literals) in [(SegmentKind.docstrings, segs.docstrings), (.strings, segs.strings)] {
            let answers = try batched(kind, literals.map(\.literal.body), id: id, stats: &stats)
            for (l, answer) in zip(literals, answers) where answer != l.literal.body {
                if let text = l.literal.with(body: answer) { replacements[l.token] = text } else { result.keptUnsafe += 1 }
            }
        }
        result.segments = [SegmentKind.identifiers.rawValue: segs.identifiers.count, SegmentKind.comments.rawValue: segs.comments.count,
                           SegmentKind.docstrings.rawValue: segs.docstrings.count, SegmentKind.strings.rawValue: segs.strings.count]
        result.output = segs.apply(names: result.names, replacements: replacements)
        return result
    }

    private func wholeFile(id: String, source: [UInt8], stats: inout CallStats) throws -> FileTranslation {
        guard let text = String(bytes: source, encoding: .utf8) else { throw CallFailure(.inputError, "the input is not UTF-8") }
        var code = try attempts { try translator.wholeFile(text, label: id, stats: &stats) }
        if text.hasSuffix("\n") && !code.hasSuffix("\n") { code += "\n" }
        var result = FileTranslation(output: Array(code.utf8))
        // The study's artefact, reduced wherever it appears as a name.
        if let tokens = try? PythonTokenizer(text: code, fStringMode: .split).tokenize() {
            var out: [UInt8] = []
            var copied = 0
            let bytes = result.output
            for t in tokens where t.kind == .name {
                let name = t.text(in: bytes)
                let (reduced, was) = IdentifierNamer.reduceArtefact(name)
                guard was, let valid = IdentifierNamer.identifier(reduced) else { continue }
                result.artefacts += 1
                out += bytes[copied..<t.range.lowerBound]
                out += Array(valid.utf8)
                copied = t.range.upperBound
            }
            if result.artefacts > 0 {
                out += bytes[copied...]
                result.output = out
            }
        }
        return result
    }

    /// Answers for `texts`, sent in batches; empty input sends nothing.
    private func batched(_ kind: SegmentKind, _ texts: [String], id: String, stats: inout CallStats) throws -> [String] {
        var answers: [String] = []
        answers.reserveCapacity(texts.count)
        for range in Self.batches(texts, maxCount: settings.batchSegments, maxChars: settings.batchChars) {
            let batch = Array(texts[range])
            answers += try attempts { try translator.segments(kind, batch, label: "\(id) (\(kind.rawValue))", stats: &stats) }
        }
        return answers
    }

    /// Runs `body` again when the model's answer was rejected, up to `item_attempts` tries.
    private func attempts<T>(_ body: () throws -> T) throws -> T {
        var tries = 0
        while true {
            tries += 1
            do {
                return try body()
            } catch let f as CallFailure where (f.kind == .badAnswer || f.kind == .truncatedAnswer) && tries < settings.itemAttempts {
                continue
            }
        }
    }

    /// Consecutive index ranges of at most `maxCount` texts and (beyond the first text) `maxChars` characters.
    static func batches(_ texts: [String], maxCount: Int, maxChars: Int) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0, chars = 0
        for (i, t) in texts.enumerated() {
            let n = t.count
            if i > start && (i - start >= maxCount || chars + n > maxChars) {
                out.append(start..<i)
                start = i
                chars = 0
            }
            chars += n
        }
        if start < texts.count { out.append(start..<texts.count) }
        return out
    }
}
