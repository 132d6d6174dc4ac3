using System.Text.Json.Serialization;

namespace LvsOperator.Core.Resources;

/// <summary>The states of a VRRP router (RFC 5798 §6.4), as agents report them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FailoverRouterState>))]
public enum FailoverRouterState
{
    [JsonStringEnumMemberName("Initialize")] Initialize,
    [JsonStringEnumMemberName("Backup")] Backup,
    [JsonStringEnumMemberName("Master")] Master,
}
