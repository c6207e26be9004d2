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
