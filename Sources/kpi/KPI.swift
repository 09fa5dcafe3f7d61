import AccessToWork
import ArgumentParser
import Foundation

/// The `kpi` command: Access to Work contract performance from the command line, a thin layer over the library:
/// each command reads its option groups, asks the library for a result and ends in ``OutputOptions/emit(_:_:)``.
@main
struct KPI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpi",
        abstract: "Access to Work contract performance: KPIs, calendars, forecasts and MI returns.",
        discussion: """
            Exit status: 0 on success, 1 when the data cannot be used (bad files, rejected rows with --strict), \
            2 when the command line is wrong.
            """,
        subcommands: [ReportCommand.self, DueCommand.self, ChangesCommand.self, CompareCommand.self, CasesCommand.self, DescribeCommand.self,
                      ForecastCommand.self, BacktestCommand.self, SPCCommand.self, NoticeCommand.self, CountsCommand.self, PMIRCommand.self,
                      PMIRPolicyCommand.self, SampleCommand.self, MICommand.self, CalendarCommand.self, ContractsCommand.self,
                      GenerateCommand.self, IngestCommand.self, ValidateCommand.self]
    )

    /// Runs the command, mapping errors to the documented exit codes (ArgumentParser would use 64 for usage):
    /// data errors 1; the library's ``UserInputError`` is a usage error, 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as DataInputError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            Foundation.exit(1)
        } catch {
            let error: Error = (error as? UserInputError).map { ValidationError($0.message) } ?? error
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

    /// Runs `body`, turning a library error about files (a dataset, a definition, a policy, a holiday file) into a
    /// data error; a ``UserInputError`` stays a usage error.
    static func wrapping<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as UserInputError { throw error } catch let error as DataInputError { throw error } catch {
            throw DataInputError(description: "\(error)")
        }
    }
}

/// A library check run from `validate()`: its ``UserInputError`` as ArgumentParser's usage error.
func usage(_ check: () throws -> Void) throws {
    do { try check() } catch let error as UserInputError { throw ValidationError(error.message) }
}

extension CommandConfiguration {
    /// A command that writes a result: its summary and discussion (columns included) from the result's declaration.
    static func result<R: TabularResult>(_ name: String, _ type: R.Type) -> CommandConfiguration {
        CommandConfiguration(commandName: name, abstract: R.abstract, discussion: R.help)
    }
}

/// Writes `text` to standard error.
func standardError(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

extension ResultFormat: ExpressibleByArgument {}
extension ReportWindow: ExpressibleByArgument {}
extension Division: ExpressibleByArgument {}
extension ForecastCandidate: ExpressibleByArgument {}
extension ControlChartKind: ExpressibleByArgument {}
extension MIReturn: ExpressibleByArgument {}
extension DriftShape: ExpressibleByArgument {}
extension Day: ExpressibleByArgument {}
extension Month: ExpressibleByArgument {}
extension ItemStatus: ExpressibleByArgument {
    /// The statuses by name in help and errors (`met, missed, pending, excluded`), not their raw numbers.
    public static var allValueStrings: [String] { allCases.map(\.description) }
}

/// A period of months, `YYYY-MM..YYYY-MM`.
extension ClosedRange: ExpressibleByArgument where Bound == Month {
    public init?(argument: String) { guard let months = Month.period(argument) else { return nil }; self = months }
}
