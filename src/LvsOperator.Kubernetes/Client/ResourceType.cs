using System.Text.Json.Serialization.Metadata;
using LvsOperator.Core.Resources;

namespace LvsOperator.Kubernetes.Client;

/// <summary>
/// Everything the client needs to address and (de)serialize one kind: its REST coordinates and the
/// source-generated JSON contract of one object. Lists and watch events are envelopes that the client reads
/// itself around that contract, so registering a kind needs no list type of its own: one line in
/// <see cref="ResourceTypes"/> or the caller's code.
/// </summary>
public sealed class ResourceType<T>
    where T : class, IKubernetesObject
{
    public ResourceType(string group, string version, string plural, string kind, bool namespaced, JsonTypeInfo<T> jsonTypeInfo)
    {
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentException.ThrowIfNullOrEmpty(plural);
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(jsonTypeInfo);
        Group = group ?? "";
        Version = version;
        Plural = plural;
        Kind = kind;
        Namespaced = namespaced;
        JsonTypeInfo = jsonTypeInfo;
    }

    /// <summary>Empty for the core group (<c>/api/v1</c>).</summary>
    public string Group { get; }
    public string Version { get; }
    public string Plural { get; }
    public string Kind { get; }
    public bool Namespaced { get; }
    public JsonTypeInfo<T> JsonTypeInfo { get; }

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The collection's path, across namespaces when <paramref name="namespace"/> is null.</summary>
    internal string CollectionPath(string? @namespace)
    {
        var root = Group.Length == 0 ? $"api/{Version}" : $"apis/{Group}/{Version}";
        if (!Namespaced || @namespace is null)
        {
            return $"{root}/{Plural}";
        }

        return $"{root}/namespaces/{Uri.EscapeDataString(@namespace)}/{Plural}";
    }

    internal string ItemPath(string? @namespace, string name, string? subresource = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Namespaced && string.IsNullOrEmpty(@namespace))
        {
            throw new ArgumentException($"{Plural} are namespaced: a namespace is required.", nameof(@namespace));
        }

        var path = $"{CollectionPath(@namespace)}/{Uri.EscapeDataString(name)}";
        return subresource is null ? path : $"{path}/{subresource}";
    }

    public override string ToString() => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
}
