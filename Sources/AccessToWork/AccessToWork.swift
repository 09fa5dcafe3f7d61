// The Access to Work performance library: one import for everything an analyst's own Swift code needs.
@_exported import Assurance
@_exported import CaseData
@_exported import Forecasting
@_exported import KPIEngine
@_exported import LinearAlgebra
@_exported import PMIR
@_exported import Rendering
@_exported import Returns
@_exported import Spreadsheets
@_exported import SyntheticData
@_exported import WorkingDays
