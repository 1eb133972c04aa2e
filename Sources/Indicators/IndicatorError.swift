/// Everything that can be wrong with an indicator spec, each naming the offending token so a user can fix it.
public enum IndicatorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text is not `name(p1,p2,…)`; `column` is 1-based within `text`.
    case malformed(text: String, column: Int, expected: String)
    /// No indicator has this name.
    case unknownIndicator(name: String, text: String)
    /// Too many parameters for the indicator.
    case wrongParameterCount(text: String, indicator: String, got: Int, accepted: Int)
    /// A parameter that must be a whole number (a period) is not.
    case nonIntegerParameter(text: String, parameter: String, token: String)
    /// A parameter is outside TA-Lib's accepted range.
    case parameterOutOfRange(text: String, parameter: String, token: String, range: String)
    /// The indicator has no output of that name.
    case unknownOutput(text: String, output: String, available: [String])

    public var description: String {
        switch self {
        case let .malformed(text, column, expected):
            return "indicator spec '\(text)', column \(column): expected \(expected)"
        case let .unknownIndicator(name, text):
            let known = IndicatorKind.allCases.map(\.rawValue).joined(separator: ", ")
            return "unknown indicator '\(name)' in '\(text)'; known indicators: \(known)"
        case let .wrongParameterCount(text, indicator, got, accepted):
            let usage = IndicatorKind(rawValue: indicator).map { $0.usage } ?? indicator
            return "'\(text)': \(indicator) takes at most \(accepted) parameter\(accepted == 1 ? "" : "s") but got \(got); usage: \(usage)"
        case let .nonIntegerParameter(text, parameter, token):
            return "'\(text)': parameter \(parameter) must be a whole number, got '\(token)'"
        case let .parameterOutOfRange(text, parameter, token, range):
            return "'\(text)': parameter \(parameter) = \(token) is out of range \(range)"
        case let .unknownOutput(text, output, available):
            return "'\(text)': no output named '\(output)'; outputs are \(available.joined(separator: ", "))"
        }
    }
}
