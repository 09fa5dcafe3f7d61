import CaseData
import Foundation

/// The contract definitions a report uses: the built-in ones, possibly replaced or extended from a folder.
///
/// Rule: the engine ships `atw-ha.json` and `atw-mhss.json`. `ContractCatalog(folder:)` reads every `*.json`
/// file of a folder (`--contracts DIR`); a file whose `contract` matches a built-in one replaces it, any
/// other adds a contract. Two files of the folder defining the same contract are an error.
///
/// ```swift
/// let catalog = try ContractCatalog(folder: "my-contracts")   // built-ins plus the folder's files
/// catalog.definition(for: "atw-ha")?.kpis.count                // 6 unless the folder replaced it
/// ```
public struct ContractCatalog: Sendable, Equatable {
    /// The definitions, sorted by contract id.
    public private(set) var definitions: [ContractDefinition]

    public init(definitions: [ContractDefinition]) {
        self.definitions = definitions.sorted { $0.contract < $1.contract }
    }

    /// The definitions shipped with the engine.
    public static var builtIn: ContractCatalog {
        get throws(ContractDefinitionError) { try _builtInCatalog.get() }
    }

    /// The text of every shipped definition file (`atw-ha.json`, …: the `*.json` files of the `Contracts`
    /// resource folder, by name), for `kpi contracts` to write out for editing.
    public static func builtInFiles() -> [(name: String, text: String)] {
        guard let folder = Bundle.module.url(forResource: "Contracts", withExtension: nil),
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return names.filter { $0.hasSuffix(".json") }.sorted().compactMap { name in
            guard let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) else { return nil }
            return (name, text)
        }
    }

    /// The built-in definitions with every `*.json` file of `folder` added (or replacing a built-in one).
    public init(folder: String) throws(ContractDefinitionError) {
        var byContract: [String: ContractDefinition] = [:]
        for definition in try Self.builtIn.definitions { byContract[definition.contract] = definition }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted()
        } catch {
            throw ContractDefinitionError(file: folder, field: "", reason: "cannot read the contracts folder (\(error.localizedDescription))")
        }
        guard !names.isEmpty else {
            throw ContractDefinitionError(file: folder, field: "", reason: "the contracts folder has no .json definition files")
        }
        var fileOf: [String: String] = [:]
        for name in names {
            let path = folder + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ContractDefinitionError(file: path, field: "", reason: "cannot read the file")
            }
            let definition = try ContractDefinition(json: data, file: path)
            if let other = fileOf[definition.contract] {
                throw ContractDefinitionError(file: path, field: "contract", reason: "contract \"\(definition.contract)\" is also defined in \(other)")
            }
            fileOf[definition.contract] = path
            byContract[definition.contract] = definition
        }
        self.init(definitions: Array(byContract.values))
    }

    /// The definition of a contract, if any.
    public func definition(for contract: String) -> ContractDefinition? {
        definitions.first { $0.contract == contract }
    }
}

private let _builtInCatalog: Result<ContractCatalog, ContractDefinitionError> = {
    do throws(ContractDefinitionError) {
        var definitions: [ContractDefinition] = []
        for file in ContractCatalog.builtInFiles() {
            definitions.append(try ContractDefinition(json: Data(file.text.utf8), file: file.name))
        }
        guard !definitions.isEmpty else {
            throw ContractDefinitionError(file: "Contracts", field: "", reason: "the built-in definition files are missing from the KPIEngine resource bundle")
        }
        return .success(ContractCatalog(definitions: definitions))
    } catch {
        return .failure(error)
    }
}()

extension ContractCatalog {
    /// The built-in definition files as one text, each after a `// name` line (`kpi contracts`).
    /// The built-in contracts' ids (none if their files cannot be read).
    public static var builtInIDs: [String] { (try? builtIn)?.definitions.map(\.contract) ?? [] }

    public static var builtInText: String { builtInFiles().map { "// \($0.name)\n\($0.text)" }.joined(separator: "\n") }

    /// Writes the built-in definition files into `folder`, all or none (`kpi contracts --out DIR`).
    public static func writeBuiltIn(to folder: String) throws(DatasetError) {
        let files = builtInFiles()
        try AtomicWrite.folder(folder) { staging throws(DatasetError) in
            for file in files { try AtomicWrite.bytes(Array(file.text.utf8), to: staging + "/" + file.name) }
            return files.map(\.name)
        }
    }
}
