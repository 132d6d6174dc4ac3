using System.Text.Json.Serialization;

namespace LvsOperator.Core.Resources;

/// <summary>Kubernetes <c>metav1.Condition</c>.</summary>
public sealed record Condition
{
    public string Type { get; init; } = "";
    public ConditionStatus Status { get; init; } = ConditionStatus.Unknown;
    public long? ObservedGeneration { get; init; }

    [JsonConverter(typeof(MetaTimeJsonConverter))]
    public DateTimeOffset LastTransitionTime { get; init; }

    public string Reason { get; init; } = "";
    public string Message { get; init; } = "";

    /// <summary>
    /// The condition as <c>meta.SetStatusCondition</c> sets it over <paramref name="before"/>: its transition time
    /// moves (to <paramref name="now"/> in <see cref="MetaTime"/>) only when its status does.
    /// </summary>
    public static Condition Next(Condition? before, string type, ConditionStatus status, string reason, string message, long? generation, DateTimeOffset now) => new()
    {
        Type = type,
        Status = status,
        ObservedGeneration = generation,
        LastTransitionTime = before is not null && before.Status == status ? before.LastTransitionTime : MetaTime.Of(now),
        Reason = reason,
        Message = message,
    };

    /// <summary>Equal but for the transition time, which follows the status (and an old writer may have kept its fraction).</summary>
    public bool SameAs(Condition other) => this with { LastTransitionTime = default } == other with { LastTransitionTime = default };
}
