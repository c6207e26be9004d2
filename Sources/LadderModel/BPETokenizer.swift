import Foundation
import LadderCore

/// A byte-level BPE tokenizer (GPT-2 style) that reads and writes Hugging Face's
/// `tokenizer.json` (model `BPE`, `ByteLevel` pre-tokenizer and decoder): any text
/// — Chinese, Urdu, Python source — encodes without unknown tokens, because every
/// byte has a token.
///
/// Ids: the special tokens first (`<PAD>` 0, `<BOS_TOKEN>` 1, `<EOS_TOKEN>` 2),
/// then the 256 bytes in byte order, then one token per merge in merge order.
public struct BPETokenizer: Sendable, Equatable {
    public static let specialTokens = ["<PAD>", "<BOS_TOKEN>", "<EOS_TOKEN>"]
    public static let padId = 0, bosId = 1, eosId = 2

    /// Token strings (byte-alphabet spellings; special tokens as written) by id.
    public private(set) var tokens: [String]
    /// Merges in rank order: (left id, right id) → the merged token's id.
    public private(set) var merges: [(left: Int, right: Int)]
    let ids: [String: Int]
    let ranks: [UInt64: (rank: Int, id: Int)]

    public static func == (a: BPETokenizer, b: BPETokenizer) -> Bool {
        a.tokens == b.tokens && a.merges.map { [$0.left, $0.right] } == b.merges.map { [$0.left, $0.right] }
    }

    static func pairKey(_ a: Int, _ b: Int) -> UInt64 { UInt64(a) << 32 | UInt64(b) }

    /// The byte tokens only (no merges).
    public init() {
        try! self.init(merges: [])
    }

    /// A tokenizer from merges over the base vocabulary (specials + 256 bytes).
    public init(merges: [(left: Int, right: Int)]) throws {
        var tokens = Self.specialTokens + (0..<256).map { String(ByteLevel.byteToCharacter[$0]) }
        var ids: [String: Int] = [:]
        for (i, t) in tokens.enumerated() { ids[t] = i }
        var ranks: [UInt64: (Int, Int)] = [:]
        for (rank, m) in merges.enumerated() {
            guard m.left >= Self.specialTokens.count, m.right >= Self.specialTokens.count, m.left < tokens.count, m.right < tokens.count else {
                throw LadderError.badInput("tokenizer: merge \(rank) names an unknown or special token")
            }
            // Two merges may spell the same token ("ab"+"c", "a"+"bc"): they share its id.
            let spelled = tokens[m.left] + tokens[m.right]
            let id = ids[spelled] ?? tokens.count
            if id == tokens.count {
                tokens.append(spelled)
                ids[spelled] = id
            }
            if ranks[Self.pairKey(m.left, m.right)] == nil { ranks[Self.pairKey(m.left, m.right)] = (rank, id) }
        }
        self.tokens = tokens
        self.merges = merges
        self.ids = ids
        self.ranks = ranks
    }

    public var vocabularySize: Int { tokens.count }

    // MARK: Encoding

    /// Token ids of `text` (no BOS or EOS; special-token spellings in the text are
    /// encoded as ordinary text).
    public func encode(_ text: String) -> [Int] {
        var out: [Int] = []
        var cache: [String: [Int]] = [:]
        for piece in ByteLevel.split(text) {
            if let hit = cache[piece] { out += hit; continue }
            let ids = encodePiece(Array(piece.utf8))
            cache[piece] = ids
            out += ids
        }
        return out
    }

    /// Applies the merges to one piece: the pair of lowest rank first, leftmost
    /// first among equals, until no pair has a merge.
    func encodePiece(_ bytes: [UInt8]) -> [Int] {
        var word = bytes.map { Int($0) + Self.specialTokens.count }
        while word.count > 1 {
            var bestRank = Int.max, bestId = -1, bestPair: UInt64 = 0
            for i in 0..<(word.count - 1) {
                if let r = ranks[Self.pairKey(word[i], word[i + 1])], r.rank < bestRank {
                    bestRank = r.rank
                    bestId = r.id
                    bestPair = Self.pairKey(word[i], word[i + 1])
                }
            }
            if bestId < 0 { break }
            var merged: [Int] = []
            merged.reserveCapacity(word.count)
            var i = 0
            while i < word.count {
                if i + 1 < word.count && Self.pairKey(word[i], word[i + 1]) == bestPair {
                    merged.append(bestId)
                    i += 2
                } else {
                    merged.append(word[i])
                    i += 1
                }
            }
            word = merged
        }
        return word
    }

    /// The text of `ids`; special tokens are left out, bytes that do not form UTF-8
    /// become U+FFFD.
    public func decode(_ ids: [Int]) -> String {
        var bytes: [UInt8] = []
        for id in ids where id >= Self.specialTokens.count && id < tokens.count {
            bytes += ByteLevel.bytes(of: tokens[id]) ?? []
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: tokenizer.json

    /// The `tokenizer.json` value (Hugging Face `tokenizers` format, merges as
    /// "left right" strings, which byte-level tokens never make ambiguous).
    public var json: Value {
        var vocab: [String: Value] = [:]
        for (i, t) in tokens.enumerated() { vocab[t] = .int(i) }
        let added: [Value] = Self.specialTokens.enumerated().map { i, t in
            .object(["id": .int(i), "content": .string(t), "single_word": .bool(false), "lstrip": .bool(false),
                     "rstrip": .bool(false), "normalized": .bool(false), "special": .bool(true)])
        }
        let byteLevel: Value = .object(["type": .string("ByteLevel"), "add_prefix_space": .bool(false),
                                        "trim_offsets": .bool(true), "use_regex": .bool(true)])
        return .object([
            "version": .string("1.0"), "truncation": .null, "padding": .null, "added_tokens": .array(added),
            "normalizer": .null, "pre_tokenizer": byteLevel, "post_processor": .null, "decoder": byteLevel,
            "model": .object([
                "type": .string("BPE"), "dropout": .null, "unk_token": .null, "continuing_subword_prefix": .null,
                "end_of_word_suffix": .null, "fuse_unk": .bool(false), "byte_fallback": .bool(false), "ignore_merges": .bool(false),
                "vocab": .object(vocab),
                "merges": .array(merges.map { .string(tokens[$0.left] + " " + tokens[$0.right]) }),
            ]),
        ])
    }

    /// `tokenizer_config.json` for transformers' `AutoTokenizer` (a fast tokenizer
    /// over `tokenizer.json`).
    public var configJSON: Value {
        .object([
            "tokenizer_class": .string("PreTrainedTokenizerFast"), "bos_token": .string(Self.specialTokens[Self.bosId]),
            "eos_token": .string(Self.specialTokens[Self.eosId]), "pad_token": .string(Self.specialTokens[Self.padId]),
            "add_bos_token": .bool(false), "add_eos_token": .bool(false), "clean_up_tokenization_spaces": .bool(false),
            "model_max_length": .int(1_000_000),
        ])
    }

    public func save(to directory: URL) throws {
        try JSONWriter.write(json, to: directory.appendingPathComponent("tokenizer.json"))
        try JSONWriter.write(configJSON, to: directory.appendingPathComponent("tokenizer_config.json"))
    }

    /// Reads a `tokenizer.json` this type wrote (the same base vocabulary and
    /// ids); others are refused with the reason.
    public init(json: Value, source: String) throws {
        guard let model = json["model"], model["type"]?.stringValue == "BPE",
              let vocab = model["vocab"]?.objectValue, let mergeList = model["merges"]?.arrayValue else {
            throw LadderError.badInput("\(source): not a BPE tokenizer.json")
        }
        guard json["pre_tokenizer"]?["type"]?.stringValue == "ByteLevel" else {
            throw LadderError.badInput("\(source): the pre-tokenizer is not ByteLevel")
        }
        let base = BPETokenizer()
        for (i, t) in base.tokens.enumerated() where vocab[t]?.intValue != i {
            throw LadderError.badInput("\(source): token \(t) does not have id \(i); this tokenizer was not written by ladder")
        }
        var merges: [(Int, Int)] = []
        var ids: [String: Int] = [:]
        for (t, v) in vocab { ids[t] = v.intValue }
        for (i, m) in mergeList.enumerated() {
            let parts: [String]
            if let s = m.stringValue { parts = s.split(separator: " ", omittingEmptySubsequences: false).map(String.init) } else {
                parts = m.arrayValue?.compactMap(\.stringValue) ?? []
            }
            guard parts.count == 2, let l = ids[parts[0]], let r = ids[parts[1]] else {
                throw LadderError.badInput("\(source): merge \(i) is malformed or names unknown tokens")
            }
            merges.append((l, r))
        }
        try self.init(merges: merges)
        guard vocab.count == tokens.count, tokens.enumerated().allSatisfy({ vocab[$1]?.intValue == $0 }) else {
            throw LadderError.badInput("\(source): token ids do not follow merge order; this tokenizer was not written by ladder")
        }
    }

    public static func load(from directory: URL) throws -> BPETokenizer {
        let url = directory.appendingPathComponent("tokenizer.json")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw LadderError.badInput("\(directory.path): no tokenizer.json")
        }
        return try BPETokenizer(json: try Value.parseJSON(data), source: url.path)
    }
}
