import LadderSpec
import LadderPlan
import ArgumentParser
import Foundation
import LadderCore

/// Flags shared by every command that reads a store or prints tables.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "Store directory (state database, artifacts, views).")
    var store: String = "runs"

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false
}

/// Writes command output to standard output.
enum Output {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func json(_ value: Value) {
        write(value.prettyJSON + "\n")
    }
}
