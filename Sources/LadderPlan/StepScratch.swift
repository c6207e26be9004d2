import LadderCore

/// Buffers one step's expansion writes into, kept between steps so they are allocated once:
/// the parameters' canonical text, their rendered values, the upstream step indices, the key text.
struct StepScratch {
    var params: [UInt8] = []
    var rendered: [Value] = []
    var upstream: [Int32] = []
    var key: [UInt8] = []
    /// Upstream step numbers read straight from the cell (`ownCellUpstream`).
    var gathered: [Int32] = []
}
