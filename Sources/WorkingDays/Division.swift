/// The part of the UK whose bank holidays apply to a provider.
///
/// Rule: a provider's `division` column selects its calendar; an empty cell means England and Wales.
/// The raw values are GOV.UK's division names.
public enum Division: String, Sendable, CaseIterable, Hashable {
    case englandAndWales = "england-and-wales"
    case scotland = "scotland"
    case northernIreland = "northern-ireland"

    /// The division used when none is given.
    public static let `default` = Division.englandAndWales
}
