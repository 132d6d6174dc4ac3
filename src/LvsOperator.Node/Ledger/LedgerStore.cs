using LvsOperator.Core.Planning;

namespace LvsOperator.Node.Ledger;

/// <summary>
/// Keeps the ownership ledger in a file on the node (e.g. /var/lib/lvs-operator/ledger.json), so a
/// restarted agent adopts its own entries instead of re-creating them, and finishes the drains it began.
/// It is a <see cref="ReplacedJsonFile"/>: a crash leaves the old or the new ledger, never half of one.
/// </summary>
public sealed class LedgerStore(string directory)
{
    public string Path { get; } = System.IO.Path.Combine(directory, "ledger.json");

    /// <summary>The stored ledger; an empty one on first start.</summary>
    /// <exception cref="InvalidDataException">The file exists but cannot be read as a ledger.</exception>
    public OwnedState Load() =>
        File.Exists(Path)
            ? ReplacedJsonFile.Read(Path, LedgerJsonContext.Default.LedgerDocument, "a ledger", document =>
                document.Version == LedgerDocument.CurrentVersion
                    ? document.ToOwnedState()
                    : throw new InvalidDataException($"ledger version {document.Version} is not {LedgerDocument.CurrentVersion}"))
            : OwnedState.Empty;

    public void Save(OwnedState owned) => ReplacedJsonFile.Write(Path, LedgerDocument.From(owned), LedgerJsonContext.Default.LedgerDocument);
}
