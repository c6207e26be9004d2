import Foundation
import LadderCore
import LadderPython
@testable import LadderTranslate
import Testing

/// Cutting files into segments and writing translations back, without any provider.
struct SegmentTests {
    static let es = try! LanguagePack.builtin("es")
    static let vocabulary = CodeVocabulary(pack: es)

    func transpiled(_ text: String) -> [UInt8] {
        Transpiler(pack: Self.es).transpile(source: Array(text.utf8), path: "t.py").output!
    }

    @Test func findsTheFilesOwnNamesCommentsDocstringsAndStrings() throws {
        let src = transpiled("""
        #!/usr/bin/env python3
        # -*- coding: utf-8 -*-
        \"\"\"Module docs.\"\"\"
        import os.path
        from collections import OrderedDict as OD

        def read_file(path, size=10):  # type: ignore
            # open the file
            name = os.path.join(path, 'data file')
            table = OD(first=1)
            return open(name).read(size), f"{name}!", b'raw bytes'

        """)
        let s = try SourceSegments(source: src, vocabulary: Self.vocabulary)
        #expect(s.identifiers == ["read_file", "path", "size", "name", "table"])
        // Imported names, attributes of imported modules, keyword arguments only, builtins: kept.
        for kept in ["os", "collections", "OrderedDict", "OD", "join", "first", "read"] { #expect(s.fixedNames.contains(kept)) }
        #expect(s.comments.map(\.body) == ["open the file"])
        #expect(s.docstrings.map(\.literal.body) == ["Module docs."])
        #expect(s.strings.map(\.literal.body) == ["data file"])

        let out = String(decoding: s.apply(names: ["path": "ruta", "name": "nombre", "join": "unir"], replacements: [:]), as: UTF8.self)
        #expect(out.contains("os.path.join(ruta, 'data file')"))   // `path` after an imported module stays; `join` too
        #expect(out.contains("f\"{nombre}!\""))                      // names inside f-string fields follow the mapping
        #expect(out.contains("read_file(ruta, size=10)"))
        #expect(out.contains("importar os.path\n"))                 // import statements are never renamed
    }

    @Test func identifierNamesAreValidUniqueAndTheArtefactIsReducedAndCounted() {
        var namer = IdentifierNamer(vocabulary: Self.vocabulary, fixedNames: ["archivo"])
        namer.assign(originals: ["file", "path", "_private", "data", "si", "count2"],
                     answers: ["archivo", "original_name_path_translated_name_ruta", "privado", "datos de  entrada", "x", "2cuenta"])
        #expect(namer.mapping["file"] == "archivo_")       // the file keeps a name `archivo`
        #expect(namer.mapping["path"] == "ruta")
        #expect(namer.artefacts == 1)
        #expect(namer.mapping["_private"] == "_privado")   // leading underscore kept
        #expect(namer.mapping["data"] == "datos_de_entrada")
        #expect(namer.mapping["count2"] == "_2cuenta")
        #expect(IdentifierNamer.identifier("si")! == "si")
        var n2 = IdentifierNamer(vocabulary: Self.vocabulary, fixedNames: [])
        n2.assign(originals: ["cond"], answers: ["si"])       // `si` is the pack's `if`
        #expect(n2.mapping["cond"] == "si_")
        #expect(IdentifierNamer.identifier("  `\u{200C}` ") == nil)
    }

    @Test func translatedBodiesAreWrittenBackAsOneLiteralOrRefused() {
        #expect(StringLiteral("'it'")!.with(body: "it's") == #"'it\'s'"#)
        #expect(StringLiteral("'a'")!.with(body: "line\nbreak") == #"'line\nbreak'"#)
        #expect(StringLiteral("r'a'")!.with(body: "it's") == nil)
        #expect(StringLiteral("\"\"\"doc\"\"\"")!.with(body: "línea\notra") == "\"\"\"línea\notra\"\"\"")
        #expect(StringLiteral("'x'")!.with(body: "ends with \\") == #"'ends with \\'"#)
        #expect(StringLiteral("b'x'")!.isBytes)
    }

    @Test func answersAreReadFromProseAndFences() {
        #expect(AnswerParser.stringList("Here:\n```json\n[\"a\", \"b\"]\n```") == ["a", "b"])
        #expect(AnswerParser.stringList("[\"a\", 2]") == ["a", "2"])
        #expect(AnswerParser.stringList("no list") == nil)
        #expect(AnswerParser.code("```python\nx = 1\n```\n") == "x = 1\n")
        #expect(AnswerParser.code("x = 1\n") == "x = 1\n")
    }

    @Test func glossaryTranslatesWordsInNamesAndProseButNotCodeLikeText() {
        let g = GlossaryTranslator(table: ["file": "archivo", "name": "nombre", "read": "leer", "default": "valor por defecto"])
        #expect(g.identifier("read_file") == "leer_archivo")
        #expect(g.identifier("fileName") == "archivo_nombre")
        #expect(g.identifier("_file_") == "_archivo_")
        #expect(g.identifier("default") == "valor_por_defecto")
        #expect(g.identifier("other") == "other")
        #expect(g.prose("Read the file name") == "Leer the archivo nombre")
        #expect(g.prose("%(name)s in file.txt\\nfile") == "%(name)s in file.txt\\nfile")
    }

    @Test func retryAfterIsReadAsSecondsDateOrMilliseconds() {
        #expect(ChatClient.retryAfter(["retry-after": "3"]) == 3)
        #expect(ChatClient.retryAfter(["retry-after-ms": "250", "retry-after": "9"]) == 0.25)
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let later = ChatClient.retryAfter(["retry-after": "Tue, 14 Nov 2023 22:13:40 GMT"], now: now)
        #expect(later.map { abs($0 - 20) < 0.5 } == true)
        #expect(ChatClient.retryAfter([:]) == nil)
    }

    @Test func batchesRespectCountAndCharacterLimits() {
        #expect(FileTranslator.batches(["aa", "bb", "cc", "dd", "ee"], maxCount: 2, maxChars: 100) == [0..<2, 2..<4, 4..<5])
        #expect(FileTranslator.batches(["aaaa", "bbbb", "c"], maxCount: 10, maxChars: 5) == [0..<1, 1..<3])
        #expect(FileTranslator.batches([], maxCount: 2, maxChars: 5).isEmpty)
    }

    @Test func bothProvidersRequestShapes() throws {
        let r = ChatRequest(model: "m", system: "s", user: "u", temperature: 0.3, topP: 0.9, topK: 5, maxTokens: 100, seed: 7)
        let o = OpenAIChatWire().body(r)
        #expect(o["model"] == .string("m") && o["max_tokens"] == .int(100) && o["top_p"] == .double(0.9) && o["seed"] == .int(7))
        #expect(o["messages"]?.arrayValue?.map { $0["role"]?.stringValue } == ["system", "user"])
        let c = CohereChatWire().body(r)
        #expect(c["p"] == .double(0.9) && c["k"] == .int(5) && c["top_p"] == nil && c["stream"] == .bool(false))
        let reply = try CohereChatWire().reply(Data(#"{"id":"x","finish_reason":"COMPLETE","message":{"role":"assistant","content":[{"type":"text","text":"hola"}]},"usage":{"billed_units":{"input_tokens":3,"output_tokens":2},"tokens":{"input_tokens":9,"output_tokens":2}}}"#.utf8))
        #expect(reply == ChatReply(text: "hola", inputTokens: 3, outputTokens: 2, finishReason: "complete"))
        let oa = try OpenAIChatWire().reply(Data(#"{"choices":[{"index":0,"message":{"role":"assistant","content":"hola"},"finish_reason":"length"}],"usage":{"prompt_tokens":4,"completion_tokens":1}}"#.utf8))
        #expect(oa.wasTruncated && oa.inputTokens == 4)
        #expect(throws: CallFailure.self) { try OpenAIChatWire().reply(Data("{\"choices\": []}".utf8)) }
    }

    @Test func settingsRefuseMistakesWithTheParametersName() {
        func message(_ p: [String: String], _ n: [String: Int] = [:]) -> String {
            var params = p.mapValues(Value.string)
            for (k, v) in n { params[k] = .int(v) }
            do { _ = try TranslateSettings(params: params); return "" } catch { return "\(error)" }
        }
        #expect(message(["lang": "es", "provider": "openai"]).contains("needs `model`"))
        #expect(message(["lang": "fr", "provider": "glossary"]).contains("no language pack"))
        #expect(message(["lang": "es", "provider": "glossary"]).contains("needs `glossary`"))
        #expect(message(["lang": "es", "provider": "openai", "model": "m", "endpoint": "ftp://x"]).contains("http(s) URL"))
        #expect(message(["lang": "es", "provider": "openai", "model": "m", "endpoint": "https://k:s@h/v1"]).contains("credentials"))
        #expect(message(["lang": "es", "provider": "cohere", "model": "m"], ["requests_per_minute": 0]).contains("requests_per_minute"))
        #expect(message(["lang": "es", "provider": "glossary", "glossary": "g.json", "mode": "whole-file"]).contains("mode segments"))
        #expect(message(["lang": "es", "provider": "cohere", "model": "c4ai-aya-expanse-32b"]).isEmpty)
    }

    @Test func theBuiltinTemplateLoadsAndATemplateWithAnUnknownPlaceholderIsRefused() throws {
        let t = try PromptTemplate.load("builtin:translate-v1", ladderDirectory: nil)
        #expect(t.languages["ur"] == "Urdu")
        let msg = try t.segmentsMessage(lang: "ur", kind: .identifiers, segments: ["a"], glossary: "{}")
        #expect(msg.contains("Segment kind: identifiers") && msg.contains("[\"a\"]") && !msg.contains("{{"))
        let ref = try DataFileReference("builtin:translate-v1", ladderDirectory: nil, builtinFolder: "Prompts", what: "prompt template")
        var bad = try Value.parseJSON(try ref.read(what: "prompt template"))
        if case .object(var o) = bad { o["segments"] = .string("{{segmnets}}"); bad = .object(o) }
        #expect(throws: LadderError.self) { try PromptTemplate(data: Data(bad.canonicalBytes), origin: "bad.json") }
        #expect(throws: LadderError.self) { try PromptTemplate.load("builtin:nope", ladderDirectory: nil) }
    }
}
