import ArgumentParser
import Foundation
import LadderCore
import LadderReport
import LadderRun

/// `ladder diff RUN_A RUN_B` and `ladder diff --scorers A B RUN`.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two runs (plan, metrics, flips), or two scorers of one run.",
        discussion: "RUN is a run id, a run name, latest or latest~N.")

    @Argument(help: "RUN_A RUN_B, or RUN with --scorers.") var runs: [String] = []
    @Option(name: .long, parsing: .upToNextOption, help: "Two scorers to compare within one run.") var scorers: [String] = []
    @OptionGroup var options: CommonOptions
    @Flag(name: .long, help: "Print tab-separated tables.") var tsv = false
    @Flag(name: .long, help: "List every changed step and cell instead of collapsing downstream steps per root cause.") var all = false

    func run() throws {
        let store = try StoreOpener.shared(options.store)
        let loader = SnapshotLoader(store: store)
        if !scorers.isEmpty {
            var scorers = self.scorers, runs = self.runs
            if scorers.count == 3 && runs.isEmpty { runs = [scorers.removeLast()] }
            guard scorers.count == 2, runs.count == 1 else {
                throw LadderError.badInput("--scorers takes two scorer names and one RUN, e.g. `ladder diff --scorers strict-v1 refined-v1 latest`")
            }
            let snap = try loader.load(runs[0])
            let cmp = try ScorerComparison.compare(try snap.analyze(), run: snap.label, scorerA: scorers[0], scorerB: scorers[1])
            Output.write(options.json ? cmp.json() + "\n" : tsv ? cmp.tsv() : cmp.text())
            return
        }
        guard runs.count == 2 else { throw LadderError.badInput("ladder diff needs two runs (e.g. latest~1 latest)") }
        let d = try RunDiffService.diff(try loader.load(runs[0]), try loader.load(runs[1]))
        Output.write(options.json ? d.json() + "\n" : tsv ? d.tsv() : d.text(all: all))
    }
}

/// `ladder report RUN --html OUT.html` and `ladder report RUN_A RUN_B --html OUT.html`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Write a self-contained HTML report of a run, or of what changed between two runs.",
        discussion: "RUN is a run id, a run name, latest or latest~N. With two runs the page shows the diff's root causes and their effect on the metrics.")

    @Argument(help: "RUN, or RUN_A RUN_B (default: latest).") var runSelectors: [String] = []
    @Option(name: .long, help: "Where to write the HTML file.") var html: String
    @OptionGroup var options: CommonOptions

    func run() throws {
        guard runSelectors.count <= 2 else { throw LadderError.badInput("ladder report takes one run, or two to compare (e.g. latest~1 latest)") }
        let target = URL(fileURLWithPath: html)
        try StoredOutputGuard.refuse(target.deletingLastPathComponent(), writing: "the report", instead: "give --html a path outside the store")
        let store = try StoreOpener.shared(options.store)
        let loader = SnapshotLoader(store: store)
        let page: String
        let label: String
        if runSelectors.count == 2 {
            let a = try loader.load(runSelectors[0]), b = try loader.load(runSelectors[1])
            page = try ComparisonReport.render(a, b, scorerOrder: ReportWriter.scorerOrder)
            label = "runs \(a.label) → \(b.label)"
        } else {
            let snap = try loader.load(runSelectors.first ?? "latest")
            page = try HTMLReport.render(snap, options: .init(scorerOrder: ReportWriter.scorerOrder))
            label = "run \(snap.label)"
        }
        try AtomicFile.write(page, to: target)
        Output.write("wrote \(html) (\(page.utf8.count) bytes) for \(label)\n")
    }
}
