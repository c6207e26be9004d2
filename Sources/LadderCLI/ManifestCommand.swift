import Foundation
import LadderSpec
import ArgumentParser
import LadderCore
import LadderEngines
import LadderPlan

/// `ladder manifest LADDER.yaml...`: the MANIFEST.md content (or `--json`) on stdout.
struct ManifestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "manifest", abstract: "Print the path → phase → corpus → condition → lang → tier → seed map.")

    @Argument(help: "One or more ladder files.") var ladders: [String]
    @Flag(name: .long, help: "Print a JSON array of entries.") var json = false

    func run() throws {
        let plans = try ladders.map { try LadderLoader().plan($0, checkFiles: false) }
        let manifest = Manifest(plans: plans)
        Output.write(json ? manifest.json : manifest.markdown(ladders: plans.map(\.ladder)))
    }
}
