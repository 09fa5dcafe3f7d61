import AccessToWork
import ArgumentParser
import Foundation

/// The `kpi` command: Access to Work contract performance from the command line.
@main
struct KPI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpi",
        abstract: "Access to Work contract performance: KPIs, calendars, forecasts and MI returns.",
        discussion: """
            Exit status: 0 on success, 1 when the data cannot be used (bad files, rejected rows with --strict), \
            2 when the command line is wrong.
            """,
        subcommands: [ReportCommand.self, DescribeCommand.self, ForecastCommand.self, BacktestCommand.self, SPCCommand.self, NoticeCommand.self, CountsCommand.self, PMIRCommand.self, PMIRPolicyCommand.self, CasesCommand.self, SampleCommand.self, MICommand.self, CalendarCommand.self, ContractsCommand.self, GenerateCommand.self, IngestCommand.self,
                      ValidateCommand.self]
    )

    /// Runs the command, mapping errors to the documented exit codes (ArgumentParser would use 64 for usage).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as DataInputError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            if code == .success || code.rawValue == 0 { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

/// An error in the user's data (files, contents): exit status 1.
struct DataInputError: Error, CustomStringConvertible {
    var description: String
}
