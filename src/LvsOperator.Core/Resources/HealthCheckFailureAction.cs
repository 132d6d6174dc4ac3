using System.Text.Json.Serialization;

namespace LvsOperator.Core.Resources;

/// <summary>What a real server that fails its check becomes in the IPVS table.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HealthCheckFailureAction>))]
public enum HealthCheckFailureAction
{
    /// <summary>Weight 0: no new connections, existing ones drain (keepalived's <c>inhibit_on_failure</c>).</summary>
    [JsonStringEnumMemberName("Inhibit")] Inhibit,
    /// <summary>Deleted from the service (keepalived's default).</summary>
    [JsonStringEnumMemberName("Remove")] Remove,
}
