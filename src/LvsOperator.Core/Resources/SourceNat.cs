using System.Text.Json.Serialization;

namespace LvsOperator.Core.Resources;

/// <summary>
/// Whether the director masquerades NAT-forwarded connections (source NAT), so real servers that do not
/// route back through it (pods, another subnet) reply to the director, which undoes both translations.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<SourceNat>))]
public enum SourceNat
{
    /// <summary>Masquerade when the method is NAT and the real servers come from a Kubernetes Service: pods never route back through a director.</summary>
    Auto,

    /// <summary>Masquerade NAT-forwarded connections whatever the real servers' source (another subnet).</summary>
    Always,

    /// <summary>Classic LVS-NAT: the director is the real servers' gateway, clients' addresses reach them.</summary>
    Never,
}
