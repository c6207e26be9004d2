/// One row of a SIB-200 test file. The same `id` (`index_id`) names the same
/// FLORES-200 sentence in every language.
public struct SIB200Example: Sendable, Equatable, Codable {
    /// `index_id` exactly as written in the file.
    public let id: String
    /// The gold category, one of the labels.
    public let category: String
    public let text: String
    /// The data language's short code (`en`, `zh`, ...).
    public let lang: String

    public init(id: String, category: String, text: String, lang: String) {
        self.id = id
        self.category = category
        self.text = text
        self.lang = lang
    }
}
