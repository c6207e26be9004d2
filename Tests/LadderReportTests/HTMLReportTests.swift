import Foundation
import LadderAnalysis
import Testing
@testable import LadderReport

private func fixtureReport() throws -> String {
    try HTMLReport.render(ReportFixture.snapshot(), options: HTMLReport.Options(scorerOrder: ["strict-v1", "refined-v1"]))
}

@Test func htmlReportMatchesGoldenFile() throws {
    try Golden.check(try fixtureReport(), named: "report.html")
}

@Test func diffAndScorerViewTextMatchGoldenFiles() throws {
    let a = ReportFixture.snapshot()
    let diff = try RunDiffService.diff(a, ReportFixture.snapshot(ReportFixture.Settings(seedsLR: "1e-4", runId: "run-b")))
    try Golden.check(diff.text(), named: "diff.txt")
    let view = try ScorerComparison.compare(try a.analyze(significance: false), run: a.runId, scorerA: "strict-v1", scorerB: "refined-v1")
    try Golden.check(view.text(), named: "scorers.txt")
}

@Test func htmlReportIsSelfContained() throws {
    let html = try fixtureReport()
    for forbidden in ["<script", "<link", "<img", "<iframe", "src=", "url(", "@import", "https://"] {
        #expect(!html.contains(forbidden), "report must not reference \(forbidden)")
    }
    // The only URL allowed is the SVG namespace name, which is never fetched.
    let urls = html.components(separatedBy: "http://").dropFirst().map { $0.prefix(26) }
    #expect(urls.allSatisfy { $0 == "www.w3.org/2000/svg\" role=" })
}

@Test func htmlReportHasEverySectionAndTheLaddersOwnWords() throws {
    let html = try fixtureReport()
    for id in ["summary", "conditions", "status", "heatmap", "slopegraph", "seeds", "flips", "significance", "gaps", "provenance"] {
        #expect(html.contains("<section id=\"\(id)\">"), "missing section \(id)")
    }
    #expect(html.contains("training on Chinese-keyword code; answers come back in native script"))
    #expect(html.contains("<meta name=\"viewport\""))
    let snapshot = ReportFixture.snapshot()
    let reparse = try #require(snapshot.steps.first { $0.identity.condition == "cond-native" && $0.identity.step == "reparse" })
    #expect(html.contains(String(reparse.key.prefix(12))))
    #expect(html.contains(snapshot.scorerFingerprints["refined-v1"]!))
}

@Test func htmlReportEscapesNamesFromTheLadder() throws {
    var snapshot = ReportFixture.snapshot()
    snapshot.conditions[1].isolates = "<b>bold</b> & \"quoted\""
    let html = try HTMLReport.render(snapshot)
    #expect(html.contains("&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;"))
    #expect(!html.contains("<b>bold</b>"))
}

@Test func heatmapColoursWinsBlueAndLossesOrangeByValue() {
    let win = Palette.diverging(0.2, floor: 0.01)
    let loss = Palette.diverging(-0.2, floor: 0.01)
    #expect(win.fill == Palette.blue)
    #expect(loss.fill == Palette.vermillion)
    #expect(Palette.diverging(0.005, floor: 0.01).fill == Palette.neutral)
    #expect(Palette.diverging(0.05, floor: 0.01).fill != Palette.diverging(0.1, floor: 0.01).fill)
}
