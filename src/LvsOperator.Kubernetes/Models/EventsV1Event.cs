using System.Text.Json.Serialization;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Json;

namespace LvsOperator.Kubernetes.Models;

/// <summary>
/// events.k8s.io/v1 Event, for writing what the controller or an agent did to an object
/// (<c>kubectl describe</c> shows them). The API requires eventTime, reportingController and reportingInstance.
/// </summary>
public sealed record EventsV1Event : IKubernetesObject
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    public string ApiVersion { get; init; } = "events.k8s.io/v1";
    public string Kind { get; init; } = "Event";
    public ObjectMeta Metadata { get; init; } = new();

    /// <summary>The object the event is about.</summary>
    public ObjectReference? Regarding { get; init; }

    /// <summary>Why, in UpperCamelCase (<c>Programmed</c>, <c>VipConflict</c>).</summary>
    public string? Reason { get; init; }

    /// <summary>Human-readable detail, at most 1 kB.</summary>
    public string? Note { get; init; }

    /// <summary><see cref="Normal"/> or <see cref="Warning"/>.</summary>
    public string? Type { get; init; }

    /// <summary>What was done (<c>Reconcile</c>, <c>Program</c>).</summary>
    public string? Action { get; init; }

    public string? ReportingController { get; init; }
    public string? ReportingInstance { get; init; }

    [JsonConverter(typeof(MicroTimeJsonConverter))]
    public DateTimeOffset EventTime { get; init; }
}
