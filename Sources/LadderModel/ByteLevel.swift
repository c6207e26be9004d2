/// Byte-level pre-tokenization as GPT-2 and Hugging Face `tokenizers`' `ByteLevel`
/// pre-tokenizer (`use_regex: true`, `add_prefix_space: false`) do it: text is split
/// by the GPT-2 pattern
/// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
/// and each piece's UTF-8 bytes are spelled with GPT-2's printable byte alphabet
/// (`bytes_to_unicode`: bytes 33–126, 161–172 and 174–255 stand for themselves,
/// the other 68 bytes for U+0100 onwards in byte order). The pattern is matched by
/// hand here, with the same alternatives in the same order.
public enum ByteLevel {
    /// The character that spells each byte.
    public static let byteToCharacter: [Character] = {
        var keep = Array(33...126) + Array(161...172) + Array(174...255)
        var table = [UInt32](repeating: 0, count: 256)
        for b in keep { table[b] = UInt32(b) }
        var n: UInt32 = 0
        for b in 0..<256 where !keep.contains(b) {
            table[b] = 256 + n
            n += 1
            keep.append(b)
        }
        return table.map { Character(Unicode.Scalar($0)!) }
    }()

    /// The byte each alphabet character spells.
    public static let characterToByte: [Character: UInt8] = {
        var out: [Character: UInt8] = [:]
        for (b, c) in byteToCharacter.enumerated() { out[c] = UInt8(b) }
        return out
    }()

    /// `bytes` spelled in the byte alphabet.
    public static func spell(_ bytes: some Sequence<UInt8>) -> String {
        var s = ""
        for b in bytes { s.append(byteToCharacter[Int(b)]) }
        return s
    }

    /// The bytes a byte-alphabet string spells; nil when it has another character.
    public static func bytes(of spelled: String) -> [UInt8]? {
        var out: [UInt8] = []
        for c in spelled {
            guard let b = characterToByte[c] else { return nil }
            out.append(b)
        }
        return out
    }

    enum Class { case letter, number, space, other }

    static func classify(_ s: Unicode.Scalar) -> Class {
        if s.properties.isWhitespace { return .space }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return .letter
        case .decimalNumber, .letterNumber, .otherNumber: return .number
        default: return .other
        }
    }

    /// The GPT-2 pattern's pieces of `text`, in order; their concatenation is `text`.
    public static func split(_ text: String) -> [String] {
        let s = Array(text.unicodeScalars)
        let cls = s.map(classify)
        let n = s.count
        var pieces: [String] = []
        func emit(_ a: Int, _ b: Int) {
            var u = String.UnicodeScalarView()
            u.append(contentsOf: s[a..<b])
            pieces.append(String(u))
        }
        var i = 0
        while i < n {
            // 's 't 're 've 'm 'll 'd
            if s[i] == "'" && i + 1 < n {
                let c1 = s[i + 1], c2: Unicode.Scalar? = i + 2 < n ? s[i + 2] : nil
                if c1 == "s" || c1 == "t" || c1 == "m" || c1 == "d" { emit(i, i + 2); i += 2; continue }
                if (c1 == "r" && c2 == "e") || (c1 == "v" && c2 == "e") || (c1 == "l" && c2 == "l") { emit(i, i + 3); i += 3; continue }
            }
            // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`
            let j = s[i] == " " ? i + 1 : i
            if j < n && cls[j] != .space {
                let kind = cls[j]
                var k = j + 1
                while k < n && cls[k] == kind { k += 1 }
                emit(i, k)
                i = k
                continue
            }
            // `\s+(?!\S)`, then `\s+`
            var k = i
            while k < n && cls[k] == .space { k += 1 }
            if k == n || k - i == 1 {
                emit(i, k)
                i = k
            } else {
                emit(i, k - 1)
                i = k - 1
            }
        }
        return pieces
    }
}
