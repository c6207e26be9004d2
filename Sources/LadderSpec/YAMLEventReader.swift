import CYAML
import Foundation

/// Pulls parse events one at a time from the system libyaml (`yaml_parser_parse`).
///
/// Ladders do not use anchors or aliases, so the reader refuses an alias, or any
/// node carrying an anchor, the moment its event arrives: nothing is ever
/// expanded, and a "billion laughs" file fails at its first anchor.
/// Each event is copied into a `YAMLEvent` and freed before `next()` returns;
/// the parser and its copy of the text are freed with the reader.
final class YAMLEventReader {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    /// The UTF-8 text libyaml reads from; it must live as long as the parser.
    private let input: UnsafeMutableBufferPointer<UInt8>
    private let file: String
    /// False when libyaml could not set up the parser (out of memory).
    private let ready: Bool

    init(text: String, file: String) {
        self.file = file
        let bytes = Array(text.utf8)
        // One spare byte so the buffer is never empty (libyaml wants a non-NULL pointer).
        input = .allocate(capacity: bytes.count + 1)
        _ = input.initialize(from: bytes + [0])
        parser = .allocate(capacity: 1)
        ready = yaml_parser_initialize(parser) == 1
        if ready {
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
        }
    }

    deinit {
        if ready { yaml_parser_delete(parser) }
        parser.deallocate()
        input.deallocate()
    }

    /// The next event; a syntax error, an anchor or an alias throws a located `SpecError`.
    func next() throws -> YAMLEvent {
        guard ready else { throw SpecError("the YAML parser ran out of memory", at: location(line: 0, column: 0)) }
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw problem() }
        defer { yaml_event_delete(&event) }
        let at = location(line: event.start_mark.line, column: event.start_mark.column)
        switch event.type {
        case YAML_STREAM_START_EVENT: return YAMLEvent(kind: .streamStart, location: at)
        case YAML_STREAM_END_EVENT: return YAMLEvent(kind: .streamEnd, location: at)
        case YAML_DOCUMENT_START_EVENT: return YAMLEvent(kind: .documentStart, location: at)
        case YAML_DOCUMENT_END_EVENT: return YAMLEvent(kind: .documentEnd, location: at)
        case YAML_ALIAS_EVENT: throw Self.refused("alias '*", event.data.alias.anchor, at: at)
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            try Self.refuseAnchor(s.anchor, at: at)
            let value = s.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: s.length), as: UTF8.self) } ?? ""
            return YAMLEvent(kind: .scalar(value, plain: s.style == YAML_PLAIN_SCALAR_STYLE), location: at)
        case YAML_SEQUENCE_START_EVENT:
            try Self.refuseAnchor(event.data.sequence_start.anchor, at: at)
            return YAMLEvent(kind: .sequenceStart, location: at)
        case YAML_SEQUENCE_END_EVENT: return YAMLEvent(kind: .sequenceEnd, location: at)
        case YAML_MAPPING_START_EVENT:
            try Self.refuseAnchor(event.data.mapping_start.anchor, at: at)
            return YAMLEvent(kind: .mappingStart, location: at)
        case YAML_MAPPING_END_EVENT: return YAMLEvent(kind: .mappingEnd, location: at)
        default:
            throw SpecError("YAML syntax: the document ends unexpectedly", at: at)
        }
    }

    /// libyaml marks are 0-based; locations are 1-based.
    private func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, line: line + 1, column: column + 1)
    }

    private static func refuseAnchor(_ anchor: UnsafeMutablePointer<yaml_char_t>?, at: SourceLocation) throws {
        if anchor != nil { throw refused("anchor '&", anchor, at: at) }
    }

    private static func refused(_ what: String, _ name: UnsafeMutablePointer<yaml_char_t>?, at: SourceLocation) -> SpecError {
        let name = name.map { String(cString: $0) } ?? ""
        return SpecError("YAML anchors and aliases are not supported in ladders (found \(what)\(name)')", at: at,
                         hint: "use step templates and overrides instead of anchors")
    }

    /// The parser's error as a `SpecError` at libyaml's problem mark.
    private func problem() -> SpecError {
        let p = parser.pointee
        let problem = p.problem.map { String(cString: $0) } ?? "unknown problem"
        switch p.error {
        case YAML_MEMORY_ERROR:
            return SpecError("the YAML parser ran out of memory", at: location(line: 0, column: 0))
        case YAML_READER_ERROR:
            return SpecError("YAML cannot be read: \(problem)", at: location(ofByte: p.problem_offset),
                             hint: "the file must be UTF-8 text without control characters")
        default:
            var message = "YAML syntax: \(problem)"
            if let context = p.context {
                message += " \(String(cString: context))"
                if p.context_mark.line != p.problem_mark.line { message += " (from line \(p.context_mark.line + 1))" }
            }
            return SpecError(message, at: location(line: p.problem_mark.line, column: p.problem_mark.column),
                             hint: "check indentation, colons, quotes and brackets on this line or the one above")
        }
    }

    /// The line and column of a byte offset into the input (reader errors carry only an offset).
    private func location(ofByte offset: Int) -> SourceLocation {
        let before = input[0..<min(offset, input.count - 1)]
        let lineStart = (before.lastIndex(of: UInt8(ascii: "\n")) ?? -1) + 1
        let line = before.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        let column = String(decoding: input[lineStart..<before.endIndex], as: UTF8.self).unicodeScalars.count
        return location(line: line, column: column)
    }
}
