import Foundation
import LadderScoring
import Testing

/// The study's own extractors' answers on 457 inputs, checked case by case.
@Suite struct ExtractorCasesTests {
    struct Case {
        var line: Int
        var benchmark: String
        var raw: String
        var strict: String?
        var refined: String?
    }

    static func cases() throws -> [Case]? {
        guard let url = TestData.file("scorers/extractor-cases-sample.jsonl") else { return nil }
        let text = try String(contentsOf: url, encoding: .utf8)
        var out: [Case] = []
        for (k, line) in text.split(separator: "\n").enumerated() {
            let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            out.append(Case(line: k + 1, benchmark: obj["benchmark"] as! String, raw: obj["raw_output"] as! String,
                            strict: obj["strict"] as? String, refined: obj["refined"] as? String))
        }
        return out
    }

    func disagreements(scorer name: String, expected: (Case) -> String?) throws -> (checked: Int, failures: [String])? {
        guard let cases = try Self.cases() else { return nil }
        let scorer = try ScorerRegistry().scorer(named: name)
        var failures: [String] = []
        for c in cases {
            let got = scorer.extract(c.raw, benchmark: Benchmark(c.benchmark))
            if got.pred != expected(c) {
                failures.append("line \(c.line) [\(c.benchmark)] \(String(reflecting: c.raw)): expected \(expected(c) ?? "none"), got \(got)")
            }
            if (got.pred == nil) == (got.via != nil && got.via != "hedge") {
                failures.append("line \(c.line): pred and match_via disagree: \(got)")
            }
        }
        return (cases.count, failures)
    }

    @Test func strictScorerAgreesWithEverySampleCase() throws {
        guard let result = try disagreements(scorer: "strict-v1", expected: \.strict) else {
            print("skipped: ../shared/data/scorers/extractor-cases-sample.jsonl is absent")
            return
        }
        #expect(result.checked == 457)
        #expect(result.failures.isEmpty, "\(result.failures.count) disagreements:\n\(result.failures.joined(separator: "\n"))")
    }

    @Test func refinedScorerAgreesWithEverySampleCase() throws {
        guard let result = try disagreements(scorer: "refined-v1", expected: \.refined) else {
            print("skipped: ../shared/data/scorers/extractor-cases-sample.jsonl is absent")
            return
        }
        #expect(result.checked == 457)
        #expect(result.failures.isEmpty, "\(result.failures.count) disagreements:\n\(result.failures.joined(separator: "\n"))")
    }
}
