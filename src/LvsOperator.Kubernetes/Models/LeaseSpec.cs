using System.Text.Json.Serialization;
using LvsOperator.Kubernetes.Json;

namespace LvsOperator.Kubernetes.Models;

/// <summary>
/// The fields leader election reads and writes (client-go's <c>LeaderElectionRecord</c>); the times are
/// metav1.MicroTime. <c>strategy</c> and <c>preferredHolder</c> (coordinated leader election) are not modelled:
/// a replace drops them, and this controller does not use them.
/// </summary>
public sealed record LeaseSpec
{
    /// <summary>Empty, not absent, once a holder released it (client-go writes "" too).</summary>
    public string? HolderIdentity { get; init; }

    public int? LeaseDurationSeconds { get; init; }

    [JsonConverter(typeof(MicroTimeJsonConverter))]
    public DateTimeOffset? AcquireTime { get; init; }

    [JsonConverter(typeof(MicroTimeJsonConverter))]
    public DateTimeOffset? RenewTime { get; init; }

    public int? LeaseTransitions { get; init; }
}
