import Foundation
import LadderCore
import LadderModel
import Testing

struct TokenizerTests {
    static let samples = [
        "The committee met on Tuesday; it's the third meeting this year.",
        "委员会周二召开会议，这是今年的第三次会议。",
        "El comité se reunió el martes; es la tercera reunión de este año.",
        "کمیٹی کا اجلاس منگل کو ہوا، یہ اس سال کا تیسرا اجلاس ہے۔",
        "def área(radio):\n    \"\"\"Devuelve el área.\"\"\"\n    return 3.14159 * radio ** 2\n\n\nprint(área(2))  # 12.56\n",
        "tabs\tand  double  spaces\n\n  indented\r\nemoji 🙂 and combining e\u{301}",
    ]

    @Test func gpt2PatternSplitsLikeTheRegex() {
        #expect(ByteLevel.split("Hello world") == ["Hello", " world"])
        #expect(ByteLevel.split("it's  a\n\nb") == ["it", "'s", " ", " a", "\n", "\n", "b"])
        #expect(ByteLevel.split("x = 42;  ") == ["x", " =", " 42", ";", "  "])
        #expect(ByteLevel.split("  def f():") == [" ", " def", " f", "():"])
        #expect(ByteLevel.split("they'll we've I'm") == ["they", "'ll", " we", "'ve", " I", "'m"])
        #expect(ByteLevel.split("中文测试，好") == ["中文测试", "，", "好"])
        for s in Self.samples { #expect(ByteLevel.split(s).joined() == s) }
    }

    @Test func byteAlphabetIsGPT2s() {
        #expect(ByteLevel.spell([UInt8(ascii: " ")]) == "Ġ")
        #expect(ByteLevel.spell([UInt8(ascii: "\n")]) == "Ċ")
        #expect(ByteLevel.spell([UInt8(ascii: "A")]) == "A")
        #expect(Set(ByteLevel.byteToCharacter).count == 256)
    }

    @Test func everyLanguageRoundTripsWithoutUnknownTokens() throws {
        let tok = try BPETrainer.train(texts: Self.samples, vocabularySize: 400)
        #expect(tok.vocabularySize > 259 && tok.vocabularySize <= 400)
        for s in Self.samples {
            let ids = tok.encode(s)
            #expect(tok.decode(ids) == s)
            #expect(ids.allSatisfy { $0 >= 3 && $0 < tok.vocabularySize })
            #expect(ids.count < s.utf8.count, "merges shorten \(s.prefix(10))")
        }
        // Text the tokenizer never saw still encodes, byte by byte at worst.
        let unseen = "Ελληνικά και русский"
        #expect(tok.decode(tok.encode(unseen)) == unseen)
    }

    @Test func trainingIsDeterministicAndTheFileRoundTrips() throws {
        let a = try BPETrainer.train(texts: Self.samples, vocabularySize: 350)
        let b = try BPETrainer.train(texts: Self.samples.reversed(), vocabularySize: 350)
        #expect(a == b)
        #expect(a.json.prettyJSON == b.json.prettyJSON)
        let dir = TestModels.temporaryDirectory("tok")
        try a.save(to: dir)
        let back = try BPETokenizer.load(from: dir)
        #expect(back == a)
        for s in Self.samples { #expect(back.encode(s) == a.encode(s)) }
        let json = try Value.parseJSON(Data(contentsOf: dir.appendingPathComponent("tokenizer.json")))
        #expect(json["model"]?["type"]?.stringValue == "BPE")
        #expect(json["pre_tokenizer"]?["type"]?.stringValue == "ByteLevel")
        #expect(json["decoder"]?["type"]?.stringValue == "ByteLevel")
        #expect(json["model"]?["merges"]?.arrayValue?.count == a.merges.count)
    }

    @Test func tooSmallAVocabularyIsRefused() {
        #expect(throws: LadderError.self) { try BPETrainer.train(texts: ["abc"], vocabularySize: 100) }
    }
}

/// Hugging Face's `tokenizers` (when python3 has it) reading our tokenizer.json must give our ids.
struct HuggingFaceTokenizerTests {
    static let available: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import tokenizers"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    @Test(.enabled(if: HuggingFaceTokenizerTests.available, "needs python3 with the tokenizers package"))
    func huggingFaceTokenizersGiveOurIds() throws {
        var texts = TokenizerTests.samples
        texts += [
            "import os\r\nclass Ñandú:\r\n\tdef __init__(self):\r\n\t\tself.x = {'a': [1, 2.5e-3, 0x1F]}\r\n",
            "x  =  1   # three  spaces\n\n\n   \n\ttab\u{00A0}nbsp\u{3000}ideographic space",
            "Numbers ١٢٣ ٤٥ and 一二三, ²³ ⅷ; it's 'quoted' and \"double\" — dashes…",
            "混合 text 与 español y اردو، all in one line!!! ??? ...",
            "",
        ]
        let tok = try BPETrainer.train(texts: texts + texts.map { $0.uppercased() }, vocabularySize: 600)
        let dir = TestModels.temporaryDirectory("hf-tok")
        try tok.save(to: dir)
        let input = dir.appendingPathComponent("texts.json")
        try JSONWriter.write(Value.array(texts.map(Value.string)), to: input)
        let script = """
        import json, sys
        from tokenizers import Tokenizer
        tok = Tokenizer.from_file(sys.argv[1])
        texts = json.load(open(sys.argv[2]))
        print(json.dumps([tok.encode(t, add_special_tokens=False).ids for t in texts]))
        """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, dir.appendingPathComponent("tokenizer.json").path, input.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let theirs = try Value.parseJSON(out).arrayValue?.map { $0.arrayValue?.compactMap(\.intValue) ?? [] } ?? []
        #expect(theirs.count == texts.count)
        for (t, ids) in zip(texts, theirs) { #expect(tok.encode(t) == ids, "\(t.prefix(30))") }
    }
}
