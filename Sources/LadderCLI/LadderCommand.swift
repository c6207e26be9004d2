import LadderSpec
import LadderPlan
import ArgumentParser
import Foundation
import LadderCore
import LadderStore

/// The root `ladder` command. Each subcommand lives in its own `<Name>Command.swift`
/// and only parses arguments, calls one library service and formats its answer.
public struct LadderCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ladder",
        abstract: "Declarative experiment ladders: plan, run, resume, score and diff a study written once in YAML.",
        version: LadderVersion.string,
        subcommands: subcommandList
    )

    /// Registered subcommands, in help order.
    static let subcommandList: [any ParsableCommand.Type] = [
        ValidateCommand.self, PlanCommand.self, ExplainCommand.self, RunCommand.self, StatusCommand.self,
        RunsCommand.self, LogCommand.self, ManifestCommand.self, DiffCommand.self, ReportCommand.self, ReparseCommand.self, FormsCommand.self, FsckCommand.self, GCCommand.self, EngineCommand.self,
        ExecStepCommand.self,
    ]

    public init() {}
}

/// Entry point used by the thin `ladder` executable.
public enum LadderMain {
    public static func main() {
        do {
            var command = try LadderCommand.parseAsRoot()
            try command.run()
        } catch let error as LadderError {
            fail(error)
        } catch let error as StoreError {
            fail(error.asLadderError)
        } catch let error as SpecError {
            fail(error.asLadderError)
        } catch let error as SpecErrors {
            fail(error.asLadderError)
        } catch {
            // Help and --version exit 0; a usage mistake is bad input (2), as the README promises.
            if LadderCommand.exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((LadderCommand.fullMessage(for: error) + "\n").utf8))
                exit(LadderError.badInput("").exitCode)
            }
            LadderCommand.exit(withError: error)
        }
    }

    private static func fail(_ error: LadderError) -> Never {
        let text = error.description
        let located = text.split(separator: "\n").first?.contains(": error: ") ?? false
        FileHandle.standardError.write(Data(((located ? "" : "error: ") + text + "\n").utf8))
        exit(error.exitCode)
    }
}
