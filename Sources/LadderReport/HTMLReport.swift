import Foundation
import LadderAnalysis

/// One self-contained HTML page for a run: no scripts, no network, no external
/// assets; charts are inline SVG written here. Every number is computed from
/// the snapshot's rows at render time, and each one can be traced to the step
/// keys and scorer fingerprints in the provenance section.
public enum HTMLReport {
    /// Rendering choices the ladder makes, not the data.
    public struct Options: Sendable {
        /// Page title; defaults to "<ladder> — run <id>".
        public var title: String?
        /// Scorers in reading order (for example strict then refined). The
        /// slopegraph and flips go from the first to the second; missing names
        /// fall back to alphabetical order.
        public var scorerOrder: [String]

        public init(title: String? = nil, scorerOrder: [String] = []) {
            self.title = title
            self.scorerOrder = scorerOrder
        }
    }

    /// Analyses the snapshot (with significance) and renders the page.
    public static func render(_ snapshot: RunSnapshot, options: Options = Options()) throws -> String {
        render(snapshot, result: try snapshot.analyze(), options: options)
    }

    /// Renders a page from an analysis the caller already ran.
    public static func render(_ snapshot: RunSnapshot, result: AnalysisResult, options: Options = Options()) -> String {
        let scorers = options.scorerOrder.filter(result.scorers.contains) + result.scorers.filter { !options.scorerOrder.contains($0) }
        let context = Context(snapshot: snapshot, result: result, scorers: scorers, arms: ArmSummary.rows(snapshot.observations, config: result.config))
        let title = options.title ?? "\(snapshot.ladder.isEmpty ? "ladder" : snapshot.ladder) — run \(snapshot.runId)"
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(HTML.escape(title))</title>\n<style>\n\(ReportStyle.css)\n</style>\n</head>\n<body>\n"
        out += "<header>\n<h1>\(HTML.escape(title))</h1>\n"
        out += "<p class=\"lede\">Run <code>\(HTML.escape(snapshot.runId))</code>\(snapshot.name.isEmpty ? "" : " (\(HTML.escape(snapshot.name)))")"
        if !snapshot.ladderHash.isEmpty { out += " of ladder <code title=\"\(HTML.escape(snapshot.ladderHash))\">\(HTML.escape(String(snapshot.ladderHash.prefix(12))))</code>" }
        out += ". Baseline: <b>\(HTML.escape(result.config.baseline))</b>; noise floor \(NumberText.unsignedPoints(result.config.noiseFloor)) points. "
        out += "Every number below is computed from the stored scored rows when this page was written.</p>\n"
        out += "<nav><ul>" + [("summary", "Summary"), ("conditions", "Conditions"), ("accuracy", "Accuracy"), ("status", "Run status"), ("heatmap", "Δ vs baseline"),
                               ("slopegraph", "Scorers"), ("seeds", "Seed spread"), ("flips", "Flips"), ("significance", "Significance"),
                               ("gaps", "Gaps"), ("provenance", "Provenance")]
            .map { "<li><a href=\"#\($0.0)\">\($0.1)</a></li>" }.joined() + "</ul></nav>\n</header>\n<main>\n"
        out += context.summarySection()
        out += context.conditionsSection()
        out += context.accuracySection()
        out += context.statusSection()
        out += context.heatmapSection()
        out += context.slopegraphSection()
        out += context.seedSpreadSection()
        out += context.flipsSection()
        out += context.significanceSection()
        out += context.gapsSection()
        out += context.provenanceSection()
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    /// What every section reads.
    struct Context {
        var snapshot: RunSnapshot
        var result: AnalysisResult
        /// Scorers in reading order.
        var scorers: [String]
        /// Accuracy and Δ per arm × benchmark × scorer, with intervals and tests.
        var arms: [ArmBenchmarkRow]

        var floor: Double { result.config.noiseFloor }

        /// Non-baseline conditions in the ladder's order, then any the ladder does not describe.
        var conditions: [String] {
            let present = result.conditions
            let described = snapshot.conditions.map(\.name).filter(present.contains)
            return described + present.filter { !described.contains($0) }
        }

        /// The pair the scorer views compare, when there are two or more scorers.
        var scorerPair: (String, String)? { scorers.count >= 2 ? (scorers[0], scorers[1]) : nil }

        /// Flips between the first two scorers, per conclusion grain.
        var scorerFlips: [FlipComparison] {
            guard let (a, b) = scorerPair else { return [] }
            return ConclusionFlips.betweenScorers(result, a, b)
        }
    }
}
