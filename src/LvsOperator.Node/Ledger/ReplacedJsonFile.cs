using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LvsOperator.Node.Ledger;

/// <summary>
/// A JSON document kept in a file that is only ever replaced whole: written to a temporary file, flushed and
/// renamed over the old one, so a crash leaves the old or the new document, never half of one.
/// </summary>
internal static class ReplacedJsonFile
{
    /// <summary>The document, checked and converted by <paramref name="read"/>.</summary>
    /// <exception cref="InvalidDataException">The file does not parse, or <paramref name="read"/> refuses it.</exception>
    public static TResult Read<TDocument, TResult>(string path, JsonTypeInfo<TDocument> info, string what, Func<TDocument, TResult> read)
        where TDocument : class
    {
        try
        {
            using var stream = File.OpenRead(path);
            return read(JsonSerializer.Deserialize(stream, info) ?? throw new InvalidDataException($"{path} holds null, not a document"));
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"{path} is not readable as {what}: {e.Message}", e);
        }
    }

    public static void Write<TDocument>(string path, TDocument document, JsonTypeInfo<TDocument> info)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, document, info);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
