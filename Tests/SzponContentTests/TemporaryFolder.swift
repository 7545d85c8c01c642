import Foundation

/// A fresh path under the system's temporary folder, not yet created; each test removes
/// it when done.
func temporaryFolder(_ prefix: String = "szpon") -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
}
