import Foundation

/// Study-format results files with planted effects, and the ladder that imports them.
///
/// Answer strings and what the two scorers read in them (from the study's extractor cases):
/// `tkn` is Urdu for technology, read only by refined-v1; `hedge` names two topics, read by
/// strict-v1 as its first canonical category and refused by refined-v1; `plain` is read alike.
enum StudyFixture {
    static let native = "تکنالوجی۔"                                   // refined → science/technology; strict → none
    static let hedge = "travel与娱乐"                                  // strict → travel; refined → none
    static let plain = "This piece of news seems to be related to \"Travel\"."   // both → travel

    /// Rows of one SIB-200 cell: `right` correct answers of a kind, then `wrong` plainly wrong ones.
    static func rows(_ kind: String, right: Int, wrong: Int) -> [[String: String]] {
        let answer: (String, String)
        switch kind {
        case "native": answer = (native, "science/technology")
        case "hedge": answer = (hedge, "travel")
        default: answer = (plain, "travel")
        }
        return Array(repeating: ["raw_output": answer.0, "gold": answer.1], count: right)
            + Array(repeating: ["raw_output": plain, "gold": "sports"], count: wrong)
    }

    static func resultsJSON(_ rows: [[String: String]]) throws -> Data {
        let cell = "template1_sib200_data=en_instr=en"
        let doc: [String: Any] = ["summary": ["\(cell)_acc": 0.0], "parse_failure_rates": [cell: 0.0], cell: rows]
        return try JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys])
    }

    /// Writes the results files and the ladder into `dir`; returns the ladder path.
    /// Conditions: baseline (50%), native (win only under refined), artefact (strict win that
    /// flips to a loss under refined), multi (3 seeds), gappy (seed 123's session is missing).
    @discardableResult
    static func write(into dir: URL, extraScorer: Bool = false) throws -> String {
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("results"), withIntermediateDirectories: true)
        let files: [(String, [[String: String]])] = [
            ("baseline", rows("plain", right: 15, wrong: 15)),
            ("native-42", rows("native", right: 21, wrong: 9)),
            ("artefact-42", rows("hedge", right: 21, wrong: 9)),
            ("multi-42", rows("plain", right: 18, wrong: 12)),
            ("multi-123", rows("plain", right: 17, wrong: 13)),
            ("multi-456", rows("plain", right: 19, wrong: 11)),
            ("gappy-42", rows("plain", right: 16, wrong: 14)),
        ]
        for (name, r) in files {
            try resultsJSON(r).write(to: dir.appendingPathComponent("results/\(name)_results_template1.json"))
        }
        let scorers = extraScorer ? "[strict-v1, refined-v1, refined-v2]" : "[strict-v1, refined-v1]"
        let ladder = """
        ladder: fixture
        axes: {seed: [42, 123, 456]}
        scorers:
          refined-v2: {extends: refined-v1, add: {sib200: {term_to_category: {"ٹیکنالوجی": science/technology}}}}
        steps:
          eval: {engine: import, params: {files: ["results/${condition}-${seed}_results_template1.json"], allow_missing: true}}
          reparse:
            engine: reparse
            for_each: {scorer: \(scorers)}
            inputs: {results: eval}
            params: {scorer: "${scorer}"}
          analysis: {engine: analysis, inputs: {scored: all.reparse}, params: {baseline: baseline, noise_floor: 0.01}}
        conditions:
          baseline:
            pipeline: [{eval: {params: {files: [results/baseline_results_template1.json]}}}, reparse]
          native: {description: native-script answers, cells: {seed: [42]}, pipeline: [eval, reparse]}
          artefact: {description: hedged answers, cells: {seed: [42]}, pipeline: [eval, reparse]}
          multi: {cells: {seed: [42, 123, 456]}, pipeline: [eval, reparse]}
          gappy: {cells: {seed: [42, 123]}, pipeline: [eval, reparse]}
          analysis: {pipeline: [analysis]}
        """
        let path = dir.appendingPathComponent("fixture.yaml").path
        try ladder.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
