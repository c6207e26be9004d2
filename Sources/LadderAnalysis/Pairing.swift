import Foundation

/// How a paired test matched a condition's examples with the baseline's.
///
/// By example id wherever both observations' rows carry their own ids (the
/// evaluation engine's files, or study files with `index_id`/`id`): rows may
/// come in any order and a dropped row only loses its pair. By position only
/// where a side's ids are row positions (imported files whose rows carry no
/// id): a row dropped or moved in one session then pairs every later row
/// with the wrong example, which nothing in the data can reveal; the tables
/// say which was used so a reader knows how far to trust the test.
public enum Pairing: String, Sendable, CaseIterable, Codable {
    case exampleId = "example_id"
    case position
}
