using LvsOperator.Core.Resources;

namespace LvsOperator.Controller.LoadBalancing;

/// <summary>
/// The one condition LvsOperator keeps on a Service it serves, beside the other implementations' ones. Its
/// presence is also the mark that the controller wrote the Service's status: a Service that stops being ours has
/// its ingress cleared only when it carries it.
/// </summary>
public static class LoadBalancerConditions
{
    public const string AddressAllocated = "lvsoperator.io/AddressAllocated";
    public const string ReasonAllocated = "Allocated";

    public const string IPAllocated = "IPAllocated";
    public const string AllocationFailed = "AllocationFailed";
    public const string EditReverted = "EditReverted";

    public static Condition? Ours(IReadOnlyList<Condition>? conditions) => conditions?.FirstOrDefault(c => c.Type == AddressAllocated);

    /// <summary>The conditions with ours set (its transition time kept unless its status moved), others as they were.</summary>
    public static IReadOnlyList<Condition> With(IReadOnlyList<Condition>? current, bool allocated, string reason, string message, long? generation, DateTimeOffset now)
    {
        var before = Ours(current);
        var status = allocated ? ConditionStatus.True : ConditionStatus.False;
        var condition = new Condition
        {
            Type = AddressAllocated,
            Status = status,
            ObservedGeneration = generation,
            LastTransitionTime = before is not null && before.Status == status ? before.LastTransitionTime : now,
            Reason = reason,
            Message = message.Length <= 32768 ? message : message[..32765] + "...",
        };
        return Without(current).Append(condition).ToList();
    }

    public static IReadOnlyList<Condition> Without(IReadOnlyList<Condition>? current) => (current ?? []).Where(c => c.Type != AddressAllocated).ToList();

    /// <summary>Equal as the API server stores them (its times have whole seconds).</summary>
    public static bool Same(IReadOnlyList<Condition>? a, IReadOnlyList<Condition>? b) =>
        (a ?? []).Count == (b ?? []).Count && (a ?? []).Zip(b ?? []).All(p => p.First with { LastTransitionTime = default } == p.Second with { LastTransitionTime = default }
            && p.First.LastTransitionTime.ToUnixTimeSeconds() == p.Second.LastTransitionTime.ToUnixTimeSeconds());
}
