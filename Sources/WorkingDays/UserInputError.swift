/// A request the user got wrong (an option's value the data cannot answer: an unknown provider, a month outside
/// the data, a date outside the calendar): the command line exits with status 2 and prints the message.
///
/// Every option check of the library throws it with one wording per mistake, so the command line and any other
/// caller say the same thing: `--provider P9: not a provider in the dataset (providers: P1, P2)`.
///
/// It lives in the lowest module because every option check (calendar dates, series filters, SPC options) reaches
/// it.
public struct UserInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// `--as-of DATE` outside the calendar's years.
    public static func checkSupported(_ day: Day, option: String = "--as-of") throws(UserInputError) {
        guard WorkingDayCalendar.supports(day) else {
            throw UserInputError("\(option) \(day) is outside the supported range 1995-01-01...2100-12-31")
        }
    }
}

extension Month {
    /// A period `YYYY-MM..YYYY-MM` (first not after last), or `nil`.
    public static func period(_ text: String) -> ClosedRange<Month>? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].isEmpty, let from = Month(String(parts[0])), let to = Month(String(parts[2])), from <= to else { return nil }
        return from...to
    }
}
