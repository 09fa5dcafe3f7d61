import AccessToWork
import ArgumentParser
import Foundation

/// `kpi sample`: a reproducible random sample of a provider's cases for compliance checks.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "A reproducible random sample of a provider's cases, with every record of each, for compliance checks.",
        discussion: """
            Draws --size cases (all, when fewer) of the provider, referred in --month when given, with SplitMix64 from \
            --seed: the same data and options always give the same cases. With --out DIR, writes the sample as a \
            dataset folder (the cases and their reports, complaints, cancellations, recommendations and type changes; \
            providers whole) that every kpi command reads. Prints the sampled cases (CSV: case_id,referral_received).
            """
    )

    @OptionGroup var source: DataOptions

    @Option(help: "The provider id.")
    var provider: String

    @Option(help: "The contract, when the provider holds more than one.")
    var contract: String?

    @Option(help: "How many cases.")
    var size: Int

    @Option(help: "The random seed (a whole number).")
    var seed: UInt64

    @Option(help: "Only cases referred in this month (YYYY-MM).")
    var month: Month?

    @Option(help: "Write the sample as a dataset folder here.")
    var out: String?

    func validate() throws {
        guard size >= 1 else { throw ValidationError("--size must be at least 1, got \(size)") }
    }

    func run() throws {
        let dataset = try source.load()
        let rows = dataset.providers.providerIDs.indices.filter {
            dataset.providers.providerIDs[$0] == provider && (contract == nil || dataset.providers.contracts[$0] == contract)
        }
        guard !rows.isEmpty else {
            throw ValidationError("--provider \(provider)\(contract.map { " with --contract " + $0 } ?? ""): not in providers.csv")
        }
        guard rows.count == 1 else { throw ValidationError("provider \(provider) holds several contracts; give --contract") }
        let row = Int32(rows[0])
        let candidates = dataset.cases.provider.indices.filter { c in
            dataset.cases.provider[c] == row
                && (month == nil || Month(containing: Day(rawValue: dataset.cases.referralReceived[c])) == month)
        }
        let chosen = Dataset.sample(candidates, size: size, seed: seed)
        var writer = CSVWriter(header: ["case_id", "referral_received"])
        for c in chosen { writer.append([dataset.cases.caseIDs[c], Day(rawValue: dataset.cases.referralReceived[c]).iso]) }
        FileHandle.standardOutput.write(Data(writer.text.utf8))
        var note = "sampled \(chosen.count) of \(candidates.count) cases of \(provider)\(month.map { " referred in \($0)" } ?? "") with seed \(seed)"
        if let out {
            let sample = dataset.restricted(toCases: chosen)
            do throws(DatasetError) { try sample.writeCSV(to: out) } catch { throw DataInputError(description: error.description) }
            note += "; wrote \(out): \(sample.cases.count) cases, \(sample.reports.count) reports, \(sample.complaints.count) complaints, \(sample.cancellations.count) cancellations, \(sample.recommendations.count) recommendations, \(sample.typeChanges.count) type changes"
        }
        FileHandle.standardError.write(Data((note + "\n").utf8))
    }
}
