import Foundation
import LadderCore
import Testing
@testable import LadderPython

@Test(arguments: LanguagePack.builtinLanguages)
func builtinPackHasNoInternalCollisionsAndAFileFingerprint(language: String) throws {
    let pack = try LanguagePack.builtin(language)
    #expect(pack.language == language)
    // Two English words must never share a translation, or the reverse
    // transpiler could not tell them apart.
    var owner: [String: String] = [:]
    for entry in pack.entries where entry.translation != entry.english {
        #expect(owner[entry.translation] == nil, "\(language): '\(entry.translation)' translates both \(owner[entry.translation] ?? "") and \(entry.english)")
        owner[entry.translation] = entry.english
    }
    #expect(Set(pack.entries.map(\.english)).count == pack.entries.count)
    for entry in pack.entries {
        #expect(pack.sources[entry.source] != nil, "\(language): \(entry.english) cites unknown source \(entry.source)")
        #expect(!entry.status.isEmpty)
        #expect(entry.translation == entry.translation.trimmingCharacters(in: .whitespaces))
    }
    let bytes = try Data(contentsOf: TestSupport.packFile(language))
    #expect(pack.fingerprint == SHA256.hex(bytes))
}

@Test func everyPackCoversKeywordsBuiltinsSoftKeywordsAndExceptions() throws {
    let keywords = Set(TokenCode.keywordNames)
    for language in LanguagePack.builtinLanguages {
        let pack = try LanguagePack.builtin(language)
        let hard = Set(pack.entries.filter { $0.category == .keyword }.map(\.english))
        #expect(hard == keywords, "\(language) keywords differ: \(hard.symmetricDifference(keywords))")
        #expect(pack.entries.filter { $0.category == .builtinFunction }.count >= 69)
        #expect(pack.entry(english: "match")?.category == .softKeyword)
        #expect(pack.entry(english: "ValueError")?.category == .exceptionClass)
    }
}

@Test func urduPackPrefersTheStudysFormsAndRecordsThem() throws {
    let ur = try LanguagePack.builtin("ur")
    let expected = ["def": "تعریف", "assert": "تصدیق", "if": "اگر", "and": "اور"]
    for (english, translation) in expected {
        let entry = try #require(ur.entry(english: english))
        #expect(entry.translation == translation)
        #expect(entry.status.contains("study"), "\(english) should record the study as a source")
    }
    #expect(ur.numerals?.digits == "۰۱۲۳۴۵۶۷۸۹")
}

@Test func communityPacksKeepTheCommunityDictionaryOrSayWhyNot() throws {
    guard let data = TestSupport.sharedData else {
        print("skipped: ../shared/data is absent")
        return
    }
    for language in ["es", "ur"] {
        let pack = try LanguagePack.builtin(language)
        let tsv = try String(contentsOf: data.appendingPathComponent("legesher-community/python-\(language).tsv"), encoding: .utf8)
        for line in tsv.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let entry = try #require(pack.entry(english: fields[1]), "\(language) lacks \(fields[1])")
            let community = fields[2].trimmingCharacters(in: .whitespaces)
            if entry.translation != community || community != fields[2] {
                #expect(entry.note != nil, "\(language) \(fields[1]) differs from the community form without a note")
            }
        }
    }
}

@Test func packValidationRejectsCollisionsAndUnreadableTranslations() {
    func problems(_ entries: [(String, String)]) -> [String] {
        LanguagePack.problems(entries: entries.map {
            LanguagePack.Entry(english: $0.0, translation: $0.1, category: .keyword, status: "test", source: "test")
        }, numerals: nil)
    }
    #expect(problems([("if", "si"), ("elif", "si no, si")]).isEmpty)
    #expect(problems([("import", "importar"), ("__import__", "importar")]).first?.contains("collides with entry 1 (import)") == true)
    #expect(problems([("if", "else"), ("else", "sino")]).contains { $0.contains("English word of entry 2") })
    #expect(!problems([("if", "si\"")]).isEmpty)
    #expect(!problems([("if", "si  no")]).isEmpty)
    #expect(!problems([("if", "rb")]).isEmpty)
    #expect(!problems([("if", "9si")]).isEmpty)
    #expect(!problems([("if", "")]).isEmpty)
    #expect(!LanguagePack.problems(entries: [], numerals: .init(system: "x", digits: "0123456789")).isEmpty)
}

@Test func packInitThrowsBadInputNamingTheProblem() {
    let entries = [LanguagePack.Entry(english: "if", translation: "si", category: .keyword, status: "t", source: "t"),
                   LanguagePack.Entry(english: "in", translation: "si", category: .keyword, status: "t", source: "t")]
    #expect(throws: LadderError.self) { try LanguagePack(name: "bad", language: "xx", version: "0", entries: entries) }
    #expect(throws: LadderError.self) { try LanguagePack(data: Data("{}".utf8), origin: "x.json") }
    do {
        _ = try LanguagePack.builtin("klingon")
        Issue.record("expected an error")
    } catch {
        #expect("\(error)".contains("known: es, ur, zh"))
    }
}
