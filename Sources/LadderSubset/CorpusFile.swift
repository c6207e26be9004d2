/// One candidate file of a corpus, as its reader found it.
///
/// `content` stays raw bytes: hashing, line counts and tokenizing never need a
/// decoded string, and a file that is not valid UTF-8 must still be counted.
public struct CorpusFile: Sendable, Equatable {
    /// The file's path in its source (repository-relative for JSONL rows, relative to
    /// the corpus root for directories). It is the sort key of the sampled population.
    public var path: String
    /// The file's bytes.
    public var content: [UInt8]
    /// Licences recorded for the file; empty when the source records none.
    public var licenses: [String]
    /// The repository the file came from, when the source says.
    public var repo: String?
    /// The repository's star count, when the source says.
    public var stars: Int?
    /// The source's own "generated file" flag, when it has one.
    public var generated: Bool?
    /// Where the reader found the file (`corpus.jsonl:17`, `manifest.csv:12`, `pkg/a.py`),
    /// for messages and for the manifest's source metadata.
    public var origin: String

    public init(
        path: String, content: [UInt8], licenses: [String] = [], repo: String? = nil,
        stars: Int? = nil, generated: Bool? = nil, origin: String? = nil
    ) {
        self.path = path
        self.content = content
        self.licenses = licenses
        self.repo = repo
        self.stars = stars
        self.generated = generated
        self.origin = origin ?? path
    }

    /// `content` decoded leniently, for callers that want text.
    public var text: String { String(decoding: content, as: UTF8.self) }
}
