import LadderSpec
import Testing

/// The located error `body` throws, with its source line attached; nil when it succeeds.
func capturedSpecError(in source: String, _ body: () throws -> Void) -> SpecError? {
    do {
        try body()
        return nil
    } catch let e as SpecError {
        return e.withSource(source)
    } catch {
        Issue.record("unexpected error type: \(error)")
        return nil
    }
}
