import Foundation
import LadderSpec
import LadderPlan
import ArgumentParser
import LadderCore
import LadderEngines

/// `ladder validate LADDER.yaml`: parse and plan; errors as file:line:col.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "Check a ladder; errors as file:line:col: message.")

    @Argument(help: "The ladder file.") var ladder: String
    @Flag(name: .long, help: "Do not require the files the ladder names (sources, engine programs) to exist here.") var offline = false

    func run() throws {
        let plan = try LadderLoader().plan(ladder, checkFiles: !offline)
        Output.write("\(ladder): ok — \(plan.ladder.conditions.count) conditions, \(plan.steps.count) distinct steps\n")
    }
}
