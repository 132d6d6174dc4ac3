using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using LvsOperator.Core.Resources;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace LvsOperator.Manifests;

/// <summary>
/// Reads VirtualService, RealServer and AddressPool resources from YAML or JSON files (multi-document) and folders.
/// Documents of other groups (and NodeSlices, which the controller writes) are counted and left alone, as a GitOps
/// folder holds more than LvsOperator's; a kind our group does not have is an error.
/// </summary>
public static class ManifestLoader
{
    public const string DefaultNamespace = "default";

    /// <summary>
    /// Larger files are refused unread: a manifest of ours is a few kilobytes, and the API server would not store
    /// an object past 1.5 MiB either. Half a MiB still holds hundreds of documents in one file.
    /// </summary>
    public const int MaxFileBytes = 512 * 1024;
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <exception cref="FileNotFoundException">A path names no file or folder.</exception>
    public static ManifestSet Load(IEnumerable<string> paths, string defaultNamespace = DefaultNamespace) =>
        Merge(LoadFiles(ExpandPaths(paths), defaultNamespace));

    /// <summary>
    /// Each file read on its own, in parallel (files share nothing), and the results kept in the files' order: under
    /// the lab VM's emulated CPU reading 1,000 services' manifests was most of the agent's start (bench/README.md).
    /// </summary>
    /// <exception cref="FileNotFoundException">A file vanished between listing and reading.</exception>
    public static IReadOnlyList<ManifestSet> LoadFiles(IReadOnlyList<string> files, string defaultNamespace = DefaultNamespace)
    {
        var sets = new ManifestSet[files.Count];
        try
        {
            Parallel.For(0, files.Count, i =>
            {
                var reader = new Reader(defaultNamespace);
                reader.ReadFile(files[i]);
                sets[i] = reader.ToSet();
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // The first failure as it would have been thrown reading the files one by one.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        return sets;
    }

    /// <summary>The sets one after another, as if their files had been read in that order.</summary>
    public static ManifestSet Merge(IEnumerable<ManifestSet> sets)
    {
        var list = sets as IReadOnlyCollection<ManifestSet> ?? sets.ToList();
        return new ManifestSet(
            list.SelectMany(s => s.VirtualServices).ToList(), list.SelectMany(s => s.RealServers).ToList(),
            list.SelectMany(s => s.Errors).ToList(), list.Sum(s => s.IgnoredDocuments))
        {
            AddressPools = list.SelectMany(s => s.AddressPools).ToList(),
        };
    }

    /// <summary>One file's text, read as <see cref="Load"/> reads a file (the fuzzing suite's way in, without disk).</summary>
    public static ManifestSet LoadText(string file, string text, string defaultNamespace = DefaultNamespace)
    {
        var reader = new Reader(defaultNamespace);
        if (text.Length > MaxFileBytes) reader.TooLarge(file, text.Length);
        else reader.ReadText(file, new StringReader(text));
        return reader.ToSet();
    }

    /// <summary>One file's bytes, read as <see cref="Load"/> reads the file (<see cref="ManifestFolder"/> hashed them first).</summary>
    public static ManifestSet LoadContent(string file, byte[] content, string defaultNamespace = DefaultNamespace)
    {
        var reader = new Reader(defaultNamespace);
        if (content.Length > MaxFileBytes) reader.TooLarge(file, content.Length);
        else reader.ReadText(file, new StreamReader(new MemoryStream(content)));
        return reader.ToSet();
    }

    /// <summary>Files in a fixed order, so every run reports and plans the same way.</summary>
    public static IReadOnlyList<string> ExpandPaths(IEnumerable<string> paths) =>
        paths.SelectMany(path =>
        {
            if (File.Exists(path)) return [path];
            if (!Directory.Exists(path)) throw new FileNotFoundException($"no such file or directory: {path}", path);
            return Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal);
        }).ToList();

    private sealed class Reader(string defaultNamespace)
    {
        public List<Loaded<VirtualService>> VirtualServices { get; } = [];
        public List<Loaded<RealServer>> RealServers { get; } = [];
        public List<Loaded<AddressPool>> AddressPools { get; } = [];
        public List<ManifestError> Errors { get; } = [];
        public int Ignored { get; private set; }

        public ManifestSet ToSet() => new(VirtualServices, RealServers, Errors, Ignored) { AddressPools = AddressPools };

        public void ReadFile(string file)
        {
            var length = new FileInfo(file).Length;
            if (length > MaxFileBytes)
            {
                TooLarge(file, length);
                return;
            }

            using var text = File.OpenText(file);
            ReadText(file, text);
        }

        public void TooLarge(string file, long length) =>
            Errors.Add(new ManifestError(new ManifestSource(file, 1, 1), "", $"{length} bytes: a manifest file may hold at most {MaxFileBytes}"));

        /// <summary>
        /// Parses and reads one document at a time: a whole file's node tree alive at once (a hundred services) was
        /// most of the loading's peak memory, and with files read in parallel, one such tree per thread.
        /// </summary>
        public void ReadText(string file, TextReader text)
        {
            var parser = new GuardedParser(new Parser(text));
            for (var documents = 0; ; documents++)
            {
                YamlDocument? document;
                try
                {
                    document = NextDocument(parser);
                }
                catch (YamlException e)
                {
                    Invalid(new ManifestSource(file, documents + 1, e.Start.Line), e.Message);
                    return;
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    // YamlDotNet's representation model throws these for some malformed input (a tag that is no URI,
                    // an event where a node belongs, tokens after the end): still a YAML error, at the last event read.
                    var line = parser.Current?.Start.Line ?? 1;
                    Invalid(new ManifestSource(file, documents + 1, Math.Max(line, 1)), e.Message);
                    return;
                }

                if (document is null) return;
                ReadDocument(document.RootNode, new ManifestSource(file, documents + 1, document.RootNode.Start.Line));
            }
        }

        /// <summary>The next document, or null at the stream's end.</summary>
        private static YamlDocument? NextDocument(IParser parser)
        {
            parser.TryConsume<StreamStart>(out _);
            if (parser.Accept<StreamEnd>(out _)) return null;
            var document = new YamlStream();
            document.Load(new SingleDocumentParser(parser));
            return document.Documents[0];
        }

        /// <summary>A file that is not valid YAML is that one error, whatever its documents before the fault held.</summary>
        private void Invalid(ManifestSource source, string message)
        {
            VirtualServices.Clear();
            RealServers.Clear();
            AddressPools.Clear();
            Errors.Clear();
            Ignored = 0;
            Errors.Add(new ManifestError(source, "", $"invalid YAML: {message}"));
        }

        private void ReadDocument(YamlNode root, ManifestSource source)
        {
            JsonNode? json;
            try
            {
                json = YamlToJson.Convert(root);
            }
            catch (YamlException e)
            {
                Errors.Add(new ManifestError(source with { Line = e.Start.Line }, "", $"invalid YAML: {e.Message}"));
                return;
            }

            if (json is null) return; // an empty document, e.g. a trailing '---'
            if (json is not JsonObject obj)
            {
                Errors.Add(new ManifestError(source, "", "a manifest document must be a mapping"));
                return;
            }

            var apiVersion = obj["apiVersion"]?.GetValueKind() == JsonValueKind.String ? (string?)obj["apiVersion"] : null;
            var kind = obj["kind"]?.GetValueKind() == JsonValueKind.String ? (string?)obj["kind"] : null;
            if (apiVersion?.Split('/')[0] != ResourceKinds.Group || kind is ResourceKinds.NodeSlice)
            {
                Ignored++;
                return;
            }

            // Our group has no such kind: the cluster would refuse the document (kubectl's wording), so it is no
            // "other document" to pass over. A typo (VirtualServce) must not make a manifest silently vanish.
            if (kind is not (ResourceKinds.VirtualService or ResourceKinds.RealServer or ResourceKinds.AddressPool))
            {
                Errors.Add(new ManifestError(source, "kind", NoMatches(kind, apiVersion)));
                return;
            }

            if (CrdSchemas.For(kind, apiVersion) is null)
            {
                Errors.Add(new ManifestError(source, "apiVersion", $"{NoMatches(kind, apiVersion)}; use {ResourceKinds.ApiVersion}"));
                return;
            }

            if (kind == ResourceKinds.VirtualService)
                Add(obj, source, ResourceJsonContext.Default.VirtualService, VirtualServices, vs => vs with { Metadata = WithNamespace(vs.Metadata) });
            else if (kind == ResourceKinds.RealServer)
                Add(obj, source, ResourceJsonContext.Default.RealServer, RealServers, rs => rs with { Metadata = WithNamespace(rs.Metadata) });
            else
                Add(obj, source, ResourceJsonContext.Default.AddressPool, AddressPools, pool => pool); // cluster-scoped: no namespace
        }

        /// <summary>Strict fields, schema, defaults, then the typed model: the API server's order.</summary>
        private void Add<T>(JsonObject obj, ManifestSource source, JsonTypeInfo<T> info, List<Loaded<T>> into, Func<T, T> complete)
        {
            var schema = CrdSchemas.For((string)obj["kind"]!, (string)obj["apiVersion"]!)!;
            // The document is this reader's own: metadata is taken out while the schema defaults and checks the rest
            // and put back for the typed model, rather than both copied.
            var metadata = obj["metadata"];
            var errors = ObjectMetaRules.Check(metadata).ToList();
            var spec = obj;
            spec.Remove("metadata");
            schema.ApplyDefaults(spec);
            errors.AddRange(schema.Validate(spec));
            if (errors.Count > 0)
            {
                Errors.AddRange(errors.Select(e => new ManifestError(source, e.Field, e.Message)));
                return;
            }

            // kube-apiserver v1.36 reports an int32 field past its range only through the field's CEL rule (the range
            // message); the value is held at the int32 bound so the model can hold it and the validator words it so.
            StructuralSchema.SaturateInt32(spec, schema);

            spec["metadata"] = metadata;
            T resource;
            try
            {
                resource = spec.Deserialize(info)!;
            }
            catch (JsonException e)
            {
                // Whatever the schema let through that the model cannot hold: an error of this document, never a crash.
                Errors.Add(new ManifestError(source, e.Path?.TrimStart('$', '.') ?? "", $"cannot be read: {e.Message}"));
                return;
            }

            into.Add(new Loaded<T>(complete(resource), source));
        }

        /// <summary>kubectl's words when the cluster serves no such kind and version.</summary>
        private static string NoMatches(string? kind, string? apiVersion) => $"no matches for kind \"{kind}\" in version \"{apiVersion}\"";

        private ObjectMeta WithNamespace(ObjectMeta meta) =>
            string.IsNullOrEmpty(meta.Namespace) ? meta with { Namespace = defaultNamespace } : meta;
    }
}
