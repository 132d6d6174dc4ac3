namespace LvsOperator.Node.Ledger;

/// <summary>
/// Keeps the health checks' verdicts in a file beside the ledger (e.g. /var/lib/lvs-operator/verdicts.json), so a
/// restarted agent starts each real server where the checks had left it: a server held at weight 0 stays there
/// instead of taking new clients for <c>fall</c> intervals. A separate file, not a part of the ledger: the ledger
/// is what the agent owns and is written by the reconciler after an apply; verdicts change on a check, are
/// written by the health gate before the planner uses them, and a lost or unreadable file costs only a start
/// from <c>initialState</c>, while an unreadable ledger must stop the agent. Same discipline as
/// <see cref="LedgerStore"/>: a <see cref="ReplacedJsonFile"/>.
/// </summary>
public sealed class VerdictStore(string directory)
{
    public string Path { get; } = System.IO.Path.Combine(directory, "verdicts.json");

    /// <summary>The stored verdicts; none on first start.</summary>
    /// <exception cref="InvalidDataException">The file exists but cannot be read as verdicts.</exception>
    public IReadOnlyList<StoredVerdict> Load() =>
        File.Exists(Path)
            ? ReplacedJsonFile.Read(Path, LedgerJsonContext.Default.VerdictDocument, "verdicts", document =>
                document.Version == VerdictDocument.CurrentVersion
                    ? document.ToVerdicts()
                    : throw new InvalidDataException($"verdicts version {document.Version} is not {VerdictDocument.CurrentVersion}"))
            : [];

    /// <exception cref="IOException">The file could not be written; the old one, if any, is intact.</exception>
    public void Save(IEnumerable<StoredVerdict> verdicts) =>
        ReplacedJsonFile.Write(Path, VerdictDocument.From(verdicts), LedgerJsonContext.Default.VerdictDocument);
}
