/// Training sequences made from tokenized documents, and what it cost.
public struct PackedSequences: Sendable, Equatable {
    /// One document's fate.
    public struct Document: Sendable, Equatable {
        public var id: String
        /// Tokens of the document, BOS and EOS included.
        public var tokens: Int
        /// Tokens that did not fit (without packing: beyond `max_seq_length`).
        public var dropped: Int
    }

    public var sequences: [[Int]]
    public var documents: [Document]

    public var tokens: Int { documents.reduce(0) { $0 + $1.tokens } }
    public var droppedTokens: Int { documents.reduce(0) { $0 + $1.dropped } }
    public var truncatedDocuments: [Document] { documents.filter { $0.dropped > 0 } }

    /// Each document becomes `BOS tokens EOS`. With `packing`, the documents are laid
    /// end to end and cut into sequences of `maxLength` (a document may span two
    /// sequences; only the last sequence is shorter; nothing is dropped). Without
    /// it, each document is one sequence, truncated to `maxLength` — the tokens cut
    /// off are reported per document.
    public init(documents input: [(id: String, tokens: [Int])], maxLength: Int, packing: Bool, bos: Int, eos: Int) {
        precondition(maxLength >= 2, "max_seq_length must be at least 2")
        var seqs: [[Int]] = [], docs: [Document] = []
        if packing {
            var stream: [Int] = []
            for d in input {
                let t = [bos] + d.tokens + [eos]
                stream += t
                docs.append(Document(id: d.id, tokens: t.count, dropped: 0))
            }
            var i = 0
            while i < stream.count {
                let end = min(stream.count, i + maxLength)
                if end - i >= 2 {
                    seqs.append(Array(stream[i..<end]))
                } else {
                    // A lone last token predicts nothing; it is dropped and charged to the last document.
                    docs[docs.count - 1].dropped += end - i
                }
                i = end
            }
        } else {
            for d in input {
                let t = [bos] + d.tokens + [eos]
                seqs.append(Array(t.prefix(maxLength)))
                docs.append(Document(id: d.id, tokens: t.count, dropped: max(0, t.count - maxLength)))
            }
        }
        sequences = seqs
        documents = docs
    }
}
