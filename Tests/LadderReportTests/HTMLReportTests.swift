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
    for id in ["summary", "conditions", "accuracy", "status", "heatmap", "slopegraph", "seeds", "flips", "significance", "gaps", "provenance"] {
        #expect(html.contains("<section id=\"\(id)\">"), "missing section \(id)")
    }
    #expect(html.contains("training on Chinese-keyword code; answers come back in native script"))
    #expect(html.contains("<meta name=\"viewport\""))
    // The seed-spread legend names each seed's colour and what sd means.
    #expect(html.contains("</span>seed 42</span>") && html.contains("</span>seed 123</span>"))
    #expect(html.contains("sd: mean over the condition's cells of the standard deviation across seeds"))
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

@Test func accuracyPerArmPutsTheBaselineFirstArmsInLadderOrderAndAChanceRow() throws {
    var snapshot = ReportFixture.snapshot()
    // The ladder declares cond-seeds before cond-native: arms follow the ladder, not the alphabet.
    snapshot.conditions = [snapshot.conditions[0], snapshot.conditions[3], snapshot.conditions[1], snapshot.conditions[2]]
    let html = try HTMLReport.render(snapshot, options: HTMLReport.Options(scorerOrder: ["strict-v1", "refined-v1"]))
    let section = try #require(html.components(separatedBy: "<section id=\"accuracy\">").dropFirst().first?.components(separatedBy: "</section>").first)
    let order = ["baseline <small>(baseline)</small>", "<td>cond-seeds</td>", "<td>cond-native</td>", "<td>cond-artefact</td>", "<i>chance</i>"]
    var cursor = section.startIndex
    for marker in order {
        let found = section.range(of: marker, range: cursor..<section.endIndex)
        #expect(found != nil, "\(marker) missing or out of order in the first scorer's table")
        if let found { cursor = found.upperBound }
    }
    // Chance: SIB-200 has 7 topics, XNLI 3 labels.
    #expect(section.contains("<i>14.3</i>") && section.contains("<i>33.3</i>"))
    #expect(section.contains("class=\"chance\""), "each chart draws its chance line")
    // cond-seeds: a win of about +10 to +12 points with two seeds of 60 examples per cell: marked significant, with an interval.
    let rows = ArmSummary.rows(snapshot.observations, config: snapshot.analysis)
    let seeds = try #require(rows.first { $0.arm == "cond-seeds" && $0.benchmark == "sib200" && $0.scorer == "strict-v1" })
    let interval = try #require(seeds.deltaInterval)
    #expect(interval.lowerBound > 0 && interval.contains(seeds.delta!))
    #expect(section.contains(NumberText.points(seeds.delta!) + "***") || section.contains(NumberText.points(seeds.delta!) + "**"))
    #expect(ChanceLevel.of("belebele") == 0.25 && ChanceLevel.of("xcsqa") == 0.2 && ChanceLevel.of("SIB200") == 1.0 / 7 && ChanceLevel.of("mmlu") == nil)
}

@Test func conditionsAreCountedAsTheLadderDeclaresThemNotAsArms() throws {
    var snapshot = ReportFixture.snapshot()
    snapshot.conditions[1].declared = "cond-pair"
    snapshot.conditions[2].declared = "cond-pair"
    let html = try HTMLReport.render(snapshot)
    #expect(html.contains("<b>2</b>conditions besides the baseline, as the ladder declares them"))
    #expect(html.contains("<b>3</b>arms (condition × language × tier)"))
}

@Test func theTwoRunReportShowsTheCauseAndItsEffect() throws {
    let a = ReportFixture.snapshot(), b = ReportFixture.snapshot(ReportFixture.Settings(seedsLR: "1e-4", runId: "run-b"))
    let html = try ComparisonReport.render(a, b, scorerOrder: ["strict-v1", "refined-v1"])
    for id in ["changes", "effect", "cells", "flips"] { #expect(html.contains("<section id=\"\(id)\">"), "missing section \(id)") }
    #expect(html.contains("<li>param.lr 2e-4 → 1e-4 in train: 2 steps, 4 downstream (eval 2, reparse 2)</li>"))
    let effect = try #require(html.components(separatedBy: "<section id=\"effect\">").dropFirst().first?.components(separatedBy: "</section>").first)
    #expect(effect.contains("-21.9***"), "cond-seeds on SIB-200 drops 21.9 points, significantly")
    #expect(effect.contains("+10.6 → -11.3"))
    #expect(!html.contains("<script"))
}
