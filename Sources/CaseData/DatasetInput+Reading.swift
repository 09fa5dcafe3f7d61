extension DatasetInput {
    /// The dataset of a folder (through `description`, a description file, or the folder's own dataset.json) or of
    /// a store (`kpi ingest`); `store` wins when both are given.
    public static func read(folder: String?, store: String?, description path: String? = nil) throws(DatasetError) -> DatasetInput {
        if let store { return DatasetInput(dataset: try DatasetStore.load(store)) }
        var description: DatasetDescription?
        if let path { description = try DatasetDescription.load(path: path) }
        var input = try Dataset.load(folder: folder ?? ".", description: description)
        if let path { input.descriptionPath = path }
        return input
    }
}

extension DataQuality {
    /// The data quality of a dataset read from its files, each named as it is in the folder.
    public init(_ input: DatasetInput, maxRejectedPercent: Double = defaultMaxRejectedPercent) {
        let names = Dictionary(input.files.map { ($0.table, $0.displayName) }, uniquingKeysWith: { a, _ in a })
        self.init(input.dataset, maxRejectedPercent: maxRejectedPercent, fileNames: names)
    }
}
