import CFuzzDriver
import Foundation

/// Runs libFuzzer from a harness's `main`.
public enum Fuzzer {
    /// One fuzz input: its bytes and length (libFuzzer's `LLVMFuzzerTestOneInput`); returns 0.
    public typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    /// Hands the process to libFuzzer, with the command line's flags and corpus directories, and
    /// exits with its status (non-zero after a crash, timeout or out-of-memory input).
    public static func run(_ test: TestOneInput) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, test))
    }

    /// How many bytes a streaming reader takes at a time for an input of `count` bytes: 1–13
    /// for most inputs (read boundaries inside every token), the whole input (1 MiB) when
    /// `count` is a multiple of 14.
    public static func readSize(forInputOf count: Int) -> Int {
        count % 14 == 0 ? 1 << 20 : count % 14
    }

    /// The input as `Data` (an empty input may come with a null pointer).
    public static func data(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Data {
        guard let bytes, count > 0 else { return Data() }
        return Data(bytes: bytes, count: count)
    }
}
