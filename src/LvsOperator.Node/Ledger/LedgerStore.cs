using System.Text.Json;
using LvsOperator.Core.Planning;

namespace LvsOperator.Node.Ledger;

/// <summary>
/// Keeps the ownership ledger in a file on the node (e.g. /var/lib/lvs-operator/ledger.json), so a
/// restarted agent adopts its own entries instead of re-creating them, and finishes the drains it began.
/// Writes go to a temporary file that is renamed over the old one: a crash leaves the old or the new
/// ledger, never half of one.
/// </summary>
public sealed class LedgerStore(string directory)
{
    public string Path { get; } = System.IO.Path.Combine(directory, "ledger.json");

    /// <summary>The stored ledger; an empty one on first start.</summary>
    /// <exception cref="InvalidDataException">The file exists but cannot be read as a ledger.</exception>
    public OwnedState Load()
    {
        if (!File.Exists(Path)) return OwnedState.Empty;
        try
        {
            using var stream = File.OpenRead(Path);
            var document = JsonSerializer.Deserialize(stream, LedgerJsonContext.Default.LedgerDocument)
                           ?? throw new InvalidDataException("empty ledger");
            if (document.Version != LedgerDocument.CurrentVersion) throw new InvalidDataException($"ledger version {document.Version} is not {LedgerDocument.CurrentVersion}");
            return document.ToOwnedState();
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"{Path} is not a readable ledger: {e.Message}", e);
        }
    }

    public void Save(OwnedState owned)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temporary = Path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, LedgerDocument.From(owned), LedgerJsonContext.Default.LedgerDocument);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path, overwrite: true);
    }
}
