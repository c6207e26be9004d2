import Foundation
/// The tool's version. It enters the fingerprint of every built-in engine, so
/// bump it when a built-in engine's behaviour changes.
public enum LadderVersion {
    public static let string = "0.1.0"
}
