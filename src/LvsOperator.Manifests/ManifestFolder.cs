using System.Security.Cryptography;

namespace LvsOperator.Manifests;

/// <summary>
/// A folder of manifests read again and again (the agent's standalone mode): each time, every file's bytes are read
/// and hashed, and only a file whose content changed (or that is new) is parsed and checked again; the others keep
/// what they read last time. An edit of one file of a thousand services costs that file, not the folder. Content,
/// not the modification time, decides: two writes within one tick of the file system's clock look alike by time.
/// Not thread-safe: one reader at a time.
/// </summary>
public sealed class ManifestFolder(string path, string defaultNamespace = ManifestLoader.DefaultNamespace)
{
    private Dictionary<string, (byte[] Hash, ManifestSet Set)> _files = new(StringComparer.Ordinal);

    /// <summary>How many files the last <see cref="Read"/> parsed (the rest were unchanged).</summary>
    public int Parsed { get; private set; }

    /// <summary>The folder as <see cref="ManifestLoader.Load"/> would read it now.</summary>
    /// <exception cref="IOException">The folder or one of its files cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">A file may not be read.</exception>
    public ManifestSet Read()
    {
        var files = ManifestLoader.ExpandPaths([path]);
        var sets = new ManifestSet?[files.Count];
        var hashes = new byte[files.Count][];
        var contents = new byte[]?[files.Count];
        for (var i = 0; i < files.Count; i++)
        {
            // A file past the bound is never read whole; the loader reports it from its length.
            if (new FileInfo(files[i]).Length > ManifestLoader.MaxFileBytes) continue;
            var content = contents[i] = File.ReadAllBytes(files[i]);
            hashes[i] = SHA256.HashData(content);
            if (_files.TryGetValue(files[i], out var known) && known.Hash.AsSpan().SequenceEqual(hashes[i])) sets[i] = known.Set;
        }

        var stale = Enumerable.Range(0, files.Count).Where(i => sets[i] is null).ToList();
        // Parsing works on the bytes in memory and reports every fault as a ManifestError, so it throws no I/O error.
        Parallel.ForEach(stale.Where(i => contents[i] is not null),
            i => sets[i] = ManifestLoader.LoadContent(files[i], contents[i]!, defaultNamespace));
        foreach (var i in stale.Where(i => contents[i] is null)) sets[i] = ManifestLoader.LoadFiles([files[i]], defaultNamespace)[0];

        var next = new Dictionary<string, (byte[], ManifestSet)>(StringComparer.Ordinal);
        for (var i = 0; i < files.Count; i++)
            if (hashes[i] is { } hash) next[files[i]] = (hash, sets[i]!);
        _files = next;
        Parsed = stale.Count;
        return ManifestLoader.Merge(sets!);
    }
}
