import ArgumentParser
import Foundation

/// Messages for people on standard error; results go to standard output or `-o FILE`.
enum Console {
    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    /// Runs a command body, turning library errors into one `remnant: error: …` line on stderr
    /// and exit status 1. Usage errors stay with ArgumentParser (status 64).
    static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            note("remnant: error: \(error)")
            throw ExitCode.failure
        }
    }
}
