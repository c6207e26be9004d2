import Foundation

/// One YAML parse event, copied out of libyaml's memory, with where it starts.
/// Anchors and aliases have no case: the reader refuses them on sight.
struct YAMLEvent: Equatable {
    enum Kind: Equatable {
        case streamStart, streamEnd
        case documentStart, documentEnd
        case scalar(String, plain: Bool)
        case sequenceStart, sequenceEnd
        case mappingStart, mappingEnd
    }

    var kind: Kind
    var location: SourceLocation

    /// A word for messages about an event out of place.
    var kindName: String {
        switch kind {
        case .streamStart: return "the start of the stream"
        case .streamEnd: return "the end of the file"
        case .documentStart: return "the start of a document"
        case .documentEnd: return "the end of a document"
        case .scalar: return "a scalar"
        case .sequenceStart: return "a list"
        case .sequenceEnd: return "the end of a list"
        case .mappingStart: return "a mapping"
        case .mappingEnd: return "the end of a mapping"
        }
    }
}
