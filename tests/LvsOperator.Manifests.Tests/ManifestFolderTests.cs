using System.Text.Json;
using LvsOperator.Core.Resources;

namespace LvsOperator.Manifests.Tests;

/// <summary>
/// Issue 14: a folder is read in parallel and read again by changed content only, and either way the result is what
/// reading every file in turn gives.
/// </summary>
public sealed class ManifestFolderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lvs-folder-");

    [Fact]
    public void Reading_a_folder_in_parallel_gives_what_reading_each_file_in_turn_gives()
    {
        for (var i = 0; i < 24; i++) Write($"s{i:D2}.yaml", Services(i * 3, 3));
        Write("s05.yaml", Services(15, 1) + "\n---\n" + Service(16).Replace("port: 80", "port: eighty", StringComparison.Ordinal));
        Write("s07.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\n---\n" + Services(21, 2));
        Write("s09.yaml", Services(27, 1) + "\n#" + new string('x', 600_000));

        var parallel = ManifestLoader.Load([_dir.FullName]);
        var oneByOne = ManifestLoader.Merge(ManifestLoader.ExpandPaths([_dir.FullName])
            .Select(file => File.ReadAllText(file).Length > ManifestLoader.MaxFileBytes
                ? ManifestLoader.LoadFiles([file])[0]
                : ManifestLoader.LoadText(file, File.ReadAllText(file))));

        Assert.Equal(66, parallel.VirtualServices.Count);
        Assert.Contains(parallel.Errors, e => e.Source.File.EndsWith("s05.yaml", StringComparison.Ordinal));
        Assert.Contains(parallel.Errors, e => e.Source.File.EndsWith("s09.yaml", StringComparison.Ordinal));
        Assert.Equal(Describe(oneByOne), Describe(parallel));
    }

    [Fact]
    public void A_folder_read_again_parses_only_the_files_whose_content_changed_and_reads_as_a_full_load()
    {
        Write("a.yaml", Services(0, 2));
        Write("b.yaml", Services(2, 2));
        Write("c.yaml", Services(4, 2));
        var folder = new ManifestFolder(_dir.FullName);

        AssertReads(folder, parsed: 3, services: 6);
        AssertReads(folder, parsed: 0, services: 6);

        // The same length and, written at once, possibly the same modification time: the content tells.
        Write("b.yaml", Services(2, 2).Replace("port: 80", "port: 81", StringComparison.Ordinal));
        var changed = AssertReads(folder, parsed: 1, services: 6);
        Assert.Equal([80, 80, 81, 81, 80, 80], changed.VirtualServices.Select(v => v.Resource.Spec.Port ?? 0));

        File.Delete(Path.Combine(_dir.FullName, "c.yaml"));
        AssertReads(folder, parsed: 0, services: 4);

        Write("d.yaml", Service(9).Replace("port: 80", "port: -1", StringComparison.Ordinal));
        Assert.NotEmpty(AssertReads(folder, parsed: 1, services: 4).Errors);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private ManifestSet AssertReads(ManifestFolder folder, int parsed, int services)
    {
        var set = folder.Read();
        Assert.Equal(parsed, folder.Parsed);
        Assert.Equal(services, set.VirtualServices.Count);
        Assert.Equal(Describe(ManifestLoader.Load([_dir.FullName])), Describe(set));
        return set;
    }

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_dir.FullName, name), text);

    private static string Services(int first, int count) =>
        string.Join("\n---\n", Enumerable.Range(first, count).Select(Service));

    private static string Service(int i) => $"""
        apiVersion: lvsoperator.io/v1alpha1
        kind: VirtualService
        metadata: {"{"}name: web-{i}{"}"}
        spec:
          addresses: [192.0.2.{i + 1}]
          port: 80
          realServers: {"{"}static: [{"{"}address: 198.18.0.{i + 1}, weight: 5{"}"}]{"}"}
        """;

    /// <summary>Everything a set holds, as text: its records hold lists, which compare by reference.</summary>
    private static List<string> Describe(ManifestSet set) =>
    [
        .. set.VirtualServices.Select(v => $"{v.Source} {JsonSerializer.Serialize(v.Resource, ResourceJsonContext.Default.VirtualService)}"),
        .. set.Errors.Select(e => e.ToString()),
        $"ignored {set.IgnoredDocuments}",
    ];
}
