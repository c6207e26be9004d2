import Foundation
import LadderAnalysis
import LadderCore
import LadderScoring

/// Reads a reparse step's output (`scored.json` + `*.rows.jsonl`) into
/// observations for each condition cell that uses the step. A row's example
/// id is the id its results row carried (`example_id` in the rows file);
/// only a cell whose rows carry none falls back to the row's position in
/// its cell, and the observation says so (`Pairing.position`). A cell that
/// mixes the two is refused at the line where the mix shows.
public enum ScoredOutput {
    struct Row: Decodable {
        var cell: String
        var index: Int
        var exampleId: String?
        var pred: String?
        var correct: Bool

        enum CodingKeys: String, CodingKey {
            case cell, index, pred, correct
            case exampleId = "example_id"
        }
    }

    /// The scorer name and its fingerprint, from `scored.json`.
    public static func scorer(in dir: URL) throws -> (name: String, fingerprint: String) {
        let meta = try Value.parseJSON(Data(contentsOf: dir.appendingPathComponent("scored.json")))
        guard let name = meta["scorer"]?.stringValue else {
            throw LadderError.badInput("\(dir.path)/scored.json names no scorer; is this a reparse step's output?")
        }
        return (name, meta["fingerprint"]?.stringValue ?? "")
    }

    /// Observations of one reparse output for each user (condition, seed label or nil).
    public static func observations(in dir: URL, users: [(condition: String, seed: String?)], stepKey: String) throws -> [ScoredObservation] {
        let (scorer, _) = try scorer(in: dir)
        let meta = try Value.parseJSON(Data(contentsOf: dir.appendingPathComponent("scored.json")))
        var collectors = users.map { ObservationCollector(condition: $0.condition, seed: $0.seed, scorer: scorer, stepKey: stepKey) }
        let decoder = JSONDecoder()
        for file in meta["files"]?.arrayValue ?? [] {
            guard let name = file["rows"]?.stringValue else { continue }
            // Per cell of this file: whether its first row carried an id, and that row's line.
            var carriesIds: [String: (Bool, Int)] = [:]
            let data = try Data(contentsOf: dir.appendingPathComponent(name))
            for (n, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() where !line.isEmpty {
                let row: Row
                do { row = try decoder.decode(Row.self, from: Data(line)) } catch {
                    throw LadderError.badInput("\(name):\(n + 1): not a scored row (\(error))")
                }
                guard let cell = CellKey(row.cell) else {
                    throw LadderError.badInput("\(name):\(n + 1): cell key '\(row.cell)' does not follow template{N}_{benchmark}_data={ll}_instr={ll}")
                }
                let hasId = row.exampleId != nil
                if let (first, line) = carriesIds[row.cell] {
                    if first != hasId {
                        throw LadderError.badInput(
                            "\(name):\(n + 1): cell \(row.cell) row \(row.index) \(hasId ? "carries" : "carries no") example id but the cell's first row (line \(line)) \(first ? "does" : "does not"); ids and positions cannot be paired together, so give every row of the results file's cell an example id (or none)")
                    }
                } else {
                    carriesIds[row.cell] = (hasId, n + 1)
                }
                let id = row.exampleId ?? String(row.index)
                for i in collectors.indices {
                    collectors[i].add(template: cell.template, benchmark: cell.benchmark.rawValue, dataLang: cell.dataLanguage,
                                      instrLang: cell.instructionLanguage, exampleId: id, positional: !hasId, pred: row.pred, correct: row.correct)
                }
            }
        }
        return collectors.flatMap(\.observations)
    }

    /// (condition, seed) of each user a runner listed for one gathered path. The
    /// condition is named with its other axis values in ladder order
    /// (`condition-2-zh-5k`), so cells that differ in anything but the seed stay apart
    /// and seeds collapse.
    public static func users(_ value: Value?, seedAxis: String = "seed") -> [(condition: String, seed: String?)] {
        var out: [(String, String?)] = []
        for u in value?.arrayValue ?? [] {
            guard let name = u["condition"]?.stringValue else { continue }
            let seed = u["cell"]?[seedAxis]?.stringValue
            let listed = u["axes"]?.arrayValue?.compactMap(\.stringValue) ?? (u["cell"]?.objectValue?.keys.sorted() ?? [])
            let axes = listed.filter { $0 != seedAxis }
            let c = ([name] + axes.compactMap { u["cell"]?[$0]?.stringValue }).joined(separator: "-")
            if !out.contains(where: { $0.0 == c && $0.1 == seed }) { out.append((c, seed)) }
        }
        return out
    }
}
