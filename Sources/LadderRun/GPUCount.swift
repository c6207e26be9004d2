import Foundation

/// The GPUs the local executor may hand out: the entries of `CUDA_VISIBLE_DEVICES` when it
/// is set (comma-separated indices or UUIDs; empty or `-1` means none), else one CUDA index
/// per NVIDIA device file `/dev/nvidia0`, `/dev/nvidia1`, … (Linux), else none.
public enum GPUCount {
    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment,
                              deviceDirectory: String = "/dev") -> Int {
        devices(environment: environment, deviceDirectory: deviceDirectory).count
    }

    /// The devices by the names a child's `CUDA_VISIBLE_DEVICES` takes, in order.
    public static func devices(environment: [String: String] = ProcessInfo.processInfo.environment,
                               deviceDirectory: String = "/dev") -> [String] {
        if let visible = environment["CUDA_VISIBLE_DEVICES"] {
            let entries = visible.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            // CUDA stops at the first invalid entry; "-1" (or nothing) hides every device.
            return Array(entries.prefix { !$0.isEmpty && !$0.hasPrefix("-") })
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: deviceDirectory)) ?? []
        let count = names.filter { $0.hasPrefix("nvidia") && $0.count > 6 && $0.dropFirst(6).allSatisfy(\.isNumber) }.count
        return (0..<count).map(String.init)
    }
}
