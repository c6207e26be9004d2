import Foundation
import LadderCore

/// Builds the project's error values with analysis context, so callers map
/// them to exit codes like every other module's errors.
public enum LadderAnalysisError {
    /// Bad input (exit 2): the message names the observation, cell or setting and what to do.
    public static func badInput(_ message: String) -> LadderError {
        .badInput("analysis: \(message)")
    }
}
